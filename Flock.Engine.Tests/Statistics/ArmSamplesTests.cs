using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Flock.Engine.Common;
using Flock.Engine.Statistics;

namespace Flock.Engine.Tests.Statistics;

public sealed class ArmSamplesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Per_shopper_records_become_per_arm_samples_with_sums_for_a_value_metric()
    {
        var samples = ArmSamples.FromShoppers(
        [
            new ShopperOutcome("a", "holdout", false),
            new ShopperOutcome("b", "holdout", true, 100),
            new ShopperOutcome("c", "1", true, 30),
            new ShopperOutcome("d", "1", true, 50),
            new ShopperOutcome("e", "1", false),
        ], [ArmSamples.Holdout, "1", "2"]);

        Assert.Equal(
            [new ArmSample("holdout", 2, 1, 100, 10_000), new ArmSample("1", 3, 2, 80, 3400), ArmSample.Empty("2")],
            samples);
        Assert.Equal(80.0 / 3, samples[1].MeanValue!.Value, 10);
        Assert.Equal((3400 - 80.0 * 80 / 3) / 2, samples[1].ValueVariance!.Value, 10); // 633.33
        Assert.Null(samples[2].ConversionRate);
    }

    [Fact]
    public void A_shopper_listed_twice_is_rejected_with_a_clear_message()
    {
        var error = Assert.Throws<FlockValidationException>(() => ArmSamples.FromShoppers(
            [new ShopperOutcome("a", "1", true), new ShopperOutcome("a", "holdout", false)]));

        var problem = error.Problems.Single();
        Assert.Equal("shoppers[1].shopperKey", problem.Path);
        Assert.Contains("count each shopper once", problem.Message);
    }

    [Fact]
    public void More_converted_than_shoppers_is_rejected_with_a_clear_message()
    {
        var problem = new ArmSample("1", 1000, 1030).Validate().Problems.Single();

        Assert.Equal("arm.converted", problem.Path);
        Assert.Contains("1030 converted shoppers but only 1000 shoppers", problem.Message);
        Assert.Throws<FlockValidationException>(() =>
            SequentialComparison.Compare(new ArmSample("holdout", 1000, 0), new ArmSample("1", 1000, 1030), Metric.Conversion));
    }

    [Fact]
    public void Inconsistent_sums_are_rejected()
    {
        Assert.Equal(["arm.sumSquares"], new ArmSample("x", 10, 1, 50, null).Validate().Problems.Select(p => p.Path));
        Assert.Equal(["arm.sumSquares"], new ArmSample("x", 2, 2, 10, 1).Validate().Problems.Select(p => p.Path)); // 10² > 2·1
        Assert.Equal(["arm.shoppers"], new ArmSample("x", 0, 0, 5, 25).Validate().Problems.Select(p => p.Path));
        Assert.True(new ArmSample("x", 2, 2, 10, 50).Validate().IsValid);
    }

    [Fact]
    public void The_first_assignment_of_a_shopper_wins_and_later_ones_are_counted()
    {
        var distinct = ArmSamples.FirstPerShopper(
        [
            new ShopperAssignment("a", "2", T0.AddDays(3)),
            new ShopperAssignment("a", "holdout", T0.AddDays(1)),
            new ShopperAssignment("b", "1", T0),
            new ShopperAssignment("b", "1", T0),
        ]);

        Assert.Equal([new ShopperAssignment("b", "1", T0), new ShopperAssignment("a", "holdout", T0.AddDays(1))], distinct.Assignments);
        Assert.Equal(2, distinct.DuplicatesIgnored);
    }

    private static Gen<ShopperOutcome[]> Shoppers =>
        from count in Gen.Choose(0, 60)
        from rows in Gen.ArrayOf(
            from arm in Gen.Elements("holdout", "1", "2")
            from converted in Gen.Elements(true, false)
            from value in Gen.Choose(0, 500)
            select (arm, converted, value), count)
        select rows.Select((r, i) => new ShopperOutcome($"s{i}", r.arm, r.converted, r.converted ? r.value : 0)).ToArray();

    [Property(MaxTest = 200)]
    public Property Samples_built_from_shoppers_are_valid_and_never_convert_more_than_they_have() =>
        Prop.ForAll(Shoppers.ToArbitrary(), rows =>
        {
            var samples = ArmSamples.FromShoppers(rows);
            return ArmSamples.Validate(samples).IsValid
                && samples.All(s => s.Converted <= s.Shoppers)
                && samples.Sum(s => s.Shoppers) == rows.Length
                && samples.Sum(s => s.Converted) == rows.Count(r => r.Converted);
        });
}
