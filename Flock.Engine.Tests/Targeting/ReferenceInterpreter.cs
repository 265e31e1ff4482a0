using System.Globalization;
using Flock.Engine.Snapshots;
using Flock.Engine.Targeting;

namespace Flock.Engine.Tests.Targeting;

/// <summary>
/// The rule semantics written the slow, obvious way: a recursive switch that reads fields by name and compares with
/// LINQ. The compiled rules must agree with it on every rule and context.
/// </summary>
internal static class ReferenceInterpreter
{
    public static bool Evaluate(RuleNode node, DecisionContext c) => node switch
    {
        RuleGroup { Match: GroupMatch.All } g => g.Conditions.All(x => Evaluate(x, c)),
        RuleGroup { Match: GroupMatch.Any } g => g.Conditions.Any(x => Evaluate(x, c)),
        RuleGroup { Match: GroupMatch.Not } g => !g.Conditions.Any(x => Evaluate(x, c)),
        RulePredicate p => Evaluate(p, c),
        _ => throw new ArgumentException(node.ToString()),
    };

    private static bool Evaluate(RulePredicate p, DecisionContext c)
    {
        var actual = Read(p.Field, c);
        if (p.Operator == "is_set") return actual is not null;
        if (p.Operator == "is_not_set") return actual is null;
        if (actual is null) return false;
        return actual switch
        {
            decimal n => CompareNumber(n, p.Operator, p.Value!),
            string s => CompareText(s, p.Operator, p.Value!),
            bool b => p.Operator == "eq" ? b == ((BoolValue)p.Value!).Value : b != ((BoolValue)p.Value!).Value,
            DateOnly d => CompareDate(d, p.Operator, p.Value!),
            HashSet<int> ids => CompareSet(ids, p.Operator, Items(p.Value!).Select(v => (int)((NumberValue)v).Value)),
            HashSet<string> texts => CompareSet(texts, p.Operator, Items(p.Value!).Select(v => Norm(((TextValue)v).Value))),
            _ => throw new ArgumentException(p.Field),
        };
    }

    private static bool CompareNumber(decimal n, string op, RuleValue v) => op switch
    {
        "eq" => n == Num(v), "neq" => n != Num(v), "gt" => n > Num(v), "gte" => n >= Num(v), "lt" => n < Num(v),
        "lte" => n <= Num(v),
        "between" => n >= Num(Items(v)[0]) && n <= Num(Items(v)[1]),
        "in" => Items(v).Any(x => Num(x) == n),
        "not_in" => Items(v).All(x => Num(x) != n),
        _ => throw new ArgumentException(op),
    };

    private static bool CompareText(string s, string op, RuleValue v) => op switch
    {
        "eq" => s == Norm(((TextValue)v).Value),
        "neq" => s != Norm(((TextValue)v).Value),
        "in" => Items(v).Any(x => Norm(((TextValue)x).Value) == s),
        "not_in" => Items(v).All(x => Norm(((TextValue)x).Value) != s),
        _ => throw new ArgumentException(op),
    };

    private static bool CompareDate(DateOnly d, string op, RuleValue v) => op switch
    {
        "eq" => d == Day(v), "neq" => d != Day(v), "before" => d < Day(v), "after" => d > Day(v),
        "between" => d >= Day(Items(v)[0]) && d <= Day(Items(v)[1]),
        _ => throw new ArgumentException(op),
    };

    private static bool CompareSet<T>(HashSet<T> actual, string op, IEnumerable<T> wanted) => op switch
    {
        "contains_any" => wanted.Any(actual.Contains),
        "contains_all" => wanted.All(actual.Contains),
        "contains_none" => !wanted.Any(actual.Contains),
        _ => throw new ArgumentException(op),
    };

    /// <summary>A field's value: decimal, normalised string, bool, DateOnly, HashSet; null when absent.</summary>
    private static object? Read(string field, DecisionContext c) => field switch
    {
        "order.total" => c.Order?.Total,
        "order.subtotal" => c.Order?.Subtotal,
        "order.item_count" => c.Order is null ? null : (decimal)c.Order.Lines.Sum(l => l.Quantity),
        "order.product_ids" => c.Order?.Lines.Select(l => l.ProductId).ToHashSet(),
        "order.category_ids" => c.Order?.Lines.SelectMany(l => l.CategoryIds).ToHashSet(),
        "order.manufacturer_ids" => c.Order?.Lines.SelectMany(l => l.ManufacturerIds).ToHashSet(),
        "cart.total" => c.Cart?.Total,
        "cart.item_count" => c.Cart is null ? null : (decimal)c.Cart.Lines.Sum(l => l.Quantity),
        "cart.product_ids" => c.Cart?.Lines.Select(l => l.ProductId).ToHashSet(),
        "cart.category_ids" => c.Cart?.Lines.SelectMany(l => l.CategoryIds).ToHashSet(),
        "cart.manufacturer_ids" => c.Cart?.Lines.SelectMany(l => l.ManufacturerIds).ToHashSet(),
        "customer.gender" => Norm(c.Customer.Gender.ToString()),
        "customer.city" => NormOrNull(c.Customer.City),
        "customer.country" => NormOrNull(c.Customer.CountryCode),
        "customer.days_since_previous_order" => c.Customer.PreviousOrderAt is { } at ? WholeDays(c.Now - at) : null,
        "customer.order_count" => (decimal)c.Customer.OrderCount,
        "customer.total_spent" => c.Customer.TotalSpent,
        "customer.roles" => c.Customer.RoleSystemNames.Select(NormOrNull).OfType<string>().ToHashSet(),
        "customer.newsletter" => c.Customer.NewsletterSubscribed,
        "customer.rfm_segment" => NormOrNull(c.Customer.RfmSegment),
        "customer.is_guest" => c.Customer.IsGuest,
        "customer.days_since_registration" =>
            c.Customer.RegisteredAt == default ? null : WholeDays(c.Now - c.Customer.RegisteredAt),
        "store.id" => (decimal)c.StoreId,
        "store.language" => NormOrNull(c.LanguageCode),
        "time.hour" => (decimal)c.Now.Hour,
        "time.weekday" => Norm(c.Now.DayOfWeek.ToString()),
        "time.date" => new DateOnly(c.Now.Year, c.Now.Month, c.Now.Day),
        _ => throw new ArgumentException(field),
    };

    private static object? WholeDays(TimeSpan elapsed) => (decimal)(int)Math.Floor(elapsed.TotalDays);

    private static string Norm(string text) => text.Trim().ToUpperInvariant();

    private static string? NormOrNull(string? text) => string.IsNullOrWhiteSpace(text) ? null : Norm(text);

    private static decimal Num(RuleValue v) => ((NumberValue)v).Value;

    private static DateOnly Day(RuleValue v) =>
        DateOnly.ParseExact(((TextValue)v).Value, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static IReadOnlyList<RuleValue> Items(RuleValue v) => ((ListValue)v).Items;
}
