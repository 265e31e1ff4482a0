using Flock.Engine.Common;
using Flock.Engine.Experiments;

namespace Flock.Engine.Statistics;

/// <summary>
/// What one arm of a comparison (a variant, a campaign, or the holdout) observed, <b>per shopper by construction</b>:
/// every shopper assigned to the arm is counted once, whether or not anything happened to them.
/// <list type="bullet">
/// <item><see cref="Shoppers"/>: distinct shoppers assigned to the arm (for the holdout: shoppers held out).</item>
/// <item><see cref="Converted"/>: how many of those shoppers converted (at least once; a shopper who converted twice
/// counts once), so it never exceeds <see cref="Shoppers"/>. For a continuous outcome it is the number of shoppers with a
/// non-zero value (buyers), used only by the minimum-sample rule.</item>
/// <item><see cref="SumValue"/>, <see cref="SumSquares"/>: Σ value and Σ value² over the arm's shoppers for a continuous
/// outcome such as revenue per shopper (shoppers without a value count as 0); both or neither.</item>
/// </list>
/// Build it from per-shopper records with <see cref="ArmSamples.FromShoppers"/>, or from a per-shopper SQL aggregate.
/// </summary>
public sealed record ArmSample(string Arm, long Shoppers, long Converted, double? SumValue = null, double? SumSquares = null)
{
    /// <summary>An arm nobody has been assigned to yet.</summary>
    public static ArmSample Empty(string arm) => new(arm, 0, 0, 0, 0);

    /// <summary>The legacy counts of one arm: exposures as shoppers, conversions as converted shoppers (revenue, without
    /// Σ value², is left out: binary outcomes only).</summary>
    public static ArmSample FromCounts(string arm, ArmCounts counts) => new(arm, counts.Exposures, counts.Conversions);

    /// <summary>Converted ÷ shoppers; null with no shoppers.</summary>
    public double? ConversionRate => Shoppers == 0 ? null : (double)Converted / Shoppers;

    /// <summary>Σ value ÷ shoppers (e.g. revenue per shopper); null with no shoppers or no values.</summary>
    public double? MeanValue => Shoppers == 0 || SumValue is null ? null : SumValue.Value / Shoppers;

    /// <summary>The sample variance of the value per shopper (divisor n − 1); null below two shoppers or without Σ value².</summary>
    public double? ValueVariance
    {
        get
        {
            if (Shoppers < 2 || SumValue is not { } sum || SumSquares is not { } squares) return null;
            var n = (double)Shoppers;
            return Math.Max(0, (squares - sum * sum / n) / (n - 1));
        }
    }

    /// <summary>Whether this sample carries a continuous outcome (Σ value and Σ value²).</summary>
    public bool HasValues => SumValue is not null && SumSquares is not null;

    /// <summary>Every problem with this sample, paths relative to <c>arm</c>.</summary>
    public ValidationResult Validate()
    {
        var problems = new ProblemCollector();
        Validate(problems, "arm");
        return problems.ToResult();
    }

    internal void Validate(ProblemCollector problems, string path)
    {
        if (string.IsNullOrWhiteSpace(Arm)) problems.Add(ProblemCollector.Join(path, "arm"), "must not be empty");
        if (Shoppers < 0) problems.Add(ProblemCollector.Join(path, "shoppers"), "must be zero or more");
        if (Converted < 0) problems.Add(ProblemCollector.Join(path, "converted"), "must be zero or more");
        else if (Converted > Shoppers)
            problems.Add(ProblemCollector.Join(path, "converted"),
                $"{Converted} converted shoppers but only {Shoppers} shoppers: count each shopper once (distinct converted shoppers, not orders or renders)");
        if (SumValue is null != SumSquares is null)
            problems.Add(ProblemCollector.Join(path, SumValue is null ? "sumValue" : "sumSquares"), "give both the sum of values and the sum of squares, or neither");
        if (SumValue is { } sum && !double.IsFinite(sum)) problems.Add(ProblemCollector.Join(path, "sumValue"), "must be a finite number");
        if (SumSquares is { } squares)
        {
            if (!double.IsFinite(squares) || squares < 0) problems.Add(ProblemCollector.Join(path, "sumSquares"), "must be a finite number, zero or more");
            else if (SumValue is { } s && double.IsFinite(s) && Shoppers > 0 && s * s > Shoppers * squares * (1 + 1e-9) + 1e-9)
                problems.Add(ProblemCollector.Join(path, "sumSquares"), $"is too small for Σ value {s} over {Shoppers} shoppers ((Σ value)² ≤ n·Σ value²)");
        }

        if (Shoppers == 0 && (Converted != 0 || SumValue is > 0 or < 0))
            problems.Add(ProblemCollector.Join(path, "shoppers"), "an arm without shoppers has no conversions or values");
    }
}
