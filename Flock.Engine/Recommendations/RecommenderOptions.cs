using Flock.Engine.Common;

namespace Flock.Engine.Recommendations;

/// <summary>What the store's admin sets for recommendations (per store): sources, thresholds, exclusions.</summary>
public sealed record RecommenderOptions
{
    public static readonly RecommenderOptions Default = new();

    /// <summary>
    /// The least <see cref="MinSupport"/> a store may show shoppers: with one customer, "bought together with X by 1 customer"
    /// tells everyone what that customer bought. (1 stays valid for measuring, as the quality report does.)
    /// </summary>
    public const int MinimumShownSupport = 2;

    /// <summary>A pair is "bought together" only when at least this many customers bought it in one order (1–1000).</summary>
    public int MinSupport { get; init; } = 2;

    /// <summary>"Similar", "newer model": a price from the anchor's ÷ band to its × band (1.05–10; 1.5 = −33 % to +50 %).</summary>
    public decimal PriceBand { get; init; } = 1.5m;

    /// <summary>Fill a short "bought together" list with similar products (a new store, a new product).</summary>
    public bool FillWithSimilar { get; init; } = true;

    /// <summary>
    /// Fill what is still short (after similar products, in the personal lists too) with the store's bestsellers: most
    /// customers lately, each bought by at least <see cref="MinSupport"/> of them. A new store's blocks are not empty.
    /// </summary>
    public bool FillWithBestsellers { get; init; } = true;

    /// <summary>Personal lists use bought-together partners of what the shopper bought, viewed or has in the cart.</summary>
    public bool UseBoughtTogether { get; init; } = true;

    /// <summary>Personal lists use similar products of what the shopper viewed or has in the cart.</summary>
    public bool UseSimilar { get; init; } = true;

    /// <summary>Personal lists use products on sale in the categories the shopper viewed, carted or bought from.</summary>
    public bool UsePromo { get; init; } = true;

    /// <summary>Personal lists bring back a bought product once its category's repurchase gap has (almost) passed.</summary>
    public bool UseRestock { get; init; } = true;

    /// <summary>A bought product is due again after this share of its category's repurchase gap (0.5–2).</summary>
    public double RestockDueShare { get; init; } = 0.8;

    /// <summary>Never recommended (gift cards, samples, a product the admin does not want pushed).</summary>
    public IReadOnlySet<int> ExcludedProductIds { get; init; } = new HashSet<int>();

    /// <summary>Products of these categories are never recommended.</summary>
    public IReadOnlySet<int> ExcludedCategoryIds { get; init; } = new HashSet<int>();

    /// <summary>At most this many products of a category are looked at around the anchor's price (bounds the cost; 20–5000).</summary>
    public int CategoryScanLimit { get; init; } = 400;

    public ValidationResult Validate()
    {
        var problems = new ProblemCollector();
        Validate(problems, "options");
        return problems.ToResult();
    }

    internal void Validate(ProblemCollector problems, string path)
    {
        if (MinSupport is < 1 or > 1000) problems.Add(ProblemCollector.Join(path, "minSupport"), "must be from 1 to 1000 customers");
        if (PriceBand is < 1.05m or > 10m) problems.Add(ProblemCollector.Join(path, "priceBand"), "must be from 1.05 to 10");
        if (!double.IsFinite(RestockDueShare) || RestockDueShare is < 0.5 or > 2) problems.Add(ProblemCollector.Join(path, "restockDueShare"), "must be from 0.5 to 2");
        if (ExcludedProductIds is null) problems.Add(ProblemCollector.Join(path, "excludedProductIds"), "must be a set (empty when none)");
        if (ExcludedCategoryIds is null) problems.Add(ProblemCollector.Join(path, "excludedCategoryIds"), "must be a set (empty when none)");
        if (CategoryScanLimit is < 20 or > 5000) problems.Add(ProblemCollector.Join(path, "categoryScanLimit"), "must be from 20 to 5000");
    }
}
