using Flock.Engine.Targeting;
using static Flock.Engine.Tests.Targeting.Contexts;

namespace Flock.Engine.Tests.Targeting;

public class ExplainTests
{
    private const string Rule = """
        { "match": "all", "conditions": [
            { "field": "customer.gender", "operator": "eq", "value": "female" },
            { "field": "customer.city", "operator": "in", "value": ["Novosibirsk", "Omsk"] },
            { "field": "order.total", "operator": "gt", "value": 5000 },
            { "match": "not", "conditions": [
                { "field": "customer.roles", "operator": "contains_any", "value": ["Wholesale"] } ] },
            { "field": "customer.rfm_segment", "operator": "is_set" } ] }
        """;

    [Fact]
    public void Lists_every_predicate_with_expected_and_actual_values()
    {
        var explanation = Compile(Rule).Explain(Full with { Order = Order with { Total = 4200m } });

        Assert.False(explanation.Matched);
        Assert.Equal(
        [
            "conditions[0] customer.gender = \"female\": actual \"female\" → passed",
            "conditions[1] customer.city in [\"Novosibirsk\", \"Omsk\"]: actual \"Novosibirsk\" → passed",
            "conditions[2] order.total > 5000: actual 4200 → failed (decisive)",
            "conditions[3].conditions[0] customer.roles contains any of [\"Wholesale\"]: actual [\"Registered\", \"Vip\"] → failed",
            "conditions[4] customer.rfm_segment is set: actual \"best\" → passed",
        ], explanation.Predicates.Select(p => p.ToString()));
        var decisive = Assert.Single(explanation.Decisive);
        Assert.Equal(("conditions[2]", "order.total", RuleOperator.Gt, "5000", "4200", false),
            (decisive.Path, decisive.Field, decisive.Operator, decisive.Expected, decisive.Actual, decisive.Passed));
        Assert.StartsWith("not matched because of conditions[2]\nconditions[0] customer.gender", explanation.ToString());
    }

    [Fact]
    public void A_passing_predicate_inside_not_is_what_made_the_rule_fail()
    {
        var context = Full with { Customer = Customer with { RoleSystemNames = ["Wholesale"], City = null } };
        var explanation = Compile(Rule).Explain(context);

        Assert.False(explanation.Matched);
        Assert.Equal(["conditions[1]", "conditions[3].conditions[0]"], explanation.Decisive.Select(p => p.Path));
        Assert.True(explanation.Decisive[1].Passed);
        Assert.Equal("absent", explanation.Decisive[0].Actual);
    }

    [Fact]
    public void An_any_group_fails_because_of_all_its_conditions()
    {
        const string rule = """
            { "match": "any", "conditions": [
                { "field": "order.total", "operator": "gt", "value": 9000 },
                { "field": "time.weekday", "operator": "in", "value": ["saturday", "sunday"] } ] }
            """;
        var explanation = Compile(rule).Explain(Full);

        Assert.False(explanation.Matched);
        Assert.Equal(["conditions[0]", "conditions[1]"], explanation.Decisive.Select(p => p.Path));
    }

    [Fact]
    public void A_matching_rule_has_no_decisive_predicates()
    {
        var explanation = Compile(Rule).Explain(Full);

        Assert.True(explanation.Matched);
        Assert.Empty(explanation.Decisive);
        Assert.All(explanation.Predicates, p => Assert.False(p.Decisive));
        Assert.StartsWith("matched\n", explanation.ToString());
    }

    [Fact]
    public void A_root_predicate_is_labelled_rule()
    {
        var explanation = RuleCompiler.Compile(new RulePredicate("order.total", "gt", RuleValue.Of(5000))).Explain(Bare);
        Assert.Equal("not matched because of rule\nrule order.total > 5000: actual absent → failed (decisive)", explanation.ToString());
    }

    [Fact]
    public void Sets_dates_and_flags_are_printed_readably()
    {
        const string rule = """
            { "match": "all", "conditions": [
                { "field": "order.category_ids", "operator": "contains_all", "value": [3, 1] },
                { "field": "time.date", "operator": "between", "value": ["2026-11-01", "2026-11-30"] },
                { "field": "customer.newsletter", "operator": "eq", "value": false },
                { "field": "customer.days_since_previous_order", "operator": "is_not_set" } ] }
            """;
        Assert.Equal(
        [
            "conditions[0] order.category_ids contains all of [3, 1]: actual [1, 2, 3] → passed",
            "conditions[1] time.date between [2026-11-01, 2026-11-30]: actual 2026-11-23 → passed",
            "conditions[2] customer.newsletter = false: actual true → failed (decisive)",
            "conditions[3] customer.days_since_previous_order is not set: actual 50 → failed (decisive)",
        ], Compile(rule).Explain(Full).Predicates.Select(p => p.ToString()));
    }
}
