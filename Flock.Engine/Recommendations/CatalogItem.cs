using Flock.Engine.Common;

namespace Flock.Engine.Recommendations;

/// <summary>
/// One product as the recommender sees it: where it belongs (categories, manufacturers, specification options), what it
/// costs, whether it may be shown (published, available, store and role limits) and the store's own hand-made links.
/// The plugin fills it from nopCommerce's product, its mappings and its stock; the engine knows no more.
/// </summary>
public sealed record CatalogItem
{
    public required int ProductId { get; init; }

    /// <summary>Categories the product is mapped to (the first is its main one; duplicates are ignored).</summary>
    public IReadOnlyList<int> CategoryIds { get; init; } = [];

    /// <summary>Manufacturers (brands) the product is mapped to.</summary>
    public IReadOnlyList<int> ManufacturerIds { get; init; } = [];

    /// <summary>Specification attribute options the product has (e.g. "Screen: 15 inch"), for "similar".</summary>
    public IReadOnlyList<int> SpecificationOptionIds { get; init; } = [];

    /// <summary>The price a shopper pays before cart discounts, in the store's primary currency (0 or more).</summary>
    public required decimal Price { get; init; }

    /// <summary>
    /// Below its regular price now: an old price above the price, or an active discount on the product or its category,
    /// as a share of the regular price (0 = not on sale, 0.25 = a quarter off). Feeds "promo in category".
    /// </summary>
    public decimal SaleShare { get; init; }

    public bool IsOnSale => SaleShare > 0;

    /// <summary>Published, not deleted, and visible individually (not a hidden child of a grouped product).</summary>
    public bool IsPublished { get; init; } = true;

    /// <summary>Can be bought now: in stock, or stock not tracked, or back-orders allowed.</summary>
    public bool IsAvailable { get; init; } = true;

    /// <summary>Shown only in these stores (nopCommerce store mapping); null or empty = every store.</summary>
    public IReadOnlyList<int>? StoreIds { get; init; }

    /// <summary>Shown only to customers in one of these roles (nopCommerce ACL); null or empty = everyone.</summary>
    public IReadOnlyList<int>? RoleIds { get; init; }

    /// <summary>When the product came to the store (nopCommerce: available-from date, else created on): "newer model".</summary>
    public DateTimeOffset AddedAt { get; init; }

    /// <summary>The store's related products for this one, in the store's display order.</summary>
    public IReadOnlyList<int> RelatedProductIds { get; init; } = [];

    /// <summary>The store's cross-sell products for this one, in the store's display order.</summary>
    public IReadOnlyList<int> CrossSellProductIds { get; init; } = [];

    /// <summary>May be recommended to <paramref name="shopper"/>: published, available, in their store and role.</summary>
    public bool IsShowableTo(ShopperScope shopper) =>
        IsPublished && IsAvailable && IsInStoreOf(shopper) && IsAllowedForRolesOf(shopper);

    private bool IsInStoreOf(ShopperScope shopper) => StoreIds is not { Count: > 0 } stores || Contains(stores, shopper.StoreId);

    private bool IsAllowedForRolesOf(ShopperScope shopper)
    {
        if (RoleIds is not { Count: > 0 } roles) return true;
        foreach (var role in shopper.RoleIds)
            if (Contains(roles, role)) return true;
        return false;
    }

    private static bool Contains(IReadOnlyList<int> list, int value)
    {
        for (var i = 0; i < list.Count; i++)
            if (list[i] == value) return true;
        return false;
    }

    internal void Validate(ProblemCollector problems, string path)
    {
        if (ProductId <= 0) problems.Add(ProblemCollector.Join(path, "productId"), "must be a positive product id");
        if (Price < 0) problems.Add(ProblemCollector.Join(path, "price"), "must be 0 or more");
        if (SaleShare is < 0 or >= 1) problems.Add(ProblemCollector.Join(path, "saleShare"), "must be from 0 (not on sale) to below 1");
        CheckIds(problems, path, "categoryIds", CategoryIds);
        CheckIds(problems, path, "manufacturerIds", ManufacturerIds);
        CheckIds(problems, path, "specificationOptionIds", SpecificationOptionIds);
        CheckIds(problems, path, "relatedProductIds", RelatedProductIds);
        CheckIds(problems, path, "crossSellProductIds", CrossSellProductIds);
        if (StoreIds is not null) CheckIds(problems, path, "storeIds", StoreIds);
        if (RoleIds is not null) CheckIds(problems, path, "roleIds", RoleIds);
    }

    private static void CheckIds(ProblemCollector problems, string path, string name, IReadOnlyList<int>? ids)
    {
        if (ids is null)
        {
            problems.Add(ProblemCollector.Join(path, name), "must be a list (empty when none)");
            return;
        }

        for (var i = 0; i < ids.Count; i++)
            if (ids[i] <= 0) problems.Add(ProblemCollector.Index(ProblemCollector.Join(path, name), i), "must be a positive id");
    }
}

/// <summary>Who a recommendation is for, as far as visibility goes: their store and their customer roles.</summary>
public sealed record ShopperScope(int StoreId, IReadOnlyList<int> RoleIds)
{
    /// <summary>A guest of store 1 without roles (limits by role then hide the product).</summary>
    public static ShopperScope GuestOf(int storeId) => new(storeId, []);
}
