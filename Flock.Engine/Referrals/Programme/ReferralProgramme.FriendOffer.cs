using Flock.Engine.Referrals.Offers;

namespace Flock.Engine.Referrals.Programme;

public sealed partial class ReferralProgramme
{
    /// <summary>
    /// The friend-offer discount a live campaign's motivation needs in nopCommerce (one per campaign and motivation,
    /// whatever the number of friends), or null when the campaign is not live or has no such motivation.
    /// </summary>
    public FriendOfferDiscount? FriendOfferDiscountFor(int campaignId, string motivationId)
    {
        if (!_byId.TryGetValue(campaignId, out var runtime) || !runtime.IsActive)
            return null;
        if (!runtime.TryResolveMotivation(motivationId, out var motivation))
            return null;
        return new FriendOfferDiscount
        {
            CampaignId = campaignId,
            MotivationId = motivationId,
            OfferKey = FriendOfferGate.OfferKey(campaignId, motivationId, motivation.Offer),
            Offer = motivation.Offer,
        };
    }

    /// <summary>
    /// Judges a cart against a campaign's friend offer at checkout (nopCommerce's discount requirement calls this on
    /// every cart calculation and at order placement). A campaign that is paused, archived or whose offer changed since
    /// the discount was made refuses; so does everything <see cref="FriendOfferGate.Check"/> lists.
    /// </summary>
    public FriendOfferVerdict CheckFriendOffer(FriendOfferCheckRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var current = FriendOfferDiscountFor(request.CampaignId, request.MotivationId);
        var live = current is not null && string.Equals(current.OfferKey, request.OfferKey, StringComparison.Ordinal) ? current.Offer : null;
        var newOnly = _byId.TryGetValue(request.CampaignId, out var runtime)
                      && (runtime.Config.Attribution.FriendMustBeNewCustomer || runtime.Config.AbuseGuard.RequireNewFriend);
        return FriendOfferGate.Check(request, live, newOnly);
    }
}
