namespace Flock.Engine.Referrals.Offers;

/// <summary>How a discount is expressed: a percentage of the subtotal or a fixed amount in the primary currency.</summary>
public enum DiscountKind
{
    Percent,
    FixedAmount,
}
