using Flock.Engine.Common;
using Flock.Engine.Statistics;

namespace Flock.Engine.Tests.Statistics;

public sealed class SamplePlannerTests
{
    [Fact]
    public void Two_proportion_sample_size_matches_the_textbook_example()
    {
        // Fleiss, Levin & Paik (Statistical Methods for Rates and Proportions, table of n per group, α = 0.05 two-sided,
        // power 0.80): p₀ = 0.15, p₁ = 0.30 needs 121 per group by the uncorrected formula and 134 with the continuity correction.
        Assert.Equal(121, SamplePlanner.Plan(0.15, 0.30).ControlShoppers);
        Assert.Equal(134, SamplePlanner.Plan(0.15, 0.30, continuityCorrection: true).ControlShoppers);
    }

    [Fact]
    public void Two_proportion_sample_size_matches_the_common_calculator_value()
    {
        // 5 % vs 10 %, α = 0.05, power 0.80: 435 per group (474 with Fleiss's continuity correction).
        var plan = SamplePlanner.Plan(0.05, 0.10);
        Assert.Equal(435, plan.ControlShoppers);
        Assert.Equal(435, plan.TreatmentShoppers);
        Assert.Equal(870, plan.TotalShoppers);
        Assert.Equal(0.05, plan.MinimumDetectableEffect, 12);
        Assert.Equal(474, SamplePlanner.Plan(0.05, 0.10, continuityCorrection: true).ControlShoppers);
    }

    [Fact]
    public void A_small_holdout_needs_fewer_held_out_shoppers_but_more_in_total()
    {
        var equal = SamplePlanner.PlanRelative(0.03, 0.2);
        var holdout10 = SamplePlanner.PlanRelative(0.03, 0.2, treatmentPerControl: 9);

        Assert.Equal(13_914, equal.ControlShoppers); // [1.96·√(2·0.033·0.967) + 0.8416·√(0.03·0.97 + 0.036·0.964)]² / 0.006²
        Assert.True(holdout10.ControlShoppers < equal.ControlShoppers);
        Assert.True(holdout10.TotalShoppers > equal.TotalShoppers);
        Assert.Equal(holdout10.ControlShoppers * 9, holdout10.TreatmentShoppers, 9.0);
    }

    [Fact]
    public void The_always_valid_plan_costs_more_shoppers_than_the_fixed_horizon()
    {
        var plan = SamplePlanner.Plan(0.05, 0.10);
        Assert.InRange(plan.SequentialControlShoppers, plan.ControlShoppers + 1, plan.ControlShoppers * 3);
        // Cross-checked with an independent script of the same closed form (README table).
        Assert.Equal(837, plan.SequentialControlShoppers);
        Assert.Equal(26_959, SamplePlanner.PlanRelative(0.03, 0.2).SequentialControlShoppers);
        Assert.Equal((1683L, 3256L), (SamplePlanner.Plan(0.20, 0.24).ControlShoppers, SamplePlanner.Plan(0.20, 0.24).SequentialControlShoppers));
        Assert.Equal((953L, 9530L), (SamplePlanner.Plan(0.20, 0.24, treatmentPerControl: 9).ControlShoppers, SamplePlanner.Plan(0.20, 0.24, treatmentPerControl: 9).TotalShoppers));
    }

    [Fact]
    public void The_minimum_detectable_effect_inverts_the_sample_size()
    {
        var mde = SamplePlanner.MinimumDetectableEffect(0.05, 435)!.Value;
        Assert.InRange(mde, 0.0495, 0.0501);
        Assert.Equal(435, SamplePlanner.Plan(0.05, 0.05 + mde).ControlShoppers);
        Assert.True(SamplePlanner.MinimumDetectableEffect(0.05, 10_000) < mde);
    }

    [Fact]
    public void Mean_sample_size_is_the_textbook_two_sample_formula()
    {
        // 2 (1.95996 + 0.84162)² σ²/δ² with σ = 1, δ = 0.5: 62.79 → 63 per arm.
        Assert.Equal(63, SamplePlanner.ShoppersPerArmForMean(1, 0.5));
    }

    [Fact]
    public void Bad_plans_are_rejected_with_every_problem()
    {
        var error = Assert.Throws<FlockValidationException>(() => SamplePlanner.Plan(0, 0.1, alpha: 0.7, power: 0.2, treatmentPerControl: 0));
        Assert.Equal(["baselineRate", "treatmentPerControl", "alpha", "power"], error.Problems.Select(p => p.Path));
        Assert.Throws<FlockValidationException>(() => SamplePlanner.Plan(0.1, 0.1));
    }
}
