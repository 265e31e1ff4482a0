using Nop.Data;
using Nop.Plugin.Misc.Flock.Data;
using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Services;

//inside the namespace: linq2db's conditional Set/UpdateAsync, and its async helpers win over nopCommerce's same-named ones
using LinqToDB;

/// <summary>
/// Reward-ledger rows, unique per cause key. State changes are updates conditional on <see cref="FlockReward.Version"/>;
/// fulfilment columns change only under a lease or a condition — never by writing a whole row read earlier.
/// </summary>
public class RewardService
{
    protected readonly IRepository<FlockReward> _rewardRepository;

    public RewardService(IRepository<FlockReward> rewardRepository)
    {
        _rewardRepository = rewardRepository;
    }

    public virtual Task<FlockReward> GetByIdAsync(int id) =>
        _rewardRepository.Table.FirstOrDefaultAsync(r => r.Id == id);

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

    /// <summary>Rows whose settle moment has come, oldest due first (rows waiting for payment or an admin are not due).</summary>
    public virtual async Task<IList<FlockReward>> GetDueAsync(DateTime nowUtc, int max) =>
        await _rewardRepository.Table.Where(r => r.DueOnUtc != null && r.DueOnUtc <= nowUtc)
            .OrderBy(r => r.DueOnUtc).ThenBy(r => r.Id).Take(max).ToListAsync();

    /// <summary>Rows whose effects are not yet all carried out and no node holds (retries after failures and crashes).</summary>
    public virtual async Task<IList<FlockReward>> GetNeedingFulfilmentAsync(DateTime nowUtc, int max) =>
        await _rewardRepository.Table.Where(r => r.NeedsFulfilment && (r.LeaseUntilUtc == null || r.LeaseUntilUtc < nowUtc))
            .OrderBy(r => r.UpdatedOnUtc).Take(max).ToListAsync();

    public virtual async Task<IList<FlockReward>> GetByBeneficiaryAsync(int customerId) =>
        await _rewardRepository.Table.Where(r => r.BeneficiaryCustomerId == customerId).OrderByDescending(r => r.CreatedOnUtc).ToListAsync();

    /// <summary>
    /// Writes the row's new state if nobody changed it since it was read (same <see cref="FlockReward.Version"/>), and
    /// increments the version. False: another request or node won; re-read and decide again.
    /// </summary>
    public virtual async Task<bool> TryWriteStateAsync(FlockReward row)
    {
        var expected = row.Version;
        var now = DateTime.UtcNow;
        var updated = await _rewardRepository.Table
            .Where(r => r.Id == row.Id && r.Version == expected)
            .Set(r => r.EntryJson, row.EntryJson)
            .Set(r => r.State, row.State)
            .Set(r => r.RequiresApproval, row.RequiresApproval)
            .Set(r => r.DueOnUtc, row.DueOnUtc)
            .Set(r => r.NeedsFulfilment, row.NeedsFulfilment)
            .Set(r => r.UpdatedOnUtc, now)
            .Set(r => r.Version, expected + 1)
            .UpdateAsync();
        if (updated != 1)
            return false;
        row.Version = expected + 1;
        row.UpdatedOnUtc = now;
        return true;
    }

    /// <summary>Takes the row for carrying out its effects until <paramref name="untilUtc"/>; false when another node holds it.</summary>
    public virtual async Task<bool> TryLeaseAsync(int id, DateTime nowUtc, DateTime untilUtc) =>
        await _rewardRepository.Table
            .Where(r => r.Id == id && (r.LeaseUntilUtc == null || r.LeaseUntilUtc < nowUtc))
            .Set(r => r.LeaseUntilUtc, untilUtc)
            .UpdateAsync() == 1;

    public virtual Task ReleaseLeaseAsync(int id) =>
        _rewardRepository.Table.Where(r => r.Id == id).Set(r => r.LeaseUntilUtc, (DateTime?)null).UpdateAsync();

    /// <summary>Reserves the reward coupon's code before the discount is made, so a retry finds the discount by it.</summary>
    public virtual async Task<bool> TryReserveCouponCodeAsync(int id, string code) =>
        await _rewardRepository.Table
            .Where(r => r.Id == id && r.GrantedCouponCode == null)
            .Set(r => r.GrantedCouponCode, code)
            .UpdateAsync() == 1;

    public virtual Task SetGrantedDiscountAsync(int id, int discountId) =>
        _rewardRepository.Table.Where(r => r.Id == id).Set(r => r.GrantedDiscountId, discountId).UpdateAsync();

    /// <summary>Records a points entry written for this reward (the entry's marker carries the same sequence number).</summary>
    public virtual Task SetPointsAsync(int id, int applied, int entries, int? historyId) =>
        _rewardRepository.Table.Where(r => r.Id == id)
            .Set(r => r.PointsApplied, applied)
            .Set(r => r.PointsEntries, entries)
            .Set(r => r.GrantedPointsHistoryId, historyId)
            .UpdateAsync();

    /// <summary>Marks the effects done — only if no state change happened meanwhile (that one needs fulfilling again).</summary>
    public virtual Task MarkFulfilledAsync(int id, int version) =>
        _rewardRepository.Table.Where(r => r.Id == id && r.Version == version)
            .Set(r => r.NeedsFulfilment, false)
            .Set(r => r.LastError, (string)null)
            .UpdateAsync();

    public virtual Task RecordFailureAsync(int id, string error) =>
        _rewardRepository.Table.Where(r => r.Id == id)
            .Set(r => r.LastError, error.Length > 1000 ? error[..1000] : error)
            .Set(r => r.FulfilmentAttempts, r => r.FulfilmentAttempts + 1)
            .UpdateAsync();

    public virtual async Task<IList<int>> GetAllGrantedDiscountIdsAsync() =>
        await _rewardRepository.Table.Where(r => r.GrantedDiscountId != null).Select(r => r.GrantedDiscountId!.Value).ToListAsync();

    /// <summary>Rows not yet granted or revoked: what an uninstall would leave unpaid.</summary>
    public virtual Task<int> CountOpenAsync() =>
        _rewardRepository.Table.CountAsync(r => r.State == "Pending" || r.State == "Approved");

    public virtual async Task<IList<FlockReward>> GetOpenAsync() =>
        await _rewardRepository.Table.Where(r => r.State == "Pending" || r.State == "Approved").OrderBy(r => r.Id).ToListAsync();
}
