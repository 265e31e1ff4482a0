using Flock.Engine.Snapshots;
using Flock.Engine.Targeting;

namespace Flock.Engine.Tests.Targeting;

/// <summary>A known shopper, order and cart to test fields against; vary with <c>with</c>.</summary>
internal static class Contexts
{
    /// <summary>Monday 2026-11-23 14:30 in Novosibirsk (UTC+7).</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 14, 30, 0, TimeSpan.FromHours(7));

    public static readonly CustomerSnapshot Customer = new()
    {
        CustomerId = 1,
        Gender = Gender.Female,
        City = "Novosibirsk",
        CountryCode = "RU",
        RegisteredAt = Now.AddDays(-100).AddHours(-3),
        OrderCount = 3,
        TotalSpent = 12000m,
        PreviousOrderAt = Now.AddDays(-50).AddHours(-1),
        RoleSystemNames = ["Registered", "Vip"],
        NewsletterSubscribed = true,
        RfmSegment = "best",
    };

    public static readonly OrderSnapshot Order = new()
    {
        OrderId = 100,
        CustomerId = 1,
        Subtotal = 5000m,
        Total = 5200m,
        Lines =
        [
            new LineSnapshot { ProductId = 10, CategoryIds = [1, 2], ManufacturerIds = [7], Quantity = 2, UnitPrice = 1000m },
            new LineSnapshot { ProductId = 11, CategoryIds = [2, 3], ManufacturerIds = [8, 9], Quantity = 1, UnitPrice = 3000m },
        ],
    };

    public static readonly CartSnapshot Cart = new()
    {
        Total = 700m,
        Lines = [new LineSnapshot { ProductId = 20, CategoryIds = [5], ManufacturerIds = [4], Quantity = 3, UnitPrice = 233m }],
    };

    public static readonly DecisionContext Full = new()
    {
        Customer = Customer,
        Order = Order,
        Cart = Cart,
        StoreId = 1,
        LanguageCode = "ru",
        Now = Now,
    };

    /// <summary>No order, no cart, no previous order, unknown registration, nothing optional set.</summary>
    public static readonly DecisionContext Bare = new()
    {
        Customer = new CustomerSnapshot { CustomerId = 2, IsGuest = true },
        Now = Now,
    };

    public static bool Matches(string ruleJson, DecisionContext context) => Compile(ruleJson).Matches(context);

    public static CompiledRule Compile(string ruleJson)
    {
        var parsed = RuleJson.Parse(ruleJson);
        Assert.True(parsed.IsValid, parsed.Validation.ToString());
        return RuleCompiler.Compile(parsed.Rule!);
    }

    public static string Predicate(string field, string op, string? valueJson) => valueJson is null
        ? $$"""{ "field": "{{field}}", "operator": "{{op}}" }"""
        : $$"""{ "field": "{{field}}", "operator": "{{op}}", "value": {{valueJson}} }""";
}
