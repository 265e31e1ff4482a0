using Nop.Core;

namespace Nop.Plugin.Misc.Flock.Domain;

/// <summary>The engine's judgement of one order: referral or not, on what evidence, and why.</summary>
public class FlockReferral : BaseEntity
{
    public int OrderId { get; set; }

    public int FriendCustomerId { get; set; }

    public int ReferrerId { get; set; }

    public int ReferrerCustomerId { get; set; }

    public int CampaignId { get; set; }

    public string Variant { get; set; }

    public string EvidenceKind { get; set; }

    /// <summary>Accepted or Rejected (anti-abuse) — the engine's decision name.</summary>
    public string Decision { get; set; }

    public string Reason { get; set; }

    public decimal OrderSubtotal { get; set; }

    public decimal DiscountAmount { get; set; }

    public DateTime CreatedOnUtc { get; set; }
}
