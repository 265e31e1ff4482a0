using Flock.Engine.Referrals;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Data;
using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Services.Referrals;

/// <summary>Referrer rows: one per customer, each with a unique unguessable code.</summary>
public class ReferrerService
{
    protected const int MaxInsertAttempts = 3;

    protected readonly IRepository<FlockReferrer> _referrerRepository;
    protected readonly FlockSettings _flockSettings;

    public ReferrerService(IRepository<FlockReferrer> referrerRepository, FlockSettings flockSettings)
    {
        _referrerRepository = referrerRepository;
        _flockSettings = flockSettings;
    }

    public virtual async Task<FlockReferrer> GetByCustomerIdAsync(int customerId) =>
        customerId <= 0 ? null : await _referrerRepository.Table.FirstOrDefaultAsync(r => r.CustomerId == customerId);

    public virtual Task<FlockReferrer> GetByIdAsync(int id) => _referrerRepository.GetByIdAsync(id);

    /// <summary>The referrer with this code in any spelling a shopper may type; null for malformed or unknown codes.</summary>
    public virtual async Task<FlockReferrer> GetByCodeAsync(string code)
    {
        if (!ReferralCode.TryNormalize(code, out var canonical))
            return null;

        return await _referrerRepository.Table.FirstOrDefaultAsync(r => r.Code == canonical);
    }

    /// <summary>
    /// The customer's referrer row, created on first need. Two requests (or nodes) may race: the unique indexes on
    /// CustomerId and Code decide, and the loser reads the winner's row.
    /// </summary>
    public virtual async Task<FlockReferrer> GetOrCreateAsync(int customerId, int campaignId, string variant)
    {
        var existing = await GetByCustomerIdAsync(customerId);
        if (existing is not null)
            return existing;

        //the length was validated by the engine (ProgrammeSettings.Validate) when the settings were saved and when the programme was built
        var generator = new ReferralCodeGenerator(ReferralCodeOptions.ForLength(_flockSettings.ReferralCodeLength));
        for (var attempt = 0; attempt < MaxInsertAttempts; attempt++)
        {
            //first try without a look-up (the unique code index decides; a collision is rare); after a collision each
            //candidate is looked up, so the generator can lengthen codes in a crowded code space
            var code = attempt == 0
                ? await generator.GenerateAsync((_, _) => ValueTask.FromResult(false))
                : await generator.GenerateAsync(async (candidate, _) => await _referrerRepository.Table.AnyAsync(r => r.Code == candidate));

            var referrer = new FlockReferrer
            {
                CustomerId = customerId,
                Code = ReferralCode.Canonicalize(code),
                CampaignId = campaignId,
                Variant = variant,
                CreatedOnUtc = DateTime.UtcNow
            };

            try
            {
                await _referrerRepository.InsertAsync(referrer, false);
                return referrer;
            }
            catch (Exception exception) when (UniqueKey.IsViolation(exception))
            {
                existing = await GetByCustomerIdAsync(customerId);
                if (existing is not null)
                    return existing;
                //the code was taken between the check and the insert: try a new one
            }
        }

        throw new InvalidOperationException($"Could not create a referrer for customer {customerId}.");
    }

    public virtual Task UpdateAsync(FlockReferrer referrer) => _referrerRepository.UpdateAsync(referrer, false);

    public virtual async Task<IList<FlockReferrer>> GetByIdsAsync(IList<int> ids) =>
        ids.Count == 0 ? [] : await _referrerRepository.GetByIdsAsync(ids);
}
