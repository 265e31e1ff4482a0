using Nop.Data;
using Nop.Plugin.Misc.Flock.Data;
using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Services;

/// <summary>Reward-ledger rows, unique per cause key.</summary>
public class RewardService
{
    protected readonly IRepository<FlockReward> _rewardRepository;

    public RewardService(IRepository<FlockReward> rewardRepository)
    {
        _rewardRepository = rewardRepository;
    }

    public virtual Task<FlockReward> GetByIdAsync(int id) => _rewardRepository.GetByIdAsync(id);

    public virtual Task<FlockReward> GetByCauseKeyAsync(string causeKey) =>
        _rewardRepository.Table.FirstOrDefaultAsync(r => r.CauseKey == causeKey);

    /// <summary>Inserts the row; on a replay (same cause) keeps and returns the existing one.</summary>
    public virtual async Task<(FlockReward Reward, bool Created)> InsertOnceAsync(FlockReward reward)
    {
        var existing = await GetByCauseKeyAsync(reward.CauseKey);
        if (existing is not null)
            return (existing, false);
        try
        {
            reward.CreatedOnUtc = reward.UpdatedOnUtc = DateTime.UtcNow;
            await _rewardRepository.InsertAsync(reward, false);
            return (reward, true);
        }
        catch (Exception exception) when (UniqueKey.IsViolation(exception))
        {
            return (await GetByCauseKeyAsync(reward.CauseKey), false);
        }
    }

    public virtual async Task<IList<FlockReward>> GetByOrderIdAsync(int orderId) =>
        await _rewardRepository.Table.Where(r => r.OrderId == orderId).ToListAsync();

    public virtual async Task<IList<FlockReward>> GetByStatesAsync(IReadOnlyCollection<string> states, int max = 1000) =>
        await _rewardRepository.Table.Where(r => states.Contains(r.State)).OrderBy(r => r.Id).Take(max).ToListAsync();

    public virtual async Task<IList<FlockReward>> GetByBeneficiaryAsync(int customerId) =>
        await _rewardRepository.Table.Where(r => r.BeneficiaryCustomerId == customerId).OrderByDescending(r => r.CreatedOnUtc).ToListAsync();

    public virtual Task UpdateAsync(FlockReward reward)
    {
        reward.UpdatedOnUtc = DateTime.UtcNow;
        return _rewardRepository.UpdateAsync(reward, false);
    }

    public virtual async Task<IList<int>> GetAllGrantedDiscountIdsAsync() =>
        await _rewardRepository.Table.Where(r => r.GrantedDiscountId != null).Select(r => r.GrantedDiscountId!.Value).ToListAsync();
}
