namespace Flock.Engine.Referrals.Offers;

/// <summary>When an issued offer stops working: a number of days after it was issued, or a fixed end date.</summary>
public abstract record OfferExpiry
{
    /// <summary>Expires <paramref name="days"/> days after the moment of issue.</summary>
    public static OfferExpiry AfterDays(int days) => new ExpiresAfterDays(days);

    /// <summary>Expires at a fixed moment whatever the issue time.</summary>
    public static OfferExpiry On(DateTimeOffset endsAt) => new ExpiresOn(endsAt);

    /// <summary>The first moment the offer no longer works when issued at <paramref name="issuedAt"/>.</summary>
    public abstract DateTimeOffset ExpiresAt(DateTimeOffset issuedAt);
}

/// <summary>Expires a number of days after issue.</summary>
public sealed record ExpiresAfterDays(int Days) : OfferExpiry
{
    public override DateTimeOffset ExpiresAt(DateTimeOffset issuedAt) => issuedAt.AddDays(Days);
}

/// <summary>Expires at a fixed moment.</summary>
public sealed record ExpiresOn(DateTimeOffset EndsAt) : OfferExpiry
{
    public override DateTimeOffset ExpiresAt(DateTimeOffset issuedAt) => EndsAt;
}
