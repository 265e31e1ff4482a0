using static Flock.Engine.Tests.Targeting.Contexts;

namespace Flock.Engine.Tests.Targeting;

/// <summary>Each operator against the <see cref="Contexts.Full"/> context (order.total 5200, city Novosibirsk...).</summary>
public class OperatorTests
{
    [Theory]
    [InlineData("eq", "5200", true)]
    [InlineData("eq", "5200.00", true)]
    [InlineData("eq", "5000", false)]
    [InlineData("neq", "5000", true)]
    [InlineData("neq", "5200", false)]
    [InlineData("gt", "5000", true)]
    [InlineData("gt", "5200", false)]
    [InlineData("gte", "5200", true)]
    [InlineData("gte", "5200.01", false)]
    [InlineData("lt", "5200.01", true)]
    [InlineData("lt", "5200", false)]
    [InlineData("lte", "5200", true)]
    [InlineData("lte", "5199.99", false)]
    [InlineData("between", "[5000, 5200]", true)]
    [InlineData("between", "[5200, 9000]", true)]
    [InlineData("between", "[5201, 9000]", false)]
    [InlineData("between", "[5200, 5200]", true)]
    public void Money_comparisons(string op, string value, bool expected)
    {
        Assert.Equal(expected, Matches(Predicate("order.total", op, value), Full));
    }

    [Theory]
    [InlineData("in", "[2, 3, 4]", true)]
    [InlineData("in", "[1, 2]", false)]
    [InlineData("not_in", "[1, 2]", true)]
    [InlineData("not_in", "[3]", false)]
    [InlineData("between", "[0, 3]", true)]
    public void Number_lists(string op, string value, bool expected)
    {
        Assert.Equal(expected, Matches(Predicate("customer.order_count", op, value), Full));
    }

    [Theory]
    [InlineData("eq", "\"novosibirsk\"", true)]
    [InlineData("eq", "\"  NOVOSIBIRSK \"", true)]
    [InlineData("eq", "\"Moscow\"", false)]
    [InlineData("neq", "\"Moscow\"", true)]
    [InlineData("neq", "\"Novosibirsk\"", false)]
    [InlineData("in", "[\"Moscow\", \" novosibirsk\"]", true)]
    [InlineData("in", "[\"Moscow\", \"Omsk\"]", false)]
    [InlineData("not_in", "[\"Moscow\", \"Omsk\"]", true)]
    [InlineData("not_in", "[\"NOVOSIBIRSK\"]", false)]
    public void Text_compares_trimmed_and_case_insensitively(string op, string value, bool expected)
    {
        var context = Full with { Customer = Customer with { City = " Novosibirsk  " } };
        Assert.Equal(expected, Matches(Predicate("customer.city", op, value), context));
    }

    [Theory]
    [InlineData(" novosibirsk ", true)]
    [InlineData("OMSK", true)]
    [InlineData("Tver", false)]
    public void Long_text_lists_match_like_short_ones(string city, bool expected)
    {
        const string cities = "[\"Moscow\", \"Omsk\", \"Tomsk\", \"Kazan\", \"Samara\", \"Perm\", \"Ufa\", \"Sochi\", \"Kursk\", \"Novosibirsk\"]";
        var context = Full with { Customer = Customer with { City = city, RoleSystemNames = [city] } };
        Assert.Equal(expected, Matches(Predicate("customer.city", "in", cities), context));
        Assert.Equal(!expected, Matches(Predicate("customer.city", "not_in", cities), context));
        Assert.Equal(expected, Matches(Predicate("customer.roles", "contains_any", cities), context));
    }

    [Fact]
    public void Text_case_folding_covers_cyrillic()
    {
        var context = Full with { Customer = Customer with { City = "Новосибирск" } };
        Assert.True(Matches(Predicate("customer.city", "eq", "\"НОВОСИБИРСК\""), context));
        Assert.True(Matches(Predicate("customer.city", "in", "[\"омск\", \"новосибирск\"]"), context));
    }

    [Theory]
    [InlineData("eq", "\"Female\"", true)]
    [InlineData("neq", "\"male\"", true)]
    [InlineData("in", "[\"male\", \"unknown\"]", false)]
    [InlineData("not_in", "[\"male\", \"unknown\"]", true)]
    public void Enum_comparisons(string op, string value, bool expected)
    {
        Assert.Equal(expected, Matches(Predicate("customer.gender", op, value), Full));
    }

    [Theory]
    [InlineData("eq", "true", true)]
    [InlineData("eq", "false", false)]
    [InlineData("neq", "false", true)]
    [InlineData("neq", "true", false)]
    public void Bool_comparisons(string op, string value, bool expected)
    {
        Assert.Equal(expected, Matches(Predicate("customer.newsletter", op, value), Full));
    }

    [Theory]
    [InlineData("contains_any", "[3, 99]", true)]
    [InlineData("contains_any", "[98, 99]", false)]
    [InlineData("contains_all", "[1, 3]", true)]
    [InlineData("contains_all", "[1, 2, 3]", true)]
    [InlineData("contains_all", "[2, 2]", true)]
    [InlineData("contains_all", "[1, 99]", false)]
    [InlineData("contains_none", "[98, 99]", true)]
    [InlineData("contains_none", "[99, 2]", false)]
    public void Id_set_comparisons(string op, string value, bool expected)
    {
        Assert.Equal(expected, Matches(Predicate("order.category_ids", op, value), Full));
    }

    [Fact]
    public void Contains_all_handles_more_than_64_ids()
    {
        var ids = Enumerable.Range(1, 130).ToArray();
        var context = Full with
        {
            Order = Order with { Lines = [new() { ProductId = 1, CategoryIds = ids.Reverse().Concat(ids).ToArray() }] },
        };
        Assert.True(Matches(Predicate("order.category_ids", "contains_all", $"[{string.Join(",", ids)}]"), context));
        Assert.False(Matches(Predicate("order.category_ids", "contains_all", $"[{string.Join(",", ids)}, 131]"), context));
    }

    [Theory]
    [InlineData("contains_any", "[\"vip\", \"Wholesale\"]", true)]
    [InlineData("contains_any", "[\"Wholesale\"]", false)]
    [InlineData("contains_all", "[\" VIP \", \"registered\"]", true)]
    [InlineData("contains_all", "[\"Vip\", \"Wholesale\"]", false)]
    [InlineData("contains_none", "[\"Wholesale\", \"Guests\"]", true)]
    [InlineData("contains_none", "[\"Wholesale\", \"vip\"]", false)]
    public void Text_set_comparisons(string op, string value, bool expected)
    {
        Assert.Equal(expected, Matches(Predicate("customer.roles", op, value), Full));
    }

    [Theory]
    [InlineData("eq", "\"2026-11-23\"", true)]
    [InlineData("neq", "\"2026-11-23\"", false)]
    [InlineData("before", "\"2026-11-24\"", true)]
    [InlineData("before", "\"2026-11-23\"", false)]
    [InlineData("after", "\"2026-11-22\"", true)]
    [InlineData("after", "\"2026-11-23\"", false)]
    [InlineData("between", "[\"2026-11-01\", \"2026-11-23\"]", true)]
    [InlineData("between", "[\"2026-11-23\", \"2026-12-31\"]", true)]
    [InlineData("between", "[\"2026-11-24\", \"2026-12-31\"]", false)]
    public void Date_comparisons(string op, string value, bool expected)
    {
        Assert.Equal(expected, Matches(Predicate("time.date", op, value), Full));
    }

    [Theory]
    [InlineData("order.total", "eq", "0")]
    [InlineData("order.total", "neq", "5000")]
    [InlineData("order.total", "lt", "100000")]
    [InlineData("order.total", "between", "[0, 100000]")]
    [InlineData("order.item_count", "not_in", "[1, 2]")]
    [InlineData("order.category_ids", "contains_none", "[1]")]
    [InlineData("order.product_ids", "contains_any", "[10]")]
    [InlineData("cart.total", "gte", "0")]
    [InlineData("customer.days_since_previous_order", "gte", "0")]
    [InlineData("customer.days_since_previous_order", "neq", "48")]
    [InlineData("customer.days_since_registration", "lt", "100000")]
    [InlineData("customer.city", "neq", "\"Moscow\"")]
    [InlineData("customer.city", "not_in", "[\"Moscow\"]")]
    [InlineData("customer.rfm_segment", "neq", "\"best\"")]
    [InlineData("store.language", "not_in", "[\"en\"]")]
    public void An_absent_value_makes_every_comparison_false(string field, string op, string value)
    {
        Assert.False(Matches(Predicate(field, op, value), Bare));
    }

    [Fact]
    public void Groups_combine_with_all_any_and_not()
    {
        const string yes = """{ "field": "customer.gender", "operator": "eq", "value": "female" }""";
        const string no = """{ "field": "customer.gender", "operator": "eq", "value": "male" }""";
        string Group(string match, params string[] conditions) =>
            $$"""{ "match": "{{match}}", "conditions": [{{string.Join(",", conditions)}}] }""";

        Assert.True(Matches(Group("all", yes, yes), Full));
        Assert.False(Matches(Group("all", yes, no), Full));
        Assert.True(Matches(Group("any", no, yes), Full));
        Assert.False(Matches(Group("any", no, no), Full));
        Assert.True(Matches(Group("not", no, no), Full));
        Assert.False(Matches(Group("not", no, yes), Full));
        Assert.True(Matches(Group("all", yes, Group("not", no), Group("any", no, yes)), Full));
    }

    [Fact]
    public void The_brief_example_woman_from_Novosibirsk_no_order_for_48_days_order_above_5000()
    {
        const string rule = """
            { "match": "all", "conditions": [
                { "field": "customer.gender", "operator": "eq", "value": "female" },
                { "field": "customer.city", "operator": "eq", "value": "Novosibirsk" },
                { "field": "customer.days_since_previous_order", "operator": "gte", "value": 48 },
                { "field": "order.total", "operator": "gt", "value": 5000 } ] }
            """;
        var compiled = Compile(rule);
        Assert.True(compiled.Matches(Full));
        Assert.False(compiled.Matches(Full with { Order = Order with { Total = 4200m } }));
        Assert.False(compiled.Matches(Full with { Customer = Customer with { PreviousOrderAt = Now.AddDays(-10) } }));
        Assert.False(compiled.Matches(Full with { Customer = Customer with { PreviousOrderAt = null } }));
        Assert.False(compiled.Matches(Full with { Order = null }));
    }
}
