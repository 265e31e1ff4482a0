using Flock.Engine.Snapshots;
using Flock.Engine.Targeting;
using static Flock.Engine.Tests.Targeting.Contexts;

namespace Flock.Engine.Tests.Targeting;

public class FieldTests
{
    [Theory]
    [InlineData("order.total", "eq", "5200")]
    [InlineData("order.subtotal", "eq", "5000")]
    [InlineData("order.item_count", "eq", "3")]
    [InlineData("order.product_ids", "contains_all", "[10, 11]")]
    [InlineData("order.category_ids", "contains_all", "[1, 2, 3]")]
    [InlineData("order.manufacturer_ids", "contains_all", "[7, 8, 9]")]
    [InlineData("cart.total", "eq", "700")]
    [InlineData("cart.item_count", "eq", "3")]
    [InlineData("cart.product_ids", "contains_any", "[20]")]
    [InlineData("cart.category_ids", "contains_all", "[5]")]
    [InlineData("cart.manufacturer_ids", "contains_all", "[4]")]
    [InlineData("customer.gender", "eq", "\"female\"")]
    [InlineData("customer.city", "eq", "\"Novosibirsk\"")]
    [InlineData("customer.country", "eq", "\"RU\"")]
    [InlineData("customer.days_since_previous_order", "eq", "50")]
    [InlineData("customer.order_count", "eq", "3")]
    [InlineData("customer.total_spent", "eq", "12000")]
    [InlineData("customer.roles", "contains_all", "[\"Registered\", \"Vip\"]")]
    [InlineData("customer.newsletter", "eq", "true")]
    [InlineData("customer.rfm_segment", "eq", "\"best\"")]
    [InlineData("customer.is_guest", "eq", "false")]
    [InlineData("customer.days_since_registration", "eq", "100")]
    [InlineData("store.id", "eq", "1")]
    [InlineData("store.language", "eq", "\"ru\"")]
    [InlineData("time.hour", "eq", "14")]
    [InlineData("time.weekday", "eq", "\"monday\"")]
    [InlineData("time.date", "eq", "\"2026-11-23\"")]
    public void Every_field_reads_its_value_from_the_context(string field, string op, string value)
    {
        Assert.True(Matches(Predicate(field, op, value), Full));
    }

    [Fact]
    public void The_catalog_lists_every_R8_field_with_type_operators_and_description()
    {
        var names = TargetingFields.Default.Fields.Select(f => f.Name).ToArray();
        string[] required =
        [
            "order.total", "order.subtotal", "order.item_count", "order.product_ids", "order.category_ids",
            "order.manufacturer_ids", "cart.total", "cart.item_count", "cart.product_ids", "cart.category_ids",
            "cart.manufacturer_ids", "customer.gender",
            "customer.city", "customer.country", "customer.days_since_previous_order", "customer.order_count",
            "customer.total_spent", "customer.roles", "customer.newsletter", "customer.rfm_segment",
            "customer.is_guest", "customer.days_since_registration", "store.id", "store.language", "time.hour",
            "time.weekday", "time.date",
        ];
        Assert.Equal(required.Order(), names.Order());
        Assert.All(TargetingFields.Default.Fields, f =>
        {
            Assert.False(string.IsNullOrWhiteSpace(f.Description));
            Assert.NotEmpty(f.OperatorNames);
            Assert.Equal(f.CanBeAbsent, f.OperatorNames.Contains("is_not_set"));
        });
        Assert.Equal(FieldType.Money, Field("order.total").Type);
        Assert.Equal(["female", "male", "unknown"], Field("customer.gender").AllowedValues);
        Assert.Equal(7, Field("time.weekday").AllowedValues.Count);
        Assert.Equal(FieldType.Date, Field("time.date").Type);
        Assert.DoesNotContain("contains_any", Field("order.total").OperatorNames);
    }

    [Fact]
    public void Time_fields_use_the_local_time_of_the_decision_offset()
    {
        // 23:30 UTC on Sunday is 06:30 on Monday in Novosibirsk.
        var context = Full with { Now = new DateTimeOffset(2026, 11, 22, 23, 30, 0, TimeSpan.Zero).ToOffset(TimeSpan.FromHours(7)) };
        Assert.True(Matches(Predicate("time.hour", "eq", "6"), context));
        Assert.True(Matches(Predicate("time.weekday", "eq", "\"monday\""), context));
        Assert.True(Matches(Predicate("time.date", "eq", "\"2026-11-23\""), context));
    }

    [Theory]
    [InlineData(Gender.Female, "female")]
    [InlineData(Gender.Male, "male")]
    [InlineData(Gender.Unknown, "unknown")]
    public void Gender_maps_to_its_name(Gender gender, string name)
    {
        var context = Full with { Customer = Customer with { Gender = gender } };
        Assert.True(Matches(Predicate("customer.gender", "eq", $"\"{name}\""), context));
    }

    [Fact]
    public void Days_since_previous_order_counts_whole_days_elapsed()
    {
        var context = Full with { Customer = Customer with { PreviousOrderAt = Now.AddDays(-48).AddMinutes(1) } };
        Assert.True(Matches(Predicate("customer.days_since_previous_order", "eq", "47"), context));
    }

    [Theory]
    [InlineData("order.total")]
    [InlineData("order.subtotal")]
    [InlineData("order.item_count")]
    [InlineData("order.product_ids")]
    [InlineData("order.category_ids")]
    [InlineData("order.manufacturer_ids")]
    [InlineData("cart.total")]
    [InlineData("cart.item_count")]
    [InlineData("cart.product_ids")]
    [InlineData("cart.category_ids")]
    [InlineData("cart.manufacturer_ids")]
    [InlineData("customer.city")]
    [InlineData("customer.country")]
    [InlineData("customer.days_since_previous_order")]
    [InlineData("customer.rfm_segment")]
    [InlineData("customer.days_since_registration")]
    [InlineData("store.language")]
    public void Optional_fields_are_absent_in_a_bare_context_and_set_in_a_full_one(string field)
    {
        Assert.True(Matches(Predicate(field, "is_not_set", null), Bare));
        Assert.False(Matches(Predicate(field, "is_set", null), Bare));
        Assert.True(Matches(Predicate(field, "is_set", null), Full));
        Assert.False(Matches(Predicate(field, "is_not_set", null), Full));
    }

    [Fact]
    public void Blank_text_counts_as_absent()
    {
        var context = Full with { Customer = Customer with { City = "   " } };
        Assert.True(Matches(Predicate("customer.city", "is_not_set", null), context));
        Assert.False(Matches(Predicate("customer.city", "neq", "\"Moscow\""), context));
    }

    [Fact]
    public void A_field_is_one_entry_in_an_extended_catalog()
    {
        var catalog = TargetingFields.Default.With(
            TargetingField.Text("order.coupon", "First coupon code entered",
                c => c.Order != null ? c.Order.CouponCodes.FirstOrDefault() : null));
        var rule = new RulePredicate("order.coupon", "eq", RuleValue.Of("SPRING"));
        var context = Full with { Order = Order with { CouponCodes = ["spring "] } };

        Assert.True(RuleCompiler.Compile(rule, catalog).Matches(context));
        Assert.False(RuleValidator.Validate(rule).IsValid);
        Assert.Throws<ArgumentException>(() => catalog.With(TargetingField.Bool("order.coupon", "dup", _ => true)));
    }

    private static TargetingField Field(string name) =>
        TargetingFields.Default.TryGet(name, out var field) ? field : throw new KeyNotFoundException(name);

    [Fact]
    public void Id_sequences_enumerate_every_line_id_and_tell_absent_from_empty()
    {
        LineSnapshot[] lines =
        [
            new() { ProductId = 1, CategoryIds = [4, 5], ManufacturerIds = [9] },
            new() { ProductId = 2, CategoryIds = [] },
            new() { ProductId = 3, CategoryIds = [5], ManufacturerIds = [8, 9] },
        ];
        static List<int> All(IdSequence ids)
        {
            var list = new List<int>();
            foreach (var id in ids) list.Add(id);
            return list;
        }

        Assert.Equal([1, 2, 3], All(IdSequence.ProductsOf(lines)));
        Assert.Equal([4, 5, 5], All(IdSequence.CategoriesOf(lines)));
        Assert.Equal([9, 8, 9], All(IdSequence.ManufacturersOf(lines)));
        Assert.Equal([7, 8], All(IdSequence.Of([7, 8])));
        Assert.Empty(All(IdSequence.CategoriesOf([])));
        Assert.True(IdSequence.CategoriesOf([]).IsPresent);
        Assert.False(IdSequence.ProductsOf(null).IsPresent);
        Assert.False(IdSequence.ManufacturersOf(null).IsPresent);
        Assert.True(IdSequence.ManufacturersOf([]).IsPresent);
        Assert.Empty(All(IdSequence.Absent));
    }

    [Fact]
    public void An_empty_order_has_no_ids_so_contains_none_holds_but_contains_any_does_not()
    {
        var context = Full with { Order = Order with { Lines = [] } };
        Assert.True(Matches(Predicate("order.category_ids", "contains_none", "[1]"), context));
        Assert.False(Matches(Predicate("order.category_ids", "contains_any", "[1]"), context));
        Assert.True(Matches(Predicate("order.item_count", "eq", "0"), context));
    }

    [Theory]
    [InlineData("contains_any", "[9, 42]", true)]
    [InlineData("contains_any", "[1, 2]", false)] // category ids, not manufacturer ids
    [InlineData("contains_all", "[7, 9]", true)]
    [InlineData("contains_all", "[7, 4]", false)] // 4 is the cart's manufacturer
    [InlineData("contains_none", "[4, 5]", true)]
    [InlineData("contains_none", "[8]", false)]
    public void Order_manufacturers_are_the_manufacturers_of_every_line(string op, string value, bool expected)
    {
        Assert.Equal(expected, Matches(Predicate("order.manufacturer_ids", op, value), Full));
    }

    [Fact]
    public void Cart_manufacturers_are_read_from_the_cart_not_the_order()
    {
        Assert.True(Matches(Predicate("cart.manufacturer_ids", "contains_any", "[4]"), Full));
        Assert.False(Matches(Predicate("cart.manufacturer_ids", "contains_any", "[7, 8, 9]"), Full));
        Assert.True(Matches(Predicate("cart.manufacturer_ids", "is_not_set", null), Full with { Cart = null }));
    }

    [Fact]
    public void A_line_without_manufacturers_adds_none_and_an_order_of_such_lines_has_none()
    {
        var context = Full with
        {
            Order = Order with
            {
                Lines =
                [
                    new() { ProductId = 10, CategoryIds = [1] },
                    new() { ProductId = 11, ManufacturerIds = [8] },
                ],
            },
        };
        Assert.True(Matches(Predicate("order.manufacturer_ids", "contains_all", "[8]"), context));
        Assert.False(Matches(Predicate("order.manufacturer_ids", "contains_any", "[1]"), context));

        var none = Full with { Order = Order with { Lines = [new() { ProductId = 10, CategoryIds = [1] }] } };
        Assert.True(Matches(Predicate("order.manufacturer_ids", "is_set", null), none));
        Assert.True(Matches(Predicate("order.manufacturer_ids", "contains_none", "[7, 8, 9]"), none));
        Assert.False(Matches(Predicate("order.manufacturer_ids", "contains_any", "[7, 8, 9]"), none));
    }

    [Fact]
    public void Manufacturer_fields_are_id_sets_that_explain_their_distinct_ids()
    {
        var field = Field("order.manufacturer_ids");
        Assert.Equal(FieldType.IdSet, field.Type);
        Assert.True(field.CanBeAbsent);
        Assert.Equal("[7, 8, 9]", field.DescribeValue(Full));
        Assert.Equal("absent", field.DescribeValue(Bare));
        Assert.Equal(FieldType.IdSet, Field("cart.manufacturer_ids").Type);
    }
}
