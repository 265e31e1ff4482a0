using Flock.Engine.Snapshots;

namespace Flock.Engine.Targeting;

/// <summary>
/// The fields of feature R8. Adding a field is one entry in <see cref="All"/>.
/// Order and cart fields are absent when the context has no order / cart; times are the store's local time
/// (the offset of <see cref="DecisionContext.Now"/>).
/// </summary>
public static class TargetingFields
{
    private static readonly string[] Genders = ["female", "male", "unknown"];

    private static readonly string[] Weekdays =
        ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

    /// <summary>The R8 fields, in the order an admin UI shows them.</summary>
    public static IReadOnlyList<TargetingField> All { get; } =
    [
        TargetingField.Money("order.total", "Total of the order that triggered the decision.",
            c => c.Order != null ? c.Order.Total : (decimal?)null, canBeAbsent: true),
        TargetingField.Money("order.subtotal", "Subtotal of the order (before shipping, fees and order discounts).",
            c => c.Order != null ? c.Order.Subtotal : (decimal?)null, canBeAbsent: true),
        TargetingField.Number("order.item_count", "Number of items in the order (sum of line quantities).",
            c => c.Order != null ? ItemCount(c.Order.Lines) : (decimal?)null, canBeAbsent: true),
        TargetingField.IdSet("order.product_ids", "Products in the order.",
            c => IdSequence.ProductsOf(c.Order != null ? c.Order.Lines : null), canBeAbsent: true),
        TargetingField.IdSet("order.category_ids", "Categories of the products in the order.",
            c => IdSequence.CategoriesOf(c.Order != null ? c.Order.Lines : null), canBeAbsent: true),
        TargetingField.IdSet("order.manufacturer_ids", "Manufacturers of the products in the order.",
            c => IdSequence.ManufacturersOf(c.Order != null ? c.Order.Lines : null), canBeAbsent: true),
        TargetingField.Money("cart.total", "Total of the shopper's cart.", c => c.Cart != null ? c.Cart.Total : (decimal?)null,
            canBeAbsent: true),
        TargetingField.Number("cart.item_count", "Number of items in the cart (sum of line quantities).",
            c => c.Cart != null ? ItemCount(c.Cart.Lines) : (decimal?)null, canBeAbsent: true),
        TargetingField.IdSet("cart.product_ids", "Products in the cart.",
            c => IdSequence.ProductsOf(c.Cart != null ? c.Cart.Lines : null), canBeAbsent: true),
        TargetingField.IdSet("cart.category_ids", "Categories of the products in the cart.",
            c => IdSequence.CategoriesOf(c.Cart != null ? c.Cart.Lines : null), canBeAbsent: true),
        TargetingField.IdSet("cart.manufacturer_ids", "Manufacturers of the products in the cart.",
            c => IdSequence.ManufacturersOf(c.Cart != null ? c.Cart.Lines : null), canBeAbsent: true),
        TargetingField.Enum("customer.gender", "Gender: female, male or unknown.", Genders,
            c => GenderName(c.Customer.Gender)),
        TargetingField.Text("customer.city", "City of the customer's address.", c => c.Customer.City),
        TargetingField.Text("customer.country", "Country of the customer, ISO 3166-1 alpha-2 (e.g. RU).",
            c => c.Customer.CountryCode),
        TargetingField.Number("customer.days_since_previous_order",
            "Whole days since the customer's previous paid order; absent when there was none.",
            c => DaysSince(c.Customer.PreviousOrderAt, c.Now), canBeAbsent: true),
        TargetingField.Number("customer.order_count",
            "Paid orders (payment status paid, not cancelled, not deleted) placed before this decision; the current order is not counted.",
            c => c.Customer.OrderCount),
        TargetingField.Money("customer.total_spent",
            "Sum of the totals of the orders counted by customer.order_count (paid only), store primary currency.",
            c => c.Customer.TotalSpent),
        TargetingField.TextSet("customer.roles", "Customer role system names (e.g. Registered, Vip).",
            c => c.Customer.RoleSystemNames),
        TargetingField.Bool("customer.newsletter", "Subscribed to the newsletter.",
            c => c.Customer.NewsletterSubscribed),
        TargetingField.Text("customer.rfm_segment", "RFM segment (e.g. best, at_risk); absent when not computed.",
            c => c.Customer.RfmSegment),
        TargetingField.Bool("customer.is_guest", "The shopper has not registered.", c => c.Customer.IsGuest),
        TargetingField.Number("customer.days_since_registration",
            "Whole days since registration; absent when the registration date is unknown.",
            c => DaysSince(RegisteredAt(c.Customer), c.Now),
            canBeAbsent: true),
        TargetingField.Number("store.id", "Id of the store the shopper is in.", c => c.StoreId),
        TargetingField.Text("store.language", "The shopper's working language, two-letter ISO code (e.g. ru).",
            c => c.LanguageCode),
        TargetingField.Number("time.hour", "Hour of the day in store local time, 0-23.", c => c.Now.Hour),
        TargetingField.Enum("time.weekday", "Day of the week in store local time (monday ... sunday).", Weekdays,
            c => WeekdayName(c.Now.DayOfWeek)),
        TargetingField.Date("time.date", "Date in store local time (yyyy-MM-dd), for date windows.",
            c => DateOnly.FromDateTime(c.Now.DateTime)),
    ];

    /// <summary>The catalog of <see cref="All"/>; validation and compilation use it unless given another.</summary>
    public static FieldCatalog Default { get; } = new(All);

    private static string GenderName(Gender gender) =>
        Genders[gender switch { Gender.Female => 0, Gender.Male => 1, _ => 2 }];

    private static string WeekdayName(DayOfWeek day) => Weekdays[(int)day];

    private static DateTimeOffset? RegisteredAt(CustomerSnapshot customer) =>
        customer.RegisteredAt == default ? null : customer.RegisteredAt;

    private static decimal? DaysSince(DateTimeOffset? then, DateTimeOffset now) =>
        then is { } moment ? WholeDays(now - moment) : null;

    private static decimal ItemCount(IReadOnlyList<LineSnapshot> lines)
    {
        var count = 0;
        if (lines is LineSnapshot[] array) // the usual case; avoids an interface call per line
            foreach (var line in array) count += line.Quantity;
        else
            for (var i = 0; i < lines.Count; i++) count += lines[i].Quantity;
        return count;
    }

    /// <summary>Whole days elapsed, rounded down (integer arithmetic: decimal-from-double is slow on the hot path).</summary>
    private static decimal WholeDays(TimeSpan elapsed)
    {
        var days = elapsed.Ticks / TimeSpan.TicksPerDay;
        return elapsed.Ticks < 0 && elapsed.Ticks % TimeSpan.TicksPerDay != 0 ? days - 1 : days;
    }
}
