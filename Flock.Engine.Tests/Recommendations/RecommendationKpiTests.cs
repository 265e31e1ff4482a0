using Flock.Engine.Common;
using Flock.Engine.Recommendations;
using Flock.Engine.Statistics;

namespace Flock.Engine.Tests.Recommendations;

public sealed class RecommendationKpiTests
{
    [Fact]
    public void The_holdout_is_a_stable_share_of_shoppers()
    {
        var random = new Random(3);
        var keys = Enumerable.Range(0, 50_000).Select(_ => new Guid(Enumerable.Range(0, 16).Select(_ => (byte)random.Next(256)).ToArray())).ToArray();
        var share = keys.Count(k => RecommendationHoldout.IsHeldOut(k, 0.1)) / (double)keys.Length;

        Assert.InRange(share, 0.09, 0.11);
        Assert.All(keys.Take(100), k => Assert.Equal(RecommendationHoldout.IsHeldOut(k, 0.1), RecommendationHoldout.IsHeldOut(k, 0.1)));
        Assert.DoesNotContain(keys, k => RecommendationHoldout.IsHeldOut(k, 0));
        // a larger share keeps everyone the smaller one held out (raising the share never swaps shoppers)
        Assert.All(keys.Where(k => RecommendationHoldout.IsHeldOut(k, 0.1)), k => Assert.True(RecommendationHoldout.IsHeldOut(k, 0.2)));
        Assert.InRange(keys.Count(k => RecommendationHoldout.IsHeldOut(k, 0.9)) / (double)keys.Length, 0.49, 0.51); // capped at half
    }

    [Fact]
    public void A_small_store_is_told_how_many_more_shoppers_are_needed_instead_of_a_number()
    {
        var report = RecommendationKpiCalculator.Compute(new RecommendationKpiInput { ShownShoppers = 40, ShownBuyers = 6, Clicked = 10, AddedToCart = 7, HoldoutShoppers = 4, HoldoutBuyers = 0 });

        Assert.Equal(Verdict.NotEnoughData, report.Comparison.Verdict);
        Assert.Null(report.IncrementalBuyers);
        Assert.Equal(0.25, report.ClickRate);
        Assert.StartsWith("Not enough data yet — ", report.Summary());
        Assert.StartsWith("Данных пока мало — нужно ещё ", report.Summary("ru"));
    }

    [Fact]
    public void A_clear_lift_over_the_holdout_is_reported_with_the_extra_buyers()
    {
        var report = RecommendationKpiCalculator.Compute(new RecommendationKpiInput
        {
            ShownShoppers = 90_000, ShownBuyers = 9_000, Clicked = 20_000, AddedToCart = 12_000, ShownRevenue = 900_000,
            HoldoutShoppers = 10_000, HoldoutBuyers = 500, HoldoutRevenue = 50_000,
        });

        Assert.Equal(Verdict.TreatmentBetter, report.Comparison.Verdict);
        Assert.Equal(9_000 - 0.05 * 90_000, report.IncrementalBuyers!.Value, 6);
        Assert.StartsWith("The recommendations work: 10% against 5%", report.Summary());
    }

    [Fact]
    public void Impossible_counts_are_refused_with_their_paths()
    {
        var error = Assert.Throws<FlockValidationException>(() => RecommendationKpiCalculator.Compute(new RecommendationKpiInput
        {
            ShownShoppers = 5, ShownBuyers = 6, Clicked = -1, HoldoutShoppers = 1, HoldoutBuyers = 2,
        }));
        Assert.Equal(["clicked", "shownBuyers", "holdoutBuyers"], error.Problems.Select(p => p.Path));
    }
}
