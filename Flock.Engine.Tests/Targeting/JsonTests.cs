using Flock.Engine.Targeting;

namespace Flock.Engine.Tests.Targeting;

public class JsonTests
{
    private const string Example = """
        { "match": "all", "conditions": [
            { "field": "customer.gender", "operator": "eq", "value": "female" },
            { "field": "customer.city", "operator": "in", "value": ["Novosibirsk", "Новосибирск"] },
            { "match": "not", "conditions": [
                { "field": "customer.days_since_previous_order", "operator": "lt", "value": 48 } ] },
            { "field": "order.total", "operator": "between", "value": [5000, 10000.50] },
            { "field": "customer.rfm_segment", "operator": "is_set" },
            { "field": "customer.newsletter", "operator": "eq", "value": true } ] }
        """;

    [Fact]
    public void Parses_groups_predicates_and_every_value_kind()
    {
        var parsed = RuleJson.Parse(Example);

        Assert.True(parsed.IsValid, parsed.Validation.ToString());
        var expected = RuleGroup.AllOf(
            new RulePredicate("customer.gender", "eq", RuleValue.Of("female")),
            new RulePredicate("customer.city", "in", RuleValue.List(RuleValue.Of("Novosibirsk"), RuleValue.Of("Новосибирск"))),
            RuleGroup.NoneOf(new RulePredicate("customer.days_since_previous_order", "lt", RuleValue.Of(48))),
            new RulePredicate("order.total", "between", RuleValue.List(RuleValue.Of(5000), RuleValue.Of(10000.50m))),
            new RulePredicate("customer.rfm_segment", "is_set", null),
            new RulePredicate("customer.newsletter", "eq", RuleValue.Of(true)));
        Assert.Equal(expected, parsed.Rule);
    }

    [Fact]
    public void Write_then_parse_gives_back_the_same_rule()
    {
        var rule = RuleJson.Parse(Example).Rule!;
        var json = RuleJson.Write(rule);

        Assert.Equal(rule, RuleJson.Parse(json).Rule);
        Assert.Equal(rule, RuleJson.Parse(RuleJson.Write(rule, indented: true)).Rule);
        Assert.StartsWith("""{"match":"all","conditions":[{"field":"customer.gender","operator":"eq","value":"female"}""", json);
        Assert.Contains("""{"field":"customer.rfm_segment","operator":"is_set"}""", json);
    }

    [Fact]
    public void Malformed_json_reports_its_line_and_position()
    {
        var parsed = RuleJson.Parse("{ \"match\": \"all\",\n  \"conditions\": [ { \"field\": } ] }");

        Assert.False(parsed.IsValid);
        Assert.Null(parsed.Rule);
        var problem = Assert.Single(parsed.Problems);
        Assert.StartsWith("malformed JSON at line 2, position 30:", problem.Message);
    }

    [Fact]
    public void Shape_problems_are_all_reported_with_paths()
    {
        const string json = """
            { "match": "every", "conditions": [
                { "field": "order.total", "operator": 5 },
                { "field": "order.total", "operator": "eq", "value": { "amount": 1 } },
                { "fild": "order.total", "operator": "eq", "value": 1 },
                { "field": "order.total", "operator": "in", "value": [1, [2]] },
                42,
                { "nothing": true } ] }
            """;
        var problems = RuleJson.Parse(json).Problems.Select(p => p.ToString()).ToArray();

        Assert.Equal(
        [
            "match: expected all, any or not, got 'every'",
            "conditions[0].operator: expected a string, got 5",
            "conditions[1].value: expected a number, string, true/false or a list of those, got an object",
            "conditions[2].fild: unknown property (expected field, operator, value)",
            "conditions[2].field: required",
            "conditions[3].value[1]: expected a number, string or true/false, got a list",
            "conditions[4]: expected an object: a group { match, conditions } or a predicate { field, operator, value }",
            "conditions[5]: expected a group { match, conditions } or a predicate { field, operator, value }",
        ], problems);
    }

    [Fact]
    public void Parse_validates_the_rule_unless_asked_not_to()
    {
        const string json = """{ "match": "all", "conditions": [ { "field": "order.totl", "operator": "gt", "value": 1 } ] }""";

        var validated = RuleJson.Parse(json);
        Assert.Equal(["conditions[0].field: unknown field 'order.totl' (did you mean 'order.total'?)"],
            validated.Problems.Select(p => p.ToString()));
        Assert.Null(validated.Rule);

        var draft = RuleJson.Parse(json, validate: false);
        Assert.True(draft.IsValid);
        Assert.Equal(RuleGroup.AllOf(new RulePredicate("order.totl", "gt", RuleValue.Of(1))), draft.Rule);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Empty_input_is_a_problem(string? json)
    {
        Assert.Equal("rule JSON is empty", Assert.Single(RuleJson.Parse(json).Problems).Message);
    }

    [Fact]
    public void Oversized_json_is_rejected_before_parsing()
    {
        var json = new string(' ', RuleLimits.MaxJsonLength) + "{}";
        Assert.Contains("longer than", Assert.Single(RuleJson.Parse(json).Problems).Message);
    }

    [Fact]
    public void Numbers_out_of_decimal_range_are_a_problem()
    {
        var problem = Assert.Single(RuleJson.Parse("""{ "field": "order.total", "operator": "gt", "value": 1e300 }""").Problems);
        Assert.Equal("value: number out of range", problem.ToString());
    }
}
