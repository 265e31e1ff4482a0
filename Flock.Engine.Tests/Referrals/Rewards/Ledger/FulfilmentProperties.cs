using Flock.Engine.Referrals.Rewards;
using Flock.Engine.Referrals.Rewards.Ledger;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Flock.Engine.Tests.Referrals.Rewards.Ledger;

/// <summary>
/// Carrying the ledger out as "plan from the store's real state, then execute" converges and never doubles, however
/// often it is interrupted (a crash after any step) or repeated (a second web-farm node, a retry).
/// </summary>
public class FulfilmentProperties
{
    /// <summary>nopCommerce as far as one reward goes: coupons created, their value and activity, points entries.</summary>
    private sealed class FakeStore
    {
        public int CouponsCreated;
        public decimal CouponValue;
        public bool CouponActive;
        public readonly List<int> PointsEntries = [];
        public FulfilmentState Read() => new(CouponsCreated > 0, CouponValue, CouponActive, PointsEntries.Sum());

        public void Execute(FulfilmentStep step)
        {
            switch (step)
            {
                case CreateCoupon create: CouponsCreated++; CouponValue = create.Value; CouponActive = true; break;
                case SetCouponValue set: CouponValue = set.Value; break;
                case DeactivateCoupon: CouponActive = false; break;
                case ActivateCoupon: CouponActive = true; break;
                case AddPoints add: PointsEntries.Add(add.Points); break;
            }
        }
    }

    /// <summary>Runs the plan, stopping after <paramref name="crashAfter"/> steps (null: no crash).</summary>
    private static void Fulfil(FakeStore store, RewardEntry entry, int? crashAfter)
    {
        var steps = FulfilmentPlanner.Plan(RewardFulfilment.Target(entry), store.Read());
        foreach (var (step, index) in steps.Select((s, i) => (s, i)))
        {
            if (index == crashAfter) return;
            store.Execute(step);
        }
    }

    [Property(MaxTest = 300)]
    public Property Interrupted_and_repeated_fulfilment_converges_without_doubling() => Prop.ForAll(
        LedgerScenario.Arbitrary, Gen.ListOf(Gen.Choose(0, 3)).ToArbitrary(), (scenario, crashes) =>
        {
            var ledger = new RewardLedger();
            var stores = new Dictionary<string, FakeStore>();
            var crashIndex = 0;
            scenario.RunOn(ledger, after =>
            {
                foreach (var entry in after.Entries)
                {
                    var store = stores.TryGetValue(entry.CauseKey, out var s) ? s : stores[entry.CauseKey] = new FakeStore();
                    //a node crashes part-way, another (or the retry) runs the whole plan, and a third repeats it
                    var crash = crashes.Count == 0 ? (int?)null : crashes[crashIndex++ % crashes.Count];
                    Fulfil(store, entry, crash);
                    Fulfil(store, entry, null);
                    Fulfil(store, entry, null);
                }
            });

            return ledger.Entries.All(entry =>
            {
                var store = stores[entry.CauseKey];
                var target = RewardFulfilment.Target(entry);
                var planAgain = FulfilmentPlanner.Plan(target, store.Read());
                return planAgain.Count == 0
                       && store.CouponsCreated <= 1
                       && (entry.Granted is CouponReward || store.CouponsCreated == 0)
                       && (!target.CouponWanted || (store.CouponActive && store.CouponValue == target.CouponValue))
                       && store.PointsEntries.Sum() == target.Points
                       && store.PointsEntries.Sum() >= 0
                       && (entry.IsGranted || store.PointsEntries.Count == 0);
            });
        });

    [Fact]
    public void A_coupon_made_but_never_switched_on_is_switched_on_and_a_used_one_is_left_alone()
    {
        var t0 = LedgerScenario.Start;
        var entry = RewardEntry.FromIntent(LedgerScenario.Intents[3], t0);
        var granted = RewardTransitions.Apply(entry, new OrderPaid { OrderId = 2, At = t0 }, t0.AddDays(20)).Entry;
        var target = RewardFulfilment.Target(granted);

        Assert.IsType<ActivateCoupon>(Assert.Single(FulfilmentPlanner.Plan(target, new FulfilmentState(true, target.CouponValue, false, 0))));
        Assert.Empty(FulfilmentPlanner.Plan(target, new FulfilmentState(true, target.CouponValue, false, 0, CouponUsed: true)));
    }

    [Fact]
    public void A_coupon_revoked_before_it_was_made_is_never_made()
    {
        var t0 = LedgerScenario.Start;
        var entry = RewardEntry.FromIntent(LedgerScenario.Intents[3], t0);
        var granted = RewardTransitions.Apply(entry, new OrderPaid { OrderId = 2, At = t0 }, t0.AddDays(20)).Entry;
        var revoked = RewardTransitions.Apply(granted, new OrderCancelled { OrderId = 2, At = t0.AddDays(21) }, t0.AddDays(21)).Entry;

        Assert.Single(FulfilmentPlanner.Plan(RewardFulfilment.Target(granted), FulfilmentState.Nothing));
        Assert.Empty(FulfilmentPlanner.Plan(RewardFulfilment.Target(revoked), FulfilmentState.Nothing));
    }

    [Fact]
    public void Points_are_granted_with_their_activation_and_reversed_by_the_difference()
    {
        var t0 = LedgerScenario.Start;
        var entry = RewardEntry.FromIntent(LedgerScenario.Intents[0], t0);
        var granted = RewardTransitions.Apply(entry, new OrderPaid { OrderId = 1, At = t0 }, t0.AddDays(15)).Entry;

        var grant = Assert.IsType<AddPoints>(Assert.Single(FulfilmentPlanner.Plan(RewardFulfilment.Target(granted), FulfilmentState.Nothing)));
        Assert.Equal(37, grant.Points);
        Assert.Equal(t0.AddDays(16), grant.ActivatesAt);

        var refunded = RewardTransitions.Apply(granted, new OrderRefunded { OrderId = 1, RefundedTotal = 60m, At = t0.AddDays(16) }, t0.AddDays(16)).Entry;
        var reverse = Assert.IsType<AddPoints>(Assert.Single(FulfilmentPlanner.Plan(RewardFulfilment.Target(refunded), new FulfilmentState(false, 0m, false, 37))));
        Assert.Equal(-19, reverse.Points);
    }

    [Fact]
    public void Due_moments_follow_the_settle_rule_and_wait_for_events_otherwise()
    {
        var t0 = LedgerScenario.Start;
        var unpaid = RewardEntry.FromIntent(LedgerScenario.Intents[0], t0);
        Assert.Null(RewardFulfilment.DueAt(unpaid));
        var paid = RewardTransitions.Apply(unpaid, new OrderPaid { OrderId = 1, At = t0 }, t0).Entry;
        Assert.Equal(t0.AddDays(LedgerScenario.ReturnWindowDays), RewardFulfilment.DueAt(paid));
        var manual = RewardEntry.FromIntent(LedgerScenario.Intents[1], t0);
        var manualPaid = RewardTransitions.Apply(manual, new OrderPaid { OrderId = 1, At = t0 }, t0).Entry;
        Assert.Null(RewardFulfilment.DueAt(manualPaid));
        var granted = RewardTransitions.Settle(paid, t0.AddDays(15)).Entry;
        Assert.Null(RewardFulfilment.DueAt(granted));
    }
}
