using FsCheck;
using FsCheck.Fluent;
using Flock.Engine.Snapshots;
using Flock.Engine.Targeting;

namespace Flock.Engine.Tests.Targeting;

/// <summary>
/// Random valid rules and random contexts drawn from the same small value pools, so that predicates match often
/// enough to exercise both outcomes (texts vary in case and padding, optional values are sometimes absent).
/// </summary>
internal static class RuleGenerators
{
    private static readonly DateTimeOffset BaseNow = new(2026, 11, 23, 0, 0, 0, TimeSpan.FromHours(7));

    private static readonly string[] Cities = ["Novosibirsk", "Moscow", "Омск", "Saint \"Pete\" \\ ✓"];
    private static readonly string[] Countries = ["RU", "KZ", "BY"];
    private static readonly string[] Segments = ["best", "at_risk", "lost"];
    private static readonly string[] Languages = ["ru", "en", "kk"];
    private static readonly string[] Roles = ["Registered", "Vip", "Guests", "Wholesale"];

    /// <summary>The value range of each number / money field; contexts and rule values both come from it.</summary>
    private static readonly Dictionary<string, (int Min, int Max)> NumberRanges = new()
    {
        ["order.total"] = (0, 20), ["order.subtotal"] = (0, 20), ["order.item_count"] = (0, 12),
        ["cart.total"] = (0, 20), ["cart.item_count"] = (0, 12),
        ["customer.days_since_previous_order"] = (0, 12), ["customer.order_count"] = (0, 5),
        ["customer.total_spent"] = (0, 20), ["customer.days_since_registration"] = (0, 12),
        ["store.id"] = (1, 3), ["time.hour"] = (0, 23),
    };

    private static readonly Dictionary<string, string[]> TextPools = new()
    {
        ["customer.city"] = Cities, ["customer.country"] = Countries, ["customer.rfm_segment"] = Segments,
        ["store.language"] = Languages, ["customer.roles"] = Roles,
    };

    public static Arbitrary<RuleNode> Rules => Arb.From(Gen.Sized(size => Node(Math.Min(size / 10, 3))));

    public static Arbitrary<DecisionContext> DecisionContexts => Arb.From(Context());

    public static Arbitrary<(RuleNode, DecisionContext[])> RulesWithContexts => Arb.From(
        from rule in Gen.Sized(size => Node(Math.Min(size / 10, 3)))
        from contexts in Gen.ArrayOf(Context(), 8)
        select (rule, contexts));

    public static Gen<RuleNode> Node(int depth) => depth <= 0
        ? Predicate()
        : Gen.Frequency(
            (2, Predicate()),
            (1, from match in Gen.Elements(GroupMatch.All, GroupMatch.Any, GroupMatch.Not)
                from count in Gen.Choose(1, 4)
                from children in Gen.ArrayOf(Node(depth - 1), count)
                select (RuleNode)new RuleGroup(match, children)));

    public static Gen<RuleNode> Predicate() =>
        from field in Gen.Elements(TargetingFields.Default.Fields.ToArray())
        from op in Gen.Elements(field.Operators.ToArray())
        from value in Value(field, op)
        select (RuleNode)new RulePredicate(field.Name, RuleOperators.NameOf(op), value);

    private static Gen<RuleValue?> Value(TargetingField field, RuleOperator op)
    {
        if (RuleOperators.TakesNoValue(op)) return Gen.Constant<RuleValue?>(null);
        var list = op is RuleOperator.In or RuleOperator.NotIn or RuleOperator.ContainsAny or RuleOperator.ContainsAll
            or RuleOperator.ContainsNone;
        Gen<RuleValue> item = field.Type switch
        {
            FieldType.Number or FieldType.Money => Number(field.Name),
            FieldType.Text or FieldType.TextSet => Gen.Elements(TextPools[field.Name]).SelectMany(VaryText)
                .Select(t => RuleValue.Of(t)),
            FieldType.Enum => Gen.Elements(field.AllowedValues.ToArray()).SelectMany(VaryCase).Select(t => RuleValue.Of(t)),
            FieldType.Bool => Gen.Elements(true, false).Select(RuleValue.Of),
            FieldType.IdSet => Gen.Choose(1, 6).Select(i => RuleValue.Of(i)),
            FieldType.Date => Gen.Choose(-4, 4).Select(d => RuleValue.Of(Date(d))),
            _ => throw new InvalidOperationException(field.Type.ToString()),
        };
        if (op == RuleOperator.Between)
            return field.Type == FieldType.Date
                ? from a in Gen.Choose(-4, 4) from b in Gen.Choose(-4, 4)
                  select (RuleValue?)RuleValue.List(RuleValue.Of(Date(Math.Min(a, b))), RuleValue.Of(Date(Math.Max(a, b))))
                : from a in Number(field.Name) from b in Number(field.Name)
                  let x = ((NumberValue)a).Value
                  let y = ((NumberValue)b).Value
                  select (RuleValue?)RuleValue.List(RuleValue.Of(Math.Min(x, y)), RuleValue.Of(Math.Max(x, y)));
        if (list)
            return from count in Gen.Choose(1, 3)
                   from items in Gen.ArrayOf(item, count)
                   select (RuleValue?)RuleValue.List(items);
        return item.Select(v => (RuleValue?)v);
    }

    private static Gen<RuleValue> Number(string field)
    {
        var (min, max) = NumberRanges[field];
        var money = field.Contains("total") || field.Contains("spent") || field.Contains("subtotal");
        return Gen.Choose(min, max).Select(n => RuleValue.Of(money ? n * 500m : n));
    }

    private static string Date(int days) => BaseNow.AddDays(days).ToString("yyyy-MM-dd");

    private static Gen<string> VaryCase(string text) => Gen.Elements(text, text.ToUpperInvariant(), text.ToLowerInvariant());

    private static Gen<string> VaryText(string text) =>
        from cased in VaryCase(text)
        from padded in Gen.Elements(cased, " " + cased, cased + "  ")
        select padded;

    private static Gen<T?> Maybe<T>(Gen<T> gen) where T : class =>
        Gen.Frequency((1, Gen.Constant<T?>(null)), (4, gen.Select(x => (T?)x)));

    private static Gen<int> InRange(string field) => Gen.Choose(NumberRanges[field].Min, NumberRanges[field].Max);

    private static Gen<LineSnapshot> Line() =>
        from product in Gen.Choose(1, 6)
        from categories in Gen.Choose(1, 6).ArrayOf().Select(a => a.Take(3).ToArray())
        from manufacturers in Gen.Choose(1, 6).ArrayOf().Select(a => a.Take(2).ToArray())
        from quantity in Gen.Choose(1, 4)
        select new LineSnapshot
        {
            ProductId = product, CategoryIds = categories, ManufacturerIds = manufacturers, Quantity = quantity,
            UnitPrice = 100m,
        };

    private static Gen<LineSnapshot[]> Lines() =>
        from count in Gen.Choose(0, 4)
        from lines in Gen.ArrayOf(Line(), count)
        select lines;

    public static Gen<DecisionContext> Context() =>
        from day in Gen.Choose(-4, 4)
        from minute in Gen.Choose(0, 24 * 60 - 1)
        from offsetHours in Gen.Elements(7, 3, 0, -5)
        let now = new DateTimeOffset(BaseNow.AddDays(day).AddMinutes(minute).DateTime, TimeSpan.FromHours(offsetHours))
        from customer in Customer(now)
        from order in Maybe(from total in InRange("order.total")
                            from subtotal in InRange("order.subtotal")
                            from lines in Lines()
                            select new OrderSnapshot { OrderId = 1, CustomerId = 1, Total = total * 500m, Subtotal = subtotal * 500m, Lines = lines })
        from cart in Maybe(from total in InRange("cart.total")
                           from lines in Lines()
                           select new CartSnapshot { Total = total * 500m, Lines = lines })
        from store in InRange("store.id")
        from language in Maybe(Gen.Elements(Languages).SelectMany(VaryText))
        select new DecisionContext
        {
            Customer = customer, Order = order, Cart = cart, StoreId = store, LanguageCode = language, Now = now,
        };

    private static Gen<CustomerSnapshot> Customer(DateTimeOffset now) =>
        from guest in Gen.Elements(true, false)
        from gender in Gen.Elements(Gender.Female, Gender.Male, Gender.Unknown)
        from city in Maybe(Gen.Elements([.. Cities, "", "  "]).SelectMany(VaryText))
        from country in Maybe(Gen.Elements(Countries).SelectMany(VaryCase))
        from registeredDaysAgo in Gen.Choose(-1, 12)
        from orderCount in InRange("customer.order_count")
        from spent in InRange("customer.total_spent")
        from previousMinutesAgo in Gen.Choose(-1, 12 * 24 * 60)
        from roles in Gen.Elements(Roles).SelectMany(VaryText).ArrayOf().Select(a => a.Take(3).ToArray())
        from newsletter in Gen.Elements(true, false)
        from segment in Maybe(Gen.Elements(Segments).SelectMany(VaryCase))
        select new CustomerSnapshot
        {
            CustomerId = 1, IsGuest = guest, Gender = gender, City = city, CountryCode = country,
            RegisteredAt = registeredDaysAgo < 0 ? default : now.AddDays(-registeredDaysAgo).AddMinutes(-7),
            OrderCount = orderCount, TotalSpent = spent * 500m,
            PreviousOrderAt = previousMinutesAgo < 0 ? null : now.AddMinutes(-previousMinutesAgo),
            RoleSystemNames = roles, NewsletterSubscribed = newsletter, RfmSegment = segment,
        };
}
