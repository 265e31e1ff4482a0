using Flock.Engine.Referrals.Offers;
using Flock.Engine.Referrals.Rewards;
using Flock.Engine.Referrals.Rewards.Ledger;

namespace Flock.Engine.Tests.Referrals.Rewards.Ledger;

public class RewardCostTests
{
    private static readonly DateTimeOffset At = new(2026, 4, 15, 10, 0, 0, TimeSpan.FromHours(3));

    private static RewardEntry Entry(RewardValue value, decimal orderAmount = 2000m) => RewardEntry.FromIntent(new RewardIntent
    {
        CauseKey = "friend-order:501:policy:p1:beneficiary:7",
        PolicyId = "p1",
        BeneficiaryCustomerId = 7,
        Role = BeneficiaryRole.Referrer,
        Reward = value,
        EarnedAt = At,
        OrderId = 501,
        OrderAmount = orderAmount,
        ReturnWindowDays = 14,
    }, At);

    [Fact]
    public void Coupons_points_and_gifts_have_one_money_value()
    {
        Assert.Equal(300m, RewardCost.Of(Entry(new CouponReward(DiscountKind.FixedAmount, 300m, 30)), 1m));
        Assert.Equal(200m, RewardCost.Of(Entry(new CouponReward(DiscountKind.Percent, 10m, 30)), 1m));
        Assert.Equal(150m, RewardCost.Of(Entry(new CouponReward(DiscountKind.Percent, 10m, 30, MaximumDiscount: 150m)), 1m));
        Assert.Equal(25m, RewardCost.Of(Entry(new PointsReward(250)), 0.1m));
        Assert.Equal(0m, RewardCost.Of(Entry(new GiftReward("rose")), 1m));
    }

    [Fact]
    public void Pending_rewards_count_as_committed_and_revoked_ones_cost_nothing()
    {
        var pending = Entry(new CouponReward(DiscountKind.FixedAmount, 300m, 30));
        Assert.Equal(RewardState.Pending, pending.State);
        Assert.Equal(300m, RewardCost.Of(pending, 1m));
        Assert.Equal(0m, RewardCost.Of(pending with { State = RewardState.Revoked }, 1m));
        Assert.Equal(120m, RewardCost.Of(pending with { State = RewardState.PartiallyRevoked, Current = new CouponReward(DiscountKind.FixedAmount, 120m, 30) }, 1m));
    }
}
