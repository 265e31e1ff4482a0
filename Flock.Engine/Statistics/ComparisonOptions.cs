using Flock.Engine.Common;

namespace Flock.Engine.Statistics;

/// <summary>
/// The decision rule of <see cref="SequentialComparison"/>. Defaults suit a small store: 5 % false winners at most, however
/// often the page is looked at.
/// </summary>
public sealed record ComparisonOptions
{
    public static readonly ComparisonOptions Default = new();

    /// <summary>
    /// The chance of declaring any false winner (two-sided, over all comparisons of one analysis and all looks), 0.001–0.5.
    /// An analysis of several comparisons judges each at α ÷ their number (Bonferroni).
    /// </summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>
    /// The control's expected share of the two arms' shoppers (e.g. a 10 % holdout against one 90 % arm: 0.1), from the
    /// allocation: "N more shoppers needed" uses it while an arm has no shoppers yet (otherwise the observed split). Null: 50/50.
    /// </summary>
    public double? ControlShare { get; init; }

    /// <summary>Below this many shoppers in either arm nothing is shown but "not enough data yet".</summary>
    public long MinShoppersPerArm { get; init; } = 100;

    /// <summary>Below this many converted shoppers (buyers, for a value metric) in either arm nothing is shown but "not enough data yet".</summary>
    public long MinConversionsPerArm { get; init; } = 5;

    /// <summary>
    /// The minimum detectable effect, relative to the pooled mean (0.2 = a change of 20 %, e.g. 3 % → 3.6 %). It sizes
    /// "N more shoppers needed" and, unless <see cref="MixtureSd"/> is set, the mixture spread τ of the test.
    /// </summary>
    public double RelativeMde { get; init; } = 0.2;

    /// <summary>The chance of detecting an effect of the MDE that "N more shoppers needed" plans for (0.5–0.99).</summary>
    public double Power { get; init; } = 0.8;

    /// <summary>
    /// τ, the spread of the normal mixture over effects, in the metric's own units (a rate difference, or money per
    /// shopper). Null: τ = <see cref="RelativeMde"/> × the pooled mean at this look, i.e. the test is tuned to the MDE.
    /// </summary>
    public double? MixtureSd { get; init; }

    /// <summary>Monte Carlo draws of the descriptive probability to be best (at least 1000).</summary>
    public int Draws { get; init; } = 20_000;

    /// <summary>Seed of those draws, so the same samples always give the same report.</summary>
    public int Seed { get; init; } = 9_172_026;

    /// <summary>Every problem with these options, paths relative to <c>options</c>.</summary>
    public ValidationResult Validate()
    {
        var problems = new ProblemCollector();
        Validate(problems, "options");
        return problems.ToResult();
    }

    internal void Validate(ProblemCollector problems, string path)
    {
        if (!(Alpha >= 0.001 && Alpha <= 0.5)) problems.Add(ProblemCollector.Join(path, "alpha"), "must be between 0.001 and 0.5");
        if (MinShoppersPerArm < 1) problems.Add(ProblemCollector.Join(path, "minShoppersPerArm"), "must be at least 1");
        if (MinConversionsPerArm < 0) problems.Add(ProblemCollector.Join(path, "minConversionsPerArm"), "must be zero or more");
        if (!(RelativeMde > 0 && RelativeMde <= 10)) problems.Add(ProblemCollector.Join(path, "relativeMde"), "must be above 0 and at most 10");
        if (!(Power >= 0.5 && Power <= 0.99)) problems.Add(ProblemCollector.Join(path, "power"), "must be between 0.5 and 0.99");
        if (MixtureSd is { } tau && !(tau > 0 && double.IsFinite(tau))) problems.Add(ProblemCollector.Join(path, "mixtureSd"), "must be a positive finite number");
        if (Draws < 1000) problems.Add(ProblemCollector.Join(path, "draws"), "must be at least 1000");
    }
}
