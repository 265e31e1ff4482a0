using System.Collections.Frozen;

namespace Flock.Engine.Targeting;

/// <summary>
/// A fixed set of ids with a one-instruction membership test: a bitmap for ids in [0, <see cref="BitmapLimit"/>),
/// a frozen set for the rest (store ids are small positive numbers, so the bitmap holds nearly everything).
/// </summary>
internal sealed class IdMatchSet
{
    private const int BitmapLimit = 1 << 20;

    private readonly ulong[] _bits;
    private readonly FrozenSet<int>? _others;

    public IdMatchSet(IEnumerable<int> ids)
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
}
