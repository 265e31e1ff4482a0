using Nop.Core;

namespace Nop.Plugin.Misc.Flock.Domain;

/// <summary>
/// A product a recommendation block showed a shopper (or, for a shopper in the holdout, would have shown): where, for
/// which anchor (the product page's product, the order…), on which day. "Bought a recommended product" is an order of
/// the shopper after it holding the product. Written in batches; a shopper seeing the same block again the same day
/// adds nothing on that node.
/// </summary>
public class FlockRecommendationExposure : BaseEntity
{
    public int StoreId { get; set; }
    public int CustomerId { get; set; }

    /// <summary>One of <see cref="Services.Recommendations.RecommendationPlaces"/>.</summary>
    public string Place { get; set; }

    public int AnchorId { get; set; }
    public int ProductId { get; set; }
    public bool Holdout { get; set; }
    public DateTime CreatedOnUtc { get; set; }
}
