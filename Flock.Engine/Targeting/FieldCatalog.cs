using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Flock.Engine.Targeting;

/// <summary>
/// The fields rules may use, by name. Immutable and thread-safe; <see cref="With"/> makes an extended copy.
/// <see cref="TargetingFields.Default"/> is the catalog of feature R8.
/// </summary>
public sealed class FieldCatalog
{
    private readonly FrozenDictionary<string, TargetingField> _byName;

    public FieldCatalog(IEnumerable<TargetingField> fields)
    {
        Fields = Array.AsReadOnly(fields.ToArray());
        var duplicate = Fields.GroupBy(f => f.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"field '{duplicate.Key}' is listed twice", nameof(fields));
        _byName = Fields.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);
    }

    /// <summary>Every field in catalog order: what an admin UI lists (name, type, operators, description).</summary>
    public IReadOnlyList<TargetingField> Fields { get; }

    public bool TryGet(string? name, [NotNullWhen(true)] out TargetingField? field)
    {
        field = null;
        return name is not null && _byName.TryGetValue(name, out field);
    }

    /// <summary>A copy with more fields (names must be new).</summary>
    public FieldCatalog With(params TargetingField[] more) => new(Fields.Concat(more));

    /// <summary>The known field nearest to a misspelt name, or null when nothing is close.</summary>
    public string? ClosestName(string name)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var field in Fields)
        {
            var distance = EditDistance(name.ToLowerInvariant(), field.Name);
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = field.Name;
            }
        }
        return bestDistance <= Math.Max(2, name.Length / 3) ? best : null;
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
