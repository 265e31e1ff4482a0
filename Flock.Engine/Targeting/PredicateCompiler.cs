using System.Collections.Frozen;
using Flock.Engine.Snapshots;

namespace Flock.Engine.Targeting;

/// <summary>
/// Turns one bound predicate into a delegate. Everything a comparison needs (bounds, frozen sets, index maps) is
/// computed here, once, so the delegates read the context and compare without allocating.
/// </summary>
internal static class PredicateCompiler
{
    public static Func<DecisionContext, bool> Compile(BoundPredicate predicate) => predicate.Field switch
    {
        NumberField number => CompileNumber(number.Read, predicate.Operator, predicate.Operand),
        TextField text => CompileText(text.Read, predicate.Operator, predicate.Operand),
        BoolField flag => CompileBool(flag.Read, predicate.Operator, predicate.Operand),
        IdSetField ids => CompileIdSet(ids.Read, predicate.Operator, predicate.Operand),
        TextSetField texts => CompileTextSet(texts.Read, predicate.Operator, predicate.Operand),
        DateField date => CompileDate(date.Read, predicate.Operator, predicate.Operand),
        _ => throw Unsupported(predicate),
    };

    private static Func<DecisionContext, bool> CompileNumber(
        Func<DecisionContext, decimal?> read, RuleOperator op, object? operand)
    {
        switch (op)
        {
            case RuleOperator.IsSet: return c => read(c).HasValue;
            case RuleOperator.IsNotSet: return c => !read(c).HasValue;
            case RuleOperator.Between:
            {
                var bounds = (decimal[])operand!;
                var (min, max) = (bounds[0], bounds[1]);
                return c => read(c) is { } v && v >= min && v <= max;
            }
            case RuleOperator.In or RuleOperator.NotIn:
            {
                var set = ((decimal[])operand!).ToFrozenSet();
                var wanted = op == RuleOperator.In;
                return c => read(c) is { } v && set.Contains(v) == wanted;
            }
        }
        var x = (decimal)operand!;
        return op switch
        {
            RuleOperator.Eq => c => read(c) is { } v && v == x,
            RuleOperator.Neq => c => read(c) is { } v && v != x,
            RuleOperator.Gt => c => read(c) is { } v && v > x,
            RuleOperator.Gte => c => read(c) is { } v && v >= x,
            RuleOperator.Lt => c => read(c) is { } v && v < x,
            RuleOperator.Lte => c => read(c) is { } v && v <= x,
            _ => throw Unsupported(op),
        };
    }

    private static Func<DecisionContext, bool> CompileText(
        Func<DecisionContext, string?> read, RuleOperator op, object? operand)
    {
        switch (op)
        {
            case RuleOperator.IsSet: return c => !Normalize(read(c)).IsEmpty;
            case RuleOperator.IsNotSet: return c => Normalize(read(c)).IsEmpty;
            case RuleOperator.Eq or RuleOperator.Neq:
            {
                var expected = (string)operand!;
                var wanted = op == RuleOperator.Eq;
                return c =>
                {
                    var actual = Normalize(read(c));
                    return !actual.IsEmpty && actual.Equals(expected, StringComparison.OrdinalIgnoreCase) == wanted;
                };
            }
            case RuleOperator.In or RuleOperator.NotIn:
            {
                var lookup = TextSet((string[])operand!);
                var wanted = op == RuleOperator.In;
                return c =>
                {
                    var actual = Normalize(read(c));
                    return !actual.IsEmpty && lookup.Contains(actual) == wanted;
                };
            }
            default: throw Unsupported(op);
        }
    }

    private static Func<DecisionContext, bool> CompileBool(
        Func<DecisionContext, bool?> read, RuleOperator op, object? operand) => op switch
    {
        RuleOperator.IsSet => c => read(c).HasValue,
        RuleOperator.IsNotSet => c => !read(c).HasValue,
        RuleOperator.Eq when operand is bool x => c => read(c) is { } v && v == x,
        RuleOperator.Neq when operand is bool x => c => read(c) is { } v && v != x,
        _ => throw Unsupported(op),
    };

    private static Func<DecisionContext, bool> CompileDate(
        Func<DecisionContext, DateOnly?> read, RuleOperator op, object? operand)
    {
        switch (op)
        {
            case RuleOperator.IsSet: return c => read(c).HasValue;
            case RuleOperator.IsNotSet: return c => !read(c).HasValue;
            case RuleOperator.Between:
            {
                var bounds = (DateOnly[])operand!;
                var (first, last) = (bounds[0], bounds[1]);
                return c => read(c) is { } d && d >= first && d <= last;
            }
        }
        var x = (DateOnly)operand!;
        return op switch
        {
            RuleOperator.Eq => c => read(c) is { } d && d == x,
            RuleOperator.Neq => c => read(c) is { } d && d != x,
            RuleOperator.Before => c => read(c) is { } d && d < x,
            RuleOperator.After => c => read(c) is { } d && d > x,
            _ => throw Unsupported(op),
        };
    }

    private static Func<DecisionContext, bool> CompileIdSet(
        Func<DecisionContext, IdSequence> read, RuleOperator op, object? operand)
    {
        switch (op)
        {
            case RuleOperator.IsSet: return c => read(c).IsPresent;
            case RuleOperator.IsNotSet: return c => !read(c).IsPresent;
            case RuleOperator.ContainsAll:
            {
                var ids = (int[])operand!;
                var index = ids.Select((id, i) => (id, i)).ToFrozenDictionary(p => p.id, p => p.i);
                return c => ContainsAll(read(c), index);
            }
        }
        var set = new IdMatchSet((int[])operand!);
        return op switch
        {
            RuleOperator.ContainsAny => c => read(c).AnyIn(set),
            RuleOperator.ContainsNone => c => read(c) is { IsPresent: true } ids && !ids.AnyIn(set),
            _ => throw Unsupported(op),
        };
    }

    private static Func<DecisionContext, bool> CompileTextSet(
        Func<DecisionContext, IReadOnlyList<string>?> read, RuleOperator op, object? operand)
    {
        switch (op)
        {
            case RuleOperator.IsSet: return c => read(c) is not null;
            case RuleOperator.IsNotSet: return c => read(c) is null;
            case RuleOperator.ContainsAll:
            {
                var texts = (string[])operand!;
                var index = texts.Select((text, i) => (text, i))
                    .ToFrozenDictionary(p => p.text, p => p.i, StringComparer.OrdinalIgnoreCase)
                    .GetAlternateLookup<ReadOnlySpan<char>>();
                return c => read(c) is { } items && ContainsAll(items, index, texts.Length);
            }
        }
        var lookup = TextSet((string[])operand!);
        return op switch
        {
            RuleOperator.ContainsAny => c => read(c) is { } items && ContainsAny(items, lookup),
            RuleOperator.ContainsNone => c => read(c) is { } items && !ContainsAny(items, lookup),
            _ => throw Unsupported(op),
        };
    }

    private static ReadOnlySpan<char> Normalize(string? text) => text is null ? default : text.AsSpan().Trim();

    private static FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> TextSet(string[] texts) =>
        texts.ToFrozenSet(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

    private static bool ContainsAll(IdSequence ids, FrozenDictionary<int, int> index)
    {
        if (!ids.IsPresent) return false;
        Span<ulong> seen = stackalloc ulong[(index.Count + 63) >> 6];
        var found = 0;
        foreach (var id in ids)
            if (index.TryGetValue(id, out var i) && Mark(seen, i) && ++found == index.Count) return true;
        return false;
    }

    private static bool ContainsAny(IReadOnlyList<string> items, FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> set)
    {
        for (var i = 0; i < items.Count; i++)
        {
            var item = Normalize(items[i]);
            if (!item.IsEmpty && set.Contains(item)) return true;
        }
        return false;
    }

    private static bool ContainsAll(IReadOnlyList<string> items,
        FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> index, int count)
    {
        Span<ulong> seen = stackalloc ulong[(count + 63) >> 6];
        var found = 0;
        for (var n = 0; n < items.Count; n++)
        {
            var item = Normalize(items[n]);
            if (!item.IsEmpty && index.TryGetValue(item, out var i) && Mark(seen, i) && ++found == count) return true;
        }
        return false;
    }

    /// <summary>Sets bit <paramref name="i"/>; true when it was not set before.</summary>
    private static bool Mark(Span<ulong> bits, int i)
    {
        ref var word = ref bits[i >> 6];
        var bit = 1UL << (i & 63);
        if ((word & bit) != 0) return false;
        word |= bit;
        return true;
    }

    private static InvalidOperationException Unsupported(object what) =>
        new($"internal: no compilation for {what} (the binder should have rejected it)");
}
