using Flock.Engine.Common;

namespace Flock.Engine.Statistics;

/// <summary>A fixed-horizon sample plan for two proportions, as shown to the admin before a test starts.</summary>
/// <param name="BaselineRate">The control's expected rate p₀.</param>
/// <param name="TreatmentRate">The rate p₁ the test should detect (p₀ + MDE).</param>
/// <param name="Alpha">Two-sided significance level.</param>
/// <param name="Power">Chance of detecting p₁ − p₀.</param>
/// <param name="TreatmentPerControl">Allocation ratio r = n₁ ÷ n₀ (1 = equal arms; 9 = a 10 % holdout).</param>
/// <param name="ControlShoppers">n₀, the control's (holdout's) shoppers.</param>
/// <param name="TreatmentShoppers">n₁ = r · n₀ (rounded up).</param>
/// <param name="SequentialControlShoppers">n₀ by which the always-valid test of <see cref="SequentialComparison"/> (τ = MDE)
/// detects the same effect with the same power; larger, the price of being allowed to look at any time.</param>
public sealed record SamplePlan(
    double BaselineRate, double TreatmentRate, double Alpha, double Power, double TreatmentPerControl,
    long ControlShoppers, long TreatmentShoppers, long SequentialControlShoppers)
{
    /// <summary>The minimum detectable effect, absolute (p₁ − p₀).</summary>
    public double MinimumDetectableEffect => TreatmentRate - BaselineRate;

    /// <summary>n₀ + n₁.</summary>
    public long TotalShoppers => ControlShoppers + TreatmentShoppers;
}

/// <summary>
/// Fixed-horizon sample sizes for comparing two proportions (the standard normal-approximation formula of Fleiss, Tytun
/// and Ury, 1980, as in Fleiss, Levin and Paik, <i>Statistical Methods for Rates and Proportions</i>):
/// <code>
/// n₀ = [ z₁₋α/₂ √((r + 1) p̄ q̄) + z₁₋β √(r p₀q₀ + p₁q₁) ]² ÷ (r δ²),   p̄ = (p₀ + r p₁) ÷ (r + 1),  n₁ = r n₀
/// </code>
/// with δ = p₁ − p₀ (for r = 1 the familiar [z_α √(2p̄q̄) + z_β √(p₀q₀ + p₁q₁)]² ÷ δ²). The optional continuity correction is
/// Fleiss's n' = n/4 · (1 + √(1 + 2(r + 1)/(n r |δ|)))². A fixed horizon is only valid when looked at once, at the planned
/// size; <see cref="SamplePlan.SequentialControlShoppers"/> gives the size for the always-valid test, which may be looked at any time.
/// </summary>
public static class SamplePlanner
{
    /// <summary>The plan for detecting <paramref name="treatmentRate"/> against <paramref name="baselineRate"/>.</summary>
    /// <exception cref="FlockValidationException">A rate, α, power or ratio is out of range, or the rates are equal.</exception>
    public static SamplePlan Plan(double baselineRate, double treatmentRate, double alpha = 0.05, double power = 0.8,
        double treatmentPerControl = 1, bool continuityCorrection = false)
    {
        Check(baselineRate, treatmentRate, alpha, power, treatmentPerControl);
        var control = ControlShoppers(baselineRate, treatmentRate, alpha, power, treatmentPerControl, continuityCorrection);
        var perShopper = baselineRate * (1 - baselineRate) * (1 + treatmentPerControl) + treatmentRate * (1 - treatmentRate) * (1 + treatmentPerControl) / treatmentPerControl;
        var delta = Math.Abs(treatmentRate - baselineRate);
        var sequentialTotal = SequentialComparison.SequentialTotal(perShopper, delta * delta, delta, alpha, power);
        var sequentialControl = sequentialTotal is { } n ? (long)Math.Ceiling(n / (1 + treatmentPerControl)) : long.MaxValue;
        return new SamplePlan(baselineRate, treatmentRate, alpha, power, treatmentPerControl, control,
            (long)Math.Ceiling(control * treatmentPerControl - 1e-9), Math.Max(sequentialControl, control));
    }

    /// <summary>The plan for a relative lift: p₁ = p₀ · (1 + <paramref name="relativeMde"/>).</summary>
    public static SamplePlan PlanRelative(double baselineRate, double relativeMde, double alpha = 0.05, double power = 0.8,
        double treatmentPerControl = 1, bool continuityCorrection = false) =>
        Plan(baselineRate, baselineRate * (1 + relativeMde), alpha, power, treatmentPerControl, continuityCorrection);

    /// <summary>
    /// The smallest upward difference p₁ − p₀ detectable with <paramref name="controlShoppers"/> in the control (and r times
    /// as many in the treatment) at α and power: the inverse of <see cref="Plan"/> (found by bisection). Null when even
    /// p₁ → 1 is not detectable.
    /// </summary>
    public static double? MinimumDetectableEffect(double baselineRate, long controlShoppers, double alpha = 0.05, double power = 0.8,
        double treatmentPerControl = 1)
    {
        Check(baselineRate, Math.Min(baselineRate + 1e-6, 1 - 1e-9), alpha, power, treatmentPerControl);
        if (controlShoppers < 1) throw new FlockValidationException("sample plan", "controlShoppers", "must be at least 1");
        double Needed(double p1) => RawControlShoppers(baselineRate, p1, alpha, power, treatmentPerControl);
        var high = 1 - 1e-9;
        if (Needed(high) > controlShoppers) return null;
        var low = baselineRate;
        for (var i = 0; i < 200 && high - low > 1e-12; i++)
        {
            var middle = (low + high) / 2;
            if (Needed(middle) <= controlShoppers) high = middle;
            else low = middle;
        }

        return high - baselineRate;
    }

    /// <summary>
    /// Shoppers per arm to detect a difference <paramref name="effect"/> in a mean (e.g. revenue per shopper) with
    /// per-shopper standard deviation <paramref name="standardDeviation"/>: 2 (z₁₋α/₂ + z₁₋β)² σ² ÷ δ² (equal arms).
    /// </summary>
    public static long ShoppersPerArmForMean(double standardDeviation, double effect, double alpha = 0.05, double power = 0.8)
    {
        var problems = new ProblemCollector();
        if (!(standardDeviation > 0 && double.IsFinite(standardDeviation))) problems.Add("standardDeviation", "must be a positive finite number");
        if (!(effect != 0 && double.IsFinite(effect))) problems.Add("effect", "must be a non-zero finite number");
        CheckLevels(alpha, power, problems);
        problems.ToResult().ThrowIfInvalid("sample plan");
        var z = Normal.Quantile(1 - alpha / 2) + Normal.Quantile(power);
        return (long)Math.Ceiling(2 * z * z * standardDeviation * standardDeviation / (effect * effect) - 1e-9);
    }

    private static long ControlShoppers(double p0, double p1, double alpha, double power, double r, bool continuityCorrection)
    {
        var n = RawControlShoppers(p0, p1, alpha, power, r);
        if (continuityCorrection)
        {
            var delta = Math.Abs(p1 - p0);
            n = n / 4 * Math.Pow(1 + Math.Sqrt(1 + 2 * (r + 1) / (n * r * delta)), 2);
        }

        return (long)Math.Ceiling(n - 1e-9);
    }

    private static double RawControlShoppers(double p0, double p1, double alpha, double power, double r)
    {
        var zAlpha = Normal.Quantile(1 - alpha / 2);
        var zBeta = Normal.Quantile(power);
        var pBar = (p0 + r * p1) / (r + 1);
        var delta = p1 - p0;
        var root = zAlpha * Math.Sqrt((r + 1) * pBar * (1 - pBar)) + zBeta * Math.Sqrt(r * p0 * (1 - p0) + p1 * (1 - p1));
        return root * root / (r * delta * delta);
    }

    private static void Check(double p0, double p1, double alpha, double power, double r)
    {
        var problems = new ProblemCollector();
        if (!(p0 > 0 && p0 < 1)) problems.Add("baselineRate", "must be strictly between 0 and 1");
        if (!(p1 > 0 && p1 < 1)) problems.Add("treatmentRate", "must be strictly between 0 and 1");
        else if (p1 == p0) problems.Add("treatmentRate", "must differ from the baseline rate");
        if (!(r > 0 && double.IsFinite(r))) problems.Add("treatmentPerControl", "must be a positive finite number");
        CheckLevels(alpha, power, problems);
        problems.ToResult().ThrowIfInvalid("sample plan");
    }

    private static void CheckLevels(double alpha, double power, ProblemCollector problems)
    {
        if (!(alpha > 0 && alpha < 0.5)) problems.Add("alpha", "must be strictly between 0 and 0.5");
        if (!(power >= 0.5 && power < 1)) problems.Add("power", "must be at least 0.5 and below 1");
    }
}
