using Flock.Engine.Common;
using Flock.Engine.Experiments;

namespace Flock.Engine.Statistics;

/// <summary>
/// Compares arms on per-shopper samples with a rule that survives peeking: the always-valid mSPRT of
/// <see cref="MixtureSequentialTest"/> on the difference of means (normal approximation).
/// <list type="bullet">
/// <item><b>Estimate</b>: θ̂ = mean(treatment) − mean(control); for <see cref="Metric.Conversion"/> means are rates and
/// v = p₁(1 − p₁)/n₁ + p₀(1 − p₀)/n₀; for <see cref="Metric.ValuePerShopper"/> v = s₁²/n₁ + s₀²/n₀ (sample variances).</item>
/// <item><b>Minimum sample</b>: both arms need <see cref="ComparisonOptions.MinShoppersPerArm"/> shoppers and
/// <see cref="ComparisonOptions.MinConversionsPerArm"/> converted shoppers (buyers), and v &gt; 0; below it the verdict is
/// <see cref="Verdict.NotEnoughData"/> with "N more shoppers needed" and no number.</item>
/// <item><b>Decision</b>: a winner only when the always-valid p ≤ α (two-sided), which is exactly when the always-valid
/// interval shown excludes 0. τ = <see cref="ComparisonOptions.MixtureSd"/> or RelativeMde × pooled mean.</item>
/// </list>
/// Pure and deterministic; inputs are validated and every problem is reported with its path.
/// </summary>
public static class SequentialComparison
{
    private const long SearchCeiling = 1_000_000_000_000L;

    /// <summary>One comparison at <see cref="ComparisonOptions.Alpha"/>.</summary>
    /// <exception cref="FlockValidationException">A sample or the options are invalid, or a value metric lacks Σ value / Σ value².</exception>
    public static Comparison Compare(ArmSample control, ArmSample treatment, Metric metric, ComparisonOptions? options = null)
    {
        options ??= ComparisonOptions.Default;
        var problems = new ProblemCollector();
        CheckSample(control, metric, problems, "control");
        CheckSample(treatment, metric, problems, "treatment");
        CheckCommon(metric, options, problems);
        problems.ToResult().ThrowIfInvalid("comparison");
        return CompareAt(control, treatment, metric, options, options.Alpha);
    }

    /// <summary>
    /// Every comparison of one experiment: with <paramref name="control"/> (e.g. <see cref="ArmSamples.Holdout"/>), each
    /// other arm against it; without, every pair (the earlier arm as control). Each at α ÷ comparisons, so the chance of
    /// any false winner stays ≤ α. The probability to be best is descriptive and only given when every arm has the minimum sample.
    /// </summary>
    /// <exception cref="FlockValidationException">Samples or options are invalid, fewer than two arms, or the control is not one of them.</exception>
    public static ExperimentVerdict Analyze(IReadOnlyList<ArmSample> arms, Metric metric, string? control = null, ComparisonOptions? options = null)
    {
        options ??= ComparisonOptions.Default;
        var problems = new ProblemCollector();
        ArmSamples.Validate(arms, problems, "arms");
        if (arms is not null)
        {
            if (arms.Count < 2) problems.Add("arms", "at least two arms are needed to compare");
            for (var i = 0; i < arms.Count; i++)
                if (arms[i] is { } a && metric == Metric.ValuePerShopper && !a.HasValues)
                    problems.Add(ProblemCollector.Join(ProblemCollector.Index("arms", i), "sumValue"), "a value metric needs the sum of values and of squares");
            if (control is not null && !arms.Any(a => a is not null && a.Arm == control))
                problems.Add("control", $"'{control}' is not one of the arms");
        }

        CheckCommon(metric, options, problems);
        problems.ToResult().ThrowIfInvalid("experiment samples");
        var samples = arms!;

        var pairs = new List<(ArmSample Control, ArmSample Treatment)>();
        if (control is not null)
        {
            var c = samples.First(a => a.Arm == control);
            pairs.AddRange(samples.Where(a => a.Arm != control).Select(t => (c, t)));
        }
        else
        {
            for (var i = 0; i < samples.Count; i++)
            for (var j = i + 1; j < samples.Count; j++)
                pairs.Add((samples[i], samples[j]));
        }

        var alpha = options.Alpha / pairs.Count;
        var comparisons = pairs.Select(p => CompareAt(p.Control, p.Treatment, metric, options, alpha)).ToArray();

        var everyoneMeasured = samples.All(a => HasMinimumSample(a, metric, options));
        var best = everyoneMeasured ? ProbabilityToBeBest(samples, metric, options) : null;
        var summaries = samples.Select((a, i) => new ArmSummary(a, HasMinimumSample(a, metric, options),
            HasMinimumSample(a, metric, options) ? Mean(a, metric) : null, best?[i])).ToArray();

        bool Beats(string arm, Comparison c) =>
            (c.Treatment == arm && c.Verdict == Verdict.TreatmentBetter) || (c.Control == arm && c.Verdict == Verdict.ControlBetter);

        string? winner = null;
        var controlWins = false;
        IReadOnlyList<string> beatControl = [];
        if (control is not null)
        {
            beatControl = comparisons.Where(c => c.Verdict == Verdict.TreatmentBetter).Select(c => c.Treatment).ToArray();
            if (beatControl.Count == 1) winner = beatControl[0];
            controlWins = comparisons.All(c => c.Verdict == Verdict.ControlBetter);
        }
        else
        {
            winner = samples.Select(a => a.Arm).FirstOrDefault(arm =>
                comparisons.Where(c => c.Control == arm || c.Treatment == arm).All(c => Beats(arm, c)));
        }

        return new ExperimentVerdict
        {
            Metric = metric,
            Control = control,
            Alpha = options.Alpha,
            ComparisonAlpha = alpha,
            Arms = summaries,
            Comparisons = comparisons,
            Winner = winner,
            ControlWins = controlWins,
            BeatControl = beatControl,
        };
    }

    /// <summary>Whether an arm has the minimum sample of <paramref name="options"/> for <paramref name="metric"/>.</summary>
    public static bool HasMinimumSample(ArmSample sample, Metric metric, ComparisonOptions options) =>
        sample.Shoppers >= options.MinShoppersPerArm && sample.Converted >= options.MinConversionsPerArm
        && (metric == Metric.Conversion || sample.HasValues);

    internal static Comparison CompareAt(ArmSample control, ArmSample treatment, Metric metric, ComparisonOptions options, double alpha)
    {
        var baseline = new Comparison
        {
            Control = control.Arm,
            Treatment = treatment.Arm,
            Metric = metric,
            Verdict = Verdict.NotEnoughData,
            Alpha = alpha,
            ControlSample = control,
            TreatmentSample = treatment,
        };

        var tau = MixtureSd(control, treatment, metric, options);
        var variance = SamplingVariance(control, metric) + SamplingVariance(treatment, metric);
        if (!HasMinimumSample(control, metric, options) || !HasMinimumSample(treatment, metric, options)
            || !(variance > 0) || tau is not > 0)
            return baseline with { MoreNeeded = Shortfall(control, treatment, metric, options, alpha) };

        var c = Mean(control, metric)!.Value;
        var t = Mean(treatment, metric)!.Value;
        var difference = t - c;
        var tau2 = tau.Value * tau.Value;
        var p = MixtureSequentialTest.PValue(difference, variance, tau2);
        var interval = MixtureSequentialTest.ConfidenceSequence(difference, variance, tau2, alpha);
        var verdict = p <= alpha ? (difference > 0 ? Verdict.TreatmentBetter : Verdict.ControlBetter) : Verdict.NoDifferenceYet;
        return baseline with
        {
            Verdict = verdict,
            ControlMean = c,
            TreatmentMean = t,
            Difference = difference,
            RelativeDifference = c != 0 ? t / c - 1 : null,
            Interval = interval,
            PValue = p,
            MixtureSd = tau,
            MoreNeeded = verdict == Verdict.NoDifferenceYet ? Shortfall(control, treatment, metric, options, alpha) : null,
        };
    }

    internal static double? Mean(ArmSample sample, Metric metric) =>
        metric == Metric.Conversion ? sample.ConversionRate : sample.MeanValue;

    /// <summary>σ² ÷ n of the arm's mean (0 when unknown).</summary>
    private static double SamplingVariance(ArmSample sample, Metric metric)
    {
        if (sample.Shoppers == 0) return 0;
        if (metric == Metric.Conversion)
        {
            var p = sample.ConversionRate!.Value;
            return p * (1 - p) / sample.Shoppers;
        }

        return (sample.ValueVariance ?? 0) / sample.Shoppers;
    }

    private static double? PooledMean(ArmSample a, ArmSample b, Metric metric)
    {
        var n = a.Shoppers + b.Shoppers;
        if (n == 0) return null;
        return metric == Metric.Conversion
            ? (double)(a.Converted + b.Converted) / n
            : ((a.SumValue ?? 0) + (b.SumValue ?? 0)) / n;
    }

    private static double? MixtureSd(ArmSample a, ArmSample b, Metric metric, ComparisonOptions options)
    {
        if (options.MixtureSd is { } fixedTau) return fixedTau;
        return PooledMean(a, b, metric) is { } mean && mean != 0 ? Math.Abs(mean) * options.RelativeMde : null;
    }

    /// <summary>Per-shopper variance under the planning assumptions: (control, treatment), or null when unknown.</summary>
    private static (double Control, double Treatment, double Effect)? PlanningVariances(ArmSample a, ArmSample b, Metric metric, ComparisonOptions options)
    {
        if (PooledMean(a, b, metric) is not { } mean || mean == 0) return null;
        var effect = Math.Abs(mean) * options.RelativeMde;
        if (metric == Metric.Conversion)
        {
            var treated = Math.Min(mean + effect, 1 - 1e-9);
            return (mean * (1 - mean), treated * (1 - treated), effect);
        }

        var n = a.Shoppers + b.Shoppers;
        var sum = (a.SumValue ?? 0) + (b.SumValue ?? 0);
        var squares = (a.SumSquares ?? 0) + (b.SumSquares ?? 0);
        if (n < 2) return null;
        var pooled = Math.Max(0, (squares - sum * sum / n) / (n - 1));
        return pooled > 0 ? (pooled, pooled, effect) : null;
    }

    private static ShopperShortfall Shortfall(ArmSample control, ArmSample treatment, Metric metric, ComparisonOptions options, double alpha)
    {
        var arms = new[] { control, treatment };
        var total = control.Shoppers + treatment.Shoppers;
        var shares = control.Shoppers > 0 && treatment.Shoppers > 0
            ? new[] { (double)control.Shoppers / total, (double)treatment.Shoppers / total }
            : options.ControlShare is { } c && c > 0 && c < 1 ? [c, 1 - c] : [0.5, 0.5];
        var smallest = Math.Min(shares[0], shares[1]);

        // (a) the minimum sample by shopper count, and by converted shoppers at the pooled conversion (buyer) rate.
        double needed = options.MinShoppersPerArm / smallest;
        var isLowerBound = false;
        var convertedRate = total == 0 ? 0 : (double)(control.Converted + treatment.Converted) / total;
        if (options.MinConversionsPerArm > 0)
        {
            if (convertedRate > 0) needed = Math.Max(needed, options.MinConversionsPerArm / (convertedRate * smallest));
            else isLowerBound = true;
        }

        // (b) the always-valid test would declare an effect of the MDE with the stated power.
        double? mde = null;
        if (PlanningVariances(control, treatment, metric, options) is { } plan)
        {
            mde = plan.Effect;
            var tau = options.MixtureSd ?? plan.Effect;
            var perShopper = plan.Control / shares[0] + plan.Treatment / shares[1];
            var detect = SequentialTotal(perShopper, tau * tau, plan.Effect, alpha, options.Power);
            if (detect is { } n) needed = Math.Max(needed, n);
            else isLowerBound = true;
        }
        else isLowerBound = true;

        var target = (long)Math.Min(Math.Ceiling(needed), SearchCeiling);
        var perArm = new ArmShortfall[2];
        for (var i = 0; i < 2; i++)
        {
            var arm = arms[i];
            var more = Math.Max(0, (long)Math.Ceiling(shares[i] * target) - arm.Shoppers);
            more = Math.Max(more, options.MinShoppersPerArm - arm.Shoppers);
            //k more conversions need at least k more shoppers (each converts at most once), even before any rate is seen
            if (arm.Converted < options.MinConversionsPerArm)
                more = Math.Max(more, arm.ConversionRate is > 0 and var rate
                    ? (long)Math.Ceiling((options.MinConversionsPerArm - arm.Converted) / rate)
                    : options.MinConversionsPerArm - arm.Converted);
            perArm[i] = new ArmShortfall(arm.Arm, arm.Shoppers, more);
        }

        // Shoppers arrive split as so far: the arm furthest behind its share sets the total.
        var moreTotal = Math.Max(0, target - total);
        for (var i = 0; i < 2; i++)
            if (perArm[i].MoreShoppers > 0)
                moreTotal = Math.Max(moreTotal, (long)Math.Ceiling(perArm[i].MoreShoppers / shares[i]));
        return new ShopperShortfall(moreTotal, perArm, isLowerBound, mde);
    }

    /// <summary>
    /// The smallest total N with h(v) + z_power·√v ≤ effect, where v = perShopperVariance ÷ N and h is the always-valid
    /// half-width; null when beyond reach.
    /// </summary>
    internal static long? SequentialTotal(double perShopperVariance, double mixtureVariance, double effect, double alpha, double power)
    {
        var zPower = Normal.Quantile(power);
        bool Enough(long n)
        {
            var v = perShopperVariance / n;
            return MixtureSequentialTest.HalfWidth(v, mixtureVariance, alpha) + zPower * Math.Sqrt(v) <= effect;
        }

        long high = 1;
        while (!Enough(high))
        {
            if (high >= SearchCeiling) return null;
            high = Math.Min(high * 2, SearchCeiling);
        }

        var low = high / 2;
        while (high - low > 1)
        {
            var middle = low + (high - low) / 2;
            if (Enough(middle)) high = middle;
            else low = middle;
        }

        return high;
    }

    private static double[] ProbabilityToBeBest(IReadOnlyList<ArmSample> arms, Metric metric, ComparisonOptions options)
    {
        var random = new Random(options.Seed);
        var wins = new long[arms.Count];
        for (var draw = 0; draw < options.Draws; draw++)
        {
            var best = 0;
            var bestValue = double.NegativeInfinity;
            for (var i = 0; i < arms.Count; i++)
            {
                var a = arms[i];
                var value = metric == Metric.Conversion
                    ? BetaSampler.Posterior(random, a.Shoppers, a.Converted)
                    : a.MeanValue!.Value + Math.Sqrt((a.ValueVariance ?? 0) / a.Shoppers) * BetaSampler.StandardNormal(random);
                if (value > bestValue)
                {
                    bestValue = value;
                    best = i;
                }
            }

            wins[best]++;
        }

        return wins.Select(w => (double)w / options.Draws).ToArray();
    }

    private static void CheckSample(ArmSample? sample, Metric metric, ProblemCollector problems, string path)
    {
        if (sample is null) { problems.Add(path, "must not be null"); return; }
        sample.Validate(problems, path);
        if (metric == Metric.ValuePerShopper && !sample.HasValues)
            problems.Add(ProblemCollector.Join(path, "sumValue"), "a value metric needs the sum of values and of squares");
    }

    private static void CheckCommon(Metric metric, ComparisonOptions? options, ProblemCollector problems)
    {
        if (!Enum.IsDefined(metric)) problems.Add("metric", $"unknown metric {(int)metric}");
        if (options is null) problems.Add("options", "must not be null");
        else options.Validate(problems, "options");
    }
}
