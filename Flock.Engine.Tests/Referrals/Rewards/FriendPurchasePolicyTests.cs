using Flock.Engine.Common;
using Flock.Engine.Referrals.Offers;
using Flock.Engine.Referrals.Rewards;
using static Flock.Engine.Tests.Referrals.Rewards.RewardFixtures;

namespace Flock.Engine.Tests.Referrals.Rewards;

public class FriendPurchasePolicyTests
{
    private static readonly CouponRewardDefinition TenPercentNextOrder = new() { Kind = DiscountKind.Percent, Value = 10m, ValidDays = 60 };

    [Fact]
    public void Friend_purchase_earns_the_referrer_a_coupon_tied_to_the_order()
    {
        var evaluator = Evaluator(new FriendPurchasePolicy { Id = "next-order", Reward = TenPercentNextOrder });

        var intent = Assert.Single(evaluator.Evaluate(FriendOrder(orderId: 501, subtotal: 2000m)));

        Assert.Equal("friend-order:501:policy:next-order:beneficiary:7", intent.CauseKey);
        Assert.Equal("next-order", intent.PolicyId);
        Assert.Equal(7, intent.BeneficiaryCustomerId);
        Assert.Equal(BeneficiaryRole.Referrer, intent.Role);
        Assert.Equal(new CouponReward(DiscountKind.Percent, 10m, 60), intent.Reward);
        Assert.Equal(501, intent.OrderId);
        Assert.Equal(2000m, intent.OrderAmount);
        Assert.Equal(14, intent.ReturnWindowDays);
        Assert.Equal(Now, intent.EarnedAt);
        Assert.False(intent.RequiresManualApproval);
    }

    [Fact]
    public void The_reward_is_earned_on_the_subtotal_but_refunds_are_measured_against_what_was_paid()
    {
        var evaluator = Evaluator(new FriendPurchasePolicy
        {
            Id = "points", Reward = new PointsRewardDefinition { Basis = PointsBasis.Fixed, Value = 100m },
        });
        var intent = Assert.Single(evaluator.Evaluate(FriendOrder(orderId: 502, subtotal: 2000m) with { PaidTotal = 2150m }));
        Assert.Equal(2150m, intent.OrderAmount); // shipping included: the store refunds out of this amount

        var entry = Flock.Engine.Referrals.Rewards.Ledger.RewardEntry.FromIntent(intent, Now);
        var paid = Flock.Engine.Referrals.Rewards.Ledger.RewardTransitions.Apply(entry, new Flock.Engine.Referrals.Rewards.Ledger.OrderPaid { OrderId = 502, At = Now }, Now.AddDays(15)).Entry;
        // a refund of the shipping alone (150 of 2150) keeps 93 % of the reward, not less
        var refunded = Flock.Engine.Referrals.Rewards.Ledger.RewardTransitions.Apply(paid,
            new Flock.Engine.Referrals.Rewards.Ledger.OrderRefunded { OrderId = 502, RefundedTotal = 150m, At = Now.AddDays(16) }, Now.AddDays(16)).Entry;
        Assert.Equal(93m, refunded.Current.Magnitude);
    }

    [Fact]
    public void Placed_paid_and_replayed_events_of_one_order_give_the_same_cause_keys()
    {
        var evaluator = Evaluator(new FriendPurchasePolicy { Id = "p", Reward = TenPercentNextOrder });

        var placed = evaluator.Evaluate(FriendOrder(stage: FriendOrderStage.Placed));
        var paid = evaluator.Evaluate(FriendOrder(stage: FriendOrderStage.Paid));
        var replay = evaluator.Evaluate(FriendOrder(stage: FriendOrderStage.Placed));

        Assert.Equal(placed.Select(i => i.CauseKey), paid.Select(i => i.CauseKey));
        Assert.Equal(placed, replay);
    }

    [Theory]
    [InlineData(999.99, false)]
    [InlineData(1000, true)]
    [InlineData(1000.01, true)]
    public void Minimum_friend_order_is_inclusive(decimal subtotal, bool earns)
    {
        var evaluator = Evaluator(new FriendPurchasePolicy { Id = "p", Reward = TenPercentNextOrder, MinimumFriendOrder = 1000m });

        Assert.Equal(earns, evaluator.Evaluate(FriendOrder(subtotal: subtotal)).Count == 1);
    }

    [Fact]
    public void Only_the_friends_first_order_earns_unless_configured_otherwise()
    {
        var firstOnly = Evaluator(new FriendPurchasePolicy { Id = "p", Reward = TenPercentNextOrder });
        var everyOrder = Evaluator(new FriendPurchasePolicy { Id = "p", Reward = TenPercentNextOrder, FirstOrderOnly = false });

        Assert.Empty(firstOnly.Evaluate(FriendOrder(first: false)));
        Assert.Single(everyOrder.Evaluate(FriendOrder(first: false)));
    }

    [Fact]
    public void Fixed_points_are_granted_with_activation_and_validity()
    {
        var evaluator = Evaluator(new FriendPurchasePolicy
        {
            Id = "pts",
            Reward = new PointsRewardDefinition { Value = 300m, ActivationDelayDays = 2, ValidDays = 90 },
        });

        var reward = Assert.IsType<PointsReward>(Assert.Single(evaluator.Evaluate(FriendOrder())).Reward);

        Assert.Equal(new PointsReward(300, 2, 90), reward);
        Assert.Equal(Now.AddDays(2), reward.ActivatesAt(Now));
        Assert.Equal(Now.AddDays(92), reward.ExpiresAt(Now));
    }

    [Theory]
    [InlineData(1999.99, 99)] // 5 % = 99.9995 → 99 points, rounded down
    [InlineData(2000, 100)]
    [InlineData(19.99, 0)] // 0.9995 → nothing earned, no intent
    public void Percentage_points_are_a_share_of_the_friends_subtotal_rounded_down(decimal subtotal, int points)
    {
        var evaluator = Evaluator(new FriendPurchasePolicy
        {
            Id = "pts",
            Reward = new PointsRewardDefinition { Basis = PointsBasis.PercentOfFriendOrder, Value = 5m },
        });

        var intents = evaluator.Evaluate(FriendOrder(subtotal: subtotal));

        if (points == 0)
            Assert.Empty(intents);
        else
            Assert.Equal(points, Assert.IsType<PointsReward>(Assert.Single(intents).Reward).Points);
    }

    [Fact]
    public void Manual_approval_flag_travels_with_the_intent()
    {
        var evaluator = Evaluator(new FriendPurchasePolicy { Id = "p", Reward = TenPercentNextOrder, RequiresManualApproval = true });

        Assert.True(Assert.Single(evaluator.Evaluate(FriendOrder())).RequiresManualApproval);
    }

    [Fact]
    public void Friend_order_policies_ignore_visits_and_period_events()
    {
        var evaluator = Evaluator(new FriendPurchasePolicy { Id = "p", Reward = TenPercentNextOrder });

        Assert.Empty(evaluator.Evaluate(new UniqueVisitEvent { ReferrerCustomerId = 7, VisitorKey = "abc", At = Now }));
        Assert.Empty(evaluator.Evaluate(new PeriodClosedEvent
        {
            Period = RewardPeriod.Containing(PeriodLength.Month, Now),
            Records = [new ReferralRecord(7, 77, 501, 100m, Now)],
            At = Now,
        }));
    }

    [Fact]
    public void Malformed_friend_order_is_rejected_with_paths()
    {
        var evaluator = Evaluator(new FriendPurchasePolicy { Id = "p", Reward = TenPercentNextOrder });

        var ex = Assert.Throws<FlockValidationException>(() =>
            evaluator.Evaluate(FriendOrder(orderId: 0, subtotal: -1m, friend: 7, referrer: 7), new ReferrerCounts(-1)));

        Assert.Equal(
            ["counts.friendsWhoBoughtBefore", "event.orderId", "event.friendCustomerId", "event.subtotal"],
            ex.Problems.Select(p => p.Path));
    }
}
