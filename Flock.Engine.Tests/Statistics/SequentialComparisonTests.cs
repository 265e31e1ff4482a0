using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Flock.Engine.Common;
using Flock.Engine.Statistics;

namespace Flock.Engine.Tests.Statistics;

public sealed class SequentialComparisonTests
{
    private static readonly ComparisonOptions Tau001 = ComparisonOptions.Default with { MixtureSd = 0.01 };

    [Fact]
    public void A_clear_difference_is_declared_with_the_hand_computed_p_value_and_interval()
    {
        // The closed form of MixtureSequentialTestTests: 300/10 000 vs 400/10 000 with τ = 0.01.
        var c = SequentialComparison.Compare(new ArmSample("holdout", 10_000, 300), new ArmSample("1", 10_000, 400), Metric.Conversion, Tau001);

        Assert.Equal(Verdict.TreatmentBetter, c.Verdict);
        Assert.Equal(0.01, c.Difference!.Value, 12);
        Assert.Equal(1.0 / 3, c.RelativeDifference!.Value, 12);
        Assert.Equal(0.0038544, c.PValue!.Value, 6);
        Assert.Equal(0.0020586, c.Interval!.Value.Low, 6);
        Assert.Equal(0.0179414, c.Interval.Value.High, 6);
        Assert.Null(c.MoreNeeded);
        Assert.Equal(0.05, c.Alpha);
    }

    [Fact]
    public void The_holdout_beating_the_campaign_is_a_verdict_too()
    {
        var c = SequentialComparison.Compare(new ArmSample("holdout", 10_000, 400), new ArmSample("1", 10_000, 300), Metric.Conversion, Tau001);

        Assert.Equal(Verdict.ControlBetter, c.Verdict);
        Assert.True(c.Interval!.Value.High < 0);
    }

    [Fact]
    public void Below_the_minimum_sample_nothing_is_shown_but_how_many_more_shoppers_are_needed()
    {
        // 30/1000 vs 0/1000 was the plugin's "+3.00 pp, P(beat) = 1"; with four conversions the holdout is below the minimum.
        var c = SequentialComparison.Compare(new ArmSample("holdout", 1000, 4), new ArmSample("1", 1000, 30), Metric.Conversion);

        Assert.Equal(Verdict.NotEnoughData, c.Verdict);
        Assert.Null(c.Difference);
        Assert.Null(c.Interval);
        Assert.Null(c.PValue);
        Assert.Null(c.ControlMean);
        var more = c.MoreNeeded!;
        Assert.False(more.IsLowerBound);
        Assert.True(more.MoreShoppers > 0);
        Assert.Equal(["holdout", "1"], more.PerArm.Select(a => a.Arm));
        Assert.True(more.PerArm[0].MoreShoppers >= 250); // at 0.4 % the holdout needs ≥ 250 more shoppers for its fifth conversion
        Assert.Equal(0.2 * 34 / 2000.0, more.MinimumDetectableEffect!.Value, 12);
    }

    [Fact]
    public void An_empty_holdout_is_filled_at_its_own_share_so_a_10_percent_holdout_needs_ten_times_its_minimum()
    {
        var options = ComparisonOptions.Default with { ControlShare = 0.1 };
        var c = SequentialComparison.Compare(ArmSample.Empty("holdout"), new ArmSample("1", 150, 0), Metric.Conversion, options);

        Assert.Equal(Verdict.NotEnoughData, c.Verdict);
        Assert.True(c.MoreNeeded!.MoreShoppers >= 1000 - 150); // 100 held out come with 900 shown: not the 50/50 guess of 200
        Assert.True(c.MoreNeeded.PerArm[0].MoreShoppers >= 100);
    }

    [Fact]
    public void With_no_conversions_at_all_the_shortfall_is_a_lower_bound_by_shopper_count()
    {
        var c = SequentialComparison.Compare(ArmSample.Empty("holdout"), new ArmSample("1", 40, 0), Metric.Conversion);

        Assert.Equal(Verdict.NotEnoughData, c.Verdict);
        Assert.True(c.MoreNeeded!.IsLowerBound);
        Assert.Null(c.MoreNeeded.MinimumDetectableEffect);
        Assert.Equal([100L, 60L], c.MoreNeeded.PerArm.Select(a => a.MoreShoppers));
        Assert.Equal(200, c.MoreNeeded.MoreShoppers); // newcomers assumed split half and half: the empty holdout's 100 take 200 more
    }

    [Fact]
    public void The_estimate_of_shoppers_needed_is_what_the_test_then_needs()
    {
        // Pooled 3 %, MDE 20 % → τ = δ = 0.006. Growing both arms by the shortfall with a true 3 % → 3.6 % difference at its
        // expected counts must make the effect declarable (expected counts, so about the planned power's median case).
        var start = SequentialComparison.Compare(new ArmSample("holdout", 500, 15), new ArmSample("1", 500, 15), Metric.Conversion);
        Assert.Equal(Verdict.NoDifferenceYet, start.Verdict);
        var perArm = start.MoreNeeded!.PerArm.Select(a => a.Shoppers + a.MoreShoppers).ToArray();
        Assert.Equal(perArm[0], perArm[1]);
        Assert.InRange(perArm[0], 13_914, 3 * 13_914); // at least the fixed-horizon plan, at most about three times it

        var n = perArm[0];
        var later = SequentialComparison.Compare(new ArmSample("holdout", n, (long)(0.03 * n)), new ArmSample("1", n, (long)(0.036 * n)), Metric.Conversion);
        Assert.Equal(Verdict.TreatmentBetter, later.Verdict);
        var half = n / 2;
        var earlier = SequentialComparison.Compare(new ArmSample("holdout", half, (long)(0.03 * half)), new ArmSample("1", half, (long)(0.036 * half)), Metric.Conversion);
        Assert.Equal(Verdict.NoDifferenceYet, earlier.Verdict);
    }

    [Fact]
    public void Revenue_per_shopper_is_compared_from_sums_of_values_and_squares()
    {
        // 2 000 shoppers each; holdout: 200 buyers of 1 000 (mean 100), arm: 260 buyers of 1 000 (mean 130).
        // v = s₀²/n₀ + s₁²/n₁ = 90 045/2000 + 113 157/2000 = 101.60; z = 30/√v = 2.98 — "significant" for a one-look test,
        // but τ = 0.2 × pooled 115 = 23 gives an always-valid p = 0.0606 and the interval −0.77 … 60.77: not yet.
        var holdout = new ArmSample("holdout", 2000, 200, 200_000, 200 * 1_000_000.0);
        var arm = new ArmSample("1", 2000, 260, 260_000, 260 * 1_000_000.0);

        var c = SequentialComparison.Compare(holdout, arm, Metric.ValuePerShopper);

        Assert.Equal((100.0, 130.0), (c.ControlMean!.Value, c.TreatmentMean!.Value));
        Assert.Equal(30, c.Difference!.Value, 9);
        Assert.Equal(23, c.MixtureSd!.Value, 9);
        Assert.Equal(0.060647, c.PValue!.Value, 5);
        Assert.Equal(-0.76950, c.Interval!.Value.Low, 4);
        Assert.Equal(60.76950, c.Interval.Value.High, 4);
        Assert.Equal(Verdict.NoDifferenceYet, c.Verdict);
        Assert.NotNull(c.MoreNeeded);

        var more = SequentialComparison.Compare(holdout with { Shoppers = 4000, Converted = 400, SumValue = 400_000, SumSquares = 4e8 },
            arm with { Shoppers = 4000, Converted = 520, SumValue = 520_000, SumSquares = 5.2e8 }, Metric.ValuePerShopper);
        Assert.Equal(Verdict.TreatmentBetter, more.Verdict);
    }

    [Fact]
    public void Analyze_with_a_holdout_splits_alpha_and_names_the_single_arm_that_beats_it()
    {
        ArmSample[] arms =
        [
            new("holdout", 5000, 150),
            new("1", 5000, 260),
            new("2", 5000, 160),
        ];

        var verdict = SequentialComparison.Analyze(arms, Metric.Conversion, ArmSamples.Holdout);

        Assert.Equal(0.025, verdict.ComparisonAlpha, 12);
        Assert.All(verdict.Comparisons, c => Assert.Equal(0.025, c.Alpha, 12));
        Assert.Equal(["1", "2"], verdict.Comparisons.Select(c => c.Treatment));
        Assert.Equal([Verdict.TreatmentBetter, Verdict.NoDifferenceYet], verdict.Comparisons.Select(c => c.Verdict));
        Assert.Equal("1", verdict.Winner);
        Assert.Equal(["1"], verdict.BeatControl);
        Assert.False(verdict.ControlWins);
        Assert.All(verdict.Arms, a => Assert.NotNull(a.ProbabilityToBeBest));
        Assert.Equal(1, verdict.Arms.Sum(a => a.ProbabilityToBeBest!.Value), 9);
    }

    [Fact]
    public void Analyze_without_a_control_needs_an_arm_better_than_every_other()
    {
        ArmSample[] clear = [new("a", 5000, 150), new("b", 5000, 260), new("c", 5000, 140)];
        Assert.Equal("b", SequentialComparison.Analyze(clear, Metric.Conversion).Winner);
        Assert.Equal(0.05 / 3, SequentialComparison.Analyze(clear, Metric.Conversion).ComparisonAlpha, 12);

        ArmSample[] twoGood = [new("a", 5000, 150), new("b", 5000, 260), new("c", 5000, 255)];
        Assert.Null(SequentialComparison.Analyze(twoGood, Metric.Conversion).Winner);
    }

    [Fact]
    public void Probability_to_be_best_is_hidden_while_any_arm_is_below_the_minimum_sample()
    {
        // The plugin showed 94.9 % for an arm with no exposures.
        ArmSample[] arms = [ArmSample.Empty("a"), new("b", 5000, 250)];

        var verdict = SequentialComparison.Analyze(arms, Metric.Conversion);

        Assert.All(verdict.Arms, a => Assert.Null(a.ProbabilityToBeBest));
        Assert.Null(verdict.Arms[0].Mean);
        Assert.Equal(0.05, verdict.Arms[1].Mean);
        Assert.Null(verdict.Winner);
        Assert.True(verdict.NeedsMoreData);
    }

    [Fact]
    public void The_holdout_beating_every_arm_is_reported()
    {
        ArmSample[] arms = [new("holdout", 8000, 400), new("1", 8000, 250), new("2", 8000, 240)];
        var verdict = SequentialComparison.Analyze(arms, Metric.Conversion, ArmSamples.Holdout);

        Assert.True(verdict.ControlWins);
        Assert.Null(verdict.Winner);
    }

    [Fact]
    public void Bad_analyses_are_rejected_with_every_problem()
    {
        var error = Assert.Throws<FlockValidationException>(() => SequentialComparison.Analyze(
            [new ArmSample("a", 10, 11), new ArmSample("a", 10, 1)], Metric.ValuePerShopper, "holdout",
            ComparisonOptions.Default with { Alpha = 0.6, Power = 0.1 }));

        Assert.Equal(
            ["arms[0].converted", "arms[1].arm", "arms[0].sumValue", "arms[1].sumValue", "control", "options.alpha", "options.power"],
            error.Problems.Select(p => p.Path));
        Assert.Throws<FlockValidationException>(() => SequentialComparison.Analyze([new ArmSample("a", 10, 1)], Metric.Conversion));
    }

    private static Gen<(ArmSample, ArmSample)> Pairs =>
        from n0 in Gen.Choose(0, 20_000)
        from n1 in Gen.Choose(0, 20_000)
        from r0 in Gen.Choose(0, 1000)
        from r1 in Gen.Choose(0, 1000)
        select (new ArmSample("holdout", n0, n0 * (long)r0 / 10_000), new ArmSample("1", n1, n1 * (long)r1 / 10_000));

    [Fact]
    public void With_no_conversion_in_either_arm_yet_more_shoppers_are_still_needed_never_zero()
    {
        // found by the property below (seed 3558895925014338187,8453932439198171831): enough shoppers, no conversion at all
        var c = SequentialComparison.Compare(new ArmSample("holdout", 108, 0), new ArmSample("1", 135, 0), Metric.Conversion);
        Assert.Equal(Verdict.NotEnoughData, c.Verdict);
        Assert.True(c.MoreNeeded!.MoreShoppers > 0);
        Assert.True(c.MoreNeeded.IsLowerBound);
    }

    [Property(MaxTest = 300)]
    public Property A_winner_is_declared_exactly_when_the_interval_shown_excludes_zero() =>
        Prop.ForAll(Pairs.ToArbitrary(), pair =>
        {
            var c = SequentialComparison.Compare(pair.Item1, pair.Item2, Metric.Conversion);
            if (c.Verdict == Verdict.NotEnoughData)
                return c.Interval is null && c.PValue is null && c.Difference is null && c.MoreNeeded is { MoreShoppers: > 0 };
            var excludesZero = !c.Interval!.Value.Contains(0);
            return c.IsDecided == excludesZero
                && c.IsDecided == (c.PValue <= c.Alpha)
                && (c.Verdict != Verdict.TreatmentBetter || c.Interval.Value.Low > 0)
                && (c.Verdict != Verdict.ControlBetter || c.Interval.Value.High < 0)
                && c.Interval.Value.Contains(c.Difference!.Value);
        });
}
