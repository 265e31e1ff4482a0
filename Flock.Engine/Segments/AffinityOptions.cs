using Flock.Engine.Common;

namespace Flock.Engine.Segments;

/// <summary>What a category's share of a customer's purchases is measured in.</summary>
public enum AffinityBasis
{
    /// <summary>Money: each order's total, split equally between its categories.</summary>
    Spend,

    /// <summary>Orders: each order counts 1, split equally between its categories.</summary>
    Orders,
}

/// <summary>How <see cref="CategoryAffinities.Top"/> weighs and cuts a customer's categories.</summary>
public sealed record AffinityOptions
{
    public static readonly AffinityOptions Default = new();

    /// <summary>How many categories to return, the strongest first (1–100).</summary>
    public int Top { get; init; } = 3;

    /// <summary>Spend (default) or order count.</summary>
    public AffinityBasis Basis { get; init; } = AffinityBasis.Spend;

    /// <summary>
    /// Recency decay: an order this many days old counts half as much as one placed now, twice as old a quarter (a finite
    /// number above 0). Null: every order counts fully, however old.
    /// </summary>
    public double? HalfLifeDays { get; init; } = 180;

    /// <summary>Every problem with these options, paths relative to <c>options</c>.</summary>
    public ValidationResult Validate()
    {
        var problems = new ProblemCollector();
        Validate(problems, "options");
        return problems.ToResult();
    }

    internal void Validate(ProblemCollector problems, string path)
    {
        if (Top is < 1 or > 100) problems.Add(ProblemCollector.Join(path, "top"), "must be between 1 and 100");
        if (!Enum.IsDefined(Basis)) problems.Add(ProblemCollector.Join(path, "basis"), "must be spend or orders");
        if (HalfLifeDays is { } halfLife && !(halfLife > 0 && double.IsFinite(halfLife)))
            problems.Add(ProblemCollector.Join(path, "halfLifeDays"), "must be a finite number above 0, or absent for no decay");
    }
}
