using Flock.Engine.Common;
using Flock.Engine.Experiments;

namespace Flock.Engine.Tests.Experiments;

public class ExperimentStatisticsTests
{
    [Fact]
    public void Wilson_interval_matches_the_textbook_value()
    {
        var interval = ExperimentStatistics.WilsonInterval(10, 100);
        Assert.Equal(0.0552, interval.Low, 4);
        Assert.Equal(0.1744, interval.High, 4);
    }

    [Fact]
    public void Newcombe_interval_matches_the_published_example()
    {
        // Newcombe (1998), example (a): 56/70 vs 48/80, 95% CI of the difference is 0.0524 to 0.3339.
        var interval = ExperimentStatistics.NewcombeDifference(new ArmCounts(70, 56), new ArmCounts(80, 48));
        Assert.Equal(0.0524, interval.Low, 3);
        Assert.Equal(0.3339, interval.High, 3);
    }

    [Theory]
    [InlineData(0.975, 1.959964)]
    [InlineData(0.5, 0)]
    [InlineData(0.01, -2.326348)]
    [InlineData(0.999, 3.090232)]
    public void Normal_quantile_is_accurate(double p, double expected) =>
        Assert.Equal(expected, ExperimentStatistics.NormalQuantile(p), 5);

    [Fact]
    public void Zero_counts_give_wide_but_valid_answers()
    {
        var report = ExperimentStatistics.Analyze([new ArmObservation("a", ArmCounts.None), new ArmObservation("b", ArmCounts.None)], ArmCounts.None);

        var a = report.Arms[0];
        Assert.Equal(0, a.ConversionRate);
        Assert.Equal(new Interval(0, 1), a.ConversionRateInterval);
        Assert.Equal(0, a.RevenuePerExposure);
        Assert.Equal(new Interval(-1, 1), a.UpliftVsHoldout!.AbsoluteInterval);
        Assert.Null(a.UpliftVsHoldout.Relative);
        Assert.Null(a.UpliftVsHoldout.RelativeInterval);
        Assert.InRange(a.ProbabilityToBeBest!.Value, 0.45, 0.55);
        Assert.Null(report.Winner);
        Assert.Equal(new Interval(0, 1), report.Holdout!.ConversionRateInterval);
    }

    [Fact]
    public void Zero_conversions_everywhere_do_not_break_relative_uplift()
    {
        var report = ExperimentStatistics.Analyze([new ArmObservation("a", new ArmCounts(500, 0))], new ArmCounts(500, 0));
        var uplift = report.Arms[0].UpliftVsHoldout!;
        Assert.Equal(0, uplift.Absolute);
        Assert.Null(uplift.Relative);
        Assert.True(uplift.AbsoluteInterval.Contains(0));
    }

    [Fact]
    public void Wilson_interval_contains_the_true_rate_about_as_often_as_promised()
    {
        var world = new Random(123);
        const int experiments = 400;
        var covered = 0;
        foreach (var trueRate in new[] { 0.02, 0.1, 0.3 })
        {
            for (var e = 0; e < experiments; e++)
            {
                const int n = 500;
                var conversions = 0;
                for (var i = 0; i < n; i++)
                    if (world.NextDouble() < trueRate) conversions++;
                if (ExperimentStatistics.WilsonInterval(conversions, n).Contains(trueRate)) covered++;
            }
        }

        var coverage = covered / (3.0 * experiments);
        Assert.InRange(coverage, 0.92, 0.98);
    }

    [Fact]
    public void Uplift_interval_contains_the_true_difference_most_of_the_time_and_has_the_right_sign()
    {
        var world = new Random(99);
        ArmCounts Simulate(double rate, int n)
        {
            var conversions = 0;
            for (var i = 0; i < n; i++)
                if (world.NextDouble() < rate) conversions++;
            return new ArmCounts(n, conversions, conversions * 1000m);
        }

        var covered = 0;
        const int runs = 200;
        for (var run = 0; run < runs; run++)
        {
            var report = ExperimentStatistics.Analyze([new ArmObservation("widget", Simulate(0.12, 2000))], Simulate(0.08, 2000),
                StatisticsOptions.Default with { Draws = 2000 });
            var uplift = report.Arms[0].UpliftVsHoldout!;
            if (uplift.AbsoluteInterval.Contains(0.04)) covered++;
            Assert.True(uplift.Absolute > 0);
            Assert.True(uplift.Relative > 0);
        }

        Assert.True(covered >= 0.9 * runs, $"covered {covered} of {runs}");
    }

    [Fact]
    public void A_widget_that_hurts_gets_a_negative_uplift_with_an_interval_below_zero()
    {
        var report = ExperimentStatistics.Analyze([new ArmObservation("pushy", new ArmCounts(10_000, 700))], new ArmCounts(10_000, 1000));
        var arm = report.Arms[0];

        Assert.Equal(-0.03, arm.UpliftVsHoldout!.Absolute, 10);
        Assert.True(arm.UpliftVsHoldout.AbsoluteInterval.High < 0);
        Assert.Equal(-0.3, arm.UpliftVsHoldout.Relative!.Value, 10);
        Assert.True(arm.UpliftVsHoldout.RelativeInterval!.Value.High < 0);
        Assert.True(arm.ProbabilityToBeatHoldout < 0.001);
    }

    [Fact]
    public void Winner_is_called_only_with_enough_samples_and_probability()
    {
        ArmObservation[] strong = [new("a", new ArmCounts(5000, 250, 25_000m)), new("b", new ArmCounts(5000, 350, 40_000m))];
        var report = ExperimentStatistics.Analyze(strong, new ArmCounts(2000, 80));

        Assert.Equal("b", report.Winner?.Key);
        Assert.True(report.Arms[1].ProbabilityToBeBest > 0.99);
        Assert.Equal(8m, report.Arms[1].RevenuePerExposure);

        ArmObservation[] early = [new("a", new ArmCounts(100, 2)), new("b", new ArmCounts(100, 12))];
        Assert.Null(ExperimentStatistics.Analyze(early).Winner);

        ArmObservation[] close = [new("a", new ArmCounts(5000, 250)), new("b", new ArmCounts(5000, 255))];
        Assert.Null(ExperimentStatistics.Analyze(close).Winner);

        Assert.Null(ExperimentStatistics.Analyze([new ArmObservation("only", new ArmCounts(5000, 500))]).Winner);
    }

    [Fact]
    public void Reports_are_reproducible()
    {
        ArmObservation[] arms = [new("a", new ArmCounts(300, 20)), new("b", new ArmCounts(310, 25)), new("c", new ArmCounts(290, 18))];
        var first = ExperimentStatistics.Analyze(arms, new ArmCounts(100, 5));
        var second = ExperimentStatistics.Analyze(arms, new ArmCounts(100, 5));
        Assert.Equal(first.Arms.Select(a => a.ProbabilityToBeBest), second.Arms.Select(a => a.ProbabilityToBeBest));
        Assert.Equal(1.0, first.Arms.Sum(a => a.ProbabilityToBeBest!.Value), 10);
    }

    [Fact]
    public void Bad_counts_and_options_are_listed_with_paths()
    {
        var ex = Assert.Throws<FlockValidationException>(() => ExperimentStatistics.Analyze(
            [new ArmObservation("a", new ArmCounts(10, 11)), new ArmObservation("a", new ArmCounts(-1, 0, -5m))],
            new ArmCounts(5, -1),
            StatisticsOptions.Default with { Confidence = 1.5, Draws = 10 }));

        var paths = ex.Problems.Select(p => p.Path).ToArray();
        Assert.Contains("arms[0].counts.conversions", paths);
        Assert.Contains("arms[1].key", paths);
        Assert.Contains("arms[1].counts.exposures", paths);
        Assert.Contains("arms[1].counts.revenue", paths);
        Assert.Contains("holdout.conversions", paths);
        Assert.Contains("options.confidence", paths);
        Assert.Contains("options.draws", paths);
    }

    [Fact]
    public void Factor_report_uses_level_ids_and_finds_the_winning_level()
    {
        var space = new CreativeSpace(
        [
            new CreativeFactor("text", [new CreativeLevel("short"), new CreativeLevel("long")]),
            new CreativeFactor("picture", [new CreativeLevel("cat"), new CreativeLevel("dog")]),
        ]);
        var counts = new FactorLevelCounts(space);
        counts.Add([0, 0], 3000, 300);
        counts.Add([1, 1], 3000, 150);
        counts.Add([0, 1], 1000, 90);

        var report = ExperimentStatistics.AnalyzeFactor(counts, 0);

        Assert.Equal(["short", "long"], report.Arms.Select(a => a.Key));
        Assert.Equal(new ArmCounts(4000, 390), report.Arms[0].Counts);
        Assert.Equal("short", report.Winner?.Key);
        Assert.Throws<FlockValidationException>(() => ExperimentStatistics.AnalyzeFactor(counts, 2));
    }
}
