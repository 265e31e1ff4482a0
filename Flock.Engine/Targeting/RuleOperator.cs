using System.Collections.Frozen;

namespace Flock.Engine.Targeting;

/// <summary>
/// A comparison a predicate makes. JSON carries the snake_case name (<see cref="RuleOperators.NameOf"/>).
/// Every operator is false when the field's value is absent (no order in the context, no previous order, blank city...),
/// except <see cref="IsNotSet"/>, which is exactly "the value is absent".
/// </summary>
public enum RuleOperator
{
    Eq,
    Neq,
    Gt,
    Gte,
    Lt,
    Lte,
    /// <summary>Inclusive range <c>[min, max]</c> (numbers, money, dates).</summary>
    Between,
    In,
    NotIn,
    /// <summary>The field's set shares at least one item with the list.</summary>
    ContainsAny,
    /// <summary>The field's set holds every item of the list.</summary>
    ContainsAll,
    /// <summary>The field's set holds no item of the list (false when the set itself is absent).</summary>
    ContainsNone,
    IsSet,
    IsNotSet,
    /// <summary>Strictly before a date.</summary>
    Before,
    /// <summary>Strictly after a date.</summary>
    After,
}

/// <summary>JSON names and human-readable symbols of <see cref="RuleOperator"/>.</summary>
public static class RuleOperators
{
    private static readonly (RuleOperator Op, string Name, string Symbol)[] Table =
    [
        (RuleOperator.Eq, "eq", "="),
        (RuleOperator.Neq, "neq", "!="),
        (RuleOperator.Gt, "gt", ">"),
        (RuleOperator.Gte, "gte", ">="),
        (RuleOperator.Lt, "lt", "<"),
        (RuleOperator.Lte, "lte", "<="),
        (RuleOperator.Between, "between", "between"),
        (RuleOperator.In, "in", "in"),
        (RuleOperator.NotIn, "not_in", "not in"),
        (RuleOperator.ContainsAny, "contains_any", "contains any of"),
        (RuleOperator.ContainsAll, "contains_all", "contains all of"),
        (RuleOperator.ContainsNone, "contains_none", "contains none of"),
        (RuleOperator.IsSet, "is_set", "is set"),
        (RuleOperator.IsNotSet, "is_not_set", "is not set"),
        (RuleOperator.Before, "before", "before"),
        (RuleOperator.After, "after", "after"),
    ];

    private static readonly FrozenDictionary<string, RuleOperator> ByName =
        Table.ToFrozenDictionary(row => row.Name, row => row.Op, StringComparer.Ordinal);

    /// <summary>Every operator's JSON name, in declaration order.</summary>
    public static IReadOnlyList<string> Names { get; } = Array.AsReadOnly(Table.Select(row => row.Name).ToArray());

    /// <summary>The JSON name, e.g. <c>not_in</c>.</summary>
    public static string NameOf(RuleOperator op) => Table[(int)op].Name;

    /// <summary>How explanations print the operator, e.g. <c>&gt;=</c>.</summary>
    public static string SymbolOf(RuleOperator op) => Table[(int)op].Symbol;

    /// <summary>Reads a JSON name (exact, lower case).</summary>
    public static bool TryParse(string? name, out RuleOperator op) => ByName.TryGetValue(name ?? "", out op);

    /// <summary>Whether the operator takes no value (<c>is_set</c>, <c>is_not_set</c>).</summary>
    public static bool TakesNoValue(RuleOperator op) => op is RuleOperator.IsSet or RuleOperator.IsNotSet;
}
