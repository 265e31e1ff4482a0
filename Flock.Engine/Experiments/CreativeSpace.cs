using Flock.Engine.Common;

namespace Flock.Engine.Experiments;

/// <summary>One level of a creative factor (e.g. the text "Give 500, get 500"): an id the plugin resolves to content, and a fixed-weight share.</summary>
public sealed record CreativeLevel(string Id, double Weight = 1);

/// <summary>One dimension of a campaign's creatives (e.g. motivation, text, picture) and its levels.</summary>
public sealed record CreativeFactor(string Key, IReadOnlyList<CreativeLevel> Levels);

/// <summary>
/// The creative space of a campaign: N factors, each with levels. An arm is one combination (one level per factor),
/// so 10 × 10 × 10 factors give 1000 arms. Allocation and bandit learning work per factor, never per combination.
/// </summary>
public sealed record CreativeSpace(IReadOnlyList<CreativeFactor> Factors)
{
    /// <summary>Separates level ids in a combination key; level ids must not contain it.</summary>
    public const char KeySeparator = '|';

    /// <summary>A space with a single creative (one factor, one level).</summary>
    public static CreativeSpace Single(string creativeId) => new([new CreativeFactor("creative", [new CreativeLevel(creativeId)])]);

    /// <summary>How many combinations (arms) the space has.</summary>
    public long CombinationCount
    {
        get
        {
            long count = 1;
            foreach (var factor in Factors) count *= factor.Levels.Count;
            return count;
        }
    }

    /// <summary>Every problem with this space, paths relative to <c>creatives</c>.</summary>
    public ValidationResult Validate()
    {
        var problems = new ProblemCollector();
        Validate(problems, "creatives");
        return problems.ToResult();
    }

    internal void Validate(ProblemCollector problems, string path)
    {
        var factorsPath = ProblemCollector.Join(path, "factors");
        if (Factors is null || Factors.Count == 0)
        {
            problems.Add(factorsPath, "at least one factor is required");
            return;
        }

        var factorKeys = new HashSet<string>(StringComparer.Ordinal);
        for (var f = 0; f < Factors.Count; f++)
        {
            var factorPath = ProblemCollector.Index(factorsPath, f);
            var factor = Factors[f];
            if (factor is null)
            {
                problems.Add(factorPath, "must not be null");
                continue;
            }

            if (string.IsNullOrWhiteSpace(factor.Key)) problems.Add(ProblemCollector.Join(factorPath, "key"), "must not be empty");
            else if (!factorKeys.Add(factor.Key)) problems.Add(ProblemCollector.Join(factorPath, "key"), $"duplicate factor key '{factor.Key}'");

            var levelsPath = ProblemCollector.Join(factorPath, "levels");
            if (factor.Levels is null || factor.Levels.Count == 0)
            {
                problems.Add(levelsPath, "at least one level is required");
                continue;
            }

            var levelIds = new HashSet<string>(StringComparer.Ordinal);
            var anyPositive = false;
            var allWeightsValid = true;
            for (var l = 0; l < factor.Levels.Count; l++)
            {
                var levelPath = ProblemCollector.Index(levelsPath, l);
                var level = factor.Levels[l];
                if (level is null)
                {
                    problems.Add(levelPath, "must not be null");
                    allWeightsValid = false;
                    continue;
                }

                var idPath = ProblemCollector.Join(levelPath, "id");
                if (string.IsNullOrWhiteSpace(level.Id)) problems.Add(idPath, "must not be empty");
                else if (level.Id.Contains(KeySeparator)) problems.Add(idPath, $"must not contain '{KeySeparator}'");
                else if (!levelIds.Add(level.Id)) problems.Add(idPath, $"duplicate level id '{level.Id}'");

                if (!double.IsFinite(level.Weight) || level.Weight < 0)
                {
                    problems.Add(ProblemCollector.Join(levelPath, "weight"), "must be a finite number, zero or more");
                    allWeightsValid = false;
                }
                else if (level.Weight > 0) anyPositive = true;
            }

            if (allWeightsValid && !anyPositive) problems.Add(levelsPath, "at least one level must have a positive weight");
        }
    }
}

/// <summary>One arm of a creative space: a level per factor. <see cref="Key"/> (level ids joined by '|') is what the plugin persists.</summary>
public sealed record CreativeCombination(string Key, IReadOnlyList<int> LevelIndices, IReadOnlyList<string> LevelIds)
{
    /// <summary>Whether the shopper already had this combination (false: persist it).</summary>
    public bool IsExisting { get; init; }

    public bool Equals(CreativeCombination? other) => other is not null && Key == other.Key;

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Key);
}
