using Flock.Engine.Common;
using Flock.Engine.Referrals.Rewards;
using static Flock.Engine.Tests.Referrals.Rewards.RewardFixtures;

namespace Flock.Engine.Tests.Referrals.Rewards;

public class VisitorGiftPolicyTests
{
    private static readonly RewardPolicyEvaluator Roses = Evaluator(new VisitorGiftPolicy
    {
        Id = "rose",
        Reward = new GiftRewardDefinition { Gift = "rose", ProductId = 31 },
        Cap = 10,
    });

    private static UniqueVisitEvent Visit(string visitor = "c0ffee") => new() { ReferrerCustomerId = 7, VisitorKey = visitor, At = Now };

    [Fact]
    public void Each_unique_visitor_earns_the_referrer_one_rose_with_no_order_attached()
    {
        var intent = Assert.Single(Roses.Evaluate(Visit(), new ReferrerCounts(VisitorsBefore: 0)));

        Assert.Equal("visit:c0ffee:policy:rose:beneficiary:7", intent.CauseKey);
        Assert.Equal(new GiftReward("rose", 1, 31), intent.Reward);
        Assert.Null(intent.OrderId);
        Assert.Equal(7, intent.BeneficiaryCustomerId);
    }

    [Theory]
    [InlineData(9, true)] // the 10th visitor still earns
    [InlineData(10, false)] // the 11th does not
    [InlineData(50, false)]
    public void Cap_limits_rewarded_visitors(int visitorsBefore, bool earns)
    {
        Assert.Equal(earns, Roses.Evaluate(Visit(), new ReferrerCounts(VisitorsBefore: visitorsBefore)).Count == 1);
    }

    [Fact]
    public void Different_visitors_get_different_keys_and_the_same_visitor_the_same_key()
    {
        var a = Roses.Evaluate(Visit("a1")).Single().CauseKey;
        var b = Roses.Evaluate(Visit("b2")).Single().CauseKey;
        var aAgain = Roses.Evaluate(Visit("a1")).Single().CauseKey;

        Assert.NotEqual(a, b);
        Assert.Equal(a, aAgain);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("a:b")]
    public void Visitor_key_that_would_break_the_cause_key_is_rejected(string visitor)
    {
        var ex = Assert.Throws<FlockValidationException>(() => Roses.Evaluate(Visit(visitor)));
        Assert.Equal("event.visitorKey", Assert.Single(ex.Problems).Path);
    }
}
