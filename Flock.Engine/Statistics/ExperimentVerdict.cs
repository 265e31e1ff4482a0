namespace Flock.Engine.Statistics;

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
