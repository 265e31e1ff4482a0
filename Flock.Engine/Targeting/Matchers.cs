using System.Collections.Frozen;

namespace Flock.Engine.Targeting;

// The comparisons compiled rules call: each takes the field's raw value (null / blank / not present = absent, which
// makes every comparison false) and compares with values prepared once at compile time. None allocates.

internal static class TextMatch
{
    public static ReadOnlySpan<char> Normalize(string? text) => text is null ? default : text.AsSpan().Trim();

    public static bool IsPresent(string? text) => !Normalize(text).IsEmpty;

    public static bool Equal(string? actual, string expected)
    {
        var value = Normalize(actual);
        return !value.IsEmpty && value.Equals(expected, StringComparison.OrdinalIgnoreCase);
    }

    public static bool NotEqual(string? actual, string expected)
    {
        var value = Normalize(actual);
        return !value.IsEmpty && !value.Equals(expected, StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>
/// Texts compared trimmed and case-insensitively, looked up by span (no trimmed copies). Short lists (the usual
/// "city in [a, b, c]") are scanned: comparing lengths first rejects most items faster than hashing the value.
/// </summary>
internal sealed class TextMatchSet
{
    private const int ScanLimit = 8;

    private readonly string[]? _few;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public TextMatchSet(IEnumerable<string> texts)
    {
        var distinct = texts.Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        if (distinct.Length <= ScanLimit) _few = distinct;
        else _lookup = distinct.ToFrozenSet(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private bool Contains(ReadOnlySpan<char> value)
    {
        if (_few is null) return _lookup.Contains(value);
        foreach (var text in _few)
            if (value.Length == text.Length && value.Equals(text, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    public bool In(string? actual)
    {
        var value = TextMatch.Normalize(actual);
        return !value.IsEmpty && Contains(value);
    }

    public bool NotIn(string? actual)
    {
        var value = TextMatch.Normalize(actual);
        return !value.IsEmpty && !Contains(value);
    }

    public bool AnyIn(IReadOnlyList<string>? items)
    {
        if (items is null) return false;
        for (var i = 0; i < items.Count; i++)
        {
            var item = TextMatch.Normalize(items[i]);
            if (!item.IsEmpty && Contains(item)) return true;
        }
        return false;
    }

    public bool NoneIn(IReadOnlyList<string>? items) => items is not null && !AnyIn(items);
}

/// <summary>"Contains all" over texts: marks each wanted text found in a stack bitmap.</summary>
internal sealed class TextAllSet
{
    private readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _index;
    private readonly int _count;

    /// <param name="texts">Distinct (case-insensitively) wanted texts.</param>
    public TextAllSet(IReadOnlyList<string> texts)
    {
        _index = texts.Select((text, i) => (text, i))
            .ToFrozenDictionary(p => p.text, p => p.i, StringComparer.OrdinalIgnoreCase)
            .GetAlternateLookup<ReadOnlySpan<char>>();
        _count = texts.Count;
    }

    public bool ContainsAll(IReadOnlyList<string>? items)
    {
        if (items is null) return false;
        Span<ulong> seen = stackalloc ulong[(_count + 63) >> 6];
        var found = 0;
        for (var n = 0; n < items.Count; n++)
        {
            var item = TextMatch.Normalize(items[n]);
            if (!item.IsEmpty && _index.TryGetValue(item, out var i) && Bits.Mark(seen, i) && ++found == _count)
                return true;
        }
        return false;
    }
}

/// <summary>
/// A fixed set of ids with a one-instruction membership test: a bitmap for ids in [0, 2^20),
/// a frozen set for the rest (store ids are small positive numbers, so the bitmap holds nearly everything).
/// </summary>
internal sealed class IdMatchSet
{
    private const int BitmapLimit = 1 << 20;

    private readonly ulong[] _bits;
    private readonly FrozenSet<int>? _others;

    public IdMatchSet(IReadOnlyCollection<int> ids)
    {
        var inBitmap = ids.Where(id => id is >= 0 and < BitmapLimit).ToArray();
        var others = ids.Where(id => id is < 0 or >= BitmapLimit).ToArray();
        _bits = new ulong[inBitmap.Length == 0 ? 0 : (inBitmap.Max() >> 6) + 1];
        foreach (var id in inBitmap) _bits[id >> 6] |= 1UL << (id & 63);
        _others = others.Length == 0 ? null : others.ToFrozenSet();
    }

    public bool Contains(int id)
    {
        var word = id >> 6;
        if ((uint)word < (uint)_bits.Length) return (_bits[word] & (1UL << (id & 63))) != 0;
        return _others is not null && _others.Contains(id);
    }

    public bool AnyIn(IdSequence ids) => ids.AnyIn(this);

    public bool NoneIn(IdSequence ids) => ids.IsPresent && !ids.AnyIn(this);
}

/// <summary>"Contains all" over ids: marks each wanted id found in a stack bitmap.</summary>
internal sealed class IdAllSet
{
    private readonly FrozenDictionary<int, int> _index;

    /// <param name="ids">Distinct wanted ids.</param>
    public IdAllSet(IReadOnlyList<int> ids) => _index = ids.Select((id, i) => (id, i)).ToFrozenDictionary(p => p.id, p => p.i);

    public bool ContainsAll(IdSequence ids)
    {
        if (!ids.IsPresent) return false;
        Span<ulong> seen = stackalloc ulong[(_index.Count + 63) >> 6];
        var found = 0;
        foreach (var id in ids)
            if (_index.TryGetValue(id, out var i) && Bits.Mark(seen, i) && ++found == _index.Count) return true;
        return false;
    }
}

internal sealed class NumberSet(IEnumerable<decimal> numbers)
{
    private readonly FrozenSet<decimal> _set = numbers.ToFrozenSet();

    public bool In(decimal? actual) => actual is { } value && _set.Contains(value);

    public bool NotIn(decimal? actual) => actual is { } value && !_set.Contains(value);
}

internal static class Bits
{
    /// <summary>Sets bit <paramref name="i"/>; true when it was not set before.</summary>
    public static bool Mark(Span<ulong> bits, int i)
    {
        ref var word = ref bits[i >> 6];
        var bit = 1UL << (i & 63);
        if ((word & bit) != 0) return false;
        word |= bit;
        return true;
    }
}
