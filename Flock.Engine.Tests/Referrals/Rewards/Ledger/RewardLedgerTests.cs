using Flock.Engine.Common;
using Flock.Engine.Referrals.Offers;
using Flock.Engine.Referrals.Rewards;
using Flock.Engine.Referrals.Rewards.Ledger;

namespace Flock.Engine.Tests.Referrals.Rewards.Ledger;

public class RewardLedgerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 4, 1, 9, 0, 0, TimeSpan.FromHours(3));

    private static readonly RewardPolicyEvaluator Evaluator = new(new RewardProgram
    {
        ReturnWindowDays = 14,
        Policies =
        [
            new DoubleSidedPolicy
            {
                Id = "both",
                ReferrerReward = new PointsRewardDefinition { Basis = PointsBasis.PercentOfFriendOrder, Value = 10m },
                FriendReward = new CouponRewardDefinition { Kind = DiscountKind.FixedAmount, Value = 5m },
            },
            new VisitorGiftPolicy { Id = "rose", Reward = new GiftRewardDefinition { Gift = "rose" } },
        ],
    });

    private static IReadOnlyList<RewardIntent> FriendBuys(int orderId = 501, decimal subtotal = 1000m) => Evaluator.Evaluate(new FriendPurchaseEvent
    {
        OrderId = orderId, FriendCustomerId = 77, ReferrerCustomerId = 7, Subtotal = subtotal, At = T0,
    });

    [Fact]
    public void Recording_the_same_cause_twice_returns_the_existing_entry()
    {
        var ledger = new RewardLedger();
        var intent = FriendBuys()[0];

        var first = ledger.Record(intent);
        var second = ledger.Record(intent with { Reward = new PointsReward(999_999), EarnedAt = T0.AddDays(1) });

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Same(first.Entry, second.Entry);
        Assert.Empty(second.Effects);
        Assert.Single(ledger.Entries);
    }

    [Fact]
    public void Friend_order_lifecycle_from_evaluation_to_grant()
    {
        var ledger = new RewardLedger();
        foreach (var intent in FriendBuys())
            ledger.Record(intent);

        Assert.Empty(ledger.Apply(new OrderPaid { OrderId = 501, At = T0.AddDays(1) }).Effects);
        Assert.Empty(ledger.Apply(new ClockTick { At = T0.AddDays(14) }).Effects);

        var settled = ledger.Apply(new ClockTick { At = T0.AddDays(15) });

        Assert.Equal(2, settled.Changed.Count);
        Assert.Equal(
            [(7, (RewardValue)new PointsReward(100)), (77, new CouponReward(DiscountKind.FixedAmount, 5m, 30))],
            settled.Effects.Cast<GrantReward>().Select(g => (g.BeneficiaryCustomerId, g.Reward)));
        Assert.All(ledger.Entries, e => Assert.Equal(RewardState.Granted, e.State));
    }

    [Fact]
    public void Order_facts_that_arrive_before_the_reward_are_applied_when_it_is_recorded()
    {
        var ledger = new RewardLedger();
        ledger.Apply(new OrderPaid { OrderId = 501, At = T0 });
        ledger.Apply(new OrderRefunded { OrderId = 501, RefundedTotal = 500m, At = T0.AddDays(2) });
        ledger.Apply(new ClockTick { At = T0.AddDays(20) });

        var recorded = ledger.Record(FriendBuys()[0] with { EarnedAt = T0 });

        Assert.Equal(RewardState.Granted, recorded.Entry.State);
        Assert.Equal(new PointsReward(50), Assert.IsType<GrantReward>(Assert.Single(recorded.Effects)).Reward);
    }

    [Fact]
    public void A_cancel_that_arrives_before_the_reward_revokes_it_on_recording()
    {
        var ledger = new RewardLedger();
        ledger.Apply(new OrderCancelled { OrderId = 501, At = T0 });

        var recorded = ledger.Record(FriendBuys()[0]);

        Assert.Equal(RewardState.Revoked, recorded.Entry.State);
        Assert.Empty(recorded.Effects);
    }

    [Fact]
    public void A_visit_gift_is_granted_as_soon_as_it_is_recorded()
    {
        var ledger = new RewardLedger();
        var intent = Evaluator.Evaluate(new UniqueVisitEvent { ReferrerCustomerId = 7, VisitorKey = "v1", At = T0 }).Single();

        var recorded = ledger.Record(intent);

        Assert.Equal(RewardState.Granted, recorded.Entry.State);
        Assert.Equal(new GiftReward("rose"), Assert.IsType<GrantReward>(Assert.Single(recorded.Effects)).Reward);
    }

    [Fact]
    public void Order_events_touch_only_the_rewards_of_that_order()
    {
        var ledger = new RewardLedger();
        foreach (var intent in FriendBuys(501).Concat(FriendBuys(502)))
            ledger.Record(intent);

        var update = ledger.Apply(new OrderCancelled { OrderId = 502, At = T0.AddDays(1) });

        Assert.Equal(2, update.Changed.Count);
        Assert.All(update.Changed, e => Assert.Equal(502, e.OrderId));
        Assert.Equal([RewardState.Pending, RewardState.Pending, RewardState.Revoked, RewardState.Revoked], ledger.Entries.Select(e => e.State));
    }

    [Fact]
    public void Admin_decision_on_an_unknown_reward_is_rejected_without_changes()
    {
        var ledger = new RewardLedger();

        var update = ledger.Apply(new AdminApproved { CauseKey = "nope", Actor = "anna", Reason = "r", At = T0 });

        Assert.Equal("causeKey: no reward with cause key 'nope'", Assert.Single(update.Rejections).ToString());
        Assert.Empty(update.Changed);
    }

    [Fact]
    public void Forbidden_admin_transition_is_reported_and_changes_nothing()
    {
        var ledger = new RewardLedger();
        var key = ledger.Record(FriendBuys()[0]).Entry.CauseKey;
        ledger.Apply(new AdminRevoked { CauseKey = key, Actor = "anna", Reason = "fraud", At = T0 });
        var before = ledger.Find(key);

        var update = ledger.Apply(new AdminApproved { CauseKey = key, Actor = "bob", Reason = "undo", At = T0.AddDays(1) });

        Assert.Equal("state: approve is not allowed from Revoked", Assert.Single(update.Rejections).ToString());
        Assert.Same(before, ledger.Find(key));
    }

    [Fact]
    public void Malformed_event_throws_and_does_not_move_the_clock()
    {
        var ledger = new RewardLedger();
        ledger.Apply(new ClockTick { At = T0 });

        Assert.Throws<FlockValidationException>(() => ledger.Apply(new OrderRefunded { OrderId = 0, RefundedTotal = 1m, At = T0.AddDays(100) }));

        Assert.Equal(T0, ledger.Clock);
    }

    [Fact]
    public void The_clock_never_goes_back_so_a_late_tick_changes_nothing()
    {
        var ledger = new RewardLedger();
        ledger.Record(FriendBuys()[0]);
        ledger.Apply(new OrderPaid { OrderId = 501, At = T0 });
        ledger.Apply(new ClockTick { At = T0.AddDays(20) });

        var late = ledger.Apply(new ClockTick { At = T0.AddDays(3) });

        Assert.Equal(T0.AddDays(20), ledger.Clock);
        Assert.Empty(late.Changed);
        Assert.Empty(late.Effects);
    }

    [Fact]
    public void Concurrent_duplicate_recordings_create_one_entry_and_one_grant()
    {
        var ledger = new RewardLedger();
        var intent = Evaluator.Evaluate(new UniqueVisitEvent { ReferrerCustomerId = 7, VisitorKey = "v1", At = T0 }).Single();

        var results = new RecordResult[16];
        Parallel.For(0, results.Length, i => results[i] = ledger.Record(intent));

        Assert.Single(results, r => r.Created);
        Assert.Single(results.SelectMany(r => r.Effects));
    }
}
