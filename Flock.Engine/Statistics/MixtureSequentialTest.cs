using Flock.Engine.Common;
using Flock.Engine.Experiments;

namespace Flock.Engine.Statistics;

/// <summary>
/// The mixture sequential probability ratio test (mSPRT) of Johari, Koomen, Pekelis and Walsh ("Peeking at A/B tests",
/// KDD 2017; "Always valid inference", Operations Research 2022) with a normal mixture, for an estimate θ̂ of a difference
/// θ whose sampling variance is v (normal approximation; for two arms v = σ²₁/n₁ + σ²₀/n₀):
/// <code>
/// Λ(θ₀) = √(v / (v + τ²)) · exp( τ² (θ̂ − θ₀)² / (2 v (v + τ²)) )
/// </code>
/// τ² is the variance of the mixing distribution N(θ₀, τ²) over alternatives: the test is most sensitive to effects of
/// size about τ. Λ is a nonnegative martingale under H₀: θ = θ₀, so by Ville's inequality P(Λ ever ≥ 1/α) ≤ α however
/// often and whenever one looks. Hence:
/// <list type="bullet">
/// <item>the <b>always-valid p-value</b> p = min(1, 1/Λ(0)) may be read at every look; rejecting when p ≤ α keeps the
/// chance of ever rejecting a true null at α (the running minimum over looks is also always valid);</item>
/// <item>the <b>always-valid confidence sequence</b> {θ₀ : Λ(θ₀) &lt; 1/α} = θ̂ ± h with
/// h = √( 2 v (v + τ²) / τ² · ( ln(1/α) + ½ ln((v + τ²)/v) ) ) covers θ at every look simultaneously with probability ≥ 1 − α.</item>
/// </list>
/// The two agree by construction: p ≤ α exactly when 0 lies outside the interval. The test is two-sided.
/// </summary>
public static class MixtureSequentialTest
{
    /// <summary>ln Λ(θ₀) for an estimate with sampling variance <paramref name="variance"/> and mixing variance <paramref name="mixtureVariance"/>.</summary>
    /// <exception cref="FlockValidationException">A variance is not a positive finite number, or the estimate is not finite.</exception>
    public static double LogLikelihoodRatio(double estimate, double variance, double mixtureVariance, double nullValue = 0)
    {
        Check(estimate, variance, mixtureVariance);
        var d = estimate - nullValue;
        return 0.5 * Math.Log(variance / (variance + mixtureVariance)) + mixtureVariance * d * d / (2 * variance * (variance + mixtureVariance));
    }

    /// <summary>Λ(θ₀) (may be +∞ for overwhelming evidence; use <see cref="LogLikelihoodRatio"/> to compare).</summary>
    public static double LikelihoodRatio(double estimate, double variance, double mixtureVariance, double nullValue = 0) =>
        Math.Exp(LogLikelihoodRatio(estimate, variance, mixtureVariance, nullValue));

    /// <summary>The always-valid p-value min(1, 1/Λ(θ₀)) of H₀: θ = <paramref name="nullValue"/>.</summary>
    public static double PValue(double estimate, double variance, double mixtureVariance, double nullValue = 0) =>
        Math.Min(1, Math.Exp(-LogLikelihoodRatio(estimate, variance, mixtureVariance, nullValue)));

    /// <summary>The half-width h of the always-valid (1 − α) confidence sequence θ̂ ± h.</summary>
    public static double HalfWidth(double variance, double mixtureVariance, double alpha)
    {
        Check(0, variance, mixtureVariance);
        if (!(alpha > 0 && alpha < 1)) throw new FlockValidationException("sequential test", "alpha", "must be strictly between 0 and 1");
        var bound = Math.Log(1 / alpha) + 0.5 * Math.Log((variance + mixtureVariance) / variance);
        return Math.Sqrt(2 * variance * (variance + mixtureVariance) / mixtureVariance * bound);
    }

    /// <summary>The always-valid (1 − α) confidence sequence for θ at this look: θ̂ ± <see cref="HalfWidth"/>.</summary>
    public static Interval ConfidenceSequence(double estimate, double variance, double mixtureVariance, double alpha)
    {
        var h = HalfWidth(variance, mixtureVariance, alpha);
        return new Interval(estimate - h, estimate + h);
    }

    private static void Check(double estimate, double variance, double mixtureVariance)
    {
        var problems = new ProblemCollector();
        if (!double.IsFinite(estimate)) problems.Add("estimate", "must be a finite number");
        if (!(variance > 0) || !double.IsFinite(variance)) problems.Add("variance", "must be a positive finite number");
        if (!(mixtureVariance > 0) || !double.IsFinite(mixtureVariance)) problems.Add("mixtureVariance", "must be a positive finite number");
        problems.ToResult().ThrowIfInvalid("sequential test");
    }
}
