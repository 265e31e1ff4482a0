using Flock.Engine.Referrals.Offers;
using Flock.Engine.Referrals.Rewards;
using Flock.Engine.Referrals.Rewards.Ledger;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Services;
using Nop.Plugin.Misc.Flock.Tests.Infrastructure;
using Nop.Services.Discounts;
using Nop.Plugin.Misc.Flock.Services.Referrals;

namespace Nop.Plugin.Misc.Flock.Tests;

/// <summary>
/// The reward half of the loop through real nopCommerce services: ledger rows, settlement, reward points through
/// IRewardPointService and coupons through IDiscountService, replays, revocation, and the schedule task.
/// </summary>
[Collection(NopCollection.Name)]
public class RewardLoopTests : IAsyncLifetime
{
    private readonly NopFixture _fixture;

    public RewardLoopTests(NopFixture fixture) => _fixture = fixture;

    public Task InitializeAsync() => _fixture.EnsureInstalledAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A sample order (paid, as settlement re-reads it) and a referrer; each test takes a different referrer so their points never mix.</summary>
    private static (Order Order, Customer Referrer) SampleOrderAndReferrer(FlockServiceProvider requests, int which)
    {
        var order = requests.Get<IRepository<Order>>().Table.OrderBy(o => o.Id).First();
        order.PaymentStatus = Nop.Core.Domain.Payments.PaymentStatus.Paid;
        order.OrderStatus = OrderStatus.Processing;
        order.RefundedAmount = 0m;
        requests.Get<IRepository<Order>>().UpdateAsync(order, false).Wait();
        var referrer = requests.Get<IRepository<Customer>>().Table
            .Where(c => c.Email != null && c.Id != order.CustomerId && !c.Deleted).OrderBy(c => c.Id).Skip(which).First();
        return (order, referrer);
    }

    private static RewardIntent Intent(int orderId, int beneficiary, string policy, RewardValue reward, int returnWindowDays) => new()
    {
        CauseKey = CauseKeys.FriendOrder(orderId, policy, beneficiary),
        PolicyId = policy,
        BeneficiaryCustomerId = beneficiary,
        Role = BeneficiaryRole.Referrer,
        Reward = reward,
        EarnedAt = DateTimeOffset.UtcNow,
        OrderId = orderId,
        OrderAmount = 100m,
        ReturnWindowDays = returnWindowDays
    };

    /// <summary>The history rows of the customer after <paramref name="afterId"/> (nopCommerce dates a delayed entry in the future).</summary>
    private static List<RewardPointsHistory> Points(FlockServiceProvider requests, int customerId, int afterId) =>
        requests.Get<IRepository<RewardPointsHistory>>().Table
            .Where(h => h.CustomerId == customerId && h.Id > afterId).ToList();

    private static int LastPointsId(FlockServiceProvider requests) =>
        requests.Get<IRepository<RewardPointsHistory>>().Table.Select(h => h.Id).DefaultIfEmpty(0).Max();

    [Fact]
    public async Task Friend_order_paid_and_settled_grants_points_and_a_coupon_once_and_cancel_revokes_them()
    {
        var requests = _fixture.Host.NewRequest();
        var (order, referrer) = SampleOrderAndReferrer(requests, 0);
        var ledger = requests.Get<RewardLedgerService>();
        var rewards = requests.Get<RewardService>();
        var start = LastPointsId(requests);
        var policy = $"loop{Guid.NewGuid():N}"[..12];

        var intents = new[]
        {
            Intent(order.Id, referrer.Id, policy + "p", new PointsReward(150), returnWindowDays: 14),
            Intent(order.Id, referrer.Id, policy + "c", new CouponReward(DiscountKind.Percent, 10m, 30), returnWindowDays: 14)
        };
        var now = DateTimeOffset.UtcNow;

        // the order is placed (replayed): pending rewards, one row per cause
        Assert.Equal(2, await ledger.RecordAsync(intents, referralId: null, campaignId: 1, now));
        Assert.Equal(0, await ledger.RecordAsync(intents, referralId: null, campaignId: 1, now));
        var rows = (await rewards.GetByOrderIdAsync(order.Id)).Where(r => r.CauseKey.Contains(policy)).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(nameof(RewardState.Pending), r.State));

        // the order is paid (replayed): still pending inside the return window, nothing granted
        var paid = new OrderPaid { OrderId = order.Id, At = now };
        await ledger.ApplyOrderEventAsync(paid, now);
        await ledger.ApplyOrderEventAsync(paid, now.AddMinutes(1));
        Assert.Empty(Points(requests, referrer.Id, start));
        Assert.All(await Mine(), r => Assert.Equal(nameof(RewardState.Pending), r.State));

        // the return window passes; settling twice grants once
        var later = now.AddDays(15);
        var settlement = requests.Get<RewardSettlementService>();
        await settlement.SettleDueRewardsAsync(later);
        await settlement.SettleDueRewardsAsync(later.AddMinutes(1));
        var granted = await Mine();
        Assert.All(granted, r => Assert.Equal(nameof(RewardState.Granted), r.State));
        var pointsRow = granted.Single(r => r.CauseKey.Contains(policy + "p"));
        var couponRow = granted.Single(r => r.CauseKey.Contains(policy + "c"));
        var history = Assert.Single(Points(requests, referrer.Id, start));
        Assert.Equal(150, history.Points);
        Assert.Equal(history.Id, pointsRow.GrantedPointsHistoryId);
        var discount = await requests.Get<IDiscountService>().GetDiscountByIdAsync(couponRow.GrantedDiscountId!.Value);
        Assert.NotNull(discount);
        Assert.True(discount.IsActive);
        Assert.True(discount.RequiresCouponCode);
        Assert.Equal(couponRow.GrantedCouponCode, discount.CouponCode);
        Assert.Equal(10m, discount.DiscountPercentage);

        // the order is cancelled (replayed): points reversed once, coupon deactivated
        var cancelled = new OrderCancelled { OrderId = order.Id, At = later.AddDays(1) };
        await ledger.ApplyOrderEventAsync(cancelled, later.AddDays(1));
        await ledger.ApplyOrderEventAsync(cancelled, later.AddDays(1));
        Assert.All(await Mine(), r => Assert.Equal(nameof(RewardState.Revoked), r.State));
        var points = Points(requests, referrer.Id, start);
        Assert.Equal(2, points.Count);
        Assert.Equal(0, points.Sum(p => p.Points));
        discount = await requests.Get<IDiscountService>().GetDiscountByIdAsync(couponRow.GrantedDiscountId!.Value);
        Assert.False(discount.IsActive);

        async Task<List<FlockReward>> Mine() =>
            (await _fixture.Host.NewRequest().Get<RewardService>().GetByOrderIdAsync(order.Id)).Where(r => r.CauseKey.Contains(policy)).ToList();
    }

    [Fact]
    public async Task Refund_of_half_the_order_halves_the_points_after_the_grant()
    {
        var requests = _fixture.Host.NewRequest();
        var (order, referrer) = SampleOrderAndReferrer(requests, 1);
        var ledger = requests.Get<RewardLedgerService>();
        var start = LastPointsId(requests);
        var policy = $"half{Guid.NewGuid():N}"[..12];
        var now = DateTimeOffset.UtcNow;

        await ledger.RecordAsync([Intent(order.Id, referrer.Id, policy, new PointsReward(100), returnWindowDays: 0)], null, 1, now);
        await ledger.ApplyOrderEventAsync(new OrderPaid { OrderId = order.Id, At = now }, now);
        Assert.Equal(100, Points(requests, referrer.Id, start).Sum(p => p.Points));

        var refund = new OrderRefunded { OrderId = order.Id, At = now.AddHours(1), RefundedTotal = 50m };
        await ledger.ApplyOrderEventAsync(refund, now.AddHours(1));
        await ledger.ApplyOrderEventAsync(refund, now.AddHours(2)); // replay: the same cumulative total
        Assert.Equal(50, Points(requests, referrer.Id, start).Sum(p => p.Points));
        var row = (await requests.Get<RewardService>().GetByOrderIdAsync(order.Id)).Single(r => r.CauseKey.Contains(policy));
        Assert.Equal(nameof(RewardState.PartiallyRevoked), row.State);
    }

    [Fact]
    public async Task The_settle_task_run_twice_grants_once()
    {
        var requests = _fixture.Host.NewRequest();
        var (_, referrer) = SampleOrderAndReferrer(requests, 2);
        var start = LastPointsId(requests);
        var policy = $"task{Guid.NewGuid():N}"[..12];

        // a reward tied to no order (a visit) is due at once
        var intent = new RewardIntent
        {
            CauseKey = CauseKeys.Visit($"v{Guid.NewGuid():N}"[..20], policy, referrer.Id),
            PolicyId = policy,
            BeneficiaryCustomerId = referrer.Id,
            Role = BeneficiaryRole.Referrer,
            Reward = new PointsReward(7),
            EarnedAt = DateTimeOffset.UtcNow
        };
        Assert.Equal(1, await requests.Get<RewardLedgerService>().RecordAsync([intent], null, 1, DateTimeOffset.UtcNow));

        await NopTestHost.RunSettleTaskAsync(_fixture.Host.NewRequest());
        await NopTestHost.RunSettleTaskAsync(_fixture.Host.NewRequest());

        var row = await requests.Get<RewardService>().GetByCauseKeyAsync(intent.CauseKey);
        Assert.Equal(nameof(RewardState.Granted), row.State);
        var history = Assert.Single(Points(requests, referrer.Id, start));
        Assert.Equal(7, history.Points);
    }
}
