using Flock.Engine.Experiments;

namespace Flock.Engine.Statistics;

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
