using Nop.Core;

namespace Nop.Plugin.Misc.Flock.Domain;

/// <summary>The single-use coupon a friend got from a referrer's link; one nopCommerce discount per coupon.</summary>
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
}
