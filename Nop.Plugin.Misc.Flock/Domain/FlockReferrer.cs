using Nop.Core;

namespace Nop.Plugin.Misc.Flock.Domain;

/// <summary>A customer who can invite friends: one row per customer, with a unique canonical referral code.</summary>
public class FlockReferrer : BaseEntity
{
    public int CustomerId { get; set; }

    /// <summary>Canonical form (ReferralCode.Canonicalize).</summary>
    public string Code { get; set; }

    public int CampaignId { get; set; }

    public string Variant { get; set; }

    public bool IsBlocked { get; set; }

    public string BlockedReason { get; set; }

    public DateTime CreatedOnUtc { get; set; }
}
