using Flock.Engine.Experiments;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Flock.Engine.Tests.Experiments;

public class AllocationProperties
{
    private static ExperimentAllocator Allocator(string key, double[] weights, double holdout, AllocationStrategy strategy = AllocationStrategy.FixedWeights) =>
        new(new ExperimentDefinition
        {
            Key = key,
            Arms = weights.Select((w, i) => new ExperimentArm($"arm{i}", w)).ToArray(),
            HoldoutShare = holdout,
            Strategy = strategy,
        });

    private static string[] ShopperKeys(int seed, int count)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => random.Next(2) == 0 ? $"customer:{random.Next()}" : $"{random.NextInt64():x16}{random.NextInt64():x16}").ToArray();
    }

    [Property(MaxTest = 100)]
    public bool Same_shopper_and_experiment_get_the_same_arm_regardless_of_call_order(NonEmptyString experiment, NonEmptyString[] shoppers, byte holdoutPercent)
    {
        var allocator = Allocator("exp:" + experiment.Get, [1, 2, 3], holdoutPercent % 51 / 100.0);
        var keys = shoppers.Select(s => s.Get).ToArray();

        var forward = keys.Select(k => allocator.Assign(k)).ToArray();
        var backward = keys.Reverse().Select(k => allocator.Assign(k)).Reverse().ToArray();
        var freshAllocator = Allocator("exp:" + experiment.Get, [1, 2, 3], holdoutPercent % 51 / 100.0);
        var fresh = keys.Select(k => freshAllocator.Assign(k)).ToArray();

        return forward.SequenceEqual(backward) && forward.SequenceEqual(fresh);
    }

    [Property(MaxTest = 25)]
    public Property Fixed_weights_are_respected_and_zero_weight_arms_never_chosen()
    {
        var weights = Gen.Choose(0, 10).ArrayOf().Where(w => w.Length is >= 1 and <= 8 && w.Sum() > 0);
        return Prop.ForAll(Arb.From(weights), Arb.From(Gen.Choose(0, int.MaxValue)), (int[] rawWeights, int seed) =>
        {
            const int n = 20_000;
            var allocator = Allocator($"exp-{seed}", rawWeights.Select(w => (double)w).ToArray(), holdout: 0);
            var hits = new int[rawWeights.Length];
            foreach (var key in ShopperKeys(seed, n)) hits[allocator.Assign(key).ArmIndex]++;

            var total = rawWeights.Sum();
            for (var i = 0; i < rawWeights.Length; i++)
            {
                if (rawWeights[i] == 0 && hits[i] != 0) return false;
                var share = (double)hits[i] / n;
                // 5 binomial standard deviations (at most 0.0177 for n = 20 000).
                var tolerance = 5 * Math.Sqrt(0.25 / n);
                if (Math.Abs(share - (double)rawWeights[i] / total) > tolerance) return false;
            }

            return true;
        });
    }

    [Property(MaxTest = 25)]
    public Property Holdout_share_is_respected_and_holdout_shoppers_never_get_an_arm()
    {
        return Prop.ForAll(Arb.From(Gen.Choose(0, 50)), Arb.From(Gen.Choose(0, int.MaxValue)), Arb.From(Gen.Elements(AllocationStrategy.FixedWeights, AllocationStrategy.Bandit)),
            (int holdoutPercent, int seed, AllocationStrategy strategy) =>
            {
                const int n = 20_000;
                var share = holdoutPercent / 100.0;
                var allocator = Allocator($"exp-{seed}", [1, 1], share, strategy);
                var random = new Random(seed);
                var heldOut = 0;
                foreach (var key in ShopperKeys(seed, n))
                {
                    var assignment = allocator.Assign(key, existingArmKey: "arm0", random: random);
                    if (assignment.IsHoldout != allocator.IsInHoldout(key)) return false;
                    if (!assignment.IsHoldout) continue;
                    if (assignment.ArmKey is not null || assignment.ArmIndex != -1) return false;
                    heldOut++;
                }

                return Math.Abs((double)heldOut / n - share) <= 5 * Math.Sqrt(0.25 / n);
            });
    }

    [Property(MaxTest = 50)]
    public bool Bandit_honours_a_stored_arm_whatever_the_counts(NonEmptyString shopper, PositiveInt seed)
    {
        var allocator = Allocator("exp-bandit", [1, 1, 1], 0, AllocationStrategy.Bandit);
        var counts = new Dictionary<string, ArmCounts> { ["arm0"] = new(10_000, 10), ["arm2"] = new(10_000, 5_000) };
        var assignment = allocator.Assign(shopper.Get, "arm0", counts, new Random(seed.Get));
        return assignment.ArmKey == "arm0" && !assignment.IsNew;
    }
}
