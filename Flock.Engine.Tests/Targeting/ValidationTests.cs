using Flock.Engine.Common;
using Flock.Engine.Targeting;

namespace Flock.Engine.Tests.Targeting;

public class ValidationTests
{
    private static IReadOnlyList<string> ProblemsOf(RuleNode? rule) =>
        RuleValidator.Validate(rule).Problems.Select(p => p.ToString()).ToArray();

    private static IReadOnlyList<string> ProblemsOf(string field, string op, RuleValue? value) =>
        ProblemsOf(RuleGroup.AllOf(new RulePredicate(field, op, value)));

    private static RuleValue Numbers(params decimal[] numbers) => RuleValue.List(numbers.Select(RuleValue.Of).ToArray());
    private static RuleValue Texts(params string[] texts) => RuleValue.List(texts.Select(RuleValue.Of).ToArray());

    [Fact]
    public void A_valid_rule_has_no_problems()
    {
        var rule = RuleGroup.AllOf(
            new RulePredicate("order.total", "gt", RuleValue.Of(5000)),
            RuleGroup.AnyOf(
                new RulePredicate("customer.city", "in", Texts("Novosibirsk", "Omsk")),
                new RulePredicate("customer.rfm_segment", "is_set", null)));
        Assert.True(RuleValidator.Validate(rule).IsValid);
    }

    [Fact]
    public void Every_problem_is_reported_with_its_path_in_one_pass()
    {
        var rule = RuleGroup.AllOf(
            new RulePredicate("order.totl", "gt", RuleValue.Of(5000)),
            new RulePredicate("order.total", "contains_any", Numbers(1)),
            new RulePredicate("order.total", "gt", RuleValue.Of("lots")),
            RuleGroup.AnyOf());

        Assert.Equal(
        [
            "conditions[0].field: unknown field 'order.totl' (did you mean 'order.total'?)",
            "conditions[1].operator: 'contains_any' does not apply to money field order.total (allowed: eq, neq, gt, gte, lt, lte, between, is_set, is_not_set)",
            "conditions[2].value: expected a number",
            "conditions[3].conditions: a group needs at least one condition",
        ], ProblemsOf(rule));
    }

    [Fact]
    public void An_unknown_field_far_from_any_known_one_gets_no_suggestion()
    {
        Assert.Equal(["conditions[0].field: unknown field 'favourite_colour'"],
            ProblemsOf("favourite_colour", "eq", RuleValue.Of("red")));
    }

    [Fact]
    public void Missing_field_and_operator_are_required()
    {
        Assert.Equal(["conditions[0].field: required", "conditions[0].operator: required"], ProblemsOf("", " ", null));
    }

    [Fact]
    public void Unknown_operator_lists_the_known_ones()
    {
        var problem = Assert.Single(ProblemsOf("order.total", "equals", RuleValue.Of(1)));
        Assert.StartsWith("conditions[0].operator: unknown operator 'equals' (known: eq, neq, gt,", problem);
    }

    [Theory]
    [InlineData("order.total", "gt", null, "value: a value is required")]
    [InlineData("order.total", "is_set", "1", "value: 'is_set' takes no value")]
    [InlineData("customer.city", "eq", "1", "value: expected a text")]
    [InlineData("customer.city", "eq", "\"  \"", "value: expected a non-blank text")]
    [InlineData("customer.city", "in", "\"Omsk\"", "value: expected a list of texts")]
    [InlineData("customer.city", "in", "[]", "value: expected a non-empty list of texts")]
    [InlineData("customer.city", "in", "[\"Omsk\", 2]", "value[1]: expected a text")]
    [InlineData("customer.gender", "eq", "\"femail\"", "value: 'femail' is not one of: female, male, unknown")]
    [InlineData("customer.gender", "in", "[\"female\", \"other\"]", "value[1]: 'other' is not one of: female, male, unknown")]
    [InlineData("customer.newsletter", "eq", "\"yes\"", "value: expected true or false")]
    [InlineData("order.total", "between", "[5000, 1000]", "value: between bounds reversed: 5000 is after 1000")]
    [InlineData("order.total", "between", "[1000]", "value: expected [min, max]: a list of 2 numbers")]
    [InlineData("order.total", "between", "[1000, \"x\"]", "value[1]: expected a number")]
    [InlineData("store.id", "in", "[1, \"two\"]", "value[1]: expected a number")]
    [InlineData("order.category_ids", "contains_any", "[1, 2.5]", "value[1]: expected a whole number (an id)")]
    [InlineData("order.category_ids", "contains_any", "7", "value: expected a list of ids")]
    [InlineData("order.manufacturer_ids", "contains_none", "[\"Apple\"]", "value[0]: expected a whole number (an id)")]
    [InlineData("cart.manufacturer_ids", "eq", "[3]", "operator: 'eq' does not apply to id set field cart.manufacturer_ids (allowed: contains_any, contains_all, contains_none, is_set, is_not_set)")]
    [InlineData("customer.roles", "contains_all", "[\"Vip\", true]", "value[1]: expected a text")]
    [InlineData("time.date", "after", "\"23.11.2026\"", "value: expected a date as yyyy-MM-dd")]
    [InlineData("time.date", "between", "[\"2026-12-31\", \"2026-01-01\"]", "value: between bounds reversed: 2026-12-31 is after 2026-01-01")]
    [InlineData("time.weekday", "gt", "\"monday\"", "operator: 'gt' does not apply to enum field time.weekday (allowed: eq, neq, in, not_in)")]
    [InlineData("customer.is_guest", "is_set", null, "operator: 'is_set' does not apply to bool field customer.is_guest (allowed: eq, neq)")]
    public void Value_problems(string field, string op, string? valueJson, string expected)
    {
        var json = Contexts.Predicate(field, op, valueJson);
        var parsed = RuleJson.Parse(json);
        Assert.Equal([expected], parsed.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Too_deep_rules_are_rejected()
    {
        RuleNode node = new RulePredicate("order.total", "gt", RuleValue.Of(1));
        for (var i = 0; i < RuleLimits.MaxDepth; i++) node = RuleGroup.AllOf(node);

        var problem = Assert.Single(RuleValidator.Validate(node).Problems);
        Assert.Equal(string.Join(".", Enumerable.Repeat("conditions[0]", RuleLimits.MaxDepth)), problem.Path);
        Assert.Equal($"rule is nested deeper than {RuleLimits.MaxDepth} levels", problem.Message);
    }

    [Fact]
    public void Too_many_conditions_are_rejected()
    {
        var wide = RuleGroup.AnyOf(Enumerable.Range(0, RuleLimits.MaxNodes + 5)
            .Select(i => (RuleNode)new RulePredicate("store.id", "eq", RuleValue.Of(i))).ToArray());
        var problem = Assert.Single(RuleValidator.Validate(wide).Problems);
        Assert.Equal("", problem.Path);
        Assert.Contains($"at most {RuleLimits.MaxNodes}", problem.Message);
    }

    [Fact]
    public void Too_long_lists_and_texts_are_rejected()
    {
        var ids = Numbers(Enumerable.Range(0, RuleLimits.MaxListItems + 1).Select(i => (decimal)i).ToArray());
        Assert.Equal([$"conditions[0].value: list has {RuleLimits.MaxListItems + 1} items; at most {RuleLimits.MaxListItems} are allowed"],
            ProblemsOf("order.product_ids", "contains_any", ids));
        Assert.Equal([$"conditions[0].value: text is longer than {RuleLimits.MaxTextLength} characters"],
            ProblemsOf("customer.city", "eq", RuleValue.Of(new string('x', RuleLimits.MaxTextLength + 1))));
    }

    [Fact]
    public void Null_rules_and_null_children_are_problems_not_crashes()
    {
        Assert.Equal(["a rule is required"], ProblemsOf(null));
        Assert.Equal(["conditions[1]: missing condition"],
            ProblemsOf(new RuleGroup(GroupMatch.All, [new RulePredicate("store.id", "eq", RuleValue.Of(1)), null!])));
        Assert.Equal(["conditions: required"], ProblemsOf(new RuleGroup(GroupMatch.Any, null!)));
        Assert.Equal(["match: expected all, any or not"],
            ProblemsOf(new RuleGroup((GroupMatch)7, [new RulePredicate("store.id", "eq", RuleValue.Of(1))])));
    }

    [Fact]
    public void A_root_predicate_is_a_valid_rule_with_unprefixed_paths()
    {
        Assert.True(RuleValidator.Validate(new RulePredicate("store.id", "eq", RuleValue.Of(1))).IsValid);
        Assert.Equal(["value: expected a number"],
            ProblemsOf(new RulePredicate("store.id", "eq", RuleValue.Of(true))));
    }

    [Fact]
    public void Compile_throws_listing_every_problem_and_validation_uses_the_same_paths()
    {
        var rule = RuleGroup.AllOf(
            new RulePredicate("order.totl", "gt", RuleValue.Of(1)),
            new RulePredicate("customer.city", "eq", RuleValue.Of(3)));

        var error = Assert.Throws<FlockValidationException>(() => RuleCompiler.Compile(rule));
        Assert.Equal(RuleValidator.Validate(rule).Problems, error.Problems);
        Assert.Equal(2, error.Problems.Count);
        Assert.Contains("conditions[1].value: expected a text", error.Message);
    }
}
