using Nop.Core;

namespace Nop.Plugin.Misc.Flock.Domain;

/// <summary>
/// A product as the chain task's product scan last saw it (<see cref="global::Flock.Engine.Chains.RecordedProduct"/>),
/// one row per product: a price drop or a return to stock is a difference from this row, and the conditional update
/// of the row (from the values read) is what makes one node, once, tell it.
/// </summary>
public class FlockProductState : BaseEntity
{
    public int ProductId { get; set; }

    /// <summary>The price last seen.</summary>
    public decimal Price { get; set; }

    public bool InStock { get; set; }

    /// <summary>Whether the price is the product's own, the one every customer is shown (no discount, no tier prices).</summary>
    public bool OwnPrice { get; set; }

    /// <summary>The price a drop is measured from.</summary>
    public decimal ReferencePrice { get; set; }

    /// <summary>Since when <see cref="ReferencePrice"/> is the reference: customers who looked since saw no lower price.</summary>
    public DateTime PriceSinceUtc { get; set; }

    /// <summary>Since when <see cref="InStock"/> has held.</summary>
    public DateTime StockSinceUtc { get; set; }
}
