using Nop.Data;
using Nop.Plugin.Misc.Flock.Data;
using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Services.Referrals;

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
            .Set(r => r.CostAmount, row.CostAmount)
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
    public virtual async Task<bool> TryLeaseAsync(int id, string token, DateTime nowUtc, DateTime untilUtc) =>
        await _rewardRepository.Table
            .Where(r => r.Id == id && (r.LeaseUntilUtc == null || r.LeaseUntilUtc < nowUtc))
            .Set(r => r.LeaseUntilUtc, untilUtc)
            .Set(r => r.LeaseToken, token)
            .UpdateAsync() == 1;

    /// <summary>True while <paramref name="token"/> still holds the row's lease (checked right before each side effect).</summary>
    public virtual Task<bool> HoldsLeaseAsync(int id, string token, DateTime nowUtc) =>
        _rewardRepository.Table.AnyAsync(r => r.Id == id && r.LeaseToken == token && r.LeaseUntilUtc > nowUtc);

    /// <summary>Releases the lease — only the holder's own (a node whose lease ran out cannot release the next holder's).</summary>
    public virtual Task ReleaseLeaseAsync(int id, string token) =>
        _rewardRepository.Table.Where(r => r.Id == id && r.LeaseToken == token)
            .Set(r => r.LeaseUntilUtc, (DateTime?)null)
            .Set(r => r.LeaseToken, (string)null)
            .UpdateAsync();

    /// <summary>Reserves the next points-entry sequence number under the lease; false when another writer took it.</summary>
    public virtual async Task<bool> TryReservePointsEntryAsync(int id, string token, int expected) =>
        await _rewardRepository.Table
            .Where(r => r.Id == id && r.LeaseToken == token && r.PointsEntries == expected)
            .Set(r => r.PointsEntries, expected + 1)
            .UpdateAsync() == 1;

    /// <summary>Open rows (pending or approved) with no due moment: 1.0 rows, or rows whose payment event was missed.</summary>
    public virtual async Task<IList<FlockReward>> GetOpenUndatedAsync(int afterId, int max) =>
        await _rewardRepository.Table
            .Where(r => r.Id > afterId && r.DueOnUtc == null && r.OrderId != null && (r.State == "Pending" || r.State == "Approved"))
            .OrderBy(r => r.Id).Take(max).ToListAsync();

    /// <summary>Links the order's reward rows to its referral row (written after them).</summary>
    public virtual Task SetReferralAsync(int orderId, int referralId) =>
        _rewardRepository.Table.Where(r => r.OrderId == orderId && r.ReferralId == null).Set(r => r.ReferralId, (int?)referralId).UpdateAsync();

    /// <summary>Reserves the reward coupon's code before the discount is made, so a retry finds the discount by it.</summary>
    public virtual async Task<bool> TryReserveCouponCodeAsync(int id, string code) =>
        await _rewardRepository.Table
            .Where(r => r.Id == id && r.GrantedCouponCode == null)
            .Set(r => r.GrantedCouponCode, code)
            .UpdateAsync() == 1;

    public virtual Task SetGrantedDiscountAsync(int id, int discountId) =>
        _rewardRepository.Table.Where(r => r.Id == id).Set(r => r.GrantedDiscountId, discountId).UpdateAsync();

    /// <summary>Keeps the id of the reward's first points entry (the ledger screen links it).</summary>
    public virtual Task SetFirstPointsEntryAsync(int id, int historyId) =>
        _rewardRepository.Table.Where(r => r.Id == id && r.GrantedPointsHistoryId == null).Set(r => r.GrantedPointsHistoryId, (int?)historyId).UpdateAsync();

    /// <summary>Replaces the reserved coupon code of an orphaned discount (made, then the node died before Flock's guard).</summary>
    public virtual async Task<bool> TryReplaceCouponCodeAsync(int id, string oldCode, string newCode) =>
        await _rewardRepository.Table.Where(r => r.Id == id && r.GrantedCouponCode == oldCode)
            .Set(r => r.GrantedCouponCode, newCode)
            .Set(r => r.GrantedDiscountId, (int?)null)
            .UpdateAsync() == 1;

    /// <summary>Marks the effects done — only if no state change happened meanwhile (that one needs fulfilling again).</summary>
    public virtual Task MarkFulfilledAsync(int id, int version, string token) =>
        _rewardRepository.Table.Where(r => r.Id == id && r.Version == version && r.LeaseToken == token)
            .Set(r => r.NeedsFulfilment, false)
            .Set(r => r.LastError, (string)null)
            .UpdateAsync();

    /// <summary>Records a failure; the row goes to the back of the retry queue (failing rows never starve the others).</summary>
    public virtual Task RecordFailureAsync(int id, string error) =>
        _rewardRepository.Table.Where(r => r.Id == id)
            .Set(r => r.LastError, error.Length > 1000 ? error[..1000] : error)
            .Set(r => r.FulfilmentAttempts, r => r.FulfilmentAttempts + 1)
            .Set(r => r.UpdatedOnUtc, DateTime.UtcNow)
            .UpdateAsync();

    /// <summary>The row needs fulfilling again (a write happened after its lease ran out); the version moves so no stale pass clears it.</summary>
    public virtual Task ReopenFulfilmentAsync(int id) =>
        _rewardRepository.Table.Where(r => r.Id == id)
            .Set(r => r.NeedsFulfilment, true)
            .Set(r => r.Version, r => r.Version + 1)
            .UpdateAsync();


    /// <summary>Rows not yet granted or revoked: what an uninstall would leave unpaid.</summary>
    public virtual Task<int> CountOpenAsync() =>
        _rewardRepository.Table.CountAsync(r => r.State == "Pending" || r.State == "Approved");

}
