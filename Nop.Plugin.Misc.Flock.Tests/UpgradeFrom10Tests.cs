using Flock.Engine.Referrals.Offers;
using Flock.Engine.Referrals.Rewards;
using Flock.Engine.Referrals.Rewards.Ledger;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Discounts;
using Nop.Core.Domain.Orders;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Services;
using Nop.Plugin.Misc.Flock.Tests.Infrastructure;
using Nop.Services.Discounts;
using Nop.Services.Orders;
using Nop.Plugin.Misc.Flock.Services.Referrals;

namespace Nop.Plugin.Misc.Flock.Tests;

/// <summary>
/// Rewards Flock 1.0 granted, as the 1.1 upgrade leaves them (1.0 coupons have no guard row, 1.0 points entries no
/// markers): a later refund or revoke corrects them, never pays them twice or takes back too much.
/// </summary>
[Collection(NopCollection.Name)]
public class UpgradeFrom10Tests : IAsyncLifetime
{
    private readonly NopFixture _fixture;

    public UpgradeFrom10Tests(NopFixture fixture) => _fixture = fixture;

    public Task InitializeAsync() => _fixture.EnsureInstalledAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(FlockReward Row, Order Order, Customer Beneficiary)> GrantedIn10Async(RewardValue reward)
    {
        var requests = _fixture.Host.NewRequest();
        var order = requests.Get<IRepository<Order>>().Table.OrderBy(o => o.Id).Skip(2).First();
        order.PaymentStatus = Nop.Core.Domain.Payments.PaymentStatus.Paid;
        order.OrderStatus = OrderStatus.Processing;
        order.RefundedAmount = 0m;
        await requests.Get<IRepository<Order>>().UpdateAsync(order, false);
        var beneficiary = await ConsumerLoopTests.NewCustomerAsync(requests, "Legacy", "Oryol", "1 Old");
        var policy = $"l{Guid.NewGuid():N}"[..12];
        var t0 = DateTimeOffset.UtcNow.AddDays(-30);
        var entry = RewardEntry.FromIntent(new RewardIntent
        {
            CauseKey = CauseKeys.FriendOrder(order.Id, policy, beneficiary.Id), PolicyId = policy, BeneficiaryCustomerId = beneficiary.Id,
            Role = BeneficiaryRole.Referrer, Reward = reward, EarnedAt = t0, OrderId = order.Id, OrderAmount = 100m, ReturnWindowDays = 0
        }, t0);
        entry = RewardTransitions.Apply(entry, new OrderPaid { OrderId = order.Id, At = t0 }, t0).Entry;
        var (row, _) = await requests.Get<RewardService>().InsertOnceAsync(new FlockReward
        {
            CauseKey = entry.CauseKey, BeneficiaryCustomerId = beneficiary.Id, OrderId = order.Id, CampaignId = 1,
            State = entry.State.ToString(), EntryJson = RewardEntryJson.Write(entry)
        });
        return (row, order, beneficiary);
    }

    [Fact]
    public async Task A_10_reward_coupon_refunded_in_part_after_the_upgrade_is_reduced_not_replaced()
    {
        var (row, order, _) = await GrantedIn10Async(new CouponReward(DiscountKind.FixedAmount, 10m, 60));
        var requests = _fixture.Host.NewRequest();
        // what 1.0 made: a plain single-use discount, its id and code on the row, no guard
        var discount = new Discount
        {
            Name = "Flock 1.0 reward", DiscountType = DiscountType.AssignedToOrderSubTotal, DiscountAmount = 10m, RequiresCouponCode = true,
            CouponCode = "FLRLEGACY" + row.Id, DiscountLimitation = DiscountLimitationType.NTimesOnly, LimitationTimes = 1, IsActive = true
        };
        await requests.Get<IDiscountService>().InsertDiscountAsync(discount);
        var fresh = await requests.Get<RewardService>().GetByIdAsync(row.Id);
        fresh.GrantedDiscountId = discount.Id;
        fresh.GrantedCouponCode = discount.CouponCode;
        await requests.Get<IRepository<FlockReward>>().UpdateAsync(fresh, false);

        await requests.Get<RewardLedgerService>().ApplyOrderEventAsync(
            new OrderRefunded { OrderId = order.Id, RefundedTotal = 50m, At = DateTimeOffset.UtcNow }, DateTimeOffset.UtcNow);

        var after = await _fixture.Host.NewRequest().Get<RewardService>().GetByIdAsync(row.Id);
        Assert.False(after.NeedsFulfilment);
        Assert.Equal(discount.Id, after.GrantedDiscountId);
        Assert.Equal(discount.CouponCode, after.GrantedCouponCode);
        var kept = await _fixture.Host.NewRequest().Get<IDiscountService>().GetDiscountByIdAsync(discount.Id);
        Assert.True(kept.IsActive);
        Assert.Equal(5m, kept.DiscountAmount);
        Assert.Empty(_fixture.Host.NewRequest().Get<IRepository<FlockOffer>>().Table.Where(o => o.RewardId == row.Id).ToList());
    }

    [Fact]
    public async Task A_10_points_reward_partly_reversed_by_10_is_reversed_by_what_is_left_on_a_full_refund()
    {
        var (row, order, beneficiary) = await GrantedIn10Async(new PointsReward(100));
        var requests = _fixture.Host.NewRequest();
        // 1.0 granted +100 and reversed −40 inline, neither with a marker; the upgrade recorded 60 applied
        var points = requests.Get<IRewardPointService>();
        var grantId = await points.AddRewardPointsHistoryEntryAsync(beneficiary, 100, 1, "Reward for inviting a friend");
        await points.AddRewardPointsHistoryEntryAsync(beneficiary, -40, 1, "Reward for inviting a friend cancelled (order cancelled or refunded)");
        var fresh = await requests.Get<RewardService>().GetByIdAsync(row.Id);
        var entry = RewardTransitions.Apply(RewardEntryJson.Read(fresh.EntryJson),
            new OrderRefunded { OrderId = order.Id, RefundedTotal = 40m, At = DateTimeOffset.UtcNow.AddDays(-1) }, DateTimeOffset.UtcNow.AddDays(-1)).Entry;
        fresh.EntryJson = RewardEntryJson.Write(entry);
        fresh.State = entry.State.ToString();
        fresh.GrantedPointsHistoryId = grantId;
        fresh.LegacyPointsApplied = 60;
        await requests.Get<IRepository<FlockReward>>().UpdateAsync(fresh, false);

        await requests.Get<RewardLedgerService>().ApplyOrderEventAsync(new OrderCancelled { OrderId = order.Id, At = DateTimeOffset.UtcNow }, DateTimeOffset.UtcNow);

        var after = await _fixture.Host.NewRequest().Get<RewardService>().GetByIdAsync(row.Id);
        Assert.Equal(nameof(RewardState.Revoked), after.State);
        Assert.False(after.NeedsFulfilment);
        var history = _fixture.Host.NewRequest().Get<IRepository<RewardPointsHistory>>().Table.Where(h => h.CustomerId == beneficiary.Id).ToList();
        Assert.Equal(0, history.Sum(h => h.Points));
        Assert.Equal(3, history.Count);
    }
}
