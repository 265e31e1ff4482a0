using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Flock.Engine.Snapshots;
using Flock.Engine.Targeting;

namespace Flock.Engine.Tests.Targeting;

public class PropertyTests
{
    [Property(MaxTest = 500)]
    public Property Compiled_rules_agree_with_the_reference_interpreter() =>
        Prop.ForAll(RuleGenerators.RulesWithContexts, input =>
        {
            var (rule, contexts) = input;
            var compiled = RuleCompiler.Compile(rule);
            return contexts.All(c => compiled.Matches(c) == ReferenceInterpreter.Evaluate(rule, c));
        });

    [Property(MaxTest = 300)]
    public Property Generated_rules_are_valid() =>
        Prop.ForAll(RuleGenerators.Rules, rule => RuleValidator.Validate(rule).IsValid);

    [Property(MaxTest = 300)]
    public Property Json_write_then_parse_gives_the_same_rule() =>
        Prop.ForAll(RuleGenerators.Rules, rule =>
        {
            var parsed = RuleJson.Parse(RuleJson.Write(rule));
            return parsed.IsValid && rule.Equals(parsed.Rule);
        });

    [Property(MaxTest = 300)]
    public Property Explain_agrees_with_matches() =>
        Prop.ForAll(RuleGenerators.RulesWithContexts, input =>
        {
            var (rule, contexts) = input;
            var compiled = RuleCompiler.Compile(rule);
            return contexts.All(c =>
            {
                var explanation = compiled.Explain(c);
                return explanation.Matched == compiled.Matches(c)
                       && explanation.Decisive.Count > 0 != explanation.Matched
                       && explanation.Predicates.Count == CountPredicates(rule);
            });
        });

    [Fact]
    public void The_generators_produce_both_outcomes()
    {
        var rules = RuleGenerators.Rules.Generator.Sample(50, 200);
        var contexts = RuleGenerators.DecisionContexts.Generator.Sample(50, 20);
        var outcomes = rules.SelectMany(r => contexts.Select(c => RuleCompiler.Compile(r).Matches(c))).ToArray();
        Assert.InRange(outcomes.Count(o => o), outcomes.Length / 10, outcomes.Length * 9 / 10);
    }

    private static int CountPredicates(RuleNode node) =>
        node is RuleGroup g ? g.Conditions.Sum(CountPredicates) : 1;
}
