using Flock.Engine.Experiments;

namespace Flock.Engine.Statistics;

/// <summary>What a comparison of two arms says, under the always-valid rule of <see cref="SequentialComparison"/>.</summary>
public enum Verdict
{
    /// <summary>An arm is below the minimum sample: show nothing but how many more shoppers are needed.</summary>
    NotEnoughData,

    /// <summary>Enough data to look, but the always-valid p-value is above α: no winner (yet).</summary>
    NoDifferenceYet,

    /// <summary>The treatment arm is better (always-valid p ≤ α, the whole interval above 0).</summary>
    TreatmentBetter,

    /// <summary>The control arm (e.g. the holdout) is better (always-valid p ≤ α, the whole interval below 0).</summary>
    ControlBetter,
}

/// <summary>How many more shoppers one arm needs.</summary>
/// <param name="Arm">The arm key.</param>
/// <param name="Shoppers">Its shoppers so far.</param>
/// <param name="MoreShoppers">How many more it needs (0 when it has enough).</param>
public sealed record ArmShortfall(string Arm, long Shoppers, long MoreShoppers);

/// <summary>
/// "Not enough data yet: N more shoppers needed". <see cref="MoreShoppers"/> is the number of further shoppers entering the
/// comparison, split between the arms as so far (an arm with nobody yet is assumed to get half), until (a) every arm has
/// the minimum sample and (b) an effect of the minimum detectable size would be declared with the stated power by the
/// always-valid test. Estimated from the pooled rates at this look; <see cref="IsLowerBound"/> when they are not known yet
/// (no conversions at all), in which case only (a) by shopper count is included.
/// </summary>
public sealed record ShopperShortfall(long MoreShoppers, IReadOnlyList<ArmShortfall> PerArm, bool IsLowerBound, double MinimumDetectableEffect);

/// <summary>
/// One arm (treatment) against another (control), e.g. a campaign against its holdout or variant B against variant A.
/// Below the minimum sample only <see cref="MoreNeeded"/> is filled: means, difference, interval and p-value are null so
/// that no number is shown. Otherwise <see cref="Interval"/> and <see cref="PValue"/> are the always-valid ones at
/// <see cref="Alpha"/>, and the verdict follows from them (p ≤ α ⇔ 0 outside the interval).
/// </summary>
public sealed record Comparison
{
    public required string Control { get; init; }
    public required string Treatment { get; init; }
    public required Metric Metric { get; init; }
    public required Verdict Verdict { get; init; }

    /// <summary>The two-sided level this comparison is judged at: the analysis' α divided by its number of comparisons.</summary>
    public required double Alpha { get; init; }

    public required ArmSample ControlSample { get; init; }
    public required ArmSample TreatmentSample { get; init; }

    /// <summary>The control's rate or value per shopper; null when not enough data.</summary>
    public double? ControlMean { get; init; }

    /// <summary>The treatment's rate or value per shopper; null when not enough data.</summary>
    public double? TreatmentMean { get; init; }

    /// <summary>Treatment − control (absolute: rate points or money per shopper); null when not enough data.</summary>
    public double? Difference { get; init; }

    /// <summary>Treatment ÷ control − 1; null when not enough data or the control mean is 0.</summary>
    public double? RelativeDifference { get; init; }

    /// <summary>The always-valid (1 − <see cref="Alpha"/>) confidence sequence of <see cref="Difference"/> at this look.</summary>
    public Interval? Interval { get; init; }

    /// <summary>The always-valid p-value of "no difference" (1/Λ, capped at 1).</summary>
    public double? PValue { get; init; }

    /// <summary>τ, the mixture spread the test used (metric units).</summary>
    public double? MixtureSd { get; init; }

    /// <summary>For <see cref="Verdict.NotEnoughData"/> and <see cref="Verdict.NoDifferenceYet"/>: how many more shoppers
    /// would detect the minimum detectable effect (0 more: any real effect is smaller than it). Null once decided.</summary>
    public ShopperShortfall? MoreNeeded { get; init; }

    /// <summary>A winner (either side) was declared.</summary>
    public bool IsDecided => Verdict is Verdict.TreatmentBetter or Verdict.ControlBetter;
}

/// <summary>Descriptive numbers of one arm in an analysis.</summary>
/// <param name="Sample">The arm's per-shopper sample.</param>
/// <param name="HasMinimumSample">Whether the arm has the minimum shoppers and conversions.</param>
/// <param name="Mean">Rate or value per shopper; null below the minimum sample.</param>
/// <param name="ProbabilityToBeBest">Descriptive only (never a decision): the posterior probability that this arm has the
/// highest mean; null unless every arm has the minimum sample.</param>
public sealed record ArmSummary(ArmSample Sample, bool HasMinimumSample, double? Mean, double? ProbabilityToBeBest);

/// <summary>
/// The comparisons of one experiment on one metric. With a control (holdout): each other arm against it, each at
/// α ÷ (arms − 1). Without: every pair, each at α ÷ pairs. <see cref="Winner"/>: without a control, the arm declared better
/// than every other arm; with one, the single arm declared better than the control (null when none or several did, see
/// <see cref="BeatControl"/>). <see cref="ControlWins"/> says the control was declared better than every other arm
/// ("holdout beats campaign").
/// </summary>
public sealed record ExperimentVerdict
{
    public required Metric Metric { get; init; }

    /// <summary>The control arm, or null when all pairs were compared.</summary>
    public string? Control { get; init; }

    /// <summary>The family-wise α of the analysis.</summary>
    public required double Alpha { get; init; }

    /// <summary>The level each comparison was judged at (α ÷ comparisons).</summary>
    public required double ComparisonAlpha { get; init; }

    public required IReadOnlyList<ArmSummary> Arms { get; init; }
    public required IReadOnlyList<Comparison> Comparisons { get; init; }

    /// <summary>The declared winner (never the control), or null.</summary>
    public string? Winner { get; init; }

    /// <summary>With a control: it was declared better than every other arm.</summary>
    public bool ControlWins { get; init; }

    /// <summary>With a control: the arms declared better than it.</summary>
    public IReadOnlyList<string> BeatControl { get; init; } = [];

    /// <summary>Some arm is below the minimum sample: the plugin shows the shortfalls instead of a verdict.</summary>
    public bool NeedsMoreData => Comparisons.Any(c => c.Verdict == Verdict.NotEnoughData);
}
