using Flock.Engine.Common;

namespace Flock.Engine.Recommendations;

/// <summary>
/// The store's products indexed for recommending: by id, and per category sorted by price so a price band is one binary
/// search. Immutable: when products change the plugin builds a new one and swaps it in (readers keep the old one).
/// </summary>
public sealed class RecommendationCatalog
{
    private const int MaxReportedProblems = 20;
    private static readonly CatalogItem[] NoItems = [];

    private readonly Dictionary<int, CatalogItem> _byId;
    private readonly Dictionary<int, CatalogItem[]> _byCategoryByPrice;
    private readonly Dictionary<int, CatalogItem[]> _onSaleByCategory;

    private RecommendationCatalog(Dictionary<int, CatalogItem> byId, Dictionary<int, CatalogItem[]> byCategoryByPrice)
    {
        _byId = byId;
        _byCategoryByPrice = byCategoryByPrice;
        _onSaleByCategory = byCategoryByPrice
            .Select(c => (c.Key, OnSale: c.Value.Where(i => i.IsOnSale).OrderByDescending(i => i.SaleShare).ThenBy(i => i.ProductId).ToArray()))
            .Where(c => c.OnSale.Length > 0)
            .ToDictionary(c => c.Key, c => c.OnSale);
    }

    public static RecommendationCatalog Empty { get; } = new([], []);

    public int Count => _byId.Count;

    /// <summary>Every product, by id.</summary>
    public IEnumerable<CatalogItem> Items => _byId.Values.OrderBy(i => i.ProductId);

    /// <exception cref="FlockValidationException">A bad item or a product listed twice (the first 20 problems, then a count).</exception>
    public static RecommendationCatalog Build(IEnumerable<CatalogItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var problems = new ProblemCollector();
        var byId = new Dictionary<int, CatalogItem>();
        var index = 0;
        var problemCount = 0;
        foreach (var item in items)
        {
            var path = ProblemCollector.Index("items", index++);
            var local = new ProblemCollector();
            if (item is null) local.Add(path, "must not be null");
            else
            {
                item.Validate(local, path);
                if (!local.HasProblems && !byId.TryAdd(item.ProductId, item))
                    local.Add(ProblemCollector.Join(path, "productId"), $"product {item.ProductId} is listed more than once");
            }

            foreach (var problem in local.ToResult().Problems)
                if (problemCount++ < MaxReportedProblems) problems.Add(problem.Path, problem.Message);
        }

        if (problemCount > MaxReportedProblems) problems.Add("items", $"and {problemCount - MaxReportedProblems} more problems");
        problems.ToResult().ThrowIfInvalid("recommendation catalog");

        var byCategory = new Dictionary<int, List<CatalogItem>>();
        foreach (var item in byId.Values)
        foreach (var category in item.CategoryIds.Distinct())
        {
            if (!byCategory.TryGetValue(category, out var members)) byCategory[category] = members = [];
            members.Add(item);
        }

        var sorted = byCategory.ToDictionary(c => c.Key, c => c.Value.OrderBy(i => i.Price).ThenBy(i => i.ProductId).ToArray());
        return new RecommendationCatalog(byId, sorted);
    }

    public CatalogItem? Find(int productId) => _byId.GetValueOrDefault(productId);

    /// <summary>The category's products sorted by price (then id); empty for an unknown category.</summary>
    internal CatalogItem[] InCategory(int categoryId) => _byCategoryByPrice.GetValueOrDefault(categoryId) ?? NoItems;

    /// <summary>The category's products on sale, deepest sale first (then id); empty when none.</summary>
    internal CatalogItem[] OnSaleIn(int categoryId) => _onSaleByCategory.GetValueOrDefault(categoryId) ?? NoItems;

    /// <summary>The index of the first product in <paramref name="byPrice"/> priced at or above <paramref name="price"/>.</summary>
    internal static int FirstAtOrAbove(CatalogItem[] byPrice, decimal price)
    {
        int low = 0, high = byPrice.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (byPrice[middle].Price < price) low = middle + 1;
            else high = middle;
        }

        return low;
    }
}
