using System.Globalization;
using Flock.Engine.Snapshots;

namespace Flock.Engine.Targeting;

/// <summary>
/// A validated rule compiled for evaluation (see <see cref="RuleCompiler"/>). Immutable and thread-safe:
/// share one instance between requests. <see cref="Matches"/> does not allocate; <see cref="Explain"/> may.
/// </summary>
public sealed class CompiledRule : ITargetingRule
{
    private readonly Func<DecisionContext, bool> _matches;
    private readonly BoundNode _bound;
    // Explain evaluates predicate by predicate; those small delegates are compiled only if someone asks.
    private readonly Lazy<ExplainNode> _explainTree;

    internal CompiledRule(RuleNode rule, BoundNode bound, Func<DecisionContext, bool> matches)
    {
        Rule = rule;
        _bound = bound;
        _matches = matches;
        _explainTree = new Lazy<ExplainNode>(() => BuildExplainTree(_bound), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The rule this was compiled from.</summary>
    public RuleNode Rule { get; }

    /// <summary>Whether the context satisfies the rule. Absent values make comparisons false (except <c>is_not_set</c>).</summary>
    public bool Matches(DecisionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _matches(context);
    }

    /// <summary>Evaluates every predicate (no short-circuit) and tells which ones decided a failure.</summary>
    public RuleExplanation Explain(DecisionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var predicates = new List<PredicateExplanation>();
        var root = Trace(_explainTree.Value, context, predicates);
        var decisive = new HashSet<string>(StringComparer.Ordinal);
        if (!root.Outcome) Blame(root, false, decisive);
        var explained = predicates.Select(p => p with { Decisive = decisive.Contains(p.Path) }).ToArray();
        return new RuleExplanation(root.Outcome, explained);
    }

    private abstract record ExplainNode;

    private sealed record ExplainGroup(GroupMatch Match, IReadOnlyList<ExplainNode> Children) : ExplainNode;

    private sealed record ExplainPredicate(BoundPredicate Bound, Func<DecisionContext, bool> Test) : ExplainNode;

    private static ExplainNode BuildExplainTree(BoundNode node) => node switch
    {
        BoundGroup group => new ExplainGroup(group.Match, group.Conditions.Select(BuildExplainTree).ToArray()),
        BoundPredicate predicate => new ExplainPredicate(predicate, PredicateExpressions.CompilePredicate(predicate)),
        _ => throw new InvalidOperationException($"internal: unknown bound node {node.GetType().Name}"),
    };

    private sealed record Traced(bool Outcome, ExplainNode Node, IReadOnlyList<Traced> Children, string Path);

    private static Traced Trace(ExplainNode node, DecisionContext context, List<PredicateExplanation> output)
    {
        switch (node)
        {
            case ExplainGroup group:
                var children = group.Children.Select(child => Trace(child, context, output)).ToArray();
                var outcome = group.Match switch
                {
                    GroupMatch.All => children.All(c => c.Outcome),
                    GroupMatch.Any => children.Any(c => c.Outcome),
                    _ => !children.Any(c => c.Outcome),
                };
                return new Traced(outcome, group, children, "");
            case ExplainPredicate predicate:
                var bound = predicate.Bound;
                var passed = predicate.Test(context);
                output.Add(new PredicateExplanation(bound.Path, bound.Field.Name, bound.Operator,
                    FormatExpected(bound.Operand), bound.Field.DescribeValue(context), passed));
                return new Traced(passed, predicate, [], bound.Path);
            default:
                throw new InvalidOperationException($"internal: unknown explain node {node.GetType().Name}");
        }
    }

    /// <summary>Collects the predicates that gave <paramref name="node"/> the outcome <paramref name="outcome"/>.</summary>
    private static void Blame(Traced node, bool outcome, HashSet<string> decisive)
    {
        if (node.Node is not ExplainGroup { Match: var match })
        {
            decisive.Add(node.Path);
            return;
        }
        // "not" flips: it fails because a child passed, and passes because every child failed.
        var childOutcome = match == GroupMatch.Not ? !outcome : outcome;
        // A group's outcome is decided by the children that agree with it: a failed "all" by its failed children,
        // a passed "any" by its passed ones; otherwise every child took part.
        var decidedBySome = (match, outcome) is (GroupMatch.All, false) or (GroupMatch.Any, true) or (GroupMatch.Not, false);
        foreach (var child in node.Children)
            if (!decidedBySome || child.Outcome == childOutcome)
                Blame(child, childOutcome, decisive);
    }

    internal static string FormatExpected(object? operand) => operand switch
    {
        null => "",
        string text => TargetingField.Quote(text),
        bool flag => flag ? "true" : "false",
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable items =>
            $"[{string.Join(", ", items.Cast<object?>().Select(FormatExpected))}]",
        _ => operand.ToString() ?? "",
    };
}
