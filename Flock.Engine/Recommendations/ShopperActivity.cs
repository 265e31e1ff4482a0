namespace Flock.Engine.Recommendations;

/// <summary>A product the shopper bought, at their latest paid order of it.</summary>
public readonly record struct BoughtProduct(int ProductId, DateTimeOffset BoughtAt)
{
    /// <summary>Each product of the baskets once, at its latest purchase, the most recent first (ties in the order first met).</summary>
    public static BoughtProduct[] LatestOf(IEnumerable<PurchasedBasket> baskets)
    {
        ArgumentNullException.ThrowIfNull(baskets);
        var latest = new Dictionary<int, DateTimeOffset>();
        foreach (var basket in baskets)
        foreach (var productId in basket.ProductIds)
            if (!latest.TryGetValue(productId, out var at) || basket.PlacedAt > at)
                latest[productId] = basket.PlacedAt;
        return [.. latest.Select(p => new BoughtProduct(p.Key, p.Value)).OrderByDescending(b => b.BoughtAt)];
    }
}

/// <summary>
/// What a personal list is seeded by: the shopper's cart, recently viewed products (most recent first), what they bought
/// (paid, not refunded; most recent first) and the store's repurchase gaps per category (from
/// <see cref="Segments.RepurchaseGaps"/>; a category is "consumable" when it has one).
/// </summary>
public sealed record ShopperActivity
{
    public required ShopperScope Shopper { get; init; }
    public required DateTimeOffset Now { get; init; }
    public IReadOnlyList<int> CartProductIds { get; init; } = [];
    public IReadOnlyList<int> ViewedProductIds { get; init; } = [];
    public IReadOnlyList<BoughtProduct> Bought { get; init; } = [];

    /// <summary>Median days between repeat purchases, by category id; only categories with enough repeat buyers.</summary>
    public IReadOnlyDictionary<int, double> RepurchaseGapDays { get; init; } = new Dictionary<int, double>();
}
