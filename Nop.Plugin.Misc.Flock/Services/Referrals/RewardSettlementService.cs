using Flock.Engine.Referrals.Rewards.Ledger;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Factories;
using Nop.Services.Customers;
using Nop.Services.Logging;
using Nop.Services.Orders;

namespace Nop.Plugin.Misc.Flock.Services.Referrals;

/// <summary>
/// The schedule task's work. nopCommerce does not lease tasks across web-farm nodes (two runs may overlap), so every
/// step is safe to run twice at once: rows are changed by conditional updates and carried out under leases.
/// 1. Due rewards, oldest due first: the live order is read again (deleted, cancelled, voided, refunded, still paid?)
///    and its facts applied before the settle tick.
/// 2. Rewards whose effects are not all carried out (a failure or a crash): retried from the saved state.
/// 3. Housekeeping that keeps nopCommerce's active discounts few: expired reward coupons and 1.0 single-use friend
///    coupons are retired (deactivated when an order used them, deleted otherwise).
/// 4. Buyer identities of orders placed before Flock, a batch per run.
/// </summary>
public class RewardSettlementService
{
    protected const int BatchSize = 500;

    protected readonly ICustomerService _customerService;
    protected readonly ILogger _logger;
    protected readonly IOrderService _orderService;
    protected readonly BuyerIdentityService _buyerIdentityService;
    protected readonly FlockSettings _flockSettings;
    protected readonly FriendCouponService _friendCouponService;
    protected readonly OfferDiscountService _offerDiscountService;
    protected readonly RewardFulfilmentService _rewardFulfilmentService;
    protected readonly RewardLedgerService _rewardLedgerService;
    protected readonly RewardService _rewardService;
    protected readonly SnapshotFactory _snapshotFactory;

    public RewardSettlementService(ICustomerService customerService,
        ILogger logger,
        IOrderService orderService,
        BuyerIdentityService buyerIdentityService,
        FlockSettings flockSettings,
        FriendCouponService friendCouponService,
        OfferDiscountService offerDiscountService,
        RewardFulfilmentService rewardFulfilmentService,
        RewardLedgerService rewardLedgerService,
        RewardService rewardService,
        SnapshotFactory snapshotFactory)
    {
        _customerService = customerService;
        _logger = logger;
        _orderService = orderService;
        _buyerIdentityService = buyerIdentityService;
        _flockSettings = flockSettings;
        _friendCouponService = friendCouponService;
        _offerDiscountService = offerDiscountService;
        _rewardFulfilmentService = rewardFulfilmentService;
        _rewardLedgerService = rewardLedgerService;
        _rewardService = rewardService;
        _snapshotFactory = snapshotFactory;
    }

    public virtual async Task SettleDueAsync()
    {
        var settled = await SettleDueRewardsAsync(_snapshotFactory.Now());
        var scheduled = await ScheduleUndatedAsync(_snapshotFactory.Now());
        var retried = await RetryFulfilmentAsync();
        var retired = await _offerDiscountService.RetireExpiredRewardCouponsAsync(DateTime.UtcNow) + await RetireLegacyCouponsAsync();
        var backfilled = await _buyerIdentityService.BackfillAsync(id => _customerService.GetCustomerByIdAsync(id));
        if (settled > 0 || scheduled > 0 || retried > 0 || retired > 0)
            await _logger.InformationAsync($"Flock: {settled} reward(s) settled, {scheduled} rescheduled, {retried} retried, {retired} expired coupon(s) retired, {backfilled} order(s) indexed.");
    }

    /// <summary>Settles what is due at <paramref name="now"/> after re-reading each reward's order; returns how many rows were looked at.</summary>
    public virtual async Task<int> SettleDueRewardsAsync(DateTimeOffset now)
    {
        var due = await _rewardService.GetDueAsync(now.UtcDateTime, BatchSize);
        foreach (var row in due)
            await ReconcileAndSettleAsync(row, now);
        return due.Count;
    }

    /// <summary>Where the sweep of undated rows goes on next (per node; it restarts from the first row after a pass).</summary>
    protected static int UndatedCursor;

    /// <summary>
    /// Open rows with no due moment — 1.0 rows, or rows recorded after their order's payment event was handled (two nodes)
    /// — are brought up to date from their live order: a paid order's payment is applied, which schedules the settle.
    /// </summary>
    public virtual async Task<int> ScheduleUndatedAsync(DateTimeOffset now)
    {
        var rows = await _rewardService.GetOpenUndatedAsync(UndatedCursor, BatchSize);
        UndatedCursor = rows.Count < BatchSize ? 0 : rows[^1].Id;
        var settleable = 0;
        foreach (var row in rows)
            if (await ReconcileAndSettleAsync(row, now))
                settleable++;
        return settleable;
    }

    /// <summary>
    /// The engine's facts of the live order (cancelled, voided, deleted, refunded, paid) applied to the row, then the settle
    /// tick when the order is paid; false when it must wait (unpaid) or was revoked.
    /// </summary>
    protected virtual async Task<bool> ReconcileAndSettleAsync(FlockReward row, DateTimeOffset now)
    {
        if (row.OrderId is not int orderId)
        {
            await _rewardLedgerService.SettleAsync(row.Id, now);
            return true;
        }

        var facts = LiveOrderReconciliation.Facts(await LiveOrderAsync(orderId), now);
        foreach (var fact in facts.Events)
            await _rewardLedgerService.TransitionAsync(row.Id, entry => RewardTransitions.Apply(entry, fact, now));
        if (facts.MaySettle)
            await _rewardLedgerService.SettleAsync(row.Id, now);
        return facts.MaySettle;
    }

    /// <summary>nopCommerce's order → the engine's view of it.</summary>
    protected virtual async Task<LiveOrder> LiveOrderAsync(int orderId)
    {
        var order = await _orderService.GetOrderByIdAsync(orderId);
        return order is null || order.Deleted
            ? new LiveOrder(orderId, false, false, false, false, 0m, null)
            : new LiveOrder(orderId, true, order.OrderStatus == OrderStatus.Cancelled, order.PaymentStatus == PaymentStatus.Voided,
                order.PaymentStatus is PaymentStatus.Paid or PaymentStatus.PartiallyRefunded, order.RefundedAmount,
                order.PaidDateUtc is DateTime paid ? _snapshotFactory.InStoreZone(paid) : null);
    }

    protected virtual async Task<int> RetryFulfilmentAsync()
    {
        var rows = await _rewardService.GetNeedingFulfilmentAsync(DateTime.UtcNow, BatchSize);
        var done = 0;
        foreach (var row in rows)
            if (await _rewardFulfilmentService.FulfilAsync(row.Id))
                done++;
        return done;
    }

    /// <summary>1.0 friend coupons (one discount each) past their expiry: retired, never deleting a used discount.</summary>
    protected virtual async Task<int> RetireLegacyCouponsAsync()
    {
        var before = DateTime.UtcNow.AddDays(-Math.Max(0, _flockSettings.PurgeExpiredCouponsAfterDays));
        var retired = 0;
        foreach (var coupon in await _friendCouponService.GetExpiredLegacyAsync(before))
        {
            await _offerDiscountService.RetireAsync(coupon.DiscountId);
            await _friendCouponService.ClearLegacyDiscountAsync(coupon.Id);
            retired++;
        }
        return retired;
    }
}
