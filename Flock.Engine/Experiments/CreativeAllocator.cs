using Flock.Engine.Common;

namespace Flock.Engine.Experiments;

/// <summary>
/// Picks a creative combination for a shopper within one creative experiment (typically one campaign version).
/// Built once per space (validated, immutable, thread-safe). There is no holdout here: the holdout is carved at the
/// campaign level before creatives are chosen.
/// <list type="bullet">
/// <item>A stored combination key is honoured while every one of its levels still exists with a positive weight.</item>
/// <item>Fixed weights: each factor picks its level independently by the shopper's hash (stream
/// <see cref="StableHash.FactorStreamBase"/> + factor), in proportion to level weights; a combination's share is the
/// product of its levels' shares. Sticky without storage.</item>
/// <item>Bandit: per-factor Thompson sampling. Each level's conversion rate has a Beta(1 + conversions, 1 + failures)
/// posterior built from <see cref="FactorLevelCounts"/>; every level is drawn once and each factor takes its best draw.
/// Learning is shared by all combinations containing a level, so large spaces (10 × 10 × 10) converge; the price is that
/// interactions between factors are not modelled. Persist the result (<see cref="CreativeCombination.IsExisting"/> false).</item>
/// </list>
/// </summary>
public sealed class CreativeAllocator
{
    private readonly CombinationIndex _index;
    private readonly CumulativeWeights[] _levelWeights;

    /// <exception cref="FlockValidationException">The space, key or strategy is invalid; every problem is listed.</exception>
    public CreativeAllocator(CreativeSpace space, string experimentKey, AllocationStrategy strategy = AllocationStrategy.FixedWeights)
    {
        var problems = new ProblemCollector();
        if (space is null) problems.Add("creatives", "must not be null");
        else space.Validate(problems, "creatives");
        if (string.IsNullOrWhiteSpace(experimentKey)) problems.Add("experimentKey", "must not be empty");
        if (!Enum.IsDefined(strategy)) problems.Add("strategy", $"unknown strategy {(int)strategy}");
        problems.ToResult().ThrowIfInvalid("creative experiment");

        Space = space!;
        ExperimentKey = experimentKey;
        Strategy = strategy;
        _index = new CombinationIndex(Space);
        _levelWeights = Space.Factors.Select(f => new CumulativeWeights(f.Levels.Select(l => l.Weight).ToArray())).ToArray();
    }

    public CreativeSpace Space { get; }
    public string ExperimentKey { get; }
    public AllocationStrategy Strategy { get; }

    /// <summary>Number of factors, i.e. the length of a level-index span.</summary>
    public int FactorCount => _levelWeights.Length;

    /// <summary>The shopper's combination: the stored one while it still exists, else a new pick by the strategy.</summary>
    /// <param name="shopperKey">Customer id or visitor key; stable for the shopper.</param>
    /// <param name="existingCombinationKey">The key the plugin stored for this shopper and experiment, if any.</param>
    /// <param name="counts">Bandit only: per-level observations for this space; null counts as none.</param>
    /// <param name="random">Bandit only: a source of randomness; null seeds one from the shopper's hash in this experiment.</param>
    public CreativeCombination Assign(string shopperKey, string? existingCombinationKey = null, FactorLevelCounts? counts = null, Random? random = null)
    {
        if (string.IsNullOrEmpty(shopperKey)) throw new FlockValidationException("creative assignment", "shopperKey", "must not be empty");
        Span<int> levels = stackalloc int[FactorCount];
        if (TryFindExisting(existingCombinationKey, levels)) return _index.ToCombination(levels, isExisting: true);

        if (Strategy == AllocationStrategy.Bandit)
            PickBandit(counts, random ?? new Random(StableHash.BanditSeed(StableHash.Of(shopperKey, ExperimentKey))), levels);
        else
            PickWeighted(shopperKey, levels);
        return _index.ToCombination(levels, isExisting: false);
    }

    /// <summary>The fixed-weight pick, written into <paramref name="levels"/> (one index per factor). Allocation-free.</summary>
    public void PickWeighted(string shopperKey, Span<int> levels)
    {
        RequireLength(levels);
        var hash = StableHash.Of(shopperKey, ExperimentKey);
        for (var f = 0; f < _levelWeights.Length; f++)
            levels[f] = _levelWeights[f].Pick(StableHash.Point(hash, StableHash.FactorStreamBase + f));
    }

    /// <summary>The per-factor Thompson pick, written into <paramref name="levels"/>. Zero-weight levels are skipped. Allocation-free.</summary>
    public void PickBandit(FactorLevelCounts? counts, Random random, Span<int> levels)
    {
        ArgumentNullException.ThrowIfNull(random);
        RequireLength(levels);
        if (counts is not null && !ReferenceEquals(counts.Space, Space) && !SameShape(counts.Space))
            throw new FlockValidationException("creative assignment", "counts", "were built for a different creative space");

        for (var f = 0; f < Space.Factors.Count; f++)
        {
            var factorLevels = Space.Factors[f].Levels;
            var best = -1;
            var bestDraw = double.NegativeInfinity;
            for (var l = 0; l < factorLevels.Count; l++)
            {
                if (factorLevels[l].Weight <= 0) continue;
                var draw = counts is null
                    ? BetaSampler.Posterior(random, 0, 0)
                    : BetaSampler.Posterior(random, counts.Exposures(f, l), counts.Conversions(f, l));
                if (draw > bestDraw)
                {
                    bestDraw = draw;
                    best = l;
                }
            }

            levels[f] = best;
        }
    }

    /// <summary>The combination with these level indexes (one per factor).</summary>
    public CreativeCombination Combination(ReadOnlySpan<int> levels)
    {
        RequireLength(levels);
        for (var f = 0; f < levels.Length; f++)
            if ((uint)levels[f] >= (uint)Space.Factors[f].Levels.Count)
                throw new FlockValidationException("combination", $"levels[{f}]", $"no level {levels[f]} in factor '{Space.Factors[f].Key}'");
        return _index.ToCombination(levels, isExisting: false);
    }

    /// <summary>The combination named by a stored key, or null when the key no longer names one of this space.</summary>
    public CreativeCombination? Find(string? combinationKey)
    {
        Span<int> levels = stackalloc int[FactorCount];
        return _index.TryParse(combinationKey, levels) ? _index.ToCombination(levels, isExisting: true) : null;
    }

    private bool TryFindExisting(string? key, Span<int> levels)
    {
        if (!_index.TryParse(key, levels)) return false;
        for (var f = 0; f < levels.Length; f++)
            if (Space.Factors[f].Levels[levels[f]].Weight <= 0) return false;
        return true;
    }

    private bool SameShape(CreativeSpace other)
    {
        if (other.Factors.Count != Space.Factors.Count) return false;
        for (var f = 0; f < other.Factors.Count; f++)
            if (other.Factors[f].Levels.Count != Space.Factors[f].Levels.Count) return false;
        return true;
    }

    private void RequireLength(ReadOnlySpan<int> levels)
    {
        if (levels.Length != FactorCount)
            throw new FlockValidationException("creative assignment", "levels", $"expected a span of {FactorCount} factors, got {levels.Length}");
    }
}
