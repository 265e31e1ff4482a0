using Flock.Engine.Common;

namespace Flock.Engine.Segments;

/// <summary>When an <see cref="RfmModel"/> is stale enough to rebuild (see <see cref="RfmModel.NeedsRebuild"/>).</summary>
public sealed record RfmOptions
{
    public static readonly RfmOptions Default = new();

    /// <summary>Rebuild once the model is this many days old or older (1–365; default 1: the nightly rebuild).</summary>
    public int RebuildAfterDays { get; init; } = 1;

    /// <summary>
    /// Rebuild when the number of customers with paid orders has changed by more than this share of the model's
    /// (0.1 = 10 %; above 0, at most 10). A store that grows fast gets new quintiles before the night.
    /// </summary>
    public double RebuildOnPopulationChange { get; init; } = 0.1;

    /// <summary>Every problem with these options, paths relative to <c>options</c>.</summary>
    public ValidationResult Validate()
    {
        var problems = new ProblemCollector();
        Validate(problems, "options");
        return problems.ToResult();
    }

    internal void Validate(ProblemCollector problems, string path)
    {
        if (RebuildAfterDays is < 1 or > 365) problems.Add(ProblemCollector.Join(path, "rebuildAfterDays"), "must be between 1 and 365");
        if (!(RebuildOnPopulationChange > 0 && RebuildOnPopulationChange <= 10))
            problems.Add(ProblemCollector.Join(path, "rebuildOnPopulationChange"), "must be above 0 and at most 10");
    }
}
