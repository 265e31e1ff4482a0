using Nop.Plugin.Misc.Flock.Factories;
using Nop.Services.Logging;

namespace Nop.Plugin.Misc.Flock.Services;

/// <summary>The schedule task's work: settle due rewards, then purge expired unused friend coupons (their discounts).</summary>
public class RewardSettlementService
{
    protected readonly ILogger _logger;
    protected readonly DiscountIssuer _discountIssuer;
    protected readonly FlockSettings _flockSettings;
    protected readonly FriendCouponService _friendCouponService;
    protected readonly RewardLedgerService _rewardLedgerService;
    protected readonly SnapshotFactory _snapshotFactory;

    public RewardSettlementService(ILogger logger,
        DiscountIssuer discountIssuer,
        FlockSettings flockSettings,
        FriendCouponService friendCouponService,
        RewardLedgerService rewardLedgerService,
        SnapshotFactory snapshotFactory)
    {
        _logger = logger;
        _discountIssuer = discountIssuer;
        _flockSettings = flockSettings;
        _friendCouponService = friendCouponService;
        _rewardLedgerService = rewardLedgerService;
        _snapshotFactory = snapshotFactory;
    }

    public virtual async Task SettleDueAsync()
    {
        var settled = await _rewardLedgerService.SettleDueAsync(_snapshotFactory.Now());
        var purged = await PurgeExpiredCouponsAsync();
        if (settled > 0 || purged > 0)
            await _logger.InformationAsync($"Flock: {settled} reward(s) settled, {purged} expired friend coupon(s) purged.");
    }

    /// <summary>Every active discount costs CPU on each cart calculation, so expired one-off coupons go.</summary>
    protected virtual async Task<int> PurgeExpiredCouponsAsync()
    {
        var before = DateTime.UtcNow.AddDays(-Math.Max(0, _flockSettings.PurgeExpiredCouponsAfterDays));
        var purged = 0;
        foreach (var coupon in await _friendCouponService.GetExpiredUnusedAsync(before))
        {
            await _discountIssuer.DeleteAsync(coupon.DiscountId);
            coupon.DiscountId = 0;
            await _friendCouponService.UpdateAsync(coupon);
            purged++;
        }
        return purged;
    }
}
