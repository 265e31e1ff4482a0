using Nop.Core;

namespace Nop.Plugin.Misc.Flock.Domain;

/// <summary>
/// A nopCommerce discount Flock made and guards with its discount requirement: the one friend-offer discount of a
/// campaign's motivation (<see cref="FlockOfferKind.FriendOffer"/>) or one referrer's reward coupon
/// (<see cref="FlockOfferKind.RewardCoupon"/>) or one chain recipient's coupon (<see cref="FlockOfferKind.ChainCoupon"/>). Unique by <see cref="OfferKey"/>, <see cref="DiscountId"/> and
/// <see cref="RequirementId"/>, so the count of discounts nopCommerce evaluates stays bounded by campaigns and unused rewards.
/// </summary>
public class FlockOffer : BaseEntity
{
    public int KindId { get; set; }

    /// <summary>Friend offer: the engine's offer key (campaign, motivation, terms). Reward coupon: "reward:{rewardId}".</summary>
    public string OfferKey { get; set; }

    public int CampaignId { get; set; }

    public string MotivationId { get; set; }

    public int? RewardId { get; set; }

    public int DiscountId { get; set; }

    public int RequirementId { get; set; }

    public string CouponCode { get; set; }

    public DateTime CreatedOnUtc { get; set; }

    public FlockOfferKind Kind
    {
        get => (FlockOfferKind)KindId;
        set => KindId = (int)value;
    }
}

public enum FlockOfferKind
{
    FriendOffer = 1,
    RewardCoupon = 2,
    /// <summary>A trigger chain's single-use coupon for one recipient; <see cref="FlockOffer.OfferKey"/> is "chain:{actionId}".</summary>
    ChainCoupon = 3
}
