using Nop.Core;

namespace Nop.Plugin.Misc.Flock.Domain;

/// <summary>
/// A friend's invitation: the referrer's link was opened by this customer record. Since 1.1 it holds no discount of its
/// own: <see cref="DiscountId"/> and <see cref="CouponCode"/> are the campaign's one friend-offer discount
/// (<see cref="FlockOffer"/>), and Flock's discount requirement checks this row at checkout. Rows from 1.0 still point at
/// their own single-use discount. Unique per (referrer, friend).
/// </summary>
public class FlockFriendCoupon : BaseEntity
{
    public int ReferrerId { get; set; }

    public int FriendCustomerId { get; set; }

    public int DiscountId { get; set; }

    public string CouponCode { get; set; }

    public int CampaignId { get; set; }

    public string Variant { get; set; }

    public DateTime CreatedOnUtc { get; set; }

    public DateTime? ExpiresOnUtc { get; set; }

    public int? UsedOrderId { get; set; }

    /// <summary>The FlockOffer this invitation is for (0 for rows from 1.0).</summary>
    public int OfferId { get; set; }

    /// <summary>Where the link was opened from (landing rate limit per address).</summary>
    public string IpAddress { get; set; }
}
