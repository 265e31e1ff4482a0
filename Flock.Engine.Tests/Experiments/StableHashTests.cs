using Flock.Engine.Experiments;

namespace Flock.Engine.Tests.Experiments;

public class StableHashTests
{
    [Fact]
    public void Hash_values_are_pinned_so_stored_assignments_survive_restarts_and_upgrades()
    {
        // Values cross-checked with an independent Python implementation of FNV-1a + fmix64. If this fails the algorithm changed: every shopper would silently move arm. Do not "fix" the constants.
        Assert.Equal(PinnedHashOfCustomer42, StableHash.Of("customer:42", "campaigns:3,7"));
        Assert.Equal(PinnedHashOfEmpty, StableHash.Of("", ""));
    }

    [Fact]
    public void Key_boundaries_matter()
    {
        Assert.NotEqual(StableHash.Of("ab", "c"), StableHash.Of("a", "bc"));
        Assert.NotEqual(StableHash.Of("a", "b"), StableHash.Of("b", "a"));
    }

    [Fact]
    public void Streams_of_one_hash_are_different_points_in_the_unit_interval()
    {
        var hash = StableHash.Of("visitor-7f3a", "exp");
        var holdout = StableHash.Point(hash, StableHash.HoldoutStream);
        var arm = StableHash.Point(hash, StableHash.ArmStream);
        Assert.NotEqual(holdout, arm);
        Assert.InRange(holdout, 0, 1 - double.Epsilon);
        Assert.InRange(arm, 0, 1 - double.Epsilon);
    }

    [Fact]
    public void Points_are_uniform_over_sequential_customer_ids()
    {
        const int n = 100_000;
        const int buckets = 20;
        var counts = new int[buckets];
        for (var i = 0; i < n; i++) counts[(int)(StableHash.Point($"customer:{i}", "exp-1", StableHash.ArmStream) * buckets)]++;

        // Chi-square with 19 degrees of freedom: 99.9th percentile is about 43.8.
        var expected = (double)n / buckets;
        var chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chiSquare < 43.8, $"chi-square {chiSquare:F1}");
    }

    [Fact]
    public void Holdout_and_arm_points_are_uncorrelated()
    {
        // Among shoppers whose holdout point is low, the arm point must still be uniform.
        var armPoints = Enumerable.Range(0, 200_000)
            .Select(i => StableHash.Of($"v{i}", "exp"))
            .Where(h => StableHash.Point(h, StableHash.HoldoutStream) < 0.1)
            .Select(h => StableHash.Point(h, StableHash.ArmStream))
            .ToArray();
        Assert.InRange(armPoints.Average(), 0.48, 0.52);
        Assert.InRange(armPoints.Count(p => p < 0.1) / (double)armPoints.Length, 0.09, 0.11);
    }

    private const ulong PinnedHashOfCustomer42 = 5521256028245458619UL;
    private const ulong PinnedHashOfEmpty = 8922497616986557598UL;
}
