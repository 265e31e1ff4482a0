using System.Text;

namespace Flock.Engine.Experiments;

/// <summary>Translates between combination keys ("m2|t5|p1") and level indexes for one creative space.</summary>
internal sealed class CombinationIndex
{
    private readonly CreativeSpace _space;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>[] _levelByIdPerFactor;

    public CombinationIndex(CreativeSpace space)
    {
        _space = space;
        _levelByIdPerFactor = new Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>[space.Factors.Count];
        for (var f = 0; f < space.Factors.Count; f++)
        {
            var levels = space.Factors[f].Levels;
            var byId = new Dictionary<string, int>(levels.Count, StringComparer.Ordinal);
            for (var l = 0; l < levels.Count; l++) byId[levels[l].Id] = l;
            _levelByIdPerFactor[f] = byId.GetAlternateLookup<ReadOnlySpan<char>>();
        }
    }

    /// <summary>Parses a key into level indexes; false when the key does not name a combination of this space.</summary>
    public bool TryParse(string? key, Span<int> levels)
    {
        if (string.IsNullOrEmpty(key)) return false;
        var remaining = key.AsSpan();
        for (var f = 0; f < _levelByIdPerFactor.Length; f++)
        {
            var separator = remaining.IndexOf(CreativeSpace.KeySeparator);
            var last = f == _levelByIdPerFactor.Length - 1;
            if (last != (separator < 0)) return false;
            var id = last ? remaining : remaining[..separator];
            if (!_levelByIdPerFactor[f].TryGetValue(id, out var level)) return false;
            levels[f] = level;
            remaining = last ? default : remaining[(separator + 1)..];
        }

        return true;
    }

    public CreativeCombination ToCombination(ReadOnlySpan<int> levels, bool isExisting)
    {
        var indices = levels.ToArray();
        var ids = new string[indices.Length];
        var key = new StringBuilder();
        for (var f = 0; f < indices.Length; f++)
        {
            ids[f] = _space.Factors[f].Levels[indices[f]].Id;
            if (f > 0) key.Append(CreativeSpace.KeySeparator);
            key.Append(ids[f]);
        }

        return new CreativeCombination(key.ToString(), indices, ids) { IsExisting = isExisting };
    }
}
