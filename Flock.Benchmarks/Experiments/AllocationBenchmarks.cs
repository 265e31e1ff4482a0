using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Flock.Engine.Experiments;

namespace Flock.Benchmarks.Experiments;

/// <summary>
/// Sticky weighted allocation and a bandit pick over 10 × 10 × 10 creative combinations, each against a naive peer:
/// SHA-256 of the concatenated keys with LINQ over weights, and per-combination Thompson sampling with LINQ.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class AllocationBenchmarks
{
    private const string ExperimentKey = "campaigns:3,7,12";
    private static readonly double[] Weights = [5, 3, 2, 0, 1];

    private readonly string[] _shoppers = Enumerable.Range(0, 1024).Select(i => $"customer:{i * 7919}").ToArray();
    private ExperimentAllocator _allocator = null!;
    private CreativeAllocator _creatives = null!;
    private FactorLevelCounts _levelCounts = null!;
    private (long Exposures, long Conversions)[] _combinationCounts = null!;
    private Random _random = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _allocator = new ExperimentAllocator(new ExperimentDefinition
        {
            Key = ExperimentKey,
            Arms = Weights.Select((w, i) => new ExperimentArm($"arm{i}", w)).ToArray(),
            HoldoutShare = 0.1,
        });

        var space = new CreativeSpace(new[] { "motivation", "text", "picture" }
            .Select(f => new CreativeFactor(f, Enumerable.Range(0, 10).Select(l => new CreativeLevel($"{f[0]}{l}")).ToArray()))
            .ToArray());
        _creatives = new CreativeAllocator(space, "campaign:1:v1:creatives", AllocationStrategy.Bandit);
        _levelCounts = new FactorLevelCounts(space);
        _combinationCounts = new (long, long)[1000];
        var world = new Random(1);
        Span<int> levels = stackalloc int[3];
        for (var c = 0; c < 1000; c++)
        {
            levels[0] = c / 100;
            levels[1] = c / 10 % 10;
            levels[2] = c % 10;
            var exposures = world.Next(50, 500);
            var conversions = world.Next(0, exposures / 10);
            _combinationCounts[c] = (exposures, conversions);
            _levelCounts.Add(levels, exposures, conversions);
        }

        _random = new Random(42);
    }

    private string NextShopper() => _shoppers[_next++ & 1023];

    [Benchmark(Baseline = true), BenchmarkCategory("WeightedSticky")]
    public int Weighted_NaivePeer_Sha256Linq()
    {
        var shopper = NextShopper();
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(shopper + "|" + ExperimentKey + "|holdout"));
        if (BitConverter.ToUInt64(digest) / (double)ulong.MaxValue < 0.1) return -1;
        var point = BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(shopper + "|" + ExperimentKey))) / (double)ulong.MaxValue;
        var total = Weights.Sum();
        var cumulative = Weights.Select((w, i) => (Index: i, Upper: Weights.Take(i + 1).Sum() / total)).ToList();
        return cumulative.Where(c => Weights[c.Index] > 0).First(c => c.Upper > point || c.Index == Weights.Length - 1).Index;
    }

    [Benchmark, BenchmarkCategory("WeightedSticky")]
    public int Weighted_Flock() => _allocator.Assign(NextShopper()).ArmIndex;

    [Benchmark(Baseline = true), BenchmarkCategory("Bandit1000")]
    public int Bandit_NaivePeer_PerCombinationLinq() =>
        _combinationCounts
            .Select((counts, index) => (Index: index, Draw: BetaSampler.Posterior(_random, counts.Exposures, counts.Conversions)))
            .MaxBy(x => x.Draw)
            .Index;

    [Benchmark, BenchmarkCategory("Bandit1000")]
    public int Bandit_Flock_PerFactor()
    {
        Span<int> levels = stackalloc int[3];
        _creatives.PickBandit(_levelCounts, _random, levels);
        return levels[0] * 100 + levels[1] * 10 + levels[2];
    }
}
