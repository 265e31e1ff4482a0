using Nop.Core;

namespace Nop.Plugin.Misc.Flock.Domain;

/// <summary>A shopper clicked a recommended product or put it in the cart from a block (only for a product shown to them that day).</summary>
public class FlockRecommendationInteraction : BaseEntity
{
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    public string Place { get; set; }
    public int ProductId { get; set; }

    /// <summary>"click" or "cart".</summary>
    public string Kind { get; set; }

    public DateTime CreatedOnUtc { get; set; }
}
