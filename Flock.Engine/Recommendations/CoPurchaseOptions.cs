using Flock.Engine.Common;

namespace Flock.Engine.Recommendations;

/// <summary>How <see cref="CoPurchaseModel"/> counts purchases. Changing them needs a rebuild.</summary>
public sealed record CoPurchaseOptions
{
    public static readonly CoPurchaseOptions Default = new();

    /// <summary>
    /// Time decay: a customer's purchase this many days old weighs half as much as one made now (7 to 3650 days). Null:
    /// every purchase weighs the same, however old.
    /// </summary>
    public double? HalfLifeDays { get; init; } = 180;

    /// <summary>
    /// Orders with more distinct products than this (a wholesale or office order) count for each product but pair none:
    /// 200 products would otherwise make 19 900 "bought together" pairs out of one purchase (2 to 500).
    /// </summary>
    public int MaxBasketProducts { get; init; } = 30;

    public ValidationResult Validate()
    {
        var problems = new ProblemCollector();
        Validate(problems, "options");
        return problems.ToResult();
    }

    internal void Validate(ProblemCollector problems, string path)
    {
        if (HalfLifeDays is { } days && (!double.IsFinite(days) || days < 7 || days > 3650))
            problems.Add(ProblemCollector.Join(path, "halfLifeDays"), "must be from 7 to 3650 days, or empty for no decay");
        if (MaxBasketProducts is < 2 or > 500) problems.Add(ProblemCollector.Join(path, "maxBasketProducts"), "must be from 2 to 500");
    }
}
