namespace Flock.Engine.Targeting;

/// <summary>A rule node checked against the catalog, with its value converted to the field's type.</summary>
internal abstract record BoundNode(string Path);

internal sealed record BoundGroup(string Path, GroupMatch Match, IReadOnlyList<BoundNode> Conditions) : BoundNode(Path);

/// <summary>
/// <see cref="Operand"/> by field type and operator: decimal / decimal[] (numbers, money), string / string[] (text,
/// enum, trimmed), bool, int[] (id sets, distinct), string[] (text sets), DateOnly / DateOnly[] (dates), null (presence).
/// Two-item arrays hold the bounds of <c>between</c>.
/// </summary>
internal sealed record BoundPredicate(
    string Path, RulePredicate Source, TargetingField Field, RuleOperator Operator, object? Operand) : BoundNode(Path);
