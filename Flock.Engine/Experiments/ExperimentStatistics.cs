using Flock.Engine.Common;
using Flock.Engine.Statistics;

namespace Flock.Engine.Experiments;

/// <summary>Observations of one named arm, as input to <see cref="ExperimentStatistics.Analyze"/>.</summary>
public sealed record ArmObservation(string Key, ArmCounts Counts);

/// <summary>A closed interval [Low, High].</summary>
public readonly record struct Interval(double Low, double High)
{
    public bool Contains(double value) => value >= Low && value <= High;
}

/// <summary>Tuning of <see cref="ExperimentStatistics"/>. Defaults suit a store dashboard.</summary>
public sealed record StatisticsOptions
{
    public static readonly StatisticsOptions Default = new();

    /// <summary>Confidence level of every interval (0.5–0.999).</summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary>Probability to be best an arm needs before it is called the winner so far.</summary>
    public double WinnerProbability { get; init; } = 0.95;

    /// <summary>Exposures every arm needs before any winner is called.</summary>
    public long MinExposuresPerArm { get; init; } = 200;

    /// <summary>Monte Carlo draws for the Bayesian probabilities (at least 1000; 20 000 keeps them stable to about ±0.01).</summary>
    public int Draws { get; init; } = 20_000;

    /// <summary>Seed of the Monte Carlo draws, so the same counts always give the same report.</summary>
    public int Seed { get; init; } = 9_172_026;

    internal void Validate(ProblemCollector problems, string path)
    {
        if (!(Confidence >= 0.5 && Confidence <= 0.999)) problems.Add(ProblemCollector.Join(path, "confidence"), "must be between 0.5 and 0.999");
        if (!(WinnerProbability > 0.5 && WinnerProbability < 1)) problems.Add(ProblemCollector.Join(path, "winnerProbability"), "must be above 0.5 and below 1");
        if (MinExposuresPerArm < 0) problems.Add(ProblemCollector.Join(path, "minExposuresPerArm"), "must be zero or more");
        if (Draws < 1000) problems.Add(ProblemCollector.Join(path, "draws"), "must be at least 1000");
    }
}

/// <summary>An arm's effect against the holdout.</summary>
/// <param name="Absolute">Arm rate minus holdout rate.</param>
/// <param name="AbsoluteInterval">Newcombe's hybrid score interval for the difference of two proportions.</param>
/// <param name="Relative">Arm rate / holdout rate − 1; null when the holdout rate is 0.</param>
/// <param name="RelativeInterval">Katz log interval of the rate ratio, minus 1; null when either side has no conversions.</param>
public sealed record Uplift(double Absolute, Interval AbsoluteInterval, double? Relative, Interval? RelativeInterval);

/// <summary>Everything measured about one arm (or the holdout).</summary>
public sealed record ArmStatistics
{
    public required string Key { get; init; }
    public required ArmCounts Counts { get; init; }
    public double ConversionRate => Counts.ConversionRate;

    /// <summary>Wilson score interval of the conversion rate ([0, 1] with no exposures).</summary>
    public required Interval ConversionRateInterval { get; init; }

    /// <summary>Revenue / exposures; 0 with no exposures.</summary>
    public decimal RevenuePerExposure => Counts.Exposures == 0 ? 0 : Counts.Revenue / Counts.Exposures;

    /// <summary>Effect against the holdout; null for the holdout itself or when there is none.</summary>
    public Uplift? UpliftVsHoldout { get; init; }

    /// <summary>Posterior probability that this arm has the highest conversion rate of all arms (holdout excluded); null for the holdout.</summary>
    public double? ProbabilityToBeBest { get; init; }

    /// <summary>Posterior probability that this arm converts better than the holdout; null for the holdout or when there is none.</summary>
    public double? ProbabilityToBeatHoldout { get; init; }

    /// <summary>The winner so far (see <see cref="ExperimentStatistics"/> for the rule).</summary>
    public bool IsWinner { get; init; }
}

/// <summary>The statistics of one experiment.</summary>
public sealed record ExperimentReport(ArmStatistics? Holdout, IReadOnlyList<ArmStatistics> Arms)
{
    /// <summary>The arm flagged as winner so far, or null.</summary>
    public ArmStatistics? Winner => Arms.FirstOrDefault(a => a.IsWinner);
}

/// <summary>
/// Experiment statistics from per-arm counts, robust to zero counts.
/// <list type="bullet">
/// <item>Conversion rate per arm with a Wilson score interval.</item>
/// <item>Uplift vs holdout: absolute difference with Newcombe's hybrid score interval (method 10, built from the two Wilson
/// intervals: good coverage at small counts and rates near 0); relative uplift with the Katz log rate-ratio interval.</item>
/// <item>Probability to be best and to beat the holdout: Monte Carlo over Beta(1 + conversions, 1 + failures) posteriors,
/// with a fixed seed (so a report is reproducible) and <see cref="StatisticsOptions.Draws"/> draws.</item>
/// <item>Winner so far: only with at least two arms, every arm exposed at least <see cref="StatisticsOptions.MinExposuresPerArm"/>
/// times, and the arm's probability to be best at least <see cref="StatisticsOptions.WinnerProbability"/>.</item>
/// </list>
/// </summary>
public static class ExperimentStatistics
{
    /// <summary>The report for these arms and (optionally) the holdout.</summary>
    /// <exception cref="FlockValidationException">Counts or options are invalid; every problem is listed with its path.</exception>
    public static ExperimentReport Analyze(IReadOnlyList<ArmObservation> arms, ArmCounts? holdout = null, StatisticsOptions? options = null)
    {
        options ??= StatisticsOptions.Default;
        Validate(arms, holdout, options);

        var z = NormalQuantile(0.5 + options.Confidence / 2);
        var (probabilityBest, probabilityBeatHoldout) = SimulatePosteriors(arms, holdout, options);

        var enoughSamples = arms.Count >= 2 && arms.All(a => a.Counts.Exposures >= options.MinExposuresPerArm);
        var winner = -1;
        if (enoughSamples)
        {
            for (var i = 0; i < arms.Count; i++)
                if (probabilityBest[i] >= options.WinnerProbability) winner = i;
        }

        var results = new ArmStatistics[arms.Count];
        for (var i = 0; i < arms.Count; i++)
        {
            var counts = arms[i].Counts;
            results[i] = new ArmStatistics
            {
                Key = arms[i].Key,
                Counts = counts,
                ConversionRateInterval = Wilson(counts.Conversions, counts.Exposures, z),
                UpliftVsHoldout = holdout is { } h ? UpliftOf(counts, h, z) : null,
                ProbabilityToBeBest = probabilityBest[i],
                ProbabilityToBeatHoldout = holdout is null ? null : probabilityBeatHoldout[i],
                IsWinner = i == winner,
            };
        }

        var holdoutStats = holdout is { } hc
            ? new ArmStatistics { Key = "holdout", Counts = hc, ConversionRateInterval = Wilson(hc.Conversions, hc.Exposures, z) }
            : null;
        return new ExperimentReport(holdoutStats, results);
    }

    /// <summary>
    /// The report of one creative factor, its levels as arms (keys are level ids, counts aggregated over combinations).
    /// Prefer this to a per-combination report for large spaces: 1000 combinations rarely have enough data each.
    /// </summary>
    public static ExperimentReport AnalyzeFactor(FactorLevelCounts counts, int factor, StatisticsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if ((uint)factor >= (uint)counts.Space.Factors.Count)
            throw new FlockValidationException("factor report", "factor", $"no factor {factor}; the space has {counts.Space.Factors.Count}");
        var levels = counts.Space.Factors[factor].Levels;
        var arms = new ArmObservation[levels.Count];
        for (var l = 0; l < levels.Count; l++) arms[l] = new ArmObservation(levels[l].Id, counts.Level(factor, l));
        return Analyze(arms, null, options);
    }

    /// <summary>Wilson score interval for <paramref name="successes"/> out of <paramref name="trials"/> at the given confidence.</summary>
    public static Interval WilsonInterval(long successes, long trials, double confidence = 0.95)
    {
        if (trials < 0 || successes < 0 || successes > trials) throw new FlockValidationException("proportion", "successes", "need 0 <= successes <= trials");
        return Wilson(successes, trials, NormalQuantile(0.5 + confidence / 2));
    }

    /// <summary>Newcombe's hybrid score interval for rate(<paramref name="arm"/>) − rate(<paramref name="control"/>).</summary>
    public static Interval NewcombeDifference(ArmCounts arm, ArmCounts control, double confidence = 0.95)
    {
        var z = NormalQuantile(0.5 + confidence / 2);
        return Newcombe(arm, control, z);
    }

    /// <summary>The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9); see <see cref="Normal.Quantile"/>.</summary>
    public static double NormalQuantile(double p) => Normal.Quantile(p);

    private static Interval Wilson(long successes, long trials, double z)
    {
        if (trials == 0) return new Interval(0, 1);
        var n = (double)trials;
        var p = successes / n;
        var z2 = z * z;
        var denominator = 1 + z2 / n;
        var centre = (p + z2 / (2 * n)) / denominator;
        var half = z * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
        return new Interval(Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    private static Interval Newcombe(ArmCounts arm, ArmCounts control, double z)
    {
        var p1 = arm.ConversionRate;
        var p0 = control.ConversionRate;
        var w1 = Wilson(arm.Conversions, arm.Exposures, z);
        var w0 = Wilson(control.Conversions, control.Exposures, z);
        var difference = p1 - p0;
        var below = Math.Sqrt(Square(p1 - w1.Low) + Square(w0.High - p0));
        var above = Math.Sqrt(Square(w1.High - p1) + Square(p0 - w0.Low));
        return new Interval(Math.Max(-1, difference - below), Math.Min(1, difference + above));
    }

    private static Uplift UpliftOf(ArmCounts arm, ArmCounts control, double z)
    {
        var p1 = arm.ConversionRate;
        var p0 = control.ConversionRate;
        double? relative = p0 > 0 ? p1 / p0 - 1 : null;
        Interval? relativeInterval = null;
        if (arm.Conversions > 0 && control.Conversions > 0)
        {
            var logRatio = Math.Log(p1 / p0);
            var se = Math.Sqrt(1.0 / arm.Conversions - 1.0 / arm.Exposures + 1.0 / control.Conversions - 1.0 / control.Exposures);
            relativeInterval = new Interval(Math.Exp(logRatio - z * se) - 1, Math.Exp(logRatio + z * se) - 1);
        }

        return new Uplift(p1 - p0, Newcombe(arm, control, z), relative, relativeInterval);
    }

    private static (double[] Best, double[] BeatHoldout) SimulatePosteriors(IReadOnlyList<ArmObservation> arms, ArmCounts? holdout, StatisticsOptions options)
    {
        var random = new Random(options.Seed);
        var wins = new long[arms.Count];
        var beats = new long[arms.Count];
        var draws = new double[arms.Count];
        for (var draw = 0; draw < options.Draws; draw++)
        {
            var best = 0;
            for (var i = 0; i < arms.Count; i++)
            {
                draws[i] = BetaSampler.Posterior(random, arms[i].Counts.Exposures, arms[i].Counts.Conversions);
                if (draws[i] > draws[best]) best = i;
            }

            wins[best]++;
            if (holdout is { } h)
            {
                var control = BetaSampler.Posterior(random, h.Exposures, h.Conversions);
                for (var i = 0; i < arms.Count; i++)
                    if (draws[i] > control) beats[i]++;
            }
        }

        return (wins.Select(w => (double)w / options.Draws).ToArray(), beats.Select(b => (double)b / options.Draws).ToArray());
    }

    private static void Validate(IReadOnlyList<ArmObservation> arms, ArmCounts? holdout, StatisticsOptions options)
    {
        var problems = new ProblemCollector();
        if (arms is null || arms.Count == 0) problems.Add("arms", "at least one arm is required");
        else
        {
            var keys = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < arms.Count; i++)
            {
                var path = ProblemCollector.Index("arms", i);
                if (arms[i] is null)
                {
                    problems.Add(path, "must not be null");
                    continue;
                }

                if (string.IsNullOrWhiteSpace(arms[i].Key)) problems.Add(ProblemCollector.Join(path, "key"), "must not be empty");
                else if (!keys.Add(arms[i].Key)) problems.Add(ProblemCollector.Join(path, "key"), $"duplicate arm key '{arms[i].Key}'");
                arms[i].Counts.Validate(problems, ProblemCollector.Join(path, "counts"));
            }
        }

        holdout?.Validate(problems, "holdout");
        if (options is null) problems.Add("options", "must not be null");
        else options.Validate(problems, "options");
        problems.ToResult().ThrowIfInvalid("experiment counts");
    }

    private static double Square(double x) => x * x;
}
