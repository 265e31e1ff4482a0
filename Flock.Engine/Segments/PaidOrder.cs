using Flock.Engine.Common;

namespace Flock.Engine.Segments;

/// <summary>
/// One paid order of a customer as the segment functions see it (nopCommerce: payment status Paid, not deleted, not
/// cancelled, not fully refunded), <see cref="Total"/> after discounts and partial refunds, in the store's primary currency.
/// </summary>
public sealed record PaidOrder
{
    /// <summary>The largest order total accepted (10¹⁵): keeps every sum of a customer's orders exact in <see cref="decimal"/>.</summary>
    public const decimal MaxTotal = 1_000_000_000_000_000m;

    public required DateTimeOffset PlacedAt { get; init; }

    /// <summary>What the customer paid, zero or more.</summary>
    public required decimal Total { get; init; }

    /// <summary>The customer entered a coupon (discount code) for this order.</summary>
    public bool UsedCoupon { get; init; }

    /// <summary>At least one line was bought at a reduced price (a discounted product, old price above price, a sale category).</summary>
    public bool HadSaleItems { get; init; }

    /// <summary>The distinct categories of the order's products (a product in two categories gives both); duplicates are ignored.</summary>
    public IReadOnlyList<int> CategoryIds { get; init; } = [];

    /// <summary>Used a coupon or had sale items: what <see cref="PriceSensitivity.Of"/> counts.</summary>
    public bool IsDeal => UsedCoupon || HadSaleItems;

    internal void Validate(ProblemCollector problems, string path)
    {
        if (PlacedAt == default) problems.Add(ProblemCollector.Join(path, "placedAt"), "must be set");
        if (Total < 0 || Total > MaxTotal) problems.Add(ProblemCollector.Join(path, "total"), "must be between 0 and 10^15");
        if (CategoryIds is null) problems.Add(ProblemCollector.Join(path, "categoryIds"), "must be a list (empty when unknown)");
    }
}
