using Flock.Engine.Common;
using Flock.Engine.Experiments;

namespace Flock.Engine.Tests.Experiments;

public class CreativeAllocatorTests
{
    internal static CreativeSpace TenByTenByTen() => new(
    [
        new CreativeFactor("motivation", Enumerable.Range(0, 10).Select(i => new CreativeLevel($"m{i}")).ToArray()),
        new CreativeFactor("text", Enumerable.Range(0, 10).Select(i => new CreativeLevel($"t{i}")).ToArray()),
        new CreativeFactor("picture", Enumerable.Range(0, 10).Select(i => new CreativeLevel($"p{i}")).ToArray()),
    ]);

    [Fact]
    public void Ten_by_ten_by_ten_is_a_thousand_combinations_with_readable_keys()
    {
        var allocator = new CreativeAllocator(TenByTenByTen(), "campaign:1:v1:creatives");

        Assert.Equal(1000, allocator.Space.CombinationCount);
        var combination = allocator.Combination([2, 5, 9]);
        Assert.Equal("m2|t5|p9", combination.Key);
        Assert.Equal(["m2", "t5", "p9"], combination.LevelIds);
        Assert.Equal(combination, allocator.Find("m2|t5|p9"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("m2|t5")]
    [InlineData("m2|t5|p9|x")]
    [InlineData("m2|t5|p10")]
    [InlineData("m2||p1")]
    public void Keys_that_do_not_name_a_combination_are_not_found(string? key) =>
        Assert.Null(new CreativeAllocator(TenByTenByTen(), "e").Find(key));

    [Fact]
    public void Invalid_space_lists_problems_with_paths()
    {
        var space = new CreativeSpace(
        [
            new CreativeFactor("text", [new CreativeLevel("a|b"), new CreativeLevel("x"), new CreativeLevel("x")]),
            new CreativeFactor("text", []),
            new CreativeFactor("picture", [new CreativeLevel("p", 0)]),
        ]);

        var ex = Assert.Throws<FlockValidationException>(() => new CreativeAllocator(space, ""));

        var problems = ex.Problems.Select(p => p.ToString()).ToArray();
        Assert.Contains("creatives.factors[0].levels[0].id: must not contain '|'", problems);
        Assert.Contains("creatives.factors[0].levels[2].id: duplicate level id 'x'", problems);
        Assert.Contains("creatives.factors[1].key: duplicate factor key 'text'", problems);
        Assert.Contains("creatives.factors[1].levels: at least one level is required", problems);
        Assert.Contains("creatives.factors[2].levels: at least one level must have a positive weight", problems);
        Assert.Contains("experimentKey: must not be empty", problems);
    }

    [Fact]
    public void Fixed_weights_are_sticky_per_shopper_and_respect_level_weights()
    {
        var space = new CreativeSpace(
        [
            new CreativeFactor("text", [new CreativeLevel("short", 3), new CreativeLevel("long", 1), new CreativeLevel("off", 0)]),
            new CreativeFactor("picture", [new CreativeLevel("cat"), new CreativeLevel("dog")]),
        ]);
        var allocator = new CreativeAllocator(space, "campaign:4:v2:creatives");

        Assert.Equal(allocator.Assign("customer:5").Key, allocator.Assign("customer:5").Key);

        var picks = Enumerable.Range(0, 40_000).Select(i => allocator.Assign($"customer:{i}")).ToArray();
        Assert.DoesNotContain(picks, c => c.LevelIds[0] == "off");
        Assert.InRange(picks.Count(c => c.LevelIds[0] == "short") / 40_000.0, 0.74, 0.76);
        Assert.InRange(picks.Count(c => c.LevelIds[1] == "cat") / 40_000.0, 0.49, 0.51);
        // Factors are drawn independently: short+cat is 0.75 × 0.5.
        Assert.InRange(picks.Count(c => c.Key == "short|cat") / 40_000.0, 0.36, 0.39);
    }

    [Fact]
    public void Stored_combination_is_kept_until_one_of_its_levels_is_removed_or_switched_off()
    {
        var allocator = new CreativeAllocator(TenByTenByTen(), "e", AllocationStrategy.Bandit);
        var random = new Random(3);

        var kept = allocator.Assign("customer:1", "m1|t1|p1", random: random);
        Assert.Equal("m1|t1|p1", kept.Key);
        Assert.True(kept.IsExisting);

        var levelsOfNewVersion = TenByTenByTen().Factors.ToArray();
        levelsOfNewVersion[1] = levelsOfNewVersion[1] with
        {
            Levels = levelsOfNewVersion[1].Levels.Select(l => l.Id == "t1" ? l with { Weight = 0 } : l).ToArray(),
        };
        var edited = new CreativeAllocator(new CreativeSpace(levelsOfNewVersion), "e", AllocationStrategy.Bandit);
        var replaced = edited.Assign("customer:1", "m1|t1|p1", random: random);
        Assert.False(replaced.IsExisting);
        Assert.NotEqual("t1", replaced.LevelIds[1]);
    }

    [Fact]
    public void Bandit_picks_are_allocation_free_after_warm_up()
    {
        var allocator = new CreativeAllocator(TenByTenByTen(), "e", AllocationStrategy.Bandit);
        var counts = new FactorLevelCounts(allocator.Space);
        var random = new Random(1);
        Span<int> levels = stackalloc int[3];
        allocator.PickBandit(counts, random, levels);
        allocator.PickWeighted("customer:1", levels);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            allocator.PickBandit(counts, random, levels);
            allocator.PickWeighted("customer:1", levels);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Counts_from_combinations_aggregate_per_level_and_skip_retired_keys()
    {
        var space = TenByTenByTen();
        var counts = FactorLevelCounts.FromCombinations(space,
        [
            new("m1|t2|p3", new ArmCounts(100, 10)),
            new("m1|t4|p3", new ArmCounts(50, 5)),
            new("m1|t-retired|p3", new ArmCounts(1000, 1000)),
        ]);

        Assert.Equal(new ArmCounts(150, 15), counts.Level(0, 1));
        Assert.Equal(new ArmCounts(100, 10), counts.Level(1, 2));
        Assert.Equal(new ArmCounts(150, 15), counts.Level(2, 3));
        Assert.Equal(ArmCounts.None, counts.Level(0, 0));
    }

    [Fact]
    public void Per_factor_bandit_over_a_thousand_combinations_shifts_traffic_to_the_best_levels()
    {
        // One best level per factor (m7, t3, p5); each best level adds 3 points of conversion to a 2% base.
        int[] best = [7, 3, 5];
        double Rate(ReadOnlySpan<int> levels)
        {
            var rate = 0.02;
            for (var f = 0; f < 3; f++)
                if (levels[f] == best[f]) rate += 0.03;
            return rate;
        }

        var allocator = new CreativeAllocator(TenByTenByTen(), "campaign:1:v1:creatives", AllocationStrategy.Bandit);
        var counts = new FactorLevelCounts(allocator.Space);
        var random = new Random(2026);
        var world = new Random(11);
        Span<int> levels = stackalloc int[3];
        const int visitors = 30_000;
        const int lastWindow = 5_000;
        var bestLevelPicks = new int[3];
        var bestCombinationPicks = 0;

        for (var visitor = 0; visitor < visitors; visitor++)
        {
            allocator.PickBandit(counts, random, levels);
            var converted = world.NextDouble() < Rate(levels);
            counts.Add(levels, 1, converted ? 1 : 0);

            if (visitor < visitors - lastWindow) continue;
            for (var f = 0; f < 3; f++)
                if (levels[f] == best[f]) bestLevelPicks[f]++;
            if (levels[0] == best[0] && levels[1] == best[1] && levels[2] == best[2]) bestCombinationPicks++;
        }

        for (var f = 0; f < 3; f++)
            Assert.True(bestLevelPicks[f] > 0.7 * lastWindow, $"factor {f}: best level got {bestLevelPicks[f]} of the last {lastWindow}");
        // Uniform allocation would give the best combination 0.1% of traffic.
        Assert.True(bestCombinationPicks > 0.4 * lastWindow, $"best combination got {bestCombinationPicks} of the last {lastWindow}");
    }
}
