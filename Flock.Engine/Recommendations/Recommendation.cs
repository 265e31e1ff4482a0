namespace Flock.Engine.Recommendations;

/// <summary>One recommended product with its score (higher first, comparable within one list only) and why.</summary>
public readonly record struct Recommendation(int ProductId, double Score, RecommendationReason Reason);

/// <summary>What made a product recommended; <see cref="RecommendationReasons.Describe"/> says it in words.</summary>
public enum ReasonKind : byte
{
    /// <summary>Customers bought it in one order with <see cref="RecommendationReason.AnchorProductId"/> (<see cref="RecommendationReason.Customers"/> of them).</summary>
    BoughtTogether,

    /// <summary>Same category as the anchor, close in price and specification.</summary>
    Similar,

    /// <summary>On sale in <see cref="RecommendationReason.CategoryId"/>, the category of the anchor.</summary>
    OnSaleInCategory,

    /// <summary>The store links it to the anchor (nopCommerce related or cross-sell products).</summary>
    StoreLink,

    /// <summary>A newer product of the same category, brand and price band than the anchor the customer bought.</summary>
    NewerModel,

    /// <summary>The customer bought it before and its category's repurchase gap (<see cref="RecommendationReason.Days"/>) has passed.</summary>
    Restock,

    /// <summary>One of the store's bestsellers, bought by <see cref="RecommendationReason.Customers"/> customers (a list with too little of its own).</summary>
    Bestseller,
}

/// <summary>How the shopper relates to the anchor product of a reason (personal recommendations only).</summary>
public enum AnchorRelation : byte
{
    /// <summary>The anchor is the product the list is for (a product page, a bought item in an email).</summary>
    Shown,
    Viewed,
    InCart,
    Bought,
}

/// <summary>
/// Why a product is recommended: the kind, the product it is recommended for (the anchor), the category it concerns,
/// the number of customers behind a "bought together", and a number of days (repurchase gap or the bought item's age).
/// </summary>
public readonly record struct RecommendationReason(
    ReasonKind Kind,
    int AnchorProductId,
    int CategoryId = 0,
    int Customers = 0,
    int Days = 0,
    AnchorRelation Relation = AnchorRelation.Shown);
