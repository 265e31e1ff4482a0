using BenchmarkDotNet.Attributes;
using Flock.Engine.Referrals.Offers;
using Flock.Engine.Referrals.Rewards;
using Flock.Engine.Referrals.Rewards.Ledger;

namespace Flock.Benchmarks.Rewards;

/// <summary>The per-event reward decisions the plugin makes inside order event handlers.</summary>
[MemoryDiagnoser]
public class RewardBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 4, 1, 9, 0, 0, TimeSpan.FromHours(3));

    private readonly FriendOffer _offer = new() { Value = 5m, MinimumSubtotal = 1000m, MaximumDiscount = 500m };

    private readonly RewardPolicyEvaluator _evaluator = new(new RewardProgram
    {
        Policies =
        [
            new FriendPurchasePolicy { Id = "next", Reward = new CouponRewardDefinition() },
            new TieredFriendPurchasePolicy
            {
                Id = "tiers",
                Tiers = [new(1, new PointsRewardDefinition { Value = 100m }), new(3, new PointsRewardDefinition { Value = 500m })],
            },
            new DoubleSidedPolicy
            {
                Id = "both",
                ReferrerReward = new PointsRewardDefinition { Basis = PointsBasis.PercentOfFriendOrder, Value = 5m },
                FriendReward = new CouponRewardDefinition { Kind = DiscountKind.FixedAmount, Value = 300m },
            },
        ],
    });

    private readonly FriendPurchaseEvent _order = new()
    {
        OrderId = 501, FriendCustomerId = 77, ReferrerCustomerId = 7, Subtotal = 2500m, At = Now,
    };

    private RewardEntry _paidEntry = null!;

    [GlobalSetup]
    public void Setup()
    {
        var entry = RewardEntry.FromIntent(_evaluator.Evaluate(_order)[0], Now);
        _paidEntry = RewardTransitions.Apply(entry, new OrderPaid { OrderId = 501, At = Now }, Now).Entry;
    }

    [Benchmark]
    public OfferQualification QualifyCart() => _offer.Qualify(2500m, Now, alreadyUsed: false, Now.AddDays(1));

    [Benchmark]
    public IReadOnlyList<RewardIntent> EvaluateFriendOrder() => _evaluator.Evaluate(_order, new ReferrerCounts(FriendsWhoBoughtBefore: 2));

    [Benchmark]
    public TransitionResult SettleAndGrant() => RewardTransitions.Settle(_paidEntry, Now.AddDays(15));
}
