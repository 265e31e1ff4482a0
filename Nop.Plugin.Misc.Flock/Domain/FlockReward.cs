using Nop.Core;

namespace Nop.Plugin.Misc.Flock.Domain;

/// <summary>
/// One reward-ledger row per cause (unique CauseKey): the serialised engine RewardEntry with its history, plus what was
/// really carried out in nopCommerce (discount, coupon, points history id) so that effects happen exactly once.
/// </summary>
public class FlockReward : BaseEntity
{
    public string CauseKey { get; set; }

    public int BeneficiaryCustomerId { get; set; }

    public int? ReferralId { get; set; }

    public int? OrderId { get; set; }

    public int CampaignId { get; set; }

    /// <summary>The engine's RewardState name (Pending, Approved, Granted, Revoked...).</summary>
    public string State { get; set; }

    public bool RequiresApproval { get; set; }

    public string EntryJson { get; set; }

    public int? GrantedDiscountId { get; set; }

    public string GrantedCouponCode { get; set; }

    public int? GrantedPointsHistoryId { get; set; }

    public DateTime CreatedOnUtc { get; set; }

    public DateTime UpdatedOnUtc { get; set; }
}
