using Flock.Engine.Common;

namespace Flock.Engine.Segments;

/// <summary>How <see cref="RepurchaseGaps"/> reads the stores' repeat purchases of a category.</summary>
public sealed record RepurchaseGapOptions
{
    public static readonly RepurchaseGapOptions Default = new();

    /// <summary>Orders from the category less than this many days after the start of the previous occasion belong to it
    /// (as <see cref="NextOrderOptions.MinIntervalDays"/>; above 0, at most 30).</summary>
    public double MinIntervalDays { get; init; } = 1;

    /// <summary>Below this many repeat customers a category has no median (1–10 000; default 5): a nudge timed on two
    /// people's habits would be a guess.</summary>
    public int MinCustomers { get; init; } = 5;

    /// <summary>Every problem with these options, paths relative to <c>options</c>.</summary>
    public ValidationResult Validate()
    {
        var problems = new ProblemCollector();
        Validate(problems, "options");
        return problems.ToResult();
    }

    internal void Validate(ProblemCollector problems, string path)
    {
        if (!(MinIntervalDays > 0 && MinIntervalDays <= 30)) problems.Add(ProblemCollector.Join(path, "minIntervalDays"), "must be above 0 and at most 30");
        if (MinCustomers is < 1 or > 10_000) problems.Add(ProblemCollector.Join(path, "minCustomers"), "must be between 1 and 10000");
    }
}
