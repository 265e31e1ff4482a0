using Flock.Engine.Common;
using Flock.Engine.Statistics;

namespace Flock.Engine.Tests.Statistics;

public sealed class MixtureSequentialTestTests
{
    // Hand computation from the closed form (Johari et al. 2017, normal mixture) for 300/10 000 vs 400/10 000, τ = 0.01:
    // v = 0.03·0.97/10⁴ + 0.04·0.96/10⁴ = 6.75e-6;  ln Λ = ½ ln(v/(v+τ²)) + τ²θ̂²/(2v(v+τ²))
    //   = ½ ln(6.75e-6/1.0675e-4) + 1e-8/(2·6.75e-6·1.0675e-4) = −1.380420 + 6.938970 = 5.558550
    // Λ = 259.446, p = 1/Λ = 0.0038544;  h = √(2v(v+τ²)/τ² · (ln 20 + ½ ln((v+τ²)/v))) = 0.0079414.
    private const double Variance = 6.75e-6;
    private const double Tau2 = 1e-4;

    [Fact]
    public void Likelihood_ratio_p_value_and_interval_match_the_hand_computed_closed_form()
    {
        Assert.Equal(5.558550, MixtureSequentialTest.LogLikelihoodRatio(0.01, Variance, Tau2), 5);
        Assert.Equal(259.446, MixtureSequentialTest.LikelihoodRatio(0.01, Variance, Tau2), 2);
        Assert.Equal(0.0038544, MixtureSequentialTest.PValue(0.01, Variance, Tau2), 6);
        Assert.Equal(0.0079414, MixtureSequentialTest.HalfWidth(Variance, Tau2, 0.05), 6);
        var interval = MixtureSequentialTest.ConfidenceSequence(0.01, Variance, Tau2, 0.05);
        Assert.Equal(0.0020586, interval.Low, 6);
        Assert.Equal(0.0179414, interval.High, 6);
    }

    [Fact]
    public void An_estimate_at_the_null_gives_p_of_one()
    {
        Assert.Equal(1, MixtureSequentialTest.PValue(0, Variance, Tau2));
        Assert.True(MixtureSequentialTest.LogLikelihoodRatio(0, Variance, Tau2) < 0);
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(0.01)]
    public void The_p_value_crosses_alpha_exactly_where_the_interval_stops_covering_zero(double alpha)
    {
        var h = MixtureSequentialTest.HalfWidth(Variance, Tau2, alpha);
        Assert.True(MixtureSequentialTest.PValue(h * 1.0001, Variance, Tau2) < alpha);
        Assert.True(MixtureSequentialTest.PValue(h * 0.9999, Variance, Tau2) > alpha);
        Assert.Equal(alpha, MixtureSequentialTest.PValue(h, Variance, Tau2), 9);
    }

    [Fact]
    public void The_interval_is_wider_than_a_fixed_horizon_interval_and_shrinks_with_data()
    {
        var fixedHorizon = 1.959964 * Math.Sqrt(Variance);
        Assert.True(MixtureSequentialTest.HalfWidth(Variance, Tau2, 0.05) > fixedHorizon);
        Assert.True(MixtureSequentialTest.HalfWidth(Variance / 4, Tau2, 0.05) < MixtureSequentialTest.HalfWidth(Variance, Tau2, 0.05));
    }

    [Fact]
    public void Overwhelming_evidence_does_not_overflow_the_p_value()
    {
        Assert.Equal(0, MixtureSequentialTest.PValue(0.5, 1e-8, Tau2));
        Assert.True(double.IsPositiveInfinity(MixtureSequentialTest.LikelihoodRatio(0.5, 1e-8, Tau2)));
    }

    [Fact]
    public void Bad_inputs_are_rejected_with_every_problem()
    {
        var error = Assert.Throws<FlockValidationException>(() => MixtureSequentialTest.PValue(double.NaN, 0, -1));
        Assert.Equal(["estimate", "variance", "mixtureVariance"], error.Problems.Select(p => p.Path));
        Assert.Throws<FlockValidationException>(() => MixtureSequentialTest.HalfWidth(Variance, Tau2, 1));
    }
}

public sealed class NormalTests
{
    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(1.959964, 0.975)]
    [InlineData(-1, 0.158655)]
    [InlineData(3, 0.998650)]
    public void The_distribution_function_matches_the_table(double x, double expected) => Assert.Equal(expected, Normal.Cdf(x), 6);

    [Fact]
    public void The_quantile_inverts_the_distribution_function()
    {
        foreach (var p in new[] { 0.001, 0.05, 0.3, 0.8, 0.999 }) Assert.Equal(p, Normal.Cdf(Normal.Quantile(p)), 6);
    }
}
