using Flock.Engine.Common;
using Flock.Engine.Experiments;

namespace Flock.Engine.Tests.Experiments;

public class ExperimentAllocatorTests
{
    private static ExperimentDefinition TwoArms(double holdout = 0, AllocationStrategy strategy = AllocationStrategy.FixedWeights) => new()
    {
        Key = "exp-a",
        Arms = [new ExperimentArm("a"), new ExperimentArm("b")],
        HoldoutShare = holdout,
        Strategy = strategy,
    };

    [Fact]
    public void Invalid_definition_lists_every_problem_with_its_path()
    {
        var definition = new ExperimentDefinition
        {
            Key = " ",
            Arms = [new ExperimentArm("a", -1), new ExperimentArm("a", double.NaN), new ExperimentArm("", 1)],
            HoldoutShare = 0.6,
        };

        var ex = Assert.Throws<FlockValidationException>(() => new ExperimentAllocator(definition));

        var paths = ex.Problems.Select(p => p.Path).ToArray();
        Assert.Contains("experiment.key", paths);
        Assert.Contains("experiment.holdoutShare", paths);
        Assert.Contains("experiment.arms[0].weight", paths);
        Assert.Contains("experiment.arms[1].key", paths);
        Assert.Contains("experiment.arms[1].weight", paths);
        Assert.Contains("experiment.arms[2].key", paths);
    }

    [Fact]
    public void All_zero_weights_are_rejected()
    {
        var definition = new ExperimentDefinition { Key = "e", Arms = [new ExperimentArm("a", 0), new ExperimentArm("b", 0)] };
        var problem = Assert.Single(definition.Validate().Problems);
        Assert.Equal("experiment.arms: at least one arm must have a positive weight", problem.ToString());
    }

    [Fact]
    public void Empty_shopper_key_is_rejected()
    {
        var allocator = new ExperimentAllocator(TwoArms());
        var ex = Assert.Throws<FlockValidationException>(() => allocator.Assign(""));
        Assert.Equal("shopperKey", Assert.Single(ex.Problems).Path);
    }

    [Fact]
    public void Fixed_weights_are_sticky_and_new_each_time_without_storage()
    {
        var allocator = new ExperimentAllocator(TwoArms());
        var first = allocator.Assign("customer:1");
        var second = allocator.Assign("customer:1");
        Assert.Equal(first.ArmKey, second.ArmKey);
        Assert.True(first.IsNew);
    }

    [Fact]
    public void Stored_assignment_is_honoured_while_the_arm_exists_and_dropped_when_it_is_gone_or_off()
    {
        var allocator = new ExperimentAllocator(TwoArms(strategy: AllocationStrategy.Bandit));
        var random = new Random(1);
        var kept = allocator.Assign("customer:9", "b", random: random);
        Assert.Equal("b", kept.ArmKey);
        Assert.False(kept.IsNew);

        var gone = allocator.Assign("customer:9", "retired-arm", random: random);
        Assert.True(gone.IsNew);
        Assert.Contains(gone.ArmKey, new[] { "a", "b" });

        var switchedOff = new ExperimentAllocator(new ExperimentDefinition
        {
            Key = "exp-a", Arms = [new ExperimentArm("a"), new ExperimentArm("b", 0)], Strategy = AllocationStrategy.Bandit,
        });
        Assert.Equal("a", switchedOff.Assign("customer:9", "b", random: random).ArmKey);
    }

    [Fact]
    public void Holdout_wins_over_a_stored_assignment()
    {
        var allocator = new ExperimentAllocator(TwoArms(holdout: 0.5));
        var heldOut = Enumerable.Range(0, 100).Select(i => $"c{i}").First(allocator.IsInHoldout);

        var assignment = allocator.Assign(heldOut, "a");

        Assert.True(assignment.IsHoldout);
        Assert.Null(assignment.ArmKey);
        Assert.Equal(-1, assignment.ArmIndex);
    }

    [Fact]
    public void Bandit_without_random_seeds_from_the_shopper_and_sticks()
    {
        var allocator = new ExperimentAllocator(TwoArms(strategy: AllocationStrategy.Bandit));
        var counts = new Dictionary<string, ArmCounts> { ["a"] = new(50, 5), ["b"] = new(50, 6) };

        var first = allocator.Assign("customer:1", counts: counts);
        Assert.True(first.IsNew);
        Assert.Equal(first.ArmKey, allocator.Assign("customer:1", counts: counts).ArmKey);
        // different shoppers draw independently: with close posteriors both arms get traffic
        var arms = Enumerable.Range(0, 400).Select(i => allocator.Assign($"customer:{i}", counts: counts).ArmKey).Distinct().ToArray();
        Assert.Equal(2, arms.Length);
    }

    [Fact]
    public void Bandit_rejects_impossible_counts()
    {
        var allocator = new ExperimentAllocator(TwoArms(strategy: AllocationStrategy.Bandit));
        var counts = new Dictionary<string, ArmCounts> { ["a"] = new(10, 11) };
        Assert.Throws<FlockValidationException>(() => allocator.Assign("customer:1", counts: counts, random: new Random(1)));
    }

    [Fact]
    public void Bandit_sends_most_new_shoppers_to_the_arm_that_converts_better()
    {
        var allocator = new ExperimentAllocator(TwoArms(strategy: AllocationStrategy.Bandit));
        var counts = new Dictionary<string, ArmCounts> { ["a"] = new(1000, 50), ["b"] = new(1000, 100) };
        var random = new Random(42);

        var toB = Enumerable.Range(0, 1000).Count(i => allocator.Assign($"new-{i}", counts: counts, random: random).ArmKey == "b");

        Assert.True(toB > 950, $"{toB} of 1000 went to the better arm");
    }

    [Fact]
    public void Bandit_is_reproducible_with_the_same_seed()
    {
        var allocator = new ExperimentAllocator(TwoArms(strategy: AllocationStrategy.Bandit));
        string?[] Run(int seed)
        {
            var random = new Random(seed);
            return Enumerable.Range(0, 50).Select(i => allocator.Assign($"s{i}", random: random).ArmKey).ToArray();
        }

        Assert.Equal(Run(7), Run(7));
    }

    [Fact]
    public void Sticky_weighted_assignment_allocates_nothing_after_warm_up()
    {
        var allocator = new ExperimentAllocator(TwoArms(holdout: 0.2));
        var keys = Enumerable.Range(0, 100).Select(i => $"customer:{i}").ToArray();
        foreach (var key in keys) allocator.Assign(key);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var arms = 0;
        foreach (var key in keys) arms += allocator.Assign(key).ArmIndex;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.NotEqual(0, arms);
    }
}
