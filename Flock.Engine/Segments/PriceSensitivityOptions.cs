using Flock.Engine.Common;

namespace Flock.Engine.Segments;

/// <summary>The cut-offs of <see cref="PriceSensitivity.Of"/>.</summary>
public sealed record PriceSensitivityOptions
{
    public static readonly PriceSensitivityOptions Default = new();

    /// <summary>Below this many orders the level is unknown (2–100).</summary>
    public int MinOrders { get; init; } = 2;

    /// <summary>Only the most recent this many orders count: habits change (at least <see cref="MinOrders"/>, at most 1000).</summary>
    public int RecentOrders { get; init; } = 10;

    /// <summary>A deal share at or above this is medium (above 0, below <see cref="HighFrom"/>).</summary>
    public double MediumFrom { get; init; } = 0.25;

    /// <summary>A deal share at or above this is high (above <see cref="MediumFrom"/>, at most 1).</summary>
    public double HighFrom { get; init; } = 0.6;

    /// <summary>Every problem with these options, paths relative to <c>options</c>.</summary>
    public ValidationResult Validate()
    {
        var problems = new ProblemCollector();
        Validate(problems, "options");
        return problems.ToResult();
    }

    internal void Validate(ProblemCollector problems, string path)
    {
        if (MinOrders is < 2 or > 100) problems.Add(ProblemCollector.Join(path, "minOrders"), "must be between 2 and 100");
        if (RecentOrders < MinOrders || RecentOrders > 1000) problems.Add(ProblemCollector.Join(path, "recentOrders"), "must be at least minOrders and at most 1000");
        if (!(MediumFrom > 0 && MediumFrom < HighFrom)) problems.Add(ProblemCollector.Join(path, "mediumFrom"), "must be above 0 and below highFrom");
        if (!(HighFrom <= 1 && HighFrom > 0)) problems.Add(ProblemCollector.Join(path, "highFrom"), "must be above 0 and at most 1");
    }
}
