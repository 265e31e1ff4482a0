using Flock.Engine.Common;

namespace Flock.Engine.Segments;

/// <summary>How <see cref="NextOrderForecast.For"/> reads a customer's repeat purchases.</summary>
public sealed record NextOrderOptions
{
    public static readonly NextOrderOptions Default = new();

    /// <summary>
    /// An order placed less than this many days after the start of the previous purchase occasion belongs to that occasion
    /// (a split or corrected order is not a repeat purchase). A finite number above 0, at most 30; default 1 day.
    /// </summary>
    public double MinIntervalDays { get; init; } = 1;

    /// <summary>Only the most recent this many intervals count (1–1000; default 10): habits change.</summary>
    public int RecentIntervals { get; init; } = 10;

    /// <summary>
    /// With at least <see cref="HighConfidenceIntervals"/> intervals, confidence is high when the dispersion (median absolute
    /// deviation ÷ median) is at most this (0–1; default 0.25: the typical interval is within ±25 % of the median).
    /// </summary>
    public double HighConfidenceMaxDispersion { get; init; } = 0.25;

    /// <summary>Intervals needed for high confidence (2–100; default 4). From 2 up to this, confidence is medium; 1 is low.</summary>
    public int HighConfidenceIntervals { get; init; } = 4;

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
        if (RecentIntervals is < 1 or > 1000) problems.Add(ProblemCollector.Join(path, "recentIntervals"), "must be between 1 and 1000");
        if (!(HighConfidenceMaxDispersion >= 0 && HighConfidenceMaxDispersion <= 1))
            problems.Add(ProblemCollector.Join(path, "highConfidenceMaxDispersion"), "must be between 0 and 1");
        if (HighConfidenceIntervals is < 2 or > 100) problems.Add(ProblemCollector.Join(path, "highConfidenceIntervals"), "must be between 2 and 100");
    }
}
