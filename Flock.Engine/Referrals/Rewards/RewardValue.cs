using Flock.Engine.Referrals.Offers;

namespace Flock.Engine.Referrals.Rewards;

/// <summary>
/// A concrete reward someone has earned: a coupon for their next order, reward points, or a gift.
/// <see cref="Magnitude"/> is the one number a partial refund scales (percent or amount, points, quantity).
/// </summary>
public abstract record RewardValue
{
    /// <summary>The scalable size of the reward: coupon percent or amount, points, or gift quantity.</summary>
    public abstract decimal Magnitude { get; }

    /// <summary>
    /// This reward reduced to <paramref name="fraction"/> (0..1) of its size. Rounds down so a reduction never
    /// pays more than its share: money and percents to cents, points and gift quantities to whole units.
    /// </summary>
    public abstract RewardValue ScaledBy(decimal fraction);

    /// <summary>The same reward with size <paramref name="magnitude"/> (used for reversals: "reverse 40 points").</summary>
    public abstract RewardValue WithMagnitude(decimal magnitude);

    /// <summary>When the granted reward becomes usable, for a grant at <paramref name="grantedAt"/>.</summary>
    public virtual DateTimeOffset ActivatesAt(DateTimeOffset grantedAt) => grantedAt;

    /// <summary>When the granted reward stops being usable; null when it does not expire.</summary>
    public virtual DateTimeOffset? ExpiresAt(DateTimeOffset grantedAt) => null;

    internal static decimal Clamp(decimal fraction) => Math.Clamp(fraction, 0m, 1m);
}

/// <summary>A single-use coupon for the beneficiary's next order (issued like a friend offer, see <see cref="ToCouponSpec"/>).</summary>
public sealed record CouponReward(DiscountKind Kind, decimal Value, int ValidDays, decimal MinimumSubtotal = 0m, decimal? MaximumDiscount = null)
    : RewardValue
{
    public override decimal Magnitude => Value;

    public override RewardValue ScaledBy(decimal fraction) => this with { Value = Money.FloorToCents(Value * Clamp(fraction)) };

    public override RewardValue WithMagnitude(decimal magnitude) => this with { Value = magnitude };

    public override DateTimeOffset? ExpiresAt(DateTimeOffset grantedAt) => grantedAt.AddDays(ValidDays);

    /// <summary>The nopCommerce coupon to create for this reward granted at <paramref name="grantedAt"/>.</summary>
    public CouponSpec ToCouponSpec(string couponCode, DateTimeOffset grantedAt, string? name = null) =>
        AsOffer().ToCouponSpec(couponCode, grantedAt, name ?? $"Flock reward {couponCode}");

    internal FriendOffer AsOffer() => new()
    {
        Kind = Kind,
        Value = Value,
        MinimumSubtotal = MinimumSubtotal,
        MaximumDiscount = MaximumDiscount,
        Expiry = OfferExpiry.AfterDays(ValidDays),
    };
}

/// <summary>
/// Reward points added through nopCommerce's reward-point service (AddRewardPointsHistoryEntryAsync supports
/// activation and end dates): usable <see cref="ActivationDelayDays"/> after the grant, for <see cref="ValidDays"/> days (null: no end).
/// </summary>
public sealed record PointsReward(int Points, int ActivationDelayDays = 0, int? ValidDays = null) : RewardValue
{
    public override decimal Magnitude => Points;

    public override RewardValue ScaledBy(decimal fraction) => this with { Points = (int)Math.Floor(Points * Clamp(fraction)) };

    public override RewardValue WithMagnitude(decimal magnitude) => this with { Points = (int)magnitude };

    public override DateTimeOffset ActivatesAt(DateTimeOffset grantedAt) => grantedAt.AddDays(ActivationDelayDays);

    public override DateTimeOffset? ExpiresAt(DateTimeOffset grantedAt) =>
        ValidDays is { } days ? ActivatesAt(grantedAt).AddDays(days) : null;
}

/// <summary>A physical or partner gift ("one rose") the store hands out; <see cref="ProductId"/> when it is a catalogue product.</summary>
public sealed record GiftReward(string Gift, int Quantity = 1, int? ProductId = null) : RewardValue
{
    public override decimal Magnitude => Quantity;

    public override RewardValue ScaledBy(decimal fraction) => this with { Quantity = (int)Math.Floor(Quantity * Clamp(fraction)) };

    public override RewardValue WithMagnitude(decimal magnitude) => this with { Quantity = (int)magnitude };
}
