using System.Text;

namespace Flock.Engine.Targeting;

/// <summary>How one predicate fared against a context.</summary>
/// <param name="Path">Where the predicate sits in the rule, e.g. <c>conditions[2]</c> (empty for a root predicate).</param>
/// <param name="Field">The field's name, e.g. <c>order.total</c>.</param>
/// <param name="Operator">The comparison made.</param>
/// <param name="Expected">The rule's value as printed (texts quoted, lists in brackets); empty for presence checks.</param>
/// <param name="Actual">The field's value in the context, or <c>absent</c>.</param>
/// <param name="Passed">The predicate's own outcome.</param>
/// <param name="Decisive">This predicate's outcome is one of the reasons the rule did not match.</param>
public sealed record PredicateExplanation(
    string Path, string Field, RuleOperator Operator, string Expected, string Actual, bool Passed, bool Decisive = false)
{
    /// <summary>E.g. <c>conditions[2] order.total &gt; 5000: actual 4200 → failed</c>.</summary>
    public override string ToString()
    {
        var where = Path.Length == 0 ? "rule" : Path;
        var expected = Expected.Length == 0 ? "" : " " + Expected;
        var verdict = Passed ? "passed" : "failed";
        var blame = Decisive ? " (decisive)" : "";
        return $"{where} {Field} {RuleOperators.SymbolOf(Operator)}{expected}: actual {Actual} → {verdict}{blame}";
    }
}

/// <summary>The outcome of a rule on one context, predicate by predicate.</summary>
public sealed class RuleExplanation(bool matched, IReadOnlyList<PredicateExplanation> predicates)
{
    /// <summary>Equals <see cref="CompiledRule.Matches"/> for the same context.</summary>
    public bool Matched { get; } = matched;

    /// <summary>Every predicate in rule order.</summary>
    public IReadOnlyList<PredicateExplanation> Predicates { get; } = predicates;

    /// <summary>The predicates that made the rule fail (empty when it matched). A passing predicate inside a
    /// "not" group can be decisive.</summary>
    public IReadOnlyList<PredicateExplanation> Decisive { get; } = predicates.Where(p => p.Decisive).ToArray();

    public override string ToString()
    {
        var text = new StringBuilder(Matched
            ? "matched"
            : $"not matched because of {string.Join(", ", Decisive.Select(p => p.Path.Length == 0 ? "rule" : p.Path))}");
        foreach (var predicate in Predicates) text.Append('\n').Append(predicate);
        return text.ToString();
    }
}
