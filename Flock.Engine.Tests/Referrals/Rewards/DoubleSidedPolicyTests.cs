using Flock.Engine.Referrals.Offers;
using Flock.Engine.Referrals.Rewards;
using static Flock.Engine.Tests.Referrals.Rewards.RewardFixtures;

namespace Flock.Engine.Tests.Referrals.Rewards;

public class DoubleSidedPolicyTests
{
    private static readonly DoubleSidedPolicy Policy = new()
    {
        Id = "both",
        ReferrerReward = new PointsRewardDefinition { Value = 500m },
        FriendReward = new CouponRewardDefinition { Kind = DiscountKind.FixedAmount, Value = 300m, ValidDays = 30 },
        MinimumFriendOrder = 1500m,
    };

    [Fact]
    public void Friend_purchase_rewards_both_sides_with_distinct_cause_keys()
    {
        var intents = Evaluator(Policy).Evaluate(FriendOrder(orderId: 900, friend: 77, referrer: 7));

        Assert.Collection(intents,
            referrer =>
            {
                Assert.Equal("friend-order:900:policy:both:beneficiary:7", referrer.CauseKey);
                Assert.Equal(BeneficiaryRole.Referrer, referrer.Role);
                Assert.Equal(new PointsReward(500), referrer.Reward);
            },
            friend =>
            {
                Assert.Equal("friend-order:900:policy:both:beneficiary:77", friend.CauseKey);
                Assert.Equal(77, friend.BeneficiaryCustomerId);
                Assert.Equal(BeneficiaryRole.Friend, friend.Role);
                Assert.Equal(new CouponReward(DiscountKind.FixedAmount, 300m, 30), friend.Reward);
                Assert.Equal(900, friend.OrderId);
            });
    }

    [Fact]
    public void Neither_side_earns_below_the_minimum_or_on_a_repeat_order()
    {
        var evaluator = Evaluator(Policy);

        Assert.Empty(evaluator.Evaluate(FriendOrder(subtotal: 1499.99m)));
        Assert.Empty(evaluator.Evaluate(FriendOrder(first: false)));
    }

    [Fact]
    public void Double_sided_and_referrer_policies_combine_in_policy_order()
    {
        var evaluator = Evaluator(
            new FriendPurchasePolicy { Id = "next", Reward = new CouponRewardDefinition() },
            Policy);

        var keys = evaluator.Evaluate(FriendOrder(orderId: 5)).Select(i => i.CauseKey);

        Assert.Equal(
        [
            "friend-order:5:policy:next:beneficiary:7",
            "friend-order:5:policy:both:beneficiary:7",
            "friend-order:5:policy:both:beneficiary:77",
        ], keys);
    }
}
