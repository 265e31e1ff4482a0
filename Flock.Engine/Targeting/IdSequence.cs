using Flock.Engine.Snapshots;

namespace Flock.Engine.Targeting;

/// <summary>
/// The ids an <see cref="FieldType.IdSet"/> field reads from a context, enumerated without allocating:
/// a plain id list, or the product / category / manufacturer ids of order or cart lines. <c>default</c> means absent.
/// Ids may repeat (two lines of one category); operators treat the sequence as a set.
/// </summary>
public readonly struct IdSequence
{
    private enum Source : byte { Absent, Ids, LineProducts, LineCategories, LineManufacturers }

    private readonly IReadOnlyList<int>? _ids;
    private readonly IReadOnlyList<LineSnapshot>? _lines;
    private readonly Source _source;

    private IdSequence(IReadOnlyList<int>? ids, IReadOnlyList<LineSnapshot>? lines, Source source)
    {
        _ids = ids;
        _lines = lines;
        _source = source;
    }

    /// <summary>No value (e.g. no order in the context).</summary>
    public static IdSequence Absent => default;

    /// <summary>A plain id list; null is absent.</summary>
    public static IdSequence Of(IReadOnlyList<int>? ids) => ids is null ? default : new(ids, null, Source.Ids);

    /// <summary>The product ids of the lines; null lines are absent.</summary>
    public static IdSequence ProductsOf(IReadOnlyList<LineSnapshot>? lines) =>
        lines is null ? default : new(null, lines, Source.LineProducts);

    /// <summary>The category ids of every line; null lines are absent.</summary>
    public static IdSequence CategoriesOf(IReadOnlyList<LineSnapshot>? lines) =>
        lines is null ? default : new(null, lines, Source.LineCategories);

    /// <summary>The manufacturer ids of every line; null lines are absent.</summary>
    public static IdSequence ManufacturersOf(IReadOnlyList<LineSnapshot>? lines) =>
        lines is null ? default : new(null, lines, Source.LineManufacturers);

    public bool IsPresent => _source != Source.Absent;

    public Enumerator GetEnumerator() => new(this);

    /// <summary>Whether any id is in <paramref name="set"/>; tight loops over arrays, the hot path of id predicates.</summary>
    internal bool AnyIn(IdMatchSet set)
    {
        switch (_source)
        {
            case Source.Ids:
                return AnyIn(_ids!, set);
            case Source.LineProducts when _lines is LineSnapshot[] array:
                foreach (var line in array)
                    if (set.Contains(line.ProductId)) return true;
                return false;
            case Source.LineProducts:
                for (var i = 0; i < _lines!.Count; i++)
                    if (set.Contains(_lines[i].ProductId)) return true;
                return false;
            case Source.LineCategories when _lines is LineSnapshot[] array:
                foreach (var line in array)
                    if (AnyIn(line.CategoryIds, set)) return true;
                return false;
            case Source.LineCategories:
                for (var i = 0; i < _lines!.Count; i++)
                    if (AnyIn(_lines[i].CategoryIds, set)) return true;
                return false;
            case Source.LineManufacturers when _lines is LineSnapshot[] array:
                foreach (var line in array)
                    if (AnyIn(line.ManufacturerIds, set)) return true;
                return false;
            case Source.LineManufacturers:
                for (var i = 0; i < _lines!.Count; i++)
                    if (AnyIn(_lines[i].ManufacturerIds, set)) return true;
                return false;
            default:
                return false;
        }
    }

    private static bool AnyIn(IReadOnlyList<int> ids, IdMatchSet set)
    {
        if (ids is int[] array)
        {
            foreach (var id in array)
                if (set.Contains(id)) return true;
            return false;
        }
        for (var i = 0; i < ids.Count; i++)
            if (set.Contains(ids[i])) return true;
        return false;
    }

    /// <summary>Allocation-free enumerator (index based, no interface enumerators).</summary>
    public struct Enumerator
    {
        private readonly IdSequence _sequence;
        private int _outer;
        private int _inner;

        internal Enumerator(IdSequence sequence)
        {
            _sequence = sequence;
            _outer = -1;
            _inner = -1;
            Current = 0;
        }

        public int Current { get; private set; }

        public bool MoveNext()
        {
            switch (_sequence._source)
            {
                case Source.Ids:
                    if (++_outer >= _sequence._ids!.Count) return false;
                    Current = _sequence._ids[_outer];
                    return true;
                case Source.LineProducts:
                    if (++_outer >= _sequence._lines!.Count) return false;
                    Current = _sequence._lines[_outer].ProductId;
                    return true;
                case Source.LineCategories or Source.LineManufacturers:
                    var lines = _sequence._lines!;
                    if (_outer < 0) _outer = 0;
                    while (_outer < lines.Count)
                    {
                        var ids = _sequence._source == Source.LineCategories
                            ? lines[_outer].CategoryIds
                            : lines[_outer].ManufacturerIds;
                        if (++_inner < ids.Count)
                        {
                            Current = ids[_inner];
                            return true;
                        }
                        _outer++;
                        _inner = -1;
                    }
                    return false;
                default:
                    return false;
            }
        }
    }
}
