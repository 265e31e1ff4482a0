using Flock.Engine.Referrals.Programme;
using Flock.Engine.Referrals;
using Microsoft.AspNetCore.Http;
using Nop.Core;
using Nop.Core.Domain.Customers;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Services.Customers;
using Nop.Services.Localization;

namespace Nop.Plugin.Misc.Flock.Services.Referrals;

/// <summary>The invitation a friend holds, with the referrer's customer id.</summary>
public sealed record HeldInvitation(FlockFriendCoupon Invitation, int ReferrerCustomerId);

/// <summary>
/// Friends' invitations: recorded when a referral link is opened (rate-limited per address; no discount is made per
/// visit), found again at checkout — also when the friend opened the link as a guest and then logged in, through the
/// referral cookie of their own request — and marked used by the order that used them.
/// </summary>
public class InvitationService
{
    protected readonly IHttpContextAccessor _httpContextAccessor;
    protected readonly ILocalizationService _localizationService;
    protected readonly IWorkContext _workContext;
    protected readonly FriendCouponService _friendCouponService;
    protected readonly OfferDiscountService _offerDiscountService;
    protected readonly ReferrerService _referrerService;
    protected readonly FlockSettings _flockSettings;

    public InvitationService(IHttpContextAccessor httpContextAccessor,
        ILocalizationService localizationService,
        IWorkContext workContext,
        FriendCouponService friendCouponService,
        OfferDiscountService offerDiscountService,
        ReferrerService referrerService,
        FlockSettings flockSettings)
    {
        _httpContextAccessor = httpContextAccessor;
        _localizationService = localizationService;
        _workContext = workContext;
        _friendCouponService = friendCouponService;
        _offerDiscountService = offerDiscountService;
        _referrerService = referrerService;
        _flockSettings = flockSettings;
    }

    /// <summary>Too many invitations from this address in the last hour (a curl loop, a script minting guests).</summary>
    public virtual async Task<bool> IsRateLimitedAsync(string ipAddress)
    {
        if (string.IsNullOrEmpty(ipAddress) || _flockSettings.MaxInvitationsPerIpPerHour <= 0)
            return false;
        return await _friendCouponService.CountFromIpSinceAsync(ipAddress, DateTime.UtcNow.AddHours(-1)) >= _flockSettings.MaxInvitationsPerIpPerHour;
    }

    /// <summary>
    /// Records the visitor's invitation for the plan's campaign (one per referrer and friend: the unique key decides a
    /// race) and returns the coupon code to apply, or null when the visitor already used theirs.
    /// </summary>
    public virtual async Task<string> RecordAsync(FriendOfferClaimPlan plan, FlockReferrer referrer, Customer visitor, string ipAddress)
    {
        var offer = await _offerDiscountService.EnsureFriendOfferAsync(plan.Discount,
            string.Format(await _localizationService.GetResourceAsync($"{FlockDefaults.ResourcePrefix}.Discount.FriendOfferName"), plan.CampaignId, plan.MotivationId));
        var invitation = new FlockFriendCoupon
        {
            ReferrerId = referrer.Id,
            FriendCustomerId = visitor.Id,
            DiscountId = offer.DiscountId,
            OfferId = offer.Id,
            CouponCode = offer.CouponCode,
            CampaignId = plan.CampaignId,
            Variant = plan.Variant,
            IpAddress = Truncate(ipAddress, 100),
            CreatedOnUtc = plan.IssuedAt.UtcDateTime,
            ExpiresOnUtc = plan.ExpiresAt.UtcDateTime
        };
        if (await _friendCouponService.TryInsertAsync(invitation))
            return offer.CouponCode;

        var existing = await _friendCouponService.GetAsync(referrer.Id, visitor.Id);
        return existing is { UsedOrderId: null } ? existing.CouponCode : null;
    }

    /// <summary>
    /// The customer's invitation for the offer's campaign; when they hold none but their own request carries a referral
    /// cookie of that campaign (link opened as a guest, then logged in), the invitation is recorded for them now.
    /// </summary>
    public virtual async Task<HeldInvitation> FindOrAdoptAsync(Customer customer, FlockOffer offer)
    {
        //an invitation is for its motivation's offer (any version of its terms): another motivation's code is not the friend's
        var sameMotivation = await _offerDiscountService.GetFriendOfferIdsAsync(offer.CampaignId, offer.MotivationId);
        var held = (await _friendCouponService.GetForCampaignAsync(customer.Id, offer.CampaignId)).FirstOrDefault(c => sameMotivation.Contains(c.OfferId));
        if (held is null)
            held = await AdoptFromCookieAsync(customer, offer);
        if (held is null)
            return null;
        var referrer = await _referrerService.GetByIdAsync(held.ReferrerId);
        return referrer is null || referrer.IsBlocked || referrer.CustomerId <= 0 ? null : new HeldInvitation(held, referrer.CustomerId);
    }

    public virtual async Task<string> MessageAsync(string resource) =>
        await _localizationService.GetResourceAsync($"{FlockDefaults.ResourcePrefix}.{resource}");

    /// <summary>
    /// The friend opened the link as a guest, then logged in: the signed referral cookie of their own request names the
    /// guest record, whose unused invitation moves to the account (a conditional re-key: it moves once, to one account).
    /// </summary>
    protected virtual async Task<FlockFriendCoupon> AdoptFromCookieAsync(Customer customer, FlockOffer offer)
    {
        //only the customer's own request carries their cookie (not an admin's, not a payment callback)
        if ((await _workContext.GetCurrentCustomerAsync())?.Id != customer.Id)
            return null;
        var value = _httpContextAccessor.HttpContext?.Request.Cookies[FlockDefaults.ReferralCookieName];
        if (!ReferralCookie.TryRead(value, _flockSettings.EmailHashSecret, out var cookie) || cookie.VisitorCustomerId == customer.Id)
            return null;
        var referrer = await _referrerService.GetByCodeAsync(cookie.Code);
        if (referrer is null || referrer.IsBlocked || referrer.CustomerId == customer.Id)
            return null;
        var guestInvitation = await _friendCouponService.GetAsync(referrer.Id, cookie.VisitorCustomerId);
        if (guestInvitation is not { UsedOrderId: null } || guestInvitation.CampaignId != offer.CampaignId)
            return null;
        if (await _friendCouponService.TryMoveAsync(guestInvitation.Id, cookie.VisitorCustomerId, customer.Id) != 1)
            return await _friendCouponService.GetAsync(referrer.Id, customer.Id); //already moved (by this request's twin) or the account has one
        return await _friendCouponService.GetAsync(referrer.Id, customer.Id);
    }

    protected static string Truncate(string value, int max) => value is null || value.Length <= max ? value : value[..max];
}
