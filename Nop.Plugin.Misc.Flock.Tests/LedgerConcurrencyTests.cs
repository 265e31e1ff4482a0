using Flock.Engine.Offers;
using Flock.Engine.Rewards;
using Flock.Engine.Rewards.Ledger;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Discounts;
using Nop.Core.Domain.Orders;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Services;
using Nop.Plugin.Misc.Flock.Tests.Infrastructure;

namespace Nop.Plugin.Misc.Flock.Tests;

/// <summary>
/// The ledger under concurrent writers (requests and task runs in parallel, each with its own services): every state
/// change is conditional, every grant is carried out under a lease from the saved state. Before 1.1, four concurrent
/// "mark as paid" gave two reward coupons and three concurrent approvals three.
/// </summary>
[Collection(NopCollection.Name)]
public class LedgerConcurrencyTests : IAsyncLifetime
{
    private readonly NopFixture _fixture;

    public LedgerConcurrencyTests(NopFixture fixture) => _fixture = fixture;

    public Task InitializeAsync() => _fixture.EnsureInstalledAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static RewardIntent Intent(int orderId, int beneficiary, string policy, RewardValue reward, bool manual) => new()
    {
        CauseKey = CauseKeys.FriendOrder(orderId, policy, beneficiary),
        PolicyId = policy,
        BeneficiaryCustomerId = beneficiary,
        Role = BeneficiaryRole.Referrer,
        Reward = reward,
        EarnedAt = DateTimeOffset.UtcNow,
        OrderId = orderId,
        OrderAmount = 100m,
        ReturnWindowDays = 0,
        RequiresManualApproval = manual
    };

    private async Task<(FlockReward Row, Customer Beneficiary)> PendingAsync(RewardValue reward, bool manual)
    {
        var requests = _fixture.Host.NewRequest();
        var order = requests.Get<IRepository<Order>>().Table.OrderBy(o => o.Id).Skip(1).First();
        order.PaymentStatus = Nop.Core.Domain.Payments.PaymentStatus.Paid;
        order.OrderStatus = OrderStatus.Processing;
        order.RefundedAmount = 0m;
        await requests.Get<IRepository<Order>>().UpdateAsync(order, false);
        var beneficiary = await ConsumerLoopTests.NewCustomerAsync(requests, "Conc", "Tula", "1 Race");
        var policy = $"c{Guid.NewGuid():N}"[..12];
        await requests.Get<RewardLedgerService>().RecordAsync([Intent(order.Id, beneficiary.Id, policy, reward, manual)], null, 1, DateTimeOffset.UtcNow);
        var row = (await requests.Get<RewardService>().GetByOrderIdAsync(order.Id)).Single(r => r.CauseKey.Contains(policy));
        return (row, beneficiary);
    }

    private static Task InParallel(int count, Func<int, Task> action) =>
        Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Run(() => action(i))));

    private List<Discount> CouponsOf(FlockReward row) =>
        _fixture.Host.NewRequest().Get<IRepository<Discount>>().Table.Where(d => d.Name.Contains(row.Id.ToString()) || d.CouponCode == row.GrantedCouponCode).ToList();

    [Fact]
    public async Task Concurrent_payments_approvals_and_task_runs_grant_one_coupon()
    {
        var (row, _) = await PendingAsync(new CouponReward(DiscountKind.Percent, 10m, 30), manual: true);
        var orderId = row.OrderId!.Value;
        var now = DateTimeOffset.UtcNow;

        await InParallel(12, async i =>
        {
            var requests = _fixture.Host.NewRequest();
            switch (i % 3)
            {
                case 0:
                    await requests.Get<RewardLedgerService>().ApplyOrderEventAsync(new OrderPaid { OrderId = orderId, At = now }, now);
                    break;
                case 1:
                    await requests.Get<RewardLedgerService>().ApplyAdminEventAsync(row,
                        new AdminApproved { CauseKey = row.CauseKey, Actor = $"admin{i}", Reason = "ok", At = now }, now);
                    break;
                default:
                    await requests.Get<RewardSettlementService>().SettleDueRewardsAsync(now.AddMinutes(1));
                    break;
            }
        });
        await _fixture.Host.NewRequest().Get<RewardSettlementService>().SettleDueAsync();

        var after = await _fixture.Host.NewRequest().Get<RewardService>().GetByIdAsync(row.Id);
        Assert.Equal(nameof(RewardState.Granted), after.State);
        Assert.False(after.NeedsFulfilment);
        Assert.NotNull(after.GrantedCouponCode);
        Assert.Single(_fixture.Host.NewRequest().Get<IRepository<Discount>>().Table.Where(d => d.CouponCode == after.GrantedCouponCode).ToList());
        Assert.Single(_fixture.Host.NewRequest().Get<IRepository<FlockOffer>>().Table.Where(o => o.RewardId == row.Id).ToList());
        var entry = RewardEntryJson.Read(after.EntryJson);
        Assert.Single(entry.History, t => t.To == RewardState.Granted);
    }

    [Fact]
    public async Task A_revoke_racing_a_settle_run_is_never_overwritten_and_nothing_stays_granted()
    {
        var (row, beneficiary) = await PendingAsync(new PointsReward(40), manual: false);
        var orderId = row.OrderId!.Value;
        var now = DateTimeOffset.UtcNow;
        await _fixture.Host.NewRequest().Get<RewardLedgerService>().ApplyOrderEventAsync(new OrderPaid { OrderId = orderId, At = now }, now.AddSeconds(-1));

        await InParallel(10, async i =>
        {
            var requests = _fixture.Host.NewRequest();
            if (i == 3)
                await requests.Get<RewardLedgerService>().ApplyAdminEventAsync(row,
                    new AdminRevoked { CauseKey = row.CauseKey, Actor = "admin", Reason = "fraud", At = now }, now);
            else
                await requests.Get<RewardSettlementService>().SettleDueAsync();
        });
        await _fixture.Host.NewRequest().Get<RewardSettlementService>().SettleDueAsync();

        var after = await _fixture.Host.NewRequest().Get<RewardService>().GetByIdAsync(row.Id);
        Assert.Equal(nameof(RewardState.Revoked), after.State);
        Assert.False(after.NeedsFulfilment);
        var points = _fixture.Host.NewRequest().Get<IRepository<RewardPointsHistory>>().Table.Where(h => h.CustomerId == beneficiary.Id).ToList();
        Assert.Equal(0, points.Sum(p => p.Points)); // granted then reversed, or never granted: never kept, never doubled
        Assert.True(points.Count is 0 or 2, $"{points.Count} points entries");
    }

    [Fact]
    public async Task A_crash_after_the_coupon_code_was_reserved_is_finished_by_the_task_without_a_second_coupon()
    {
        var (row, _) = await PendingAsync(new CouponReward(DiscountKind.FixedAmount, 5m, 30), manual: false);
        var requests = _fixture.Host.NewRequest();
        var now = DateTimeOffset.UtcNow;
        // the state change is saved, then the node dies: code reserved, no discount, lease still held
        var rewards = requests.Get<RewardService>();
        var fresh = await rewards.GetByIdAsync(row.Id);
        var entry = RewardTransitions.Apply(RewardEntryJson.Read(fresh.EntryJson), new OrderPaid { OrderId = fresh.OrderId!.Value, At = now }, now).Entry;
        fresh.EntryJson = RewardEntryJson.Write(entry);
        fresh.State = entry.State.ToString();
        fresh.NeedsFulfilment = true;
        fresh.DueOnUtc = null;
        Assert.True(await rewards.TryWriteStateAsync(fresh));
        Assert.True(await rewards.TryLeaseAsync(row.Id, DateTime.UtcNow, DateTime.UtcNow.AddSeconds(1)));
        Assert.True(await rewards.TryReserveCouponCodeAsync(row.Id, "FLRCRASHTEST" + row.Id));

        await Task.Delay(1500); // the dead node's lease runs out
        await InParallel(3, _ => _fixture.Host.NewRequest().Get<RewardSettlementService>().SettleDueAsync());

        var after = await _fixture.Host.NewRequest().Get<RewardService>().GetByIdAsync(row.Id);
        Assert.False(after.NeedsFulfilment);
        Assert.Equal("FLRCRASHTEST" + row.Id, after.GrantedCouponCode);
        var discount = Assert.Single(_fixture.Host.NewRequest().Get<IRepository<Discount>>().Table.Where(d => d.CouponCode == after.GrantedCouponCode).ToList());
        Assert.Equal(discount.Id, after.GrantedDiscountId);
        Assert.Equal(5m, discount.DiscountAmount);
    }
}
