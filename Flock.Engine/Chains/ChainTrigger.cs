namespace Flock.Engine.Chains;

/// <summary>What a shopper does (or what happens to them) that can start a chain.</summary>
public enum ChainTriggerKind
{
    CartChanged = 0,
    ProductViewed = 1,
    CategoryViewed = 2,
    SearchPerformed = 3,
    CheckoutStarted = 4,
    OrderPlaced = 5,
    OrderPaid = 6,
    /// <summary>The order reached a status; <see cref="ChainTrigger.OrderStatus"/> names it (e.g. "complete").</summary>
    OrderStatusChanged = 7,
    /// <summary>A shipment of the order was delivered.</summary>
    OrderDelivered = 8,
    Registered = 9,
    Subscribed = 10,
    /// <summary>Reward points of the customer expire within <see cref="ChainTrigger.Days"/> days.</summary>
    PointsExpiring = 11,
    /// <summary>A product the customer wanted (wishlist, view, subscription) is back in stock.</summary>
    BackInStock = 12,
    /// <summary>A product the customer viewed or wished for got cheaper.</summary>
    PriceDropped = 13,
    /// <summary>The customer entered the segment <see cref="ChainTrigger.Segment"/>.</summary>
    SegmentEntered = 14,
    /// <summary>The anniversary of the customer's first order.</summary>
    FirstOrderAnniversary = 15,
    Birthday = 16,
    /// <summary>The customer's last paid order is <see cref="ChainTrigger.Days"/> days old (win-back).</summary>
    LastOrderAged = 17,
    /// <summary>The customer signed in; the activity's entity is the guest record the sign-in left behind (its data joins the account).</summary>
    SignedIn = 18,
}

/// <summary>
/// The entry trigger of a chain. <see cref="Days"/> is required by <see cref="ChainTriggerKind.PointsExpiring"/> and
/// <see cref="ChainTriggerKind.LastOrderAged"/>, <see cref="Segment"/> by <see cref="ChainTriggerKind.SegmentEntered"/>,
/// <see cref="OrderStatus"/> by <see cref="ChainTriggerKind.OrderStatusChanged"/>; the others take none.
/// </summary>
public sealed record ChainTrigger
{
    public required ChainTriggerKind Kind { get; init; }
    public int? Days { get; init; }
    public string? Segment { get; init; }
    public string? OrderStatus { get; init; }
}

/// <summary>One occurrence of a trigger for one customer. <see cref="InstanceKey"/> names the occurrence (an order id, a
/// cart, a date) so the same occurrence never enrolls twice.</summary>
public sealed record ChainTriggerEvent
{
    public required ChainTriggerKind Kind { get; init; }
    public required int CustomerId { get; init; }
    /// <summary>What the occurrence is: "order:123", "cart", "2026-05-01"; at most 64 characters.</summary>
    public required string InstanceKey { get; init; }
    public required DateTimeOffset At { get; init; }
    public string? Segment { get; init; }
    public string? OrderStatus { get; init; }
    public int? Days { get; init; }
}

/// <summary>What the store must capture for the chains it runs.</summary>
public static class TriggerInputs
{
    /// <summary>
    /// The activity kinds a live chain on <paramref name="trigger"/> needs captured: its own, and the views a price drop or
    /// a return to stock is told to (<see cref="ProductTriggers"/>), the paid orders that move a buyer into a segment.
    /// </summary>
    public static IReadOnlyList<ChainTriggerKind> Of(ChainTriggerKind trigger) => trigger switch
    {
        ChainTriggerKind.PriceDropped or ChainTriggerKind.BackInStock => [trigger, ChainTriggerKind.ProductViewed],
        ChainTriggerKind.SegmentEntered => [trigger, ChainTriggerKind.OrderPaid],
        _ => [trigger],
    };
}
