using Flock.Engine.Common;

namespace Flock.Engine.Experiments;

/// <summary>
/// Sticky allocation of shoppers to the arms of one experiment. Built once per definition (validated, thread-safe, immutable).
/// <list type="number">
/// <item>Holdout first: the shopper's holdout point (hash stream <see cref="StableHash.HoldoutStream"/>) below the holdout share
/// puts them in the holdout — deterministic per shopper and experiment, whatever the strategy or a stored assignment says.</item>
/// <item>A stored assignment is honoured while its arm still exists with a positive weight.</item>
/// <item>Otherwise fixed weights pick by the arm point (stream <see cref="StableHash.ArmStream"/>), so the same shopper always gets
/// the same arm; the bandit draws each arm's Beta posterior with the caller's <see cref="Random"/> (or, without one, a
/// generator seeded by <see cref="StableHash.BanditSeed"/> from the shopper's hash) and takes the best, and the result must
/// be persisted (<see cref="ArmAssignment.IsNew"/>).</item>
/// </list>
/// </summary>
public sealed class ExperimentAllocator
{
    private readonly ExperimentDefinition _definition;
    private readonly CumulativeWeights _weights;
    private readonly Dictionary<string, int> _indexByKey;

    /// <exception cref="FlockValidationException">The definition is invalid; every problem is listed with its path.</exception>
    public ExperimentAllocator(ExperimentDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        definition.Validate().ThrowIfInvalid("experiment");
        _definition = definition;
        _weights = new CumulativeWeights(definition.Arms.Select(a => a.Weight).ToArray());
        _indexByKey = new Dictionary<string, int>(definition.Arms.Count, StringComparer.Ordinal);
        for (var i = 0; i < definition.Arms.Count; i++) _indexByKey[definition.Arms[i].Key] = i;
    }

    public ExperimentDefinition Definition => _definition;

    /// <summary>Whether the shopper belongs to this experiment's holdout (never shown an arm).</summary>
    public bool IsInHoldout(string shopperKey) => IsInHoldout(StableHash.Of(RequireShopper(shopperKey), _definition.Key));

    /// <summary>Places the shopper: holdout, their stored arm, or a new arm (see the class remarks).</summary>
    /// <param name="shopperKey">Customer id or visitor key; stable for the shopper.</param>
    /// <param name="existingArmKey">The arm the plugin stored for this shopper and experiment, if any.</param>
    /// <param name="counts">Bandit only: observations per arm key; missing arms count as none.</param>
    /// <param name="random">Bandit only: a source of randomness; null seeds one from the shopper's hash (never throws for its absence).</param>
    public ArmAssignment Assign(string shopperKey, string? existingArmKey = null,
        IReadOnlyDictionary<string, ArmCounts>? counts = null, Random? random = null)
    {
        var hash = StableHash.Of(RequireShopper(shopperKey), _definition.Key);
        if (IsInHoldout(hash)) return ArmAssignment.Holdout(_definition.Key);

        if (existingArmKey is not null && _indexByKey.TryGetValue(existingArmKey, out var existing) && _definition.Arms[existing].Weight > 0)
            return new ArmAssignment(_definition.Key, false, existing, existingArmKey, false);

        var index = _definition.Strategy == AllocationStrategy.Bandit
            ? PickByThompson(counts, random ?? new Random(StableHash.BanditSeed(hash)))
            : _weights.Pick(StableHash.Point(hash, StableHash.ArmStream));
        return new ArmAssignment(_definition.Key, false, index, _definition.Arms[index].Key, true);
    }

    private bool IsInHoldout(ulong hash) =>
        _definition.HoldoutShare > 0 && StableHash.Point(hash, StableHash.HoldoutStream) < _definition.HoldoutShare;

    private int PickByThompson(IReadOnlyDictionary<string, ArmCounts>? counts, Random random)
    {
        var best = -1;
        var bestDraw = double.NegativeInfinity;
        for (var i = 0; i < _definition.Arms.Count; i++)
        {
            var arm = _definition.Arms[i];
            if (arm.Weight <= 0) continue;
            var observed = counts is not null && counts.TryGetValue(arm.Key, out var c) ? c : ArmCounts.None;
            if (observed.Exposures < 0 || observed.Conversions < 0 || observed.Conversions > observed.Exposures)
                throw new FlockValidationException("arm counts", $"counts[{arm.Key}]", "need 0 <= conversions <= exposures");
            var draw = BetaSampler.Posterior(random, observed.Exposures, observed.Conversions);
            if (draw > bestDraw)
            {
                bestDraw = draw;
                best = i;
            }
        }

        return best;
    }

    private static string RequireShopper(string shopperKey) =>
        string.IsNullOrEmpty(shopperKey) ? throw new FlockValidationException("assignment", "shopperKey", "must not be empty") : shopperKey;
}
