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

    /// <summary>Sequence numbers reserved for this reward's points entries (each entry's marker carries one; reserved before writing).</summary>
    public int PointsEntries { get; set; }

    /// <summary>What the reward costs the store (engine RewardCost.Of at its last change): campaign budgets sum it in SQL.</summary>
    public decimal CostAmount { get; set; }

    /// <summary>Points Flock 1.0 had applied for this reward (grant minus its unmarked reversals), set by the 1.1 upgrade.</summary>
    public int LegacyPointsApplied { get; set; }

    /// <summary>Optimistic concurrency: every state change is an update conditional on this value, which it increments.</summary>
    public int Version { get; set; }

    /// <summary>When the settle task should look at this row next (null: waits for an event: payment or an admin).</summary>
    public DateTime? DueOnUtc { get; set; }

    /// <summary>The entry's effects (coupon, points) are not yet all carried out in nopCommerce.</summary>
    public bool NeedsFulfilment { get; set; }

    /// <summary>A node carrying out this row's effects holds it until then (claimed by a conditional update).</summary>
    public DateTime? LeaseUntilUtc { get; set; }

    /// <summary>Who holds the lease: only its holder may release it or write reward points under it.</summary>
    public string LeaseToken { get; set; }

    /// <summary>Last failure of carrying out an effect (retried by the task).</summary>
    public string LastError { get; set; }

    public int FulfilmentAttempts { get; set; }

    public DateTime CreatedOnUtc { get; set; }

    public DateTime UpdatedOnUtc { get; set; }
}
