using Flock.Engine.Referrals.Rewards;
using static Flock.Engine.Tests.Referrals.Rewards.RewardFixtures;

namespace Flock.Engine.Tests.Referrals.Rewards;

public class TieredPolicyTests
{
    private static readonly RewardTier[] Tiers =
    [
        new(1, new PointsRewardDefinition { Value = 100m }),
        new(3, new PointsRewardDefinition { Value = 500m }),
        new(10, new GiftRewardDefinition { Gift = "headphones" }),
    ];

    private static RewardValue? RewardForFriendNumber(TierMode mode, int friendNumber, bool first = true, decimal subtotal = 2000m)
    {
        var evaluator = Evaluator(new TieredFriendPurchasePolicy { Id = "tiers", Tiers = Tiers, Mode = mode, MinimumFriendOrder = 1000m });
        var intents = evaluator.Evaluate(FriendOrder(first: first, subtotal: subtotal), new ReferrerCounts(FriendsWhoBoughtBefore: friendNumber - 1));
        return intents.SingleOrDefault()?.Reward;
    }

    [Theory]
    [InlineData(1, 100)]
    [InlineData(2, 0)]
    [InlineData(3, 500)]
    [InlineData(4, 0)]
    [InlineData(9, 0)]
    [InlineData(11, 0)]
    public void Milestones_pay_only_the_friend_who_reaches_the_threshold_exactly(int friendNumber, int points)
    {
        var reward = RewardForFriendNumber(TierMode.Milestone, friendNumber);

        if (points == 0)
            Assert.Null(reward);
        else
            Assert.Equal(new PointsReward(points), reward);
    }

    [Fact]
    public void Tenth_friend_earns_the_gift()
    {
        Assert.Equal(new GiftReward("headphones"), RewardForFriendNumber(TierMode.Milestone, 10));
    }

    [Theory]
    [InlineData(1, 100)]
    [InlineData(2, 100)]
    [InlineData(3, 500)]
    [InlineData(9, 500)]
    public void Level_mode_pays_every_new_friend_the_highest_tier_reached(int friendNumber, int points)
    {
        Assert.Equal(new PointsReward(points), RewardForFriendNumber(TierMode.Level, friendNumber));
    }

    [Fact]
    public void Level_mode_keeps_paying_the_top_tier_beyond_it()
    {
        Assert.Equal(new GiftReward("headphones"), RewardForFriendNumber(TierMode.Level, 25));
    }

    [Fact]
    public void Repeat_orders_and_small_orders_do_not_count_as_a_new_friend()
    {
        Assert.Null(RewardForFriendNumber(TierMode.Level, 1, first: false));
        Assert.Null(RewardForFriendNumber(TierMode.Milestone, 1, subtotal: 999.99m));
    }

    [Fact]
    public void Tier_reward_is_keyed_by_the_friend_order_so_a_replay_with_the_same_counts_is_identical()
    {
        var evaluator = Evaluator(new TieredFriendPurchasePolicy { Id = "tiers", Tiers = Tiers });
        var counts = new ReferrerCounts(FriendsWhoBoughtBefore: 2);

        var first = evaluator.Evaluate(FriendOrder(orderId: 42), counts);
        var again = evaluator.Evaluate(FriendOrder(orderId: 42), counts);

        Assert.Equal("friend-order:42:policy:tiers:beneficiary:7", Assert.Single(first).CauseKey);
        Assert.Equal(first, again);
    }

    [Fact]
    public void TierFor_answers_without_an_event()
    {
        var policy = new TieredFriendPurchasePolicy { Id = "t", Tiers = Tiers };

        Assert.Equal(3, policy.TierFor(3)?.FriendNumber);
        Assert.Null(policy.TierFor(0));
    }
}
