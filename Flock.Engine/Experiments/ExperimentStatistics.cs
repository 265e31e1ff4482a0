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

    /// <summary>
    /// Confidence level (0.5–0.999) of every interval; 1 − Confidence is the α of the always-valid winner rule (two-sided,
    /// split over the comparisons made), so the intervals shown and the winner agree.
    /// </summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary>Shoppers every arm (and the holdout) needs before anything but "not enough data yet" is shown.</summary>
    public long MinExposuresPerArm { get; init; } = 200;

    /// <summary>Converted shoppers every arm (and the holdout) needs before anything but "not enough data yet" is shown.</summary>
    public long MinConversionsPerArm { get; init; } = 5;

    /// <summary>Minimum detectable effect relative to the pooled rate; tunes the test and "N more needed" (see <see cref="ComparisonOptions.RelativeMde"/>).</summary>
    public double RelativeMde { get; init; } = 0.2;

    /// <summary>Fixed mixture spread τ of the test, in rate points; null derives it from <see cref="RelativeMde"/>.</summary>
    public double? MixtureSd { get; init; }

    /// <summary>Monte Carlo draws for the descriptive Bayesian probabilities (at least 1000; 20 000 keeps them stable to about ±0.01).</summary>
    public int Draws { get; init; } = 20_000;

    /// <summary>Seed of the Monte Carlo draws, so the same counts always give the same report.</summary>
    public int Seed { get; init; } = 9_172_026;

    /// <summary>The same rule in the vocabulary of <see cref="SequentialComparison"/>.</summary>
    public ComparisonOptions ToComparisonOptions() => new()
    {
        Alpha = 1 - Confidence,
        MinShoppersPerArm = Math.Max(1, MinExposuresPerArm),
        MinConversionsPerArm = MinConversionsPerArm,
        RelativeMde = RelativeMde,
        MixtureSd = MixtureSd,
        Draws = Draws,
        Seed = Seed,
    };

    internal void Validate(ProblemCollector problems, string path)
    {
        if (!(Confidence >= 0.5 && Confidence <= 0.999)) problems.Add(ProblemCollector.Join(path, "confidence"), "must be between 0.5 and 0.999");
        if (MinExposuresPerArm < 0) problems.Add(ProblemCollector.Join(path, "minExposuresPerArm"), "must be zero or more");
        if (MinConversionsPerArm < 0) problems.Add(ProblemCollector.Join(path, "minConversionsPerArm"), "must be zero or more");
        if (!(RelativeMde > 0 && RelativeMde <= 10)) problems.Add(ProblemCollector.Join(path, "relativeMde"), "must be above 0 and at most 10");
        if (MixtureSd is { } tau && !(tau > 0 && double.IsFinite(tau))) problems.Add(ProblemCollector.Join(path, "mixtureSd"), "must be a positive finite number");
        if (Draws < 1000) problems.Add(ProblemCollector.Join(path, "draws"), "must be at least 1000");
    }
}

/// <summary>An arm's effect against the holdout, shown only once both have the minimum sample.</summary>
/// <param name="Absolute">Arm rate minus holdout rate.</param>
/// <param name="AbsoluteInterval">The always-valid confidence sequence of the difference (mSPRT, see
/// <see cref="SequentialComparison"/>) at α = (1 − Confidence) ÷ arms: it excludes 0 exactly when the arm is declared
/// better or worse than the holdout.</param>
/// <param name="Relative">Arm rate / holdout rate − 1; null when the holdout rate is 0.</param>
/// <param name="RelativeInterval">The always-valid confidence sequence of the log rate ratio (Katz's delta-method variance,
/// τ = ln(1 + RelativeMde)), at the same α, as ratio − 1; null when either side has no conversions. Decisions use the
/// absolute difference; at the margin the two can disagree on excluding 0.</param>
public sealed record Uplift(double Absolute, Interval AbsoluteInterval, double? Relative, Interval? RelativeInterval);

/// <summary>Everything measured about one arm (or the holdout). Counts are distinct shoppers, not renders or orders.</summary>
public sealed record ArmStatistics
{
    public required string Key { get; init; }
    public required ArmCounts Counts { get; init; }
    public double ConversionRate => Counts.ConversionRate;

    /// <summary>Wilson score interval of the conversion rate ([0, 1] with no exposures): descriptive, for this arm alone.</summary>
    public required Interval ConversionRateInterval { get; init; }

    /// <summary>Revenue / exposures; 0 with no exposures.</summary>
    public decimal RevenuePerExposure => Counts.Exposures == 0 ? 0 : Counts.Revenue / Counts.Exposures;

    /// <summary>Whether the arm has the minimum shoppers and conversions of the options.</summary>
    public bool HasMinimumSample { get; init; }

    /// <summary>Effect against the holdout; null for the holdout itself, when there is none, or below the minimum sample
    /// (then <see cref="HoldoutComparison"/> says how many more shoppers are needed).</summary>
    public Uplift? UpliftVsHoldout { get; init; }

    /// <summary>The full always-valid comparison against the holdout (verdict, p-value, "N more needed"); null without a holdout.</summary>
    public Comparison? HoldoutComparison { get; init; }

    /// <summary>Descriptive only, never a decision: the posterior probability that this arm has the highest conversion rate
    /// of all arms (holdout excluded); null for the holdout, with a single arm, or while any arm is below the minimum sample.</summary>
    public double? ProbabilityToBeBest { get; init; }

    /// <summary>Descriptive only: the posterior probability that this arm converts better than the holdout; null for the
    /// holdout, without one, or while the arm or the holdout is below the minimum sample.</summary>
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
/// Experiment statistics from per-arm counts of <b>distinct shoppers</b> (exposed shoppers, converted shoppers), robust to
/// zero counts. Decisions and comparison intervals come from <see cref="SequentialComparison"/> (always valid: safe to look
/// at any time); prefer calling it directly with <see cref="ArmSample"/>s for new code.
/// <list type="bullet">
/// <item>Conversion rate per arm with a Wilson score interval (descriptive).</item>
/// <item>Uplift vs holdout: shown only when the arm and the holdout both have the minimum sample
/// (<see cref="StatisticsOptions.MinExposuresPerArm"/> shoppers, <see cref="StatisticsOptions.MinConversionsPerArm"/>
/// conversions); the absolute difference with its always-valid interval at α = (1 − Confidence) ÷ arms, the relative one
/// with the always-valid log rate-ratio interval.</item>
/// <item>Probability to be best and to beat the holdout: descriptive Monte Carlo over Beta(1 + conversions, 1 + failures)
/// posteriors (fixed seed, <see cref="StatisticsOptions.Draws"/> draws), only once every arm concerned has the minimum sample.</item>
/// <item>Winner so far: with at least two arms, the arm the always-valid test declares better than every other arm, each
/// pair at α ÷ pairs (two-sided) — the same rule as the intervals, never the probability to be best.</item>
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
        var rule = options.ToComparisonOptions();
        var samples = arms.Select(a => ArmSample.FromCounts(a.Key, a.Counts)).ToArray();
        var measured = samples.Select(s => SequentialComparison.HasMinimumSample(s, Metric.Conversion, rule)).ToArray();
        var holdoutSample = holdout is { } hs ? ArmSample.FromCounts(ArmSamples.Holdout, hs) : null;
        var holdoutMeasured = holdoutSample is not null && SequentialComparison.HasMinimumSample(holdoutSample, Metric.Conversion, rule);
        var (probabilityBest, probabilityBeatHoldout) = SimulatePosteriors(arms, holdout, options);

        var winner = arms.Count >= 2 ? SequentialComparison.Analyze(samples, Metric.Conversion, null, rule).Winner : null;
        var everyArmMeasured = arms.Count >= 2 && measured.All(m => m);
        var holdoutAlpha = rule.Alpha / arms.Count;

        var results = new ArmStatistics[arms.Count];
        for (var i = 0; i < arms.Count; i++)
        {
            var counts = arms[i].Counts;
            var comparison = holdoutSample is null ? null : SequentialComparison.CompareAt(holdoutSample, samples[i], Metric.Conversion, rule, holdoutAlpha);
            results[i] = new ArmStatistics
            {
                Key = arms[i].Key,
                Counts = counts,
                ConversionRateInterval = Wilson(counts.Conversions, counts.Exposures, z),
                HasMinimumSample = measured[i],
                HoldoutComparison = comparison,
                UpliftVsHoldout = comparison is { Verdict: not Verdict.NotEnoughData } ? UpliftOf(counts, holdout!.Value, comparison, rule) : null,
                ProbabilityToBeBest = everyArmMeasured ? probabilityBest[i] : null,
                ProbabilityToBeatHoldout = holdout is not null && measured[i] && holdoutMeasured ? probabilityBeatHoldout[i] : null,
                IsWinner = arms[i].Key == winner,
            };
        }

        var holdoutStats = holdout is { } hc
            ? new ArmStatistics
            {
                Key = ArmSamples.Holdout, Counts = hc, ConversionRateInterval = Wilson(hc.Conversions, hc.Exposures, z), HasMinimumSample = holdoutMeasured,
            }
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

    private static Uplift UpliftOf(ArmCounts arm, ArmCounts control, Comparison comparison, ComparisonOptions rule)
    {
        var p1 = arm.ConversionRate;
        var p0 = control.ConversionRate;
        double? relative = p0 > 0 ? p1 / p0 - 1 : null;
        Interval? relativeInterval = null;
        if (arm.Conversions > 0 && control.Conversions > 0)
        {
            var variance = 1.0 / arm.Conversions - 1.0 / arm.Exposures + 1.0 / control.Conversions - 1.0 / control.Exposures;
            var tau = Math.Log(1 + rule.RelativeMde);
            if (variance > 0)
            {
                var log = MixtureSequentialTest.ConfidenceSequence(Math.Log(p1 / p0), variance, tau * tau, comparison.Alpha);
                relativeInterval = new Interval(Math.Exp(log.Low) - 1, Math.Exp(log.High) - 1);
            }
        }

        return new Uplift(p1 - p0, comparison.Interval!.Value, relative, relativeInterval);
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
