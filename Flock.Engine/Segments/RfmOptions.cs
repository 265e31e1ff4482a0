using Flock.Engine.Common;

namespace Flock.Engine.Segments;

/// <summary>When an <see cref="RfmModel"/> is stale enough to rebuild (see <see cref="RfmModel.NeedsRebuild"/>), and
/// how long a customer must go without an order before the quintiles may call them lapsed.</summary>
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

    /// <summary>
    /// A customer whose last paid order is fewer than this many days old scores at least R3 — never sleeping, lost or at
    /// risk — whatever the quintiles say (1–3650; default 30). Quintiles are relative: in a young store where everyone
    /// bought this week, or one whose customers all bought on the same day, the "worst fifth" bought days ago.
    /// </summary>
    public int LapsedAfterDays { get; init; } = 30;

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
        if (LapsedAfterDays is < 1 or > 3650) problems.Add(ProblemCollector.Join(path, "lapsedAfterDays"), "must be between 1 and 3650");
        if (!(RebuildOnPopulationChange > 0 && RebuildOnPopulationChange <= 10))
            problems.Add(ProblemCollector.Join(path, "rebuildOnPopulationChange"), "must be above 0 and at most 10");
    }
}
