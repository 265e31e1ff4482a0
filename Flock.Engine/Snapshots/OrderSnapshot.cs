namespace Flock.Engine.Snapshots;

/// <summary>One product line of an order or a cart.</summary>
public sealed record LineSnapshot
{
    public required int ProductId { get; init; }
    public IReadOnlyList<int> CategoryIds { get; init; } = [];
    public IReadOnlyList<int> ManufacturerIds { get; init; } = [];
    public int Quantity { get; init; } = 1;
    public decimal UnitPrice { get; init; }
    public decimal LineTotal => UnitPrice * Quantity;
}

/// <summary>An order as the engine sees it. Amounts are in the store's primary currency.</summary>
public sealed record OrderSnapshot
{
    public required int OrderId { get; init; }
    /// <summary>The number shown to the shopper (custom order number or id).</summary>
    public string Number { get; init; } = "";
    public required int CustomerId { get; init; }
    public int StoreId { get; init; }
    public decimal Subtotal { get; init; }
    public decimal Total { get; init; }
    public DateTimeOffset PlacedAt { get; init; }
    public IReadOnlyList<LineSnapshot> Lines { get; init; } = [];
    /// <summary>Coupon codes the shopper entered for this order.</summary>
    public IReadOnlyList<string> CouponCodes { get; init; } = [];
    public string? BillingEmail { get; init; }
    public string? BillingPhone { get; init; }
    /// <summary>Shipping (or billing) address as one line; compared after normalisation.</summary>
    public string? ShippingAddress { get; init; }
    public string? CustomerIp { get; init; }
}

/// <summary>The shopper's cart at the moment of a decision.</summary>
public sealed record CartSnapshot
{
    public decimal Total { get; init; }
    public IReadOnlyList<LineSnapshot> Lines { get; init; } = [];
}
