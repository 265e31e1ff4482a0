namespace Flock.Engine.Referrals.Offers;

/// <summary>Why a cart does not get the offer.</summary>
public enum OfferRejection
{
    None,
    AlreadyUsed,
    Expired,
    NotYetValid,
    BelowMinimum,
}

/// <summary>Whether a cart gets the offer, the discount it gets, and the reason when it does not.</summary>
public sealed record OfferQualification(bool Qualifies, OfferRejection Rejection, decimal Discount, string Reason)
{
    internal static OfferQualification Granted(decimal discount) => new(true, OfferRejection.None, discount, "qualifies");

    internal static OfferQualification Rejected(OfferRejection rejection, string reason) => new(false, rejection, 0m, reason);
}
