using Flock.Engine.Referrals.Offers;
using Flock.Engine.Templates;
using FsCheck.Xunit;

namespace Flock.Engine.Tests.Referrals.Offers;

public class FriendOfferGateTests
{
    private static readonly DateTimeOffset IssuedAt = new(2026, 5, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly FriendOffer Offer = new() { Value = 5m, MinimumSubtotal = 5000m };
    private const int Referrer = 10, Friend = 20;

    private static FriendOfferCheckRequest Request(FriendOfferClaim? claim = null, decimal subtotal = 6000m, int earlier = 0, bool sharesIdentity = false,
        DateTimeOffset? now = null, int customer = Friend, string language = "en") => new()
    {
        CampaignId = 1, MotivationId = "m1", OfferKey = FriendOfferGate.OfferKey(1, "m1", Offer),
        Claim = claim ?? Claim(), CustomerId = customer, Subtotal = subtotal, EarlierOrders = earlier, SharesIdentityWithReferrer = sharesIdentity,
        Language = language, Currency = CurrencyModel.Usd, Now = now ?? IssuedAt.AddDays(1),
    };

    private static FriendOfferClaim Claim(int? usedOrder = null) =>
        new() { ReferrerCustomerId = Referrer, IssuedAt = IssuedAt, ExpiresAt = IssuedAt.AddDays(30), UsedOrderId = usedOrder };

    [Fact]
    public void A_new_friend_with_an_invitation_above_the_minimum_gets_the_offer()
    {
        var verdict = FriendOfferGate.Check(Request(), Offer, newCustomersOnly: true);

        Assert.True(verdict.IsValid);
        Assert.Null(verdict.Refusal);
        Assert.Equal("", verdict.Message);
    }

    [Fact]
    public void A_typed_or_passed_on_code_without_an_invitation_is_refused_with_a_message()
    {
        var verdict = FriendOfferGate.Check(Request() with { Claim = null }, Offer, true);

        Assert.Equal(FriendOfferRefusal.NoInvitation, verdict.Refusal);
        Assert.Equal("This code works only through a friend's invitation link.", verdict.Message);
    }

    [Fact]
    public void An_existing_customer_is_refused_when_the_campaign_is_for_new_customers_and_accepted_otherwise()
    {
        Assert.Equal(FriendOfferRefusal.NotNewCustomer, FriendOfferGate.Check(Request(earlier: 1), Offer, true).Refusal);
        Assert.True(FriendOfferGate.Check(Request(earlier: 1), Offer, false).IsValid);
    }

    [Fact]
    public void The_minimum_subtotal_is_enforced_and_the_message_says_how_much_is_missing()
    {
        var verdict = FriendOfferGate.Check(Request(subtotal: 24m), Offer, true);

        Assert.Equal(FriendOfferRefusal.BelowMinimum, verdict.Refusal);
        Assert.Equal("The invitation offer applies from 5000 $: add 4976 $ more.", verdict.Message);
        Assert.True(FriendOfferGate.Check(Request(subtotal: 5000m), Offer, true).IsValid);
    }

    [Fact]
    public void Used_expired_own_and_ended_invitations_are_refused()
    {
        Assert.Equal(FriendOfferRefusal.AlreadyUsed, FriendOfferGate.Check(Request(Claim(usedOrder: 77)), Offer, true).Refusal);
        Assert.Equal(FriendOfferRefusal.Expired, FriendOfferGate.Check(Request(now: IssuedAt.AddDays(30)), Offer, true).Refusal);
        Assert.Equal(FriendOfferRefusal.OwnInvitation, FriendOfferGate.Check(Request(customer: Referrer), Offer, true).Refusal);
        Assert.Equal(FriendOfferRefusal.OwnInvitation, FriendOfferGate.Check(Request(sharesIdentity: true), Offer, true).Refusal);
        Assert.Equal(FriendOfferRefusal.CampaignEnded, FriendOfferGate.Check(Request(), null, true).Refusal);
    }

    [Fact]
    public void Messages_are_in_russian_for_russian_shoppers()
    {
        var verdict = FriendOfferGate.Check(Request(earlier: 2, language: "ru-RU"), Offer, true);

        Assert.StartsWith("Предложение по приглашению действует только", verdict.Message);
    }

    [Fact]
    public void The_offer_key_changes_with_every_term_and_only_with_them()
    {
        var key = FriendOfferGate.OfferKey(1, "m1", Offer);
        Assert.Equal(key, FriendOfferGate.OfferKey(1, "m1", Offer with { }));
        Assert.NotEqual(key, FriendOfferGate.OfferKey(1, "m1", Offer with { Value = 6m }));
        Assert.NotEqual(key, FriendOfferGate.OfferKey(1, "m1", Offer with { MinimumSubtotal = 1m }));
        Assert.NotEqual(key, FriendOfferGate.OfferKey(1, "m1", Offer with { Kind = DiscountKind.FixedAmount }));
        Assert.NotEqual(key, FriendOfferGate.OfferKey(1, "m1", Offer with { Expiry = OfferExpiry.AfterDays(7) }));
        Assert.NotEqual(key, FriendOfferGate.OfferKey(2, "m1", Offer));
        Assert.NotEqual(key, FriendOfferGate.OfferKey(1, "m2", Offer));
    }

    /// <summary>The gate's contract as a property: valid exactly when every condition holds, whatever the inputs.</summary>
    [Property(MaxTest = 500)]
    public bool Valid_exactly_when_invited_live_not_own_new_unused_in_time_and_above_minimum(
        bool invited, bool live, bool own, byte earlier, bool used, sbyte dayOffset, ushort subtotal, bool newOnly)
    {
        var now = IssuedAt.AddDays(dayOffset);
        var request = Request(claim: used ? Claim(usedOrder: 5) : Claim(), subtotal: subtotal * 10m, earlier: earlier % 3, sharesIdentity: own, now: now)
            with { Claim = invited ? (used ? Claim(usedOrder: 5) : Claim()) : null };
        var verdict = FriendOfferGate.Check(request, live ? Offer : null, newOnly);

        var expected = invited && live && !own && !(newOnly && earlier % 3 > 0) && !used
                       && now >= IssuedAt && now < IssuedAt.AddDays(30) && subtotal * 10m >= Offer.MinimumSubtotal;
        return verdict.IsValid == expected && (verdict.IsValid ? verdict.Refusal is null && verdict.Message == "" : verdict.Refusal is not null && verdict.Message.Length > 0);
    }
}
