namespace Flock.Engine.Chains;

/// <summary>Why a chain's single-use coupon is refused to the shopper who entered it.</summary>
public enum ChainCouponRefusal
{
    /// <summary>Issued to another customer: a forwarded or leaked code is worth nothing.</summary>
    NotYours = 1,
    /// <summary>The message that was to carry it was cancelled (a purchase first, withdrawn consent, an erase).</summary>
    Withdrawn = 2,
}

/// <summary>
/// The one rule of a chain coupon, asked by the store's discount requirement on every cart calculation and at order
/// placement: it belongs to the customer record it was issued to (a guest who registers keeps their record, so keeps
/// it), and only while it stands. Not to "whoever has the same address": nopCommerce does not verify addresses by
/// default, so anyone could register the holder's address (or a case variant of it) and take the code.
/// </summary>
public static class ChainCouponGate
{
    public static ChainCouponRefusal? Check(int holderCustomerId, bool withdrawn, int customerId)
    {
        if (withdrawn) return ChainCouponRefusal.Withdrawn;
        return customerId == holderCustomerId ? null : ChainCouponRefusal.NotYours;
    }
}
