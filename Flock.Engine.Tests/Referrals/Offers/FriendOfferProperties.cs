using Flock.Engine.Referrals.Offers;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Flock.Engine.Tests.Referrals.Offers;

public class FriendOfferProperties
{
    private static readonly Arbitrary<(FriendOffer Offer, decimal Subtotal)> Cases = Arb.From(
        from kind in Gen.Elements(DiscountKind.Percent, DiscountKind.FixedAmount)
        from cents in Gen.Choose(1, 10_000)
        from capCents in Gen.Choose(0, 5_000)
        from subtotalCents in Gen.Choose(0, 1_000_000)
        let value = kind == DiscountKind.Percent ? Math.Min(cents / 100m, 100m) : cents / 100m
        let cap = kind == DiscountKind.Percent && capCents > 0 ? capCents / 100m : (decimal?)null
        select (new FriendOffer { Kind = kind, Value = value, MaximumDiscount = cap }, subtotalCents / 100m));

    [Property(MaxTest = 500)]
    public Property Discount_is_whole_cents_never_negative_never_above_subtotal_or_cap() => Prop.ForAll(Cases, c =>
    {
        var discount = c.Offer.DiscountFor(c.Subtotal);
        return discount >= 0m
            && discount <= c.Subtotal
            && (c.Offer.MaximumDiscount is not { } cap || discount <= cap)
            && Money.HasAtMostCents(discount);
    });

    [Property(MaxTest = 500)]
    public Property Discount_never_decreases_as_the_subtotal_grows() => Prop.ForAll(Cases, c =>
        c.Offer.DiscountFor(c.Subtotal) <= c.Offer.DiscountFor(c.Subtotal + 0.01m));
}
