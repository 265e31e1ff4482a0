using System.Security.Cryptography;
using Flock.Engine.Referrals.Attribution;
using Flock.Engine.Common;
using Flock.Engine.Referrals;
using Flock.Engine.Snapshots;

namespace Flock.Engine.Tests.Referrals.Attribution;

public class AttributorTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 15, 12, 0, 0, TimeSpan.FromHours(3));
    private static readonly byte[] Secret = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly EmailHasher Hasher = new(Secret);

    private static readonly ReferrerRef Anna = new("ANNA2026", 10);
    private static readonly ReferrerRef Boris = new("K7QM2X9A", 20);
    private static readonly ReferrerRef Vera = new("VERA7777", 30);

    private static CustomerSnapshot Friend(int orders = 0, string? email = "olga@example.com") =>
        new() { CustomerId = 99, OrderCount = orders, Email = email };

    private static AttributionRequest Request(params AttributionEvidence[] evidence) =>
        new() { Friend = Friend(), Evidence = evidence, Now = Now };

    private static Attributor Attributor(AttributionPolicy? policy = null) => new(policy ?? new AttributionPolicy(), Hasher);

    private static LinkClickEvidence Click(ReferrerRef who, double daysAgo, ShareChannel channel = ShareChannel.Vk) =>
        new(who, channel, Now.AddDays(-daysAgo));

    [Fact]
    public void Coupon_beats_a_later_link_click_under_the_default_priority()
    {
        var coupon = new CouponEvidence(Boris, "K7QM2X9A", Now.AddMinutes(-5));
        var result = Attributor().Attribute(Request(Click(Anna, 0.001), coupon));
        Assert.True(result.IsAttributed);
        Assert.Equal(Boris, result.Referrer);
        Assert.Same(coupon, result.Evidence);
        Assert.Contains("coupon K7QM2X9A", result.Reason);
        Assert.Contains("strongest evidence kind", result.Reason);
    }

    [Fact]
    public void Priority_is_the_admins_order()
    {
        var policy = new AttributionPolicy { Priority = [EvidenceKind.LinkClick, EvidenceKind.CouponAtCheckout] };
        var result = Attributor(policy).Attribute(Request(new CouponEvidence(Boris, "K7QM2X9A", Now.AddMinutes(-5)), Click(Anna, 2)));
        Assert.Equal(Anna, result.Referrer);
        Assert.IsType<LinkClickEvidence>(result.Evidence);
    }

    [Fact]
    public void Lower_priority_evidence_decides_when_the_stronger_kind_is_absent()
    {
        var result = Attributor().Attribute(Request(Click(Anna, 3)));
        Assert.Equal(Anna, result.Referrer);
        Assert.Contains("priority 2 of 3", result.Reason);
    }

    [Fact]
    public void Last_referrer_policy_picks_the_latest_click()
    {
        var result = Attributor(new AttributionPolicy { Choice = ReferrerChoice.Last })
            .Attribute(Request(Click(Anna, 10), Click(Vera, 1), Click(Boris, 5)));
        Assert.Equal(Vera, result.Referrer);
        Assert.Contains("latest of 3", result.Reason);
    }

    [Fact]
    public void First_referrer_policy_picks_the_earliest_click()
    {
        var result = Attributor(new AttributionPolicy { Choice = ReferrerChoice.First })
            .Attribute(Request(Click(Vera, 1), Click(Anna, 10), Click(Boris, 5)));
        Assert.Equal(Anna, result.Referrer);
        Assert.Contains("earliest of 3", result.Reason);
    }

    [Fact]
    public void Evidence_outside_the_window_is_ignored()
    {
        var policy = new AttributionPolicy { WindowDays = 7, Choice = ReferrerChoice.First };
        var result = Attributor(policy).Attribute(Request(Click(Anna, 8), Click(Boris, 6.9)));
        Assert.Equal(Boris, result.Referrer);
    }

    [Fact]
    public void Window_boundary_is_inclusive()
    {
        var result = Attributor(new AttributionPolicy { WindowDays = 7 }).Attribute(Request(Click(Anna, 7)));
        Assert.Equal(Anna, result.Referrer);
    }

    [Fact]
    public void Only_expired_evidence_gives_outside_window()
    {
        var result = Attributor(new AttributionPolicy { WindowDays = 30 }).Attribute(Request(Click(Anna, 31), Click(Boris, 45)));
        Assert.False(result.IsAttributed);
        Assert.Equal(NotAttributedReason.OutsideWindow, result.NotAttributedReason);
        Assert.Contains("2 pieces of evidence fell outside the 30-day window", result.Reason);
    }

    [Fact]
    public void Evidence_dated_after_the_order_does_not_count()
    {
        var result = Attributor().Attribute(Request(Click(Anna, -1)));
        Assert.Equal(NotAttributedReason.OutsideWindow, result.NotAttributedReason);
    }

    [Fact]
    public void Returning_customer_is_not_attributed_when_the_policy_wants_new_ones()
    {
        var request = Request(Click(Anna, 1)) with { Friend = Friend(orders: 2) };
        var result = Attributor().Attribute(request);
        Assert.False(result.IsAttributed);
        Assert.Null(result.Referrer);
        Assert.Equal(NotAttributedReason.NotNewCustomer, result.NotAttributedReason);
        Assert.Contains("already has 2 paid orders", result.Reason);

        var lenient = Attributor(new AttributionPolicy { FriendMustBeNewCustomer = false }).Attribute(request);
        Assert.Equal(Anna, lenient.Referrer);
    }

    [Fact]
    public void No_evidence_is_explained()
    {
        var result = Attributor().Attribute(Request());
        Assert.Equal(NotAttributedReason.NoEvidence, result.NotAttributedReason);
        Assert.Contains("no referral link click, coupon or invitation", result.Reason);
    }

    [Fact]
    public void Email_invitation_counts_only_for_the_invited_address_after_normalisation()
    {
        var invitation = new EmailInvitationEvidence(Vera, Hasher.Hash("Olga@Example.com ")!, Now.AddDays(-3));
        var result = Attributor().Attribute(Request(invitation));
        Assert.Equal(Vera, result.Referrer);
        Assert.Contains("email invitation", result.Reason);

        var other = new EmailInvitationEvidence(Vera, Hasher.Hash("someone.else@example.com")!, Now.AddDays(-3));
        var miss = Attributor().Attribute(Request(other));
        Assert.Equal(NotAttributedReason.NoEvidence, miss.NotAttributedReason);
        Assert.Contains("1 email invitation was sent to another address", miss.Reason);
    }

    [Fact]
    public void Email_invitation_matches_the_billing_email_when_the_customer_has_none()
    {
        var invitation = new EmailInvitationEvidence(Vera, Hasher.Hash("olga.k+shop@gmail.com")!, Now.AddDays(-3));
        var request = Request(invitation) with
        {
            Friend = Friend(email: null),
            Order = new OrderSnapshot { OrderId = 1, CustomerId = 99, BillingEmail = "OlgaK@googlemail.com" },
        };
        Assert.Equal(Vera, Attributor().Attribute(request).Referrer);
    }

    [Fact]
    public void Kinds_left_out_of_the_priority_are_ignored()
    {
        var policy = new AttributionPolicy { Priority = [EvidenceKind.CouponAtCheckout] };
        var result = new Attributor(policy).Attribute(Request(Click(Anna, 1)));
        Assert.Equal(NotAttributedReason.NoEvidence, result.NotAttributedReason);
        Assert.Contains("of a kind the policy ignores", result.Reason);
    }

    [Fact]
    public void Invitations_without_a_hasher_are_a_configuration_error()
    {
        var ex = Assert.Throws<FlockValidationException>(() => new Attributor(new AttributionPolicy()));
        Assert.Equal("priority", Assert.Single(ex.Problems).Path);
    }

    [Fact]
    public void Malformed_evidence_is_rejected_with_paths()
    {
        var ex = Assert.Throws<FlockValidationException>(() => Attributor().Attribute(Request(
            Click(Anna, 1),
            new LinkClickEvidence(new ReferrerRef("bad code", 0), ShareChannel.Vk, Now),
            new EmailInvitationEvidence(Vera, "", Now))));
        Assert.Equal(["evidence[1].referrer.code", "evidence[1].referrer.customerId", "evidence[2].invitedEmailHash"], ex.Problems.Select(p => p.Path));
    }

    [Fact]
    public void Policy_validation_names_each_problem()
    {
        var result = new AttributionPolicy
        {
            Priority = [EvidenceKind.LinkClick, EvidenceKind.LinkClick, (EvidenceKind)9],
            WindowDays = 0,
        }.Validate();
        Assert.Equal(["priority[1]", "priority[2]", "windowDays"], result.Problems.Select(p => p.Path));
        Assert.Contains("link click is listed twice", result.Problems[0].Message);
        Assert.Equal("priority", Assert.Single(new AttributionPolicy { Priority = [] }.Validate().Problems).Path);
    }

    [Fact]
    public void Policy_describes_itself_for_the_admin()
    {
        Assert.Equal(
            "Coupon entered at checkout, then link click, then email invitation. Evidence counts for 30 days before the order. " +
            "When several referrers left evidence of the strongest kind found, the last referrer wins (latest evidence). " +
            "The friend must be a new customer (no earlier paid orders).",
            new AttributionPolicy().Describe());
        var custom = new AttributionPolicy { Priority = [EvidenceKind.LinkClick], WindowDays = 1, Choice = ReferrerChoice.First, FriendMustBeNewCustomer = false };
        Assert.Equal(
            "Link click. Evidence counts for 1 day before the order. When several referrers left evidence of the strongest kind found, " +
            "the first referrer wins (earliest evidence). Returning customers can be referred too.",
            custom.Describe());
    }
}

public class EmailHasherTests
{
    private static readonly EmailHasher Hasher = new(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void Hash_is_hex_hmac_of_the_normalised_address_and_never_contains_it()
    {
        var hash = Hasher.Hash("Anna.K+promo@gmail.com")!;
        Assert.Equal(64, hash.Length);
        Assert.All(hash, c => Assert.True(char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c)));
        Assert.Equal(hash, Hasher.Hash("annak@googlemail.com"));
        Assert.DoesNotContain("anna", hash);
    }

    [Fact]
    public void Different_secrets_give_different_hashes()
    {
        var other = new EmailHasher(RandomNumberGenerator.GetBytes(32));
        Assert.NotEqual(Hasher.Hash("anna@example.com"), other.Hash("anna@example.com"));
    }

    [Fact]
    public void Matches_compares_against_a_stored_hash()
    {
        var stored = Hasher.Hash("anna@example.com");
        Assert.True(Hasher.Matches(stored, "ANNA@example.com"));
        Assert.True(Hasher.Matches(stored!.ToUpperInvariant(), "anna@example.com"));
        Assert.False(Hasher.Matches(stored, "boris@example.com"));
        Assert.False(Hasher.Matches(stored, null));
        Assert.False(Hasher.Matches(null, "anna@example.com"));
        Assert.Null(Hasher.Hash("not an email"));
    }

    [Fact]
    public void Short_secrets_are_refused() =>
        Assert.Throws<FlockValidationException>(() => new EmailHasher(new byte[16]));
}
