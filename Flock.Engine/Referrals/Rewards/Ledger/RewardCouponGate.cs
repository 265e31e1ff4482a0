namespace Flock.Engine.Referrals.Rewards.Ledger;

/// <summary>Why a referrer's reward coupon does not apply to a cart.</summary>
public enum RewardCouponRefusal
{
    /// <summary>The shopper is not the reward's beneficiary.</summary>
    NotYours,
    /// <summary>The reward is not (or no longer) granted: revoked, reduced to nothing, or not yet granted.</summary>
    Revoked,
    /// <summary>The cart is below the coupon's minimum subtotal.</summary>
    BelowMinimum,
}

/// <summary>
/// The checkout gate of a reward coupon: the ledger decides at once, so a revoked reward's coupon stops working before
/// its discount is deactivated. Pure.
/// </summary>
public static class RewardCouponGate
{
    /// <summary>Null when the coupon applies; otherwise the refusal (with the minimum for <see cref="RewardCouponRefusal.BelowMinimum"/>).</summary>
    public static (RewardCouponRefusal Refusal, decimal Minimum)? Check(RewardEntry entry, int customerId, decimal subtotal)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.BeneficiaryCustomerId != customerId)
            return (RewardCouponRefusal.NotYours, 0m);
        if (entry.State is not (RewardState.Granted or RewardState.PartiallyRevoked) || entry.Current.Magnitude <= 0m)
            return (RewardCouponRefusal.Revoked, 0m);
        if (entry.Granted is CouponReward { MinimumSubtotal: > 0m } coupon && subtotal < coupon.MinimumSubtotal)
            return (RewardCouponRefusal.BelowMinimum, coupon.MinimumSubtotal);
        return null;
    }
}
