using Flock.Engine.Common;
using Flock.Engine.Referrals.Offers;
using Flock.Engine.Referrals.Rewards;

namespace Flock.Engine.Tests.Referrals.Rewards;

public class RewardProgramValidationTests
{
    private static string[] Problems(RewardProgram program) => program.Validate().Problems.Select(p => p.ToString()).ToArray();

    [Fact]
    public void Default_program_is_valid()
    {
        Assert.True(new RewardProgram().Validate().IsValid);
    }

    [Fact]
    public void Friend_offer_problems_carry_the_friendOffer_path()
    {
        var problems = Problems(new RewardProgram { FriendOffer = new FriendOffer { Value = 120m } });

        Assert.Equal(["friendOffer.value: percent must be between 0 and 100"], problems);
    }

    [Fact]
    public void Duplicate_and_unsafe_policy_ids_are_reported()
    {
        var reward = new PointsRewardDefinition { Value = 100m };
        var program = new RewardProgram
        {
            Policies =
            [
                new FriendPurchasePolicy { Id = "buy", Reward = reward },
                new FriendPurchasePolicy { Id = "buy", Reward = reward },
                new FriendPurchasePolicy { Id = "has:colon", Reward = reward },
                new FriendPurchasePolicy { Id = "", Reward = reward },
            ],
        };

        var problems = Problems(program);

        Assert.Equal(
        [
            "policies[1].id: 'buy' is used by another policy",
            "policies[2].id: must be at most 64 characters without ':' or spaces",
            "policies[3].id: is required",
        ], problems);
    }

    [Fact]
    public void Reward_definitions_are_validated_under_their_policy_path()
    {
        var program = new RewardProgram
        {
            ReturnWindowDays = -1,
            Policies =
            [
                new FriendPurchasePolicy { Id = "a", Reward = new CouponRewardDefinition { Value = 0m }, MinimumFriendOrder = -5m },
                new FriendPurchasePolicy { Id = "b", Reward = new PointsRewardDefinition { Value = 10.5m, ValidDays = 0 } },
                new FriendPurchasePolicy { Id = "c", Reward = new PointsRewardDefinition { Basis = PointsBasis.PercentOfFriendOrder, Value = 150m, ActivationDelayDays = -1 } },
                new VisitorGiftPolicy { Id = "d", Reward = new GiftRewardDefinition { Gift = " ", Quantity = 0 }, Cap = 0 },
            ],
        };

        var problems = Problems(program);

        Assert.Equal(
        [
            "returnWindowDays: must be between 0 and 3650",
            "policies[0].reward.value: percent must be between 0 and 100",
            "policies[0].minimumFriendOrder: must not be negative",
            "policies[1].reward.value: points must be a positive whole number",
            "policies[1].reward.validDays: must be between 1 and 3650",
            "policies[2].reward.value: percent must be between 0 and 100",
            "policies[2].reward.activationDelayDays: must be between 0 and 3650",
            "policies[3].reward.gift: is required",
            "policies[3].reward.quantity: must be at least 1",
            "policies[3].cap: must be at least 1",
        ], problems);
    }

    [Fact]
    public void Percentage_points_need_a_friend_order()
    {
        var program = new RewardProgram
        {
            Policies =
            [
                new VisitorGiftPolicy { Id = "v", Reward = new PointsRewardDefinition { Basis = PointsBasis.PercentOfFriendOrder, Value = 5m } },
                new TopReferrerPolicy { Id = "t", Prize = new PointsRewardDefinition { Basis = PointsBasis.PercentOfFriendOrder, Value = 5m } },
            ],
        };

        Assert.Equal(
        [
            "policies[0].reward: a percentage of the friend's order needs a friend's order; use fixed points here",
            "policies[1].prize: a percentage of the friend's order needs a friend's order; use fixed points here",
        ], Problems(program));
    }

    [Fact]
    public void Tiers_must_exist_be_positive_and_distinct()
    {
        var gift = new GiftRewardDefinition { Gift = "rose" };
        Assert.Equal(["policies[0].tiers: at least one tier is required"],
            Problems(new RewardProgram { Policies = [new TieredFriendPurchasePolicy { Id = "t", Tiers = [] }] }));

        var problems = Problems(new RewardProgram
        {
            Policies = [new TieredFriendPurchasePolicy { Id = "t", Tiers = [new(1, gift), new(0, gift), new(1, gift), new(3, null!)] }],
        });

        Assert.Equal(
        [
            "policies[0].tiers[1].friendNumber: must be at least 1",
            "policies[0].tiers[2].friendNumber: tier 1 appears twice",
            "policies[0].tiers[3].reward: is required",
        ], problems);
    }

    [Fact]
    public void Top_referrer_minimum_score_and_enums_are_checked()
    {
        var problems = Problems(new RewardProgram
        {
            Policies = [new TopReferrerPolicy { Id = "top", Prize = new GiftRewardDefinition { Gift = "iPad" }, MinimumScore = 0m, Period = (PeriodLength)9 }],
        });

        Assert.Equal(["policies[0].period: unknown period length 9", "policies[0].minimumScore: must be positive"], problems);
    }

    [Fact]
    public void Double_sided_rewards_are_both_validated()
    {
        var problems = Problems(new RewardProgram
        {
            Policies = [new DoubleSidedPolicy { Id = "ds", ReferrerReward = null!, FriendReward = new CouponRewardDefinition { ValidDays = 0 } }],
        });

        Assert.Equal(["policies[0].referrerReward: is required", "policies[0].friendReward.validDays: must be between 1 and 3650"], problems);
    }

    [Fact]
    public void Evaluator_refuses_an_invalid_program_listing_every_problem()
    {
        var ex = Assert.Throws<FlockValidationException>(() => new RewardPolicyEvaluator(new RewardProgram
        {
            FriendOffer = new FriendOffer { Value = 0m },
            Policies = [new VisitorGiftPolicy { Id = "v", Reward = new GiftRewardDefinition { Gift = "rose" }, Cap = -1 }],
        }));

        Assert.Equal(["friendOffer.value", "policies[0].cap"], ex.Problems.Select(p => p.Path));
    }
}
