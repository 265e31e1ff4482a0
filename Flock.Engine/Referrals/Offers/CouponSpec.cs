namespace Flock.Engine.Referrals.Offers;

/// <summary>
/// What the plugin must create in nopCommerce for one issued coupon: a discount with this single coupon code,
/// "requires coupon code", limited to <see cref="UsageLimit"/> uses (DiscountLimitationType.NTimesOnly), with an
/// order-subtotal requirement when <see cref="MinimumSubtotal"/> is positive. Dates are instants; nopCommerce stores
/// them as UTC (<c>StartsAt.UtcDateTime</c>).
/// </summary>
public sealed record CouponSpec
{
    public required string Name { get; init; }
    public required string CouponCode { get; init; }
    /// <summary>True: apply <see cref="Percentage"/>; false: apply <see cref="Amount"/>.</summary>
    public required bool UsePercentage { get; init; }
    public decimal Percentage { get; init; }
    public decimal Amount { get; init; }
    /// <summary>Cap on a percentage discount; null means no cap.</summary>
    public decimal? MaximumDiscountAmount { get; init; }
    public decimal MinimumSubtotal { get; init; }
    public required DateTimeOffset StartsAt { get; init; }
    public required DateTimeOffset EndsAt { get; init; }
    /// <summary>Uses allowed in all (nopCommerce NTimesOnly); 0: no limit of its own (a Flock requirement guards each use).</summary>
    public int UsageLimit { get; init; } = 1;
}
