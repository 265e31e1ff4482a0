using System.Collections.Concurrent;
using Flock.Engine.Common;

namespace Flock.Engine.Targeting;

/// <summary>
/// Compiled rules by (rule id, version): each version is compiled once, even under concurrent requests.
/// Keeps the newest version per rule id; asking for a newer version replaces the older one. Thread-safe.
/// </summary>
public sealed class CompiledRuleCache(FieldCatalog catalog)
{
    private sealed record Entry(int Version, Lazy<CompiledRule> Rule);

    private readonly ConcurrentDictionary<int, Entry> _entries = new();

    public CompiledRuleCache() : this(TargetingFields.Default)
    {
    }

    /// <summary>Rule ids currently cached.</summary>
    public int Count => _entries.Count;

    /// <summary>
    /// The compiled rule for <paramref name="ruleId"/> at <paramref name="version"/>; <paramref name="rule"/> is
    /// called only when that version is not cached yet. An older version than the cached one is compiled but not cached.
    /// </summary>
    /// <exception cref="FlockValidationException">The rule is invalid (the failure is not cached).</exception>
    public CompiledRule GetOrCompile(int ruleId, int version, Func<RuleNode> rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        while (true)
        {
            if (_entries.TryGetValue(ruleId, out var current))
            {
                if (current.Version == version) return Resolve(ruleId, current);
                if (current.Version > version) return RuleCompiler.Compile(rule(), catalog);
                var replacement = NewEntry(version, rule);
                if (_entries.TryUpdate(ruleId, replacement, current)) return Resolve(ruleId, replacement);
            }
            else
            {
                var entry = NewEntry(version, rule);
                if (_entries.TryAdd(ruleId, entry)) return Resolve(ruleId, entry);
            }
        }
    }

    /// <inheritdoc cref="GetOrCompile(int, int, Func{RuleNode})"/>
    public CompiledRule GetOrCompile(int ruleId, int version, RuleNode rule) => GetOrCompile(ruleId, version, () => rule);

    /// <summary>Forgets a rule (e.g. its campaign was deleted).</summary>
    public bool Remove(int ruleId) => _entries.TryRemove(ruleId, out _);

    private Entry NewEntry(int version, Func<RuleNode> rule) =>
        new(version, new Lazy<CompiledRule>(() => RuleCompiler.Compile(rule(), catalog),
            LazyThreadSafetyMode.ExecutionAndPublication));

    private CompiledRule Resolve(int ruleId, Entry entry)
    {
        try
        {
            return entry.Rule.Value;
        }
        catch
        {
            _entries.TryRemove(new KeyValuePair<int, Entry>(ruleId, entry));
            throw;
        }
    }
}
