namespace Flock.Engine.Recommendations;

/// <summary>A product the shopper bought, at their latest paid order of it.</summary>
public readonly record struct BoughtProduct(int ProductId, DateTimeOffset BoughtAt);

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
