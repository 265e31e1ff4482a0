using Nop.Core;

namespace Nop.Plugin.Misc.Flock.Domain;

/// <summary>
/// The thank-you share block of one order, decided and rendered right after the order was placed (off the shopper's
/// requests), so the thank-you page only reads it. Unique per order.
/// </summary>
public class FlockPreparedWidget : BaseEntity
{
    public int OrderId { get; set; }

    public int CustomerId { get; set; }

    /// <summary>0 when the engine decided to show nothing (no campaign, holdout, blocked referrer).</summary>
    public int CampaignId { get; set; }

    public string Variant { get; set; }

    /// <summary>The share block's model as JSON; null when nothing is shown.</summary>
    public string ModelJson { get; set; }

    public DateTime CreatedOnUtc { get; set; }
}
