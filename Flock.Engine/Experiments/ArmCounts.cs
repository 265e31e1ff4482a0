using Flock.Engine.Common;

namespace Flock.Engine.Experiments;

/// <summary>
/// What one arm (or the holdout) has observed so far: shoppers exposed to it (for the holdout: shoppers who would have
/// been exposed), those who converted, and the revenue they brought, in the store's primary currency.
/// </summary>
public readonly record struct ArmCounts(long Exposures, long Conversions, decimal Revenue = 0)
{
    /// <summary>No observations.</summary>
    public static readonly ArmCounts None = default;

    /// <summary>Conversions / exposures; 0 when nothing was exposed.</summary>
    public double ConversionRate => Exposures == 0 ? 0 : (double)Conversions / Exposures;

    internal void Validate(ProblemCollector problems, string path)
    {
        if (Exposures < 0) problems.Add(ProblemCollector.Join(path, "exposures"), "must be zero or more");
        if (Conversions < 0) problems.Add(ProblemCollector.Join(path, "conversions"), "must be zero or more");
        else if (Conversions > Exposures) problems.Add(ProblemCollector.Join(path, "conversions"), $"must not exceed exposures ({Exposures})");
        if (Revenue < 0) problems.Add(ProblemCollector.Join(path, "revenue"), "must be zero or more");
    }
}
