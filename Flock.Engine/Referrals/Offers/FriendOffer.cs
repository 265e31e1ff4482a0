using System.Globalization;
using Flock.Engine.Common;

namespace Flock.Engine.Referrals.Offers;

/// <summary>
/// The discount a referred friend gets (feature R5), issued to each friend as a single-use coupon.
/// Defaults: 5 % off, no minimum, valid 30 days after issue, no cap.
/// </summary>
public sealed record FriendOffer
{
    /// <summary>The longest relative validity accepted (ten years).</summary>
    public const int MaxValidDays = 3650;

    /// <summary>nopCommerce's coupon code column length.</summary>
    public const int MaxCouponCodeLength = 100;

    public DiscountKind Kind { get; init; } = DiscountKind.Percent;
    /// <summary>Percent (0 exclusive – 100 inclusive) or amount in the primary currency, per <see cref="Kind"/>.</summary>
    public decimal Value { get; init; } = 5m;
    /// <summary>The cart subtotal must be at least this (exactly the minimum qualifies).</summary>
    public decimal MinimumSubtotal { get; init; }
    public OfferExpiry Expiry { get; init; } = OfferExpiry.AfterDays(30);
    /// <summary>Cap on a percentage discount; null means no cap. Not allowed on fixed-amount offers.</summary>
    public decimal? MaximumDiscount { get; init; }

    /// <summary>Every problem in this configuration, paths under <paramref name="path"/> (default <c>friendOffer</c>).</summary>
    public ValidationResult Validate(string path = "friendOffer")
    {
        var problems = new ProblemCollector();
        Validate(problems, path);
        return problems.ToResult();
    }

    internal void Validate(ProblemCollector problems, string path)
    {
        var value = ProblemCollector.Join(path, "value");
        switch (Kind)
        {
            case DiscountKind.Percent when Value <= 0m || Value > 100m:
                problems.Add(value, "percent must be between 0 and 100");
                break;
            case DiscountKind.FixedAmount when Value <= 0m:
                problems.Add(value, "amount must be positive");
                break;
            case DiscountKind.FixedAmount when !Money.HasAtMostCents(Value):
                problems.Add(value, "amount must have at most 2 decimals");
                break;
            case not (DiscountKind.Percent or DiscountKind.FixedAmount):
                problems.Add(ProblemCollector.Join(path, "kind"), $"unknown discount kind {(int)Kind}");
                break;
        }

        if (MinimumSubtotal < 0m)
            problems.Add(ProblemCollector.Join(path, "minimumSubtotal"), "must not be negative");

        if (MaximumDiscount is { } cap)
        {
            var capPath = ProblemCollector.Join(path, "maximumDiscount");
            if (Kind == DiscountKind.FixedAmount)
                problems.Add(capPath, "applies only to percent offers");
            else if (cap <= 0m)
                problems.Add(capPath, "must be positive");
            else if (!Money.HasAtMostCents(cap))
                problems.Add(capPath, "must have at most 2 decimals");
        }

        var expiry = ProblemCollector.Join(path, "expiry");
        switch (Expiry)
        {
            case null:
                problems.Add(expiry, "is required");
                break;
            case ExpiresAfterDays { Days: < 1 or > MaxValidDays }:
                problems.Add(ProblemCollector.Join(expiry, "days"), $"must be between 1 and {MaxValidDays}");
                break;
        }
    }

    /// <summary>The first moment an offer issued at <paramref name="issuedAt"/> no longer works.</summary>
    public DateTimeOffset ExpiresAt(DateTimeOffset issuedAt) => Expiry.ExpiresAt(issuedAt);

    /// <summary>
    /// The discount for a subtotal (throws <see cref="FlockValidationException"/> for an invalid offer or a negative subtotal), ignoring the minimum and dates: percent rounded to cents half away from zero,
    /// then capped by <see cref="MaximumDiscount"/>; never more than the subtotal; 0 for a zero subtotal.
    /// </summary>
    public decimal DiscountFor(decimal subtotal)
    {
        Validate().ThrowIfInvalid("friend offer");
        if (subtotal < 0m)
            throw new FlockValidationException("subtotal", "subtotal", "must not be negative");

        var discount = Kind == DiscountKind.Percent ? Money.RoundToCents(subtotal * Value / 100m) : Value;
        if (MaximumDiscount is { } cap)
            discount = Math.Min(discount, cap);
        return Math.Min(discount, subtotal);
    }

    /// <summary>
    /// Whether a cart with <paramref name="subtotal"/> gets an offer issued at <paramref name="issuedAt"/>, at <paramref name="now"/>.
    /// When several reasons apply, the first of: already used, expired, not yet valid, below minimum.
    /// Throws <see cref="FlockValidationException"/> for an invalid offer or a negative subtotal.
    /// </summary>
    public OfferQualification Qualify(decimal subtotal, DateTimeOffset issuedAt, bool alreadyUsed, DateTimeOffset now)
    {
        Validate().ThrowIfInvalid("friend offer");
        if (subtotal < 0m)
            throw new FlockValidationException("cart", "subtotal", "must not be negative");

        if (alreadyUsed)
            return OfferQualification.Rejected(OfferRejection.AlreadyUsed, "the offer was already used");

        var expiresAt = ExpiresAt(issuedAt);
        if (now >= expiresAt)
            return OfferQualification.Rejected(OfferRejection.Expired, $"the offer expired at {Format(expiresAt)}");

        if (now < issuedAt)
            return OfferQualification.Rejected(OfferRejection.NotYetValid, $"the offer starts at {Format(issuedAt)}");

        if (subtotal < MinimumSubtotal)
            return OfferQualification.Rejected(
                OfferRejection.BelowMinimum,
                $"the subtotal {Format(subtotal)} is below the minimum {Format(MinimumSubtotal)}");

        return OfferQualification.Granted(DiscountFor(subtotal));
    }

    /// <summary>
    /// The coupon the plugin creates for one friend. <paramref name="couponCode"/> must be unique and unguessable
    /// (the referral code generator supplies it); throws <see cref="FlockValidationException"/> when the offer or
    /// the code is invalid, or a fixed end date has already passed at <paramref name="issuedAt"/>.
    /// </summary>
    public CouponSpec ToCouponSpec(string couponCode, DateTimeOffset issuedAt, string? name = null)
    {
        var problems = new ProblemCollector();
        Validate(problems, "friendOffer");
        if (string.IsNullOrWhiteSpace(couponCode))
            problems.Add("couponCode", "is required");
        else if (couponCode.Length > MaxCouponCodeLength)
            problems.Add("couponCode", $"must be at most {MaxCouponCodeLength} characters");
        if (!problems.HasProblems && ExpiresAt(issuedAt) <= issuedAt)
            problems.Add("friendOffer.expiry.endsAt", $"the offer ended at {Format(ExpiresAt(issuedAt))}, before it was issued");
        problems.ToResult().ThrowIfInvalid("friend offer coupon");

        return new CouponSpec
        {
            Name = name ?? $"Flock friend offer {couponCode}",
            CouponCode = couponCode,
            UsePercentage = Kind == DiscountKind.Percent,
            Percentage = Kind == DiscountKind.Percent ? Value : 0m,
            Amount = Kind == DiscountKind.FixedAmount ? Value : 0m,
            MaximumDiscountAmount = Kind == DiscountKind.Percent ? MaximumDiscount : null,
            MinimumSubtotal = MinimumSubtotal,
            StartsAt = issuedAt,
            EndsAt = ExpiresAt(issuedAt),
            UsageLimit = 1,
        };
    }

    /// <summary>
    /// The one discount nopCommerce holds for this offer in a campaign: no dates and no usage limit of its own, because
    /// Flock's discount requirement checks each friend's invitation (expiry, one use, new customer, minimum) at checkout.
    /// </summary>
    public CouponSpec ToCampaignCouponSpec(string couponCode, string name, DateTimeOffset createdAt)
    {
        var problems = new ProblemCollector();
        Validate(problems, "friendOffer");
        if (string.IsNullOrWhiteSpace(couponCode))
            problems.Add("couponCode", "is required");
        else if (couponCode.Length > MaxCouponCodeLength)
            problems.Add("couponCode", $"must be at most {MaxCouponCodeLength} characters");
        problems.ToResult().ThrowIfInvalid("friend offer discount");

        return new CouponSpec
        {
            Name = name,
            CouponCode = couponCode,
            UsePercentage = Kind == DiscountKind.Percent,
            Percentage = Kind == DiscountKind.Percent ? Value : 0m,
            Amount = Kind == DiscountKind.FixedAmount ? Value : 0m,
            MaximumDiscountAmount = Kind == DiscountKind.Percent ? MaximumDiscount : null,
            MinimumSubtotal = MinimumSubtotal,
            StartsAt = createdAt,
            EndsAt = Expiry is ExpiresOn fixedEnd ? fixedEnd.EndsAt : DateTimeOffset.MaxValue,
            UsageLimit = 0,
        };
    }

    private static string Format(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    private static string Format(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);
}
