using Nop.Data;
using Nop.Plugin.Misc.Flock.Data;
using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Services.Referrals;

//inside the namespace: linq2db's conditional Set/UpdateAsync, and its async helpers win over nopCommerce's same-named ones
using LinqToDB;

/// <summary>
/// Friends' invitations (FlockFriendCoupon rows), unique per referrer and friend. Since 1.1 they point at their
/// campaign's one friend-offer discount; rows from 1.0 still have a single-use discount of their own.
/// </summary>
public class FriendCouponService
{
    protected readonly IRepository<FlockFriendCoupon> _couponRepository;
    protected readonly IRepository<FlockVisit> _visitRepository;

    public FriendCouponService(IRepository<FlockFriendCoupon> couponRepository, IRepository<FlockVisit> visitRepository)
    {
        _couponRepository = couponRepository;
        _visitRepository = visitRepository;
    }

    /// <summary>The referrer's invitations used on orders since a moment (leak detection), with whether that friend had opened a link.</summary>
    public virtual async Task<IList<(DateTime CreatedOnUtc, bool HadLinkClick)>> GetRecentRedemptionsAsync(int referrerId, DateTime sinceUtc, int excludeOrderId, int max)
    {
        var visits = _visitRepository.Table;
        var rows = await _couponRepository.Table
            .Where(c => c.ReferrerId == referrerId && c.UsedOrderId != null && c.UsedOrderId != excludeOrderId && c.CreatedOnUtc >= sinceUtc)
            .OrderByDescending(c => c.CreatedOnUtc).Take(max)
            .Select(c => new { c.CreatedOnUtc, HadLinkClick = visits.Any(v => v.ReferrerId == referrerId && v.VisitorCustomerId == c.FriendCustomerId) })
            .ToListAsync();
        return rows.Select(r => (r.CreatedOnUtc, r.HadLinkClick)).ToList();
    }

    public virtual Task<FlockFriendCoupon> GetAsync(int referrerId, int friendCustomerId) =>
        _couponRepository.Table.FirstOrDefaultAsync(c => c.ReferrerId == referrerId && c.FriendCustomerId == friendCustomerId);

    public virtual async Task<IList<FlockFriendCoupon>> GetByFriendAsync(int friendCustomerId) =>
        await _couponRepository.Table.Where(c => c.FriendCustomerId == friendCustomerId).OrderByDescending(c => c.CreatedOnUtc).ToListAsync();

    public virtual async Task<IList<FlockFriendCoupon>> GetByReferrerAsync(int referrerId) =>
        await _couponRepository.Table.Where(c => c.ReferrerId == referrerId).ToListAsync();


    /// <summary>Inserts the coupon; false when this referrer already gave this friend one (the unique key won).</summary>
    public virtual async Task<bool> TryInsertAsync(FlockFriendCoupon coupon)
    {
        try
        {
            await _couponRepository.InsertAsync(coupon, false);
            return true;
        }
        catch (Exception exception) when (UniqueKey.IsViolation(exception))
        {
            return false;
        }
    }

    public virtual Task UpdateAsync(FlockFriendCoupon coupon) => _couponRepository.UpdateAsync(coupon, false);

    /// <summary>The friend's invitations for a campaign, unused and newest first.</summary>
    public virtual async Task<IList<FlockFriendCoupon>> GetForCampaignAsync(int friendCustomerId, int campaignId) =>
        await _couponRepository.Table.Where(c => c.FriendCustomerId == friendCustomerId && c.CampaignId == campaignId)
            .OrderBy(c => c.UsedOrderId != null).ThenByDescending(c => c.CreatedOnUtc).Take(20).ToListAsync();

    /// <summary>Moves an unused invitation from a guest record to the account it logged into (conditional: once).</summary>
    public virtual async Task<int> TryMoveAsync(int id, int fromCustomerId, int toCustomerId)
    {
        try
        {
            return await _couponRepository.Table.Where(c => c.Id == id && c.FriendCustomerId == fromCustomerId && c.UsedOrderId == null)
                .Set(c => c.FriendCustomerId, toCustomerId)
                .UpdateAsync();
        }
        catch (Exception exception) when (UniqueKey.IsViolation(exception))
        {
            return 0; //the account already holds an invitation from this referrer
        }
    }

    /// <summary>GDPR: the erased friend's invitations keep their keys but no address.</summary>
    public virtual Task EraseIpAsync(int friendCustomerId) =>
        _couponRepository.Table.Where(c => c.FriendCustomerId == friendCustomerId).Set(c => c.IpAddress, (string)null).UpdateAsync();

    /// <summary>The referrer's invitation for an offer recorded when a link was opened at <paramref name="openedAtUtc"/> (± 2 minutes).</summary>
    public virtual Task<FlockFriendCoupon> FindIssuedNearAsync(int referrerId, int offerId, DateTime openedAtUtc)
    {
        var from = openedAtUtc.AddMinutes(-2);
        var to = openedAtUtc.AddMinutes(2);
        return _couponRepository.Table.Where(c => c.ReferrerId == referrerId && c.OfferId == offerId && c.CreatedOnUtc >= from && c.CreatedOnUtc <= to)
            .OrderByDescending(c => c.CreatedOnUtc).FirstOrDefaultAsync();
    }

    /// <summary>Invitations recorded from one address since a moment (the landing rate limit).</summary>
    public virtual Task<int> CountFromIpSinceAsync(string ipAddress, DateTime sinceUtc) =>
        _couponRepository.Table.CountAsync(c => c.IpAddress == ipAddress && c.CreatedOnUtc >= sinceUtc);

    /// <summary>
    /// Marks the friend's unused invitations of a campaign as used by an order (conditional: a parallel order that got
    /// there first keeps its mark). Returns how many this order marked.
    /// </summary>
    public virtual Task<int> MarkUsedAsync(int friendCustomerId, int campaignId, int orderId) =>
        _couponRepository.Table.Where(c => c.FriendCustomerId == friendCustomerId && c.CampaignId == campaignId && c.UsedOrderId == null)
            .Set(c => c.UsedOrderId, orderId)
            .UpdateAsync();

    /// <summary>Marks one invitation (a 1.0 coupon row) used, if it is not yet.</summary>
    public virtual Task<int> MarkUsedByIdAsync(int id, int orderId) =>
        _couponRepository.Table.Where(c => c.Id == id && c.UsedOrderId == null).Set(c => c.UsedOrderId, orderId).UpdateAsync();

    public virtual Task DeleteAsync(FlockFriendCoupon coupon) => _couponRepository.DeleteAsync(coupon, false);

    /// <summary>1.0 rows holding a single-use discount of their own that expired (their discounts are retired).</summary>
    public virtual async Task<IList<FlockFriendCoupon>> GetExpiredLegacyAsync(DateTime expiredBeforeUtc, int max = 500) =>
        await _couponRepository.Table
            .Where(c => c.OfferId == 0 && c.DiscountId > 0 && c.ExpiresOnUtc != null && c.ExpiresOnUtc < expiredBeforeUtc)
            .Take(max).ToListAsync();

    /// <summary>The 1.0 row's own discount was retired: the row keeps its history but no longer points at it.</summary>
    public virtual Task ClearLegacyDiscountAsync(int id) =>
        _couponRepository.Table.Where(c => c.Id == id).Set(c => c.DiscountId, 0).UpdateAsync();

    /// <summary>The single-use discounts of 1.0 rows.</summary>
    public virtual async Task<IList<int>> GetLegacyDiscountIdsAsync() =>
        await _couponRepository.Table.Where(c => c.OfferId == 0 && c.DiscountId > 0).Select(c => c.DiscountId).Distinct().ToListAsync();
}
