using Flock.Engine.Common;

namespace Flock.Engine.Experiments;

/// <summary>
/// Exposures and conversions per factor level, aggregated over every combination containing that level: the bandit's
/// shared learning, which is what lets 1000 combinations converge with the traffic of 30 arms.
/// A mutable tally: not thread-safe; build one per decision (or guard it) and feed it to <see cref="CreativeAllocator"/>.
/// </summary>
public sealed class FactorLevelCounts
{
    private readonly long[][] _exposures;
    private readonly long[][] _conversions;

    public FactorLevelCounts(CreativeSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        space.Validate().ThrowIfInvalid("creative space");
        Space = space;
        _exposures = space.Factors.Select(f => new long[f.Levels.Count]).ToArray();
        _conversions = space.Factors.Select(f => new long[f.Levels.Count]).ToArray();
    }

    public CreativeSpace Space { get; }

    /// <summary>
    /// Builds the tally from per-combination observations keyed by <see cref="CreativeCombination.Key"/>;
    /// keys of retired combinations (a level no longer in the space) are skipped.
    /// </summary>
    public static FactorLevelCounts FromCombinations(CreativeSpace space, IEnumerable<KeyValuePair<string, ArmCounts>> countsByCombinationKey)
    {
        ArgumentNullException.ThrowIfNull(countsByCombinationKey);
        var tally = new FactorLevelCounts(space);
        var index = new CombinationIndex(space);
        Span<int> levels = stackalloc int[space.Factors.Count];
        foreach (var (key, counts) in countsByCombinationKey)
        {
            var problems = new ProblemCollector();
            counts.Validate(problems, $"counts[{key}]");
            problems.ToResult().ThrowIfInvalid("combination counts");
            if (index.TryParse(key, levels)) tally.Add(levels, counts.Exposures, counts.Conversions);
        }

        return tally;
    }

    /// <summary>Adds observations of one combination to each of its levels.</summary>
    public void Add(ReadOnlySpan<int> levelIndices, long exposures, long conversions)
    {
        if (levelIndices.Length != _exposures.Length)
            throw new FlockValidationException("counts", "levelIndices", $"expected {_exposures.Length} levels, got {levelIndices.Length}");
        if (exposures < 0 || conversions < 0 || conversions > exposures)
            throw new FlockValidationException("counts", "conversions", "need 0 <= conversions <= exposures");
        for (var f = 0; f < levelIndices.Length; f++)
        {
            var level = levelIndices[f];
            if ((uint)level >= (uint)_exposures[f].Length)
                throw new FlockValidationException("counts", $"levelIndices[{f}]", $"no level {level} in factor '{Space.Factors[f].Key}'");
        }

        for (var f = 0; f < levelIndices.Length; f++)
        {
            _exposures[f][levelIndices[f]] += exposures;
            _conversions[f][levelIndices[f]] += conversions;
        }
    }

    /// <summary>Adds observations of one combination to each of its levels.</summary>
    public void Add(CreativeCombination combination, long exposures, long conversions)
    {
        ArgumentNullException.ThrowIfNull(combination);
        Span<int> levels = stackalloc int[combination.LevelIndices.Count];
        for (var i = 0; i < levels.Length; i++) levels[i] = combination.LevelIndices[i];
        Add(levels, exposures, conversions);
    }

    /// <summary>The aggregated observations of one level.</summary>
    public ArmCounts Level(int factor, int level) => new(_exposures[factor][level], _conversions[factor][level]);

    internal long Exposures(int factor, int level) => _exposures[factor][level];

    internal long Conversions(int factor, int level) => _conversions[factor][level];
}
