using Flock.Engine.Referrals.Rewards;
using Flock.Engine.Referrals.Rewards.Ledger;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Services.Logging;

namespace Nop.Plugin.Misc.Flock.Services.Referrals;

/// <summary>
/// The persistent reward ledger: engine entries in FlockReward rows. A change is decided by the engine on the row as
/// read, then written only if the row is still at that version (a conditional update); a request or node that lost the
/// race reads again and decides again, so a revoke during a settle run is never overwritten. What the change means in
/// nopCommerce (coupon, points) is carried out afterwards by <see cref="RewardFulfilmentService"/> from the saved
/// state, and retried by the task until done.
/// </summary>
public class RewardLedgerService
{
    protected const int MaxAttempts = 5;

    protected readonly ILogger _logger;
    protected readonly Nop.Core.Domain.Customers.RewardPointsSettings _rewardPointsSettings;
    protected readonly RewardFulfilmentService _rewardFulfilmentService;
    protected readonly RewardService _rewardService;

    public RewardLedgerService(ILogger logger,
        Nop.Core.Domain.Customers.RewardPointsSettings rewardPointsSettings,
        RewardFulfilmentService rewardFulfilmentService,
        RewardService rewardService)
    {
        _logger = logger;
        _rewardPointsSettings = rewardPointsSettings;
        _rewardFulfilmentService = rewardFulfilmentService;
        _rewardService = rewardService;
    }

    /// <summary>Records the intents (a replay keeps the rows stored first). Returns how many rows were new.</summary>
    public virtual async Task<int> RecordAsync(IEnumerable<RewardIntent> intents, int? referralId, int campaignId, DateTimeOffset now)
    {
        var created = 0;
        foreach (var intent in intents)
        {
            var entry = RewardEntry.FromIntent(intent, now);
            var (_, isNew) = await _rewardService.InsertOnceAsync(new FlockReward
            {
                CauseKey = entry.CauseKey,
                BeneficiaryCustomerId = entry.BeneficiaryCustomerId,
                ReferralId = referralId,
                OrderId = entry.OrderId,
                CampaignId = campaignId,
                State = entry.State.ToString(),
                RequiresApproval = entry.RequiresManualApproval,
                EntryJson = RewardEntryJson.Write(entry),
                CostAmount = CostOf(entry),
                DueOnUtc = RewardFulfilment.DueAt(entry)?.UtcDateTime
            });
            if (isNew)
                created++;
        }
        return created;
    }

    /// <summary>Applies an order fact (paid, refunded, cancelled, voided) to every reward of that order.</summary>
    public virtual async Task ApplyOrderEventAsync(OrderLedgerEvent ledgerEvent, DateTimeOffset now)
    {
        foreach (var row in await _rewardService.GetByOrderIdAsync(ledgerEvent.OrderId))
            await TransitionAsync(row.Id, entry => RewardTransitions.Apply(entry, ledgerEvent, now));
    }

    /// <summary>Admin approve/revoke; returns the engine's rejection message, or null when applied.</summary>
    public virtual Task<string> ApplyAdminEventAsync(FlockReward row, AdminLedgerEvent adminEvent, DateTimeOffset now) =>
        TransitionAsync(row.Id, entry => RewardTransitions.Apply(entry, adminEvent, now));

    /// <summary>A clock tick on one row (the settle task, after the live order was re-read).</summary>
    public virtual Task<string> SettleAsync(int rewardId, DateTimeOffset now) =>
        TransitionAsync(rewardId, entry => RewardTransitions.Settle(entry, now));

    /// <summary>The engine's one definition of what a reward costs (points at the store's exchange rate).</summary>
    protected virtual decimal CostOf(RewardEntry entry) => RewardCost.Of(entry, Math.Max(0m, _rewardPointsSettings.ExchangeRate));

    /// <summary>Applies <paramref name="transition"/> to the row's current state, retrying when another writer got there first.</summary>
    public virtual async Task<string> TransitionAsync(int rewardId, Func<RewardEntry, TransitionResult> transition)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var row = await _rewardService.GetByIdAsync(rewardId);
            if (row is null)
                return "the reward no longer exists";

            RewardEntry entry;
            try
            {
                entry = RewardEntryJson.Read(row.EntryJson);
            }
            catch (FormatException exception)
            {
                await _logger.ErrorAsync($"Flock: reward row {row.Id} ({row.CauseKey}) cannot be read", exception);
                return exception.Message;
            }

            var result = transition(entry);
            if (result.IsRejected)
                return result.Rejection!.Message;
            var due = RewardFulfilment.DueAt(result.Entry)?.UtcDateTime;
            if (result.Entry.Equals(entry) && result.Effects.Count == 0 && row.DueOnUtc == due)
            {
                if (row.NeedsFulfilment)
                    await _rewardFulfilmentService.FulfilAsync(row.Id);
                return null;
            }

            row.EntryJson = RewardEntryJson.Write(result.Entry);
            row.State = result.Entry.State.ToString();
            row.RequiresApproval = result.Entry.RequiresManualApproval;
            row.DueOnUtc = due;
            row.CostAmount = CostOf(result.Entry);
            row.NeedsFulfilment = row.NeedsFulfilment || result.Effects.Count > 0;
            if (!await _rewardService.TryWriteStateAsync(row))
                continue; //someone else changed the row: decide again on what they wrote

            if (row.NeedsFulfilment)
                await _rewardFulfilmentService.FulfilAsync(row.Id);
            return null;
        }

        return "the reward is being changed by someone else right now; try again";
    }
}
