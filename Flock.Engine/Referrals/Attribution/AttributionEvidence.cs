using Flock.Engine.Referrals;

namespace Flock.Engine.Referrals.Attribution;

/// <summary>A referrer as attribution sees it: the code and the customer who owns it.</summary>
public sealed record ReferrerRef(string Code, int CustomerId)
{
    public override string ToString() => $"code {Code} (customer {CustomerId})";
}

/// <summary>One piece of evidence that the friend came from <see cref="Referrer"/>, observed at <see cref="At"/>.</summary>
public abstract record AttributionEvidence(ReferrerRef Referrer, DateTimeOffset At)
{
    public abstract EvidenceKind Kind { get; }

    /// <summary>The evidence in plain words.</summary>
    public abstract string Describe();
}

/// <summary>The friend (same visitor) clicked the referrer's link from <see cref="Channel"/>.</summary>
public sealed record LinkClickEvidence(ReferrerRef Referrer, ShareChannel Channel, DateTimeOffset At) : AttributionEvidence(Referrer, At)
{
    public override EvidenceKind Kind => EvidenceKind.LinkClick;
    public override string Describe() => $"link click on {Referrer} from {Channel.Slug()} at {At:u}";
}

/// <summary>The friend entered <see cref="CouponCode"/>, which belongs to the referrer, at checkout.</summary>
public sealed record CouponEvidence(ReferrerRef Referrer, string CouponCode, DateTimeOffset At) : AttributionEvidence(Referrer, At)
{
    public override EvidenceKind Kind => EvidenceKind.CouponAtCheckout;
    public override string Describe() => $"coupon {CouponCode} of {Referrer} entered at checkout at {At:u}";
}

/// <summary>
/// The referrer invited an e-mail address; only its keyed hash is kept (<see cref="EmailHasher"/>). It counts only
/// when it equals the hash of the friend's e-mail.
/// </summary>
public sealed record EmailInvitationEvidence(ReferrerRef Referrer, string InvitedEmailHash, DateTimeOffset At) : AttributionEvidence(Referrer, At)
{
    public override EvidenceKind Kind => EvidenceKind.EmailInvitation;
    public override string Describe() => $"email invitation sent by {Referrer} at {At:u} to the friend's address";
}
