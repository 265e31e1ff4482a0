namespace Flock.Engine.Chains;

/// <summary>Why a chain's single-use coupon is refused to the shopper who entered it.</summary>
public enum ChainCouponRefusal
{
    /// <summary>Issued to another customer: a forwarded or leaked code is worth nothing.</summary>
    NotYours = 1,
    /// <summary>The enrollment that issued it ended without the coupon ever being sent (holdout, a purchase first, an erase).</summary>
    Withdrawn = 2,
}

/// <summary>
/// The one rule of a chain coupon, asked by the store's discount requirement on every cart calculation and at order
/// placement: it belongs to the customer it was issued to — the same customer record (a guest who registers keeps it),
/// or a registered account with the address it was sent to — and only while it stands.
/// </summary>
public static class ChainCouponGate
{
    public static ChainCouponRefusal? Check(int holderCustomerId, string? holderEmail, bool withdrawn, int customerId, string? customerEmail)
    {
        if (withdrawn) return ChainCouponRefusal.Withdrawn;
        if (customerId == holderCustomerId) return null;
        if (!string.IsNullOrWhiteSpace(holderEmail) && !string.IsNullOrWhiteSpace(customerEmail)
            && string.Equals(holderEmail.Trim(), customerEmail.Trim(), StringComparison.OrdinalIgnoreCase))
            return null;
        return ChainCouponRefusal.NotYours;
    }
}
