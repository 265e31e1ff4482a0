namespace Flock.Engine.Targeting;

/// <summary>
/// A targeting rule ("WHEN", feature R8) as an admin builds it and JSON carries it:
/// groups combine conditions with all / any / not; leaves compare one field with a value.
/// <code>
/// { "match": "all", "conditions": [
///     { "field": "customer.gender", "operator": "eq", "value": "female" },
///     { "field": "customer.city", "operator": "eq", "value": "Novosibirsk" },
///     { "field": "customer.days_since_previous_order", "operator": "gte", "value": 48 },
///     { "field": "order.total", "operator": "gt", "value": 5000 } ] }
/// </code>
/// </summary>
public abstract record RuleNode;

/// <summary>How a group combines its conditions. <see cref="Not"/> means "none of them".</summary>
public enum GroupMatch
{
    All,
    Any,
    Not,
}

public sealed record RuleGroup(GroupMatch Match, IReadOnlyList<RuleNode> Conditions) : RuleNode
{
    public static RuleGroup AllOf(params RuleNode[] conditions) => new(GroupMatch.All, conditions);
    public static RuleGroup AnyOf(params RuleNode[] conditions) => new(GroupMatch.Any, conditions);
    public static RuleGroup NoneOf(params RuleNode[] conditions) => new(GroupMatch.Not, conditions);

    public bool Equals(RuleGroup? other) =>
        other is not null && Match == other.Match && Conditions.SequenceEqual(other.Conditions);

    public override int GetHashCode() => HashCode.Combine(Match, Conditions.Count);
}

/// <summary>One comparison: <c>field operator value</c>. The value is whatever JSON carried; validation checks it fits the field.</summary>
public sealed record RulePredicate(string Field, string Operator, RuleValue? Value) : RuleNode;

/// <summary>A JSON-like literal: number, text, boolean or list of those.</summary>
public abstract record RuleValue
{
    public static RuleValue Of(decimal number) => new NumberValue(number);
    public static RuleValue Of(string text) => new TextValue(text);
    public static RuleValue Of(bool flag) => new BoolValue(flag);
    public static RuleValue List(params RuleValue[] items) => new ListValue(items);
}

public sealed record NumberValue(decimal Value) : RuleValue;

public sealed record TextValue(string Value) : RuleValue;

public sealed record BoolValue(bool Value) : RuleValue;

public sealed record ListValue(IReadOnlyList<RuleValue> Items) : RuleValue
{
    public bool Equals(ListValue? other) => other is not null && Items.SequenceEqual(other.Items);
    public override int GetHashCode() => Items.Count;
}
