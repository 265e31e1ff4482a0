using Nop.Data;
using Nop.Plugin.Misc.Flock.Data;
using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Services;

/// <summary>Single-use friend coupons (one nopCommerce discount each), unique per referrer and friend.</summary>
public class FriendCouponService
{
    protected readonly IRepository<FlockFriendCoupon> _couponRepository;

    public FriendCouponService(IRepository<FlockFriendCoupon> couponRepository)
    {
        _couponRepository = couponRepository;
    }

    public virtual Task<FlockFriendCoupon> GetAsync(int referrerId, int friendCustomerId) =>
        _couponRepository.Table.FirstOrDefaultAsync(c => c.ReferrerId == referrerId && c.FriendCustomerId == friendCustomerId);

    public virtual async Task<IList<FlockFriendCoupon>> GetByFriendAsync(int friendCustomerId) =>
        await _couponRepository.Table.Where(c => c.FriendCustomerId == friendCustomerId).OrderByDescending(c => c.CreatedOnUtc).ToListAsync();

    public virtual async Task<IList<FlockFriendCoupon>> GetByReferrerAsync(int referrerId) =>
        await _couponRepository.Table.Where(c => c.ReferrerId == referrerId).ToListAsync();

    public virtual async Task<IList<FlockFriendCoupon>> GetByCodesAsync(IList<string> couponCodes)
    {
        if (couponCodes.Count == 0)
            return [];
        var codes = couponCodes.Select(c => c.Trim().ToUpperInvariant()).Distinct().ToArray();
        return await _couponRepository.Table.Where(c => codes.Contains(c.CouponCode)).ToListAsync();
    }

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

    public virtual Task DeleteAsync(FlockFriendCoupon coupon) => _couponRepository.DeleteAsync(coupon, false);

    public virtual async Task<IList<FlockFriendCoupon>> GetExpiredUnusedAsync(DateTime expiredBeforeUtc, int max = 500) =>
        await _couponRepository.Table
            .Where(c => c.UsedOrderId == null && c.DiscountId > 0 && c.ExpiresOnUtc != null && c.ExpiresOnUtc < expiredBeforeUtc)
            .Take(max).ToListAsync();

    public virtual async Task<IList<int>> GetAllDiscountIdsAsync() =>
        await _couponRepository.Table.Where(c => c.DiscountId > 0).Select(c => c.DiscountId).ToListAsync();
}
