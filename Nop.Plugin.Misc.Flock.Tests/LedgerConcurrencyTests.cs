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
using Nop.Plugin.Misc.Flock.Services.Referrals;

namespace Nop.Plugin.Misc.Flock.Tests;

/// <summary>
/// The ledger under concurrent writers, as interleavings forced at the exact point of a race (between a writer's read and
/// its write, inside a lease): every state change is conditional, every grant is carried out under a lease from the
/// saved state. (nopCommerce's test base shares one SQLite connection; true parallelism is exercised on PostgreSQL by
/// <see cref="PostgresConcurrencyTests"/>.) Before 1.1, four concurrent "mark as paid" gave two reward coupons and three concurrent approvals three.
/// </summary>
[Collection(NopCollection.Name)]
public class LedgerConcurrencyTests : IAsyncLifetime
{
    private readonly NopFixture _fixture;

    public LedgerConcurrencyTests(NopFixture fixture) => _fixture = fixture;

    public Task InitializeAsync() => _fixture.EnsureInstalledAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static RewardIntent Intent(int orderId, int beneficiary, string policy, RewardValue reward, bool manual, int returnWindowDays) => new()
    {
        CauseKey = CauseKeys.FriendOrder(orderId, policy, beneficiary),
        PolicyId = policy,
        BeneficiaryCustomerId = beneficiary,
        Role = BeneficiaryRole.Referrer,
        Reward = reward,
        EarnedAt = DateTimeOffset.UtcNow,
        OrderId = orderId,
        OrderAmount = 100m,
        ReturnWindowDays = returnWindowDays,
        RequiresManualApproval = manual
    };

    private async Task<(FlockReward Row, Customer Beneficiary)> PendingAsync(RewardValue reward, bool manual, int returnWindowDays = 0)
    {
        var requests = _fixture.Host.NewRequest();
        var order = requests.Get<IRepository<Order>>().Table.OrderBy(o => o.Id).Skip(1).First();
        order.PaymentStatus = Nop.Core.Domain.Payments.PaymentStatus.Paid;
        order.OrderStatus = OrderStatus.Processing;
        order.RefundedAmount = 0m;
        await requests.Get<IRepository<Order>>().UpdateAsync(order, false);
        var beneficiary = await ConsumerLoopTests.NewCustomerAsync(requests, "Conc", "Tula", "1 Race");
        var policy = $"c{Guid.NewGuid():N}"[..12];
        await requests.Get<RewardLedgerService>().RecordAsync([Intent(order.Id, beneficiary.Id, policy, reward, manual, returnWindowDays)], null, 1, DateTimeOffset.UtcNow);
        var row = (await requests.Get<RewardService>().GetByOrderIdAsync(order.Id)).Single(r => r.CauseKey.Contains(policy));
        return (row, beneficiary);
    }


    [Fact]
    public async Task Approvals_racing_between_read_and_write_grant_one_coupon()
    {
        var (row, _) = await PendingAsync(new CouponReward(DiscountKind.Percent, 10m, 30), manual: true);
        var orderId = row.OrderId!.Value;
        var now = DateTimeOffset.UtcNow;
        await _fixture.Host.NewRequest().Get<RewardLedgerService>().ApplyOrderEventAsync(new OrderPaid { OrderId = orderId, At = now }, now);

        // admin A reads the row and decides "approve → grant"; before A writes, admins B and C approve and the task settles
        var racers = 0;
        var ledgerA = _fixture.Host.NewRequest().Get<RewardLedgerService>();
        var resultA = await ledgerA.TransitionAsync(row.Id, entry =>
        {
            if (racers++ == 0)
                foreach (var admin in new[] { "b", "c" })
                    _fixture.Host.NewRequest().Get<RewardLedgerService>().ApplyAdminEventAsync(row,
                        new AdminApproved { CauseKey = row.CauseKey, Actor = admin, Reason = "ok", At = now }, now).GetAwaiter().GetResult();
            return RewardTransitions.Apply(entry, new AdminApproved { CauseKey = row.CauseKey, Actor = "a", Reason = "ok", At = now }, now);
        });
        await _fixture.Host.NewRequest().Get<RewardSettlementService>().SettleDueAsync();

        Assert.True(racers >= 2, "A's first write must have lost the race and decided again");
        Assert.Null(resultA); // A's approval, decided again on the granted row, is a no-op
        var after = await _fixture.Host.NewRequest().Get<RewardService>().GetByIdAsync(row.Id);
        Assert.Equal(nameof(RewardState.Granted), after.State);
        Assert.False(after.NeedsFulfilment);
        Assert.Single(_fixture.Host.NewRequest().Get<IRepository<Discount>>().Table.Where(d => d.CouponCode == after.GrantedCouponCode).ToList());
        Assert.Single(_fixture.Host.NewRequest().Get<IRepository<FlockOffer>>().Table.Where(o => o.RewardId == row.Id).ToList());
        Assert.Single(RewardEntryJson.Read(after.EntryJson).History, t => t.To == RewardState.Granted);
    }

    [Fact]
    public async Task A_second_node_finds_the_row_leased_and_leaves_it_and_a_stale_node_cannot_release_the_new_holders_lease()
    {
        var (row, _) = await PendingAsync(new PointsReward(25), manual: false);
        var rewards = _fixture.Host.NewRequest().Get<RewardService>();
        var now = DateTime.UtcNow;

        Assert.True(await rewards.TryLeaseAsync(row.Id, "node-a", now, now.AddMinutes(2)));
        Assert.False(await rewards.TryLeaseAsync(row.Id, "node-b", now, now.AddMinutes(2)));
        Assert.False(await _fixture.Host.NewRequest().Get<RewardFulfilmentService>().FulfilAsync(row.Id));

        // node A's lease runs out; B takes it; A (late) releases: B keeps it, and A cannot reserve a points entry
        Assert.True(await rewards.TryLeaseAsync(row.Id, "node-b", now.AddMinutes(3), now.AddMinutes(5)));
        await rewards.ReleaseLeaseAsync(row.Id, "node-a");
        Assert.True(await rewards.HoldsLeaseAsync(row.Id, "node-b", now.AddMinutes(4)));
        Assert.False(await rewards.TryReservePointsEntryAsync(row.Id, "node-a", 0));
        Assert.True(await rewards.TryReservePointsEntryAsync(row.Id, "node-b", 0));
        Assert.False(await rewards.TryReservePointsEntryAsync(row.Id, "node-b", 0)); // the same sequence twice: never
        await rewards.ReleaseLeaseAsync(row.Id, "node-b");
    }

    [Fact]
    public async Task A_revoke_landing_between_the_settle_runs_read_and_write_is_never_overwritten()
    {
        var (row, beneficiary) = await PendingAsync(new PointsReward(40), manual: false, returnWindowDays: 14);
        var orderId = row.OrderId!.Value;
        var now = DateTimeOffset.UtcNow;
        await _fixture.Host.NewRequest().Get<RewardLedgerService>().ApplyOrderEventAsync(new OrderPaid { OrderId = orderId, At = now.AddDays(-13) }, now);

        // the settle run has read the row and decided "grant"; the admin's revoke lands before it writes
        var calls = 0;
        await _fixture.Host.NewRequest().Get<RewardLedgerService>().TransitionAsync(row.Id, entry =>
        {
            if (calls++ == 0)
                _fixture.Host.NewRequest().Get<RewardLedgerService>().ApplyAdminEventAsync(row,
                    new AdminRevoked { CauseKey = row.CauseKey, Actor = "admin", Reason = "fraud", At = now }, now).GetAwaiter().GetResult();
            return RewardTransitions.Settle(entry, now.AddDays(2));
        });
        await _fixture.Host.NewRequest().Get<RewardSettlementService>().SettleDueAsync();

        var after = await _fixture.Host.NewRequest().Get<RewardService>().GetByIdAsync(row.Id);
        Assert.Equal(nameof(RewardState.Revoked), after.State);
        Assert.False(after.NeedsFulfilment);
        Assert.Empty(_fixture.Host.NewRequest().Get<IRepository<RewardPointsHistory>>().Table.Where(h => h.CustomerId == beneficiary.Id).ToList());
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
        Assert.True(await rewards.TryLeaseAsync(row.Id, "dead-node", DateTime.UtcNow, DateTime.UtcNow.AddSeconds(1)));
        Assert.True(await rewards.TryReserveCouponCodeAsync(row.Id, "FLRCRASHTEST" + row.Id));

        await Task.Delay(1500); // the dead node's lease runs out
        for (var run = 0; run < 3; run++)
            await _fixture.Host.NewRequest().Get<RewardSettlementService>().SettleDueAsync();

        var after = await _fixture.Host.NewRequest().Get<RewardService>().GetByIdAsync(row.Id);
        Assert.False(after.NeedsFulfilment);
        Assert.Equal("FLRCRASHTEST" + row.Id, after.GrantedCouponCode);
        var discount = Assert.Single(_fixture.Host.NewRequest().Get<IRepository<Discount>>().Table.Where(d => d.CouponCode == after.GrantedCouponCode).ToList());
        Assert.Equal(discount.Id, after.GrantedDiscountId);
        Assert.Equal(5m, discount.DiscountAmount);
    }
}
