using Flock.Engine.Statistics;

namespace Flock.Engine.Analytics;

/// <summary>What <see cref="HoldoutOutcomes.Compute"/> reports on.</summary>
public sealed record OutcomeQuery
{
    /// <summary>"Now": orders after it are ignored, and windows ending after it are still maturing.</summary>
    public required DateTimeOffset AsOf { get; init; }

    /// <summary>The control arm the others are compared with.</summary>
    public string Control { get; init; } = ArmSamples.Holdout;

    /// <summary>The outcome windows after assignment, in days (1–3650, distinct).</summary>
    public IReadOnlyList<int> WindowDays { get; init; } = [30, 90];

    /// <summary>For the time to next order: follow-up stops (censoring) this many days after assignment; null: at <see cref="AsOf"/> only.</summary>
    public int? FollowUpDays { get; init; }

    /// <summary>The decision rule of the comparisons.</summary>
    public ComparisonOptions Options { get; init; } = ComparisonOptions.Default;
}
