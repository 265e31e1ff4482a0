using Flock.Engine.Common;

namespace Flock.Engine.Experiments;

/// <summary>How an experiment spreads shoppers over its arms.</summary>
public enum AllocationStrategy
{
    /// <summary>Deterministic by hash, in proportion to the arms' weights.</summary>
    FixedWeights,

    /// <summary>Thompson sampling: traffic shifts toward arms whose conversion posterior looks best. Needs a seeded <see cref="Random"/>.</summary>
    Bandit,
}

/// <summary>One arm of an experiment. A weight of 0 switches the arm off under either strategy.</summary>
public sealed record ExperimentArm(string Key, double Weight = 1);

/// <summary>
/// An experiment: a stable key (shoppers hash against it, so changing it reshuffles everyone), its arms,
/// the holdout share (0–0.5; those shoppers never see anything) and the strategy.
/// </summary>
public sealed record ExperimentDefinition
{
    /// <summary>The largest holdout share allowed.</summary>
    public const double MaxHoldoutShare = 0.5;

    public required string Key { get; init; }
    public required IReadOnlyList<ExperimentArm> Arms { get; init; }
    public double HoldoutShare { get; init; }
    public AllocationStrategy Strategy { get; init; } = AllocationStrategy.FixedWeights;

    /// <summary>Every problem with this definition, paths relative to <c>experiment</c>.</summary>
    public ValidationResult Validate()
    {
        var problems = new ProblemCollector();
        Validate(problems, "experiment");
        return problems.ToResult();
    }

    internal void Validate(ProblemCollector problems, string path)
    {
        if (string.IsNullOrWhiteSpace(Key)) problems.Add(ProblemCollector.Join(path, "key"), "must not be empty");
        ValidateHoldoutShare(HoldoutShare, problems, ProblemCollector.Join(path, "holdoutShare"));
        if (!Enum.IsDefined(Strategy)) problems.Add(ProblemCollector.Join(path, "strategy"), $"unknown strategy {(int)Strategy}");

        var armsPath = ProblemCollector.Join(path, "arms");
        if (Arms is null || Arms.Count == 0)
        {
            problems.Add(armsPath, "at least one arm is required");
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var anyPositive = false;
        for (var i = 0; i < Arms.Count; i++)
        {
            var armPath = ProblemCollector.Index(armsPath, i);
            var arm = Arms[i];
            if (arm is null)
            {
                problems.Add(armPath, "must not be null");
                continue;
            }

            if (string.IsNullOrWhiteSpace(arm.Key)) problems.Add(ProblemCollector.Join(armPath, "key"), "must not be empty");
            else if (!seen.Add(arm.Key)) problems.Add(ProblemCollector.Join(armPath, "key"), $"duplicate arm key '{arm.Key}'");
            if (!double.IsFinite(arm.Weight) || arm.Weight < 0) problems.Add(ProblemCollector.Join(armPath, "weight"), "must be a finite number, zero or more");
            else if (arm.Weight > 0) anyPositive = true;
        }

        if (!anyPositive && Arms.All(a => a is not null && double.IsFinite(a.Weight) && a.Weight >= 0))
            problems.Add(armsPath, "at least one arm must have a positive weight");
    }

    internal static void ValidateHoldoutShare(double share, ProblemCollector problems, string path)
    {
        if (!double.IsFinite(share) || share < 0 || share > MaxHoldoutShare)
            problems.Add(path, $"must be between 0 and {MaxHoldoutShare} (got {share})");
    }
}

/// <summary>
/// Where one shopper landed in one experiment. <see cref="IsNew"/> tells the caller to persist
/// (<see cref="ExperimentKey"/>, <see cref="ArmKey"/>) so a later bandit decision honours it.
/// </summary>
public readonly record struct ArmAssignment(string ExperimentKey, bool IsHoldout, int ArmIndex, string? ArmKey, bool IsNew)
{
    /// <summary>The arm key under which a held-out shopper's assignment is stored, so the holdout's outcomes can be measured like an arm's.</summary>
    public const string HoldoutArmKey = "holdout";

    /// <summary>The shopper is in the holdout: show nothing, but count them as holdout exposures.</summary>
    public static ArmAssignment Holdout(string experimentKey) => new(experimentKey, true, -1, null, false);
}
