using Flock.Engine.Common;
using Flock.Engine.Snapshots;

namespace Flock.Engine.Targeting;

/// <summary>
/// Compiles a rule once into a tree of evaluators (closures over precomputed bounds and frozen sets).
/// The result is immutable, thread-safe and evaluates without allocating. Compile each rule version once
/// (<see cref="CompiledRuleCache"/>) and reuse it.
/// </summary>
public static class RuleCompiler
{
    /// <summary>Compiles against <see cref="TargetingFields.Default"/>.</summary>
    /// <exception cref="FlockValidationException">The rule is invalid; lists every problem.</exception>
    public static CompiledRule Compile(RuleNode rule) => Compile(rule, TargetingFields.Default);

    /// <exception cref="FlockValidationException">The rule is invalid; lists every problem.</exception>
    public static CompiledRule Compile(RuleNode rule, FieldCatalog catalog)
    {
        var bound = RuleBinder.Bind(rule, catalog, out var result);
        result.ThrowIfInvalid("targeting rule");
        return new CompiledRule(rule, Build(bound!));
    }

    private static RuleEvaluator Build(BoundNode node) => node switch
    {
        BoundGroup group => new GroupEvaluator(group.Path, group.Match, group.Conditions.Select(Build).ToArray()),
        BoundPredicate predicate => new PredicateEvaluator(predicate, PredicateCompiler.Compile(predicate)),
        _ => throw new InvalidOperationException($"internal: unknown bound node {node.GetType().Name}"),
    };
}

internal abstract class RuleEvaluator
{
    public abstract bool Evaluate(DecisionContext context);

    /// <summary>Rough relative cost of one evaluation, used to try cheap conditions first.</summary>
    public abstract int Cost { get; }
}

/// <summary>
/// Evaluates its conditions cheapest first (conditions are pure, so the order cannot change the outcome, only how
/// soon all / any / not can stop); <see cref="Children"/> keeps the rule's order for explanations.
/// </summary>
internal sealed class GroupEvaluator(string path, GroupMatch match, RuleEvaluator[] children) : RuleEvaluator
{
    private readonly RuleEvaluator[] _cheapestFirst = children.OrderBy(c => c.Cost).ToArray();

    public string Path { get; } = path;
    public GroupMatch Match { get; } = match;
    public RuleEvaluator[] Children { get; } = children;
    public override int Cost { get; } = children.Sum(c => c.Cost);

    public override bool Evaluate(DecisionContext context)
    {
        var children = _cheapestFirst;
        switch (Match)
        {
            case GroupMatch.All:
                for (var i = 0; i < children.Length; i++)
                    if (!children[i].Evaluate(context)) return false;
                return true;
            case GroupMatch.Any:
                for (var i = 0; i < children.Length; i++)
                    if (children[i].Evaluate(context)) return true;
                return false;
            default: // Not: none of them
                for (var i = 0; i < children.Length; i++)
                    if (children[i].Evaluate(context)) return false;
                return true;
        }
    }

    /// <summary>Combines already computed child outcomes the same way <see cref="Evaluate"/> does.</summary>
    public bool Combine(IReadOnlyList<bool> outcomes) => Match switch
    {
        GroupMatch.All => outcomes.All(o => o),
        GroupMatch.Any => outcomes.Any(o => o),
        _ => !outcomes.Any(o => o),
    };
}

internal sealed class PredicateEvaluator(BoundPredicate bound, Func<DecisionContext, bool> test) : RuleEvaluator
{
    private readonly Func<DecisionContext, bool> _test = test;

    public BoundPredicate Bound { get; } = bound;

    public override int Cost { get; } = bound.Operator is RuleOperator.IsSet or RuleOperator.IsNotSet
        ? 1
        : bound.Field.Type switch
        {
            FieldType.Text or FieldType.Enum => bound.Operator is RuleOperator.In or RuleOperator.NotIn ? 3 : 2,
            FieldType.IdSet or FieldType.TextSet => bound.Operator == RuleOperator.ContainsAll ? 8 : 6,
            _ => 1,
        };

    public override bool Evaluate(DecisionContext context) => _test(context);
}
