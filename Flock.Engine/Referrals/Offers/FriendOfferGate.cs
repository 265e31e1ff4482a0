using System.Globalization;
using Flock.Engine.Referrals.Programme;
using Flock.Engine.Templates;

namespace Flock.Engine.Referrals.Offers;

/// <summary>Why a cart does not get the friend offer (feature B6: the reason is shown in the cart).</summary>
public enum FriendOfferRefusal
{
    /// <summary>The shopper holds no invitation for this campaign (the code was typed or passed on).</summary>
    NoInvitation,
    /// <summary>The campaign is no longer live (paused, archived, ended) or its offer was changed.</summary>
    CampaignEnded,
    /// <summary>The shopper is the referrer (same customer, or the same e-mail, phone or address).</summary>
    OwnInvitation,
    /// <summary>The campaign is for new customers and this shopper (or the same e-mail, phone or address) ordered before.</summary>
    NotNewCustomer,
    /// <summary>The invitation was already used on an order.</summary>
    AlreadyUsed,
    /// <summary>The invitation expired.</summary>
    Expired,
    /// <summary>The cart is below the offer's minimum subtotal.</summary>
    BelowMinimum,
}

/// <summary>The invitation a friend holds: issued when they opened a referral link, one per friend and campaign.</summary>
public sealed record FriendOfferClaim
{
    /// <summary>The referrer whose link was opened.</summary>
    public required int ReferrerCustomerId { get; init; }
    /// <summary>When the link was opened.</summary>
    public required DateTimeOffset IssuedAt { get; init; }
    /// <summary>The first moment it no longer works.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }
    /// <summary>The order it was used on, if any.</summary>
    public int? UsedOrderId { get; init; }
}

/// <summary>A cart to check against a campaign's friend offer, right when nopCommerce calculates it.</summary>
public sealed record FriendOfferCheckRequest
{
    /// <summary>The campaign of the discount being checked.</summary>
    public required int CampaignId { get; init; }
    /// <summary>The motivation the discount was made for (the campaign's creatives).</summary>
    public required string MotivationId { get; init; }
    /// <summary>The offer fingerprint the discount was made with (<see cref="FriendOfferDiscount.OfferKey"/>).</summary>
    public required string OfferKey { get; init; }
    /// <summary>The shopper's invitation for this campaign, or null.</summary>
    public required FriendOfferClaim? Claim { get; init; }
    /// <summary>The shopper's customer id.</summary>
    public required int CustomerId { get; init; }
    /// <summary>Cart subtotal before any discount, in the primary currency.</summary>
    public required decimal Subtotal { get; init; }
    /// <summary>
    /// Earlier orders (not cancelled) of this shopper: by customer id, or by the same normalised e-mail, phone or address
    /// on any other customer record (guest checkouts included).
    /// </summary>
    public required int EarlierOrders { get; init; }
    /// <summary>The shopper shares the referrer's normalised e-mail, phone or address.</summary>
    public required bool SharesIdentityWithReferrer { get; init; }
    /// <summary>Language of the message ("en", "ru").</summary>
    public string? Language { get; init; }
    /// <summary>Currency of the amounts in the message.</summary>
    public CurrencyModel? Currency { get; init; }
    /// <summary>Now.</summary>
    public required DateTimeOffset Now { get; init; }
}

/// <summary>Whether the cart gets the friend offer; when not, why, for the admin and for the shopper.</summary>
public sealed record FriendOfferVerdict
{
    public required bool IsValid { get; init; }
    public FriendOfferRefusal? Refusal { get; init; }
    /// <summary>For the admin, in English.</summary>
    public required string Reason { get; init; }
    /// <summary>For the shopper, in their language (empty when valid).</summary>
    public required string Message { get; init; }

    internal static FriendOfferVerdict Valid(string reason) => new() { IsValid = true, Reason = reason, Message = "" };
}

/// <summary>The one friend-offer discount nopCommerce holds for a campaign's motivation (bounded: not one per friend).</summary>
public sealed record FriendOfferDiscount
{
    public required int CampaignId { get; init; }
    public required string MotivationId { get; init; }
    /// <summary>Identifies the campaign, motivation and offer terms; a changed offer gets a new discount.</summary>
    public required string OfferKey { get; init; }
    public required FriendOffer Offer { get; init; }
}

/// <summary>
/// The checkout gate of the friend offer (features R5, R11, B6): every condition is judged here, on what the
/// plugin read from the live store, each refusal with a shopper message (en, ru). Pure.
/// Order of checks: invitation, campaign live, own invitation, new customer, used, expired, not yet valid, minimum.
/// </summary>
public static class FriendOfferGate
{
    /// <summary>A stable key for the offer terms of one motivation of one campaign.</summary>
    public static string OfferKey(int campaignId, string motivationId, FriendOffer offer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        var expiry = offer.Expiry switch
        {
            ExpiresAfterDays d => "d" + d.Days.ToString(CultureInfo.InvariantCulture),
            ExpiresOn e => "t" + e.EndsAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            _ => "x",
        };
        return string.Join(':', "friend", campaignId.ToString(CultureInfo.InvariantCulture), motivationId,
            offer.Kind == DiscountKind.Percent ? "p" : "a", Number(offer.Value), Number(offer.MinimumSubtotal),
            offer.MaximumDiscount is { } cap ? Number(cap) : "-", expiry);
    }

    /// <summary>Judges the cart against <paramref name="offer"/> (null: the campaign or its offer is no longer live).</summary>
    public static FriendOfferVerdict Check(FriendOfferCheckRequest request, FriendOffer? offer, bool newCustomersOnly)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ru = Descriptions.IsRussian(request.Language);
        if (request.Claim is not { } claim)
            return Refuse(FriendOfferRefusal.NoInvitation, $"customer {request.CustomerId} holds no invitation for campaign {request.CampaignId}",
                ru ? "Этот код действует только по ссылке-приглашению друга." : "This code works only through a friend's invitation link.");
        if (offer is null)
            return Refuse(FriendOfferRefusal.CampaignEnded, $"campaign {request.CampaignId} is not live or its offer changed",
                ru ? "Это предложение по приглашению больше не действует." : "This invitation offer has ended.");
        if (claim.ReferrerCustomerId == request.CustomerId || request.SharesIdentityWithReferrer)
            return Refuse(FriendOfferRefusal.OwnInvitation, claim.ReferrerCustomerId == request.CustomerId
                    ? $"customer {request.CustomerId} is the referrer"
                    : $"customer {request.CustomerId} shares the e-mail, phone or address of referrer {claim.ReferrerCustomerId}",
                ru ? "Нельзя воспользоваться собственным приглашением." : "You cannot use your own invitation.");
        if (newCustomersOnly && request.EarlierOrders > 0)
            return Refuse(FriendOfferRefusal.NotNewCustomer, $"{request.EarlierOrders} earlier order(s) by this customer, e-mail, phone or address",
                ru ? "Предложение по приглашению действует только на первый заказ нового покупателя." : "The invitation offer is for a new customer's first order only.");
        if (claim.UsedOrderId is { } used)
            return Refuse(FriendOfferRefusal.AlreadyUsed, $"the invitation was used on order {used}",
                ru ? "Предложение по приглашению уже использовано." : "The invitation offer has already been used.");
        if (request.Now >= claim.ExpiresAt)
            return Refuse(FriendOfferRefusal.Expired, $"the invitation expired at {claim.ExpiresAt:u}",
                ru ? $"Срок предложения по приглашению истёк {claim.ExpiresAt:yyyy-MM-dd}." : $"The invitation offer expired on {claim.ExpiresAt:yyyy-MM-dd}.");
        if (request.Now < claim.IssuedAt)
            return Refuse(FriendOfferRefusal.Expired, $"the invitation starts at {claim.IssuedAt:u}",
                ru ? "Предложение по приглашению ещё не действует." : "The invitation offer is not valid yet.");
        if (request.Subtotal < offer.MinimumSubtotal)
        {
            var missing = offer.MinimumSubtotal - request.Subtotal;
            return Refuse(FriendOfferRefusal.BelowMinimum, $"subtotal {Number(request.Subtotal)} is below the minimum {Number(offer.MinimumSubtotal)}",
                ru ? $"Предложение по приглашению действует от {Amount(offer.MinimumSubtotal, request.Currency)}: добавьте ещё {Amount(missing, request.Currency)}."
                   : $"The invitation offer applies from {Amount(offer.MinimumSubtotal, request.Currency)}: add {Amount(missing, request.Currency)} more.");
        }

        return FriendOfferVerdict.Valid($"invitation from customer {claim.ReferrerCustomerId} applies");
    }

    private static FriendOfferVerdict Refuse(FriendOfferRefusal refusal, string reason, string message) =>
        new() { IsValid = false, Refusal = refusal, Reason = reason, Message = message };

    private static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Amount(decimal value, CurrencyModel? currency) =>
        currency?.Symbol is { } symbol ? $"{Number(value)} {symbol}" : $"{Number(value)} {currency?.Code ?? ""}".TrimEnd();
}
