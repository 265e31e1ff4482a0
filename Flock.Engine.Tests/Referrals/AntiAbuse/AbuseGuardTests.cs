using Flock.Engine.Referrals.AntiAbuse;
using Flock.Engine.Common;

namespace Flock.Engine.Tests.Referrals.AntiAbuse;

public class AbuseGuardTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 15, 12, 0, 0, TimeSpan.Zero);
    private readonly AbuseGuard _guard = new();

    private static readonly PartyIdentity Referrer = new()
    {
        CustomerId = 10,
        Email = "anna.k@gmail.com",
        Phone = "+7 916 123-45-67",
        Address = "г. Москва, ул. Ленина, д. 5, кв. 12",
        Ip = "203.0.113.7",
        DeviceId = "dev-anna",
    };

    private static readonly PartyIdentity Friend = new()
    {
        CustomerId = 99,
        Email = "olga@example.com",
        Phone = "+7 903 765-43-21",
        Address = "Санкт-Петербург, Невский пр., 1",
        Ip = "198.51.100.20",
        DeviceId = "dev-olga",
    };

    private static AbuseCheckRequest Request(PartyIdentity? friend = null) =>
        new() { Referrer = Referrer, Friend = friend ?? Friend, FriendHadLinkClick = true, CountryCode = "RU", Now = Now };

    private static PastReferral Past(int friendId, double hoursAgo, string? ip = null, string? device = null) =>
        new() { FriendCustomerId = friendId, At = Now.AddHours(-hoursAgo), Ip = ip, DeviceId = device };

    [Fact]
    public void An_unrelated_friend_is_allowed_without_findings()
    {
        var verdict = _guard.Check(Request());
        Assert.Equal(AbuseDecision.Allow, verdict.Decision);
        Assert.Empty(verdict.Findings);
        Assert.Equal("no abuse signals", verdict.Reason);
    }

    [Fact]
    public void Same_customer_is_blocked()
    {
        var verdict = _guard.Check(Request(Friend with { CustomerId = 10 }));
        Assert.Equal(AbuseDecision.Block, verdict.Decision);
        Assert.Equal(AbuseReasons.SameCustomer, Assert.Single(verdict.Findings).Code);
        Assert.Contains("referrer themself (customer 10)", verdict.Reason);
    }

    [Fact]
    public void Same_email_after_normalisation_is_blocked_with_the_address_in_the_reason()
    {
        var verdict = _guard.Check(Request(Friend with { Email = "anna.k+promo@gmail.com" }));
        Assert.Equal(AbuseDecision.Block, verdict.Decision);
        var finding = Assert.Single(verdict.Findings);
        Assert.Equal(AbuseReasons.SameEmail, finding.Code);
        Assert.Equal("friend's email anna.k+promo@gmail.com is the referrer's own email after normalisation (annak@gmail.com).", finding.Message);
    }

    [Fact]
    public void Same_phone_in_another_spelling_is_blocked()
    {
        var verdict = _guard.Check(Request(Friend with { Phone = "8 (916) 123-45-67" }));
        Assert.Equal(AbuseDecision.Block, verdict.Decision);
        Assert.Equal(AbuseReasons.SamePhone, Assert.Single(verdict.Findings).Code);
        Assert.Contains("+79161234567", verdict.Reason);
    }

    [Fact]
    public void Same_address_in_another_spelling_is_blocked_or_reviewed_as_configured()
    {
        var friend = Friend with { Address = "Москва улица Ленина дом 5 квартира 12" };
        var verdict = _guard.Check(Request(friend));
        Assert.Equal(AbuseDecision.Block, verdict.Decision);
        Assert.Equal(AbuseReasons.SameAddress, Assert.Single(verdict.Findings).Code);

        var lenient = new AbuseGuard(new AbuseGuardOptions { SameAddressDecision = AbuseDecision.Review }).Check(Request(friend));
        Assert.Equal(AbuseDecision.Review, lenient.Decision);
    }

    [Fact]
    public void Same_device_is_blocked()
    {
        var verdict = _guard.Check(Request(Friend with { DeviceId = " DEV-ANNA " }));
        Assert.Equal(AbuseDecision.Block, verdict.Decision);
        Assert.Equal(AbuseReasons.SameDevice, Assert.Single(verdict.Findings).Code);
    }

    [Fact]
    public void A_device_another_friend_used_is_blocked()
    {
        var request = Request() with { ReferrerHistory = [Past(50, 48, device: "dev-olga")] };
        var verdict = _guard.Check(request);
        Assert.Equal(AbuseDecision.Block, verdict.Decision);
        var finding = Assert.Single(verdict.Findings);
        Assert.Equal(AbuseReasons.DeviceReused, finding.Code);
        Assert.Contains("customer 50", finding.Message);
    }

    [Fact]
    public void Referrers_own_ip_is_allowed_up_to_the_limit_with_a_note()
    {
        var verdict = _guard.Check(Request(Friend with { Ip = "203.0.113.7" }));
        Assert.Equal(AbuseDecision.Allow, verdict.Decision);
        var note = Assert.Single(verdict.Findings);
        Assert.Equal(AbuseReasons.SharedIp, note.Code);
        Assert.Contains("allowed as friend 1 of 2", note.Message);
    }

    [Fact]
    public void Same_ip_beyond_the_limit_within_the_window_is_blocked()
    {
        var request = Request(Friend with { Ip = "203.0.113.7" }) with
        {
            ReferrerHistory = [Past(51, 24 * 3, ip: "203.0.113.7"), Past(52, 24 * 10, ip: "203.0.113.7")],
        };
        var verdict = _guard.Check(request);
        Assert.Equal(AbuseDecision.Block, verdict.Decision);
        var finding = Assert.Single(verdict.Findings);
        Assert.Equal(AbuseReasons.IpLimit, finding.Code);
        Assert.Contains("friend number 3 from it in 30 days (limit 2)", finding.Message);
    }

    [Fact]
    public void Same_ip_uses_outside_the_window_do_not_count()
    {
        var request = Request(Friend with { Ip = "203.0.113.7" }) with
        {
            ReferrerHistory = [Past(51, 24 * 31, ip: "203.0.113.7"), Past(52, 24 * 40, ip: "203.0.113.7")],
        };
        Assert.Equal(AbuseDecision.Allow, _guard.Check(request).Decision);
    }

    [Fact]
    public void Ipv6_friends_in_one_64_network_share_an_ip()
    {
        var guard = new AbuseGuard(new AbuseGuardOptions { MaxFriendsPerIp = 1 });
        var request = Request(Friend with { Ip = "2001:db8:1:2::99" }) with { ReferrerHistory = [Past(51, 5, ip: "2001:db8:1:2::5")] };
        Assert.True(guard.Check(request).Has(AbuseReasons.IpLimit));
    }

    [Fact]
    public void Friend_who_already_bought_is_blocked_when_new_friends_are_required()
    {
        var request = Request() with { FriendPreviousPaidOrders = 1 };
        var verdict = _guard.Check(request);
        Assert.Equal(AbuseReasons.FriendNotNew, Assert.Single(verdict.Findings).Code);
        Assert.Contains("already has 1 paid order;", verdict.Reason);
        Assert.Equal(AbuseDecision.Allow, new AbuseGuard(new AbuseGuardOptions { RequireNewFriend = false }).Check(request).Decision);
    }

    [Fact]
    public void Daily_velocity_cap()
    {
        var history = Enumerable.Range(0, 5).Select(i => Past(100 + i, 1 + i)).ToArray();
        var verdict = _guard.Check(Request() with { ReferrerHistory = history });
        Assert.Equal(AbuseDecision.Block, verdict.Decision);
        var finding = Assert.Single(verdict.Findings);
        Assert.Equal(AbuseReasons.VelocityDay, finding.Code);
        Assert.Equal("referrer already brought 5 friends in the last 24 hours (limit 5).", finding.Message);

        var underCap = _guard.Check(Request() with { ReferrerHistory = history[..4] });
        Assert.Equal(AbuseDecision.Allow, underCap.Decision);
    }

    [Fact]
    public void Weekly_velocity_cap_and_configurable_decision()
    {
        var history = Enumerable.Range(0, 20).Select(i => Past(100 + i, 30 + i * 6)).ToArray(); // all within 7 days, none in the last 24 h
        var guard = new AbuseGuard(new AbuseGuardOptions { VelocityDecision = AbuseDecision.Review });
        var verdict = guard.Check(Request() with { ReferrerHistory = history });
        Assert.Equal(AbuseDecision.Review, verdict.Decision);
        Assert.Equal(AbuseReasons.VelocityWeek, Assert.Single(verdict.Findings).Code);
    }

    [Fact]
    public void A_replayed_check_does_not_count_the_friend_against_themself()
    {
        var history = Enumerable.Range(0, 4).Select(i => Past(100 + i, 1)).Append(Past(99, 0.5)).ToArray();
        Assert.Equal(AbuseDecision.Allow, _guard.Check(Request() with { ReferrerHistory = history }).Decision);
    }

    [Fact]
    public void Burst_of_redemptions_is_reviewed_as_a_leak()
    {
        var redemptions = Enumerable.Range(0, 10).Select(i => new CodeRedemption { At = Now.AddMinutes(-i * 5), HadLinkClick = true }).ToArray();
        var verdict = _guard.Check(Request() with { CodeRedemptions = redemptions });
        Assert.Equal(AbuseDecision.Review, verdict.Decision);
        var finding = Assert.Single(verdict.Findings);
        Assert.Equal(AbuseReasons.LeakBurst, finding.Code);
        Assert.Contains("redeemed 11 times in the last 1 hour (limit 10)", finding.Message);

        var spread = redemptions.Select((r, i) => r with { At = Now.AddHours(-2 - i) }).ToArray();
        Assert.Equal(AbuseDecision.Allow, _guard.Check(Request() with { CodeRedemptions = spread }).Decision);
    }

    [Fact]
    public void Redemptions_without_link_clicks_look_like_a_coupon_site_leak()
    {
        var redemptions = Enumerable.Range(0, 4).Select(i => new CodeRedemption { At = Now.AddDays(-i - 1), HadLinkClick = false }).ToArray();
        var verdict = _guard.Check(Request() with { CodeRedemptions = redemptions, FriendHadLinkClick = false });
        Assert.Equal(AbuseDecision.Review, verdict.Decision);
        var finding = Assert.Single(verdict.Findings);
        Assert.Equal(AbuseReasons.LeakNoClick, finding.Code);
        Assert.StartsWith("5 of 5 redemptions of the code in the last 7 days came without a referral link click (100%, threshold 80%)", finding.Message);
    }

    [Fact]
    public void Few_or_clicked_redemptions_are_no_leak()
    {
        var few = Enumerable.Range(0, 3).Select(i => new CodeRedemption { At = Now.AddDays(-i - 1) }).ToArray();
        Assert.Equal(AbuseDecision.Allow, _guard.Check(Request() with { CodeRedemptions = few, FriendHadLinkClick = false }).Decision);

        var mostlyClicked = Enumerable.Range(0, 9).Select(i => new CodeRedemption { At = Now.AddDays(-i * 0.5 - 0.1), HadLinkClick = i % 3 == 0 }).ToArray();
        // 6 of 10 without a click = 60% < 80%
        Assert.Equal(AbuseDecision.Allow, _guard.Check(Request() with { CodeRedemptions = mostlyClicked }).Decision);
    }

    [Fact]
    public void Every_rule_reports_and_the_most_severe_decides()
    {
        var friend = Friend with { Email = "ANNAK@googlemail.com", DeviceId = "dev-anna" };
        var request = Request(friend) with
        {
            CodeRedemptions = Enumerable.Range(0, 12).Select(i => new CodeRedemption { At = Now.AddMinutes(-i) }).ToArray(),
        };
        var verdict = _guard.Check(request);
        Assert.Equal(AbuseDecision.Block, verdict.Decision);
        Assert.Equal([AbuseReasons.SameEmail, AbuseReasons.SameDevice, AbuseReasons.LeakBurst, AbuseReasons.LeakNoClick], verdict.Findings.Select(f => f.Code));
        Assert.Contains("own email", verdict.Reason);
        Assert.DoesNotContain("redeemed", verdict.Reason); // the reason lists the findings that decided
    }

    [Fact]
    public void Invalid_options_and_requests_are_rejected_with_paths()
    {
        var options = Assert.Throws<FlockValidationException>(() => new AbuseGuard(new AbuseGuardOptions
        {
            MaxFriendsPerDay = 0,
            BurstWindow = TimeSpan.Zero,
            NoClickMaxShare = 1.5,
        }));
        Assert.Equal(["maxFriendsPerDay", "burstWindow", "noClickMaxShare"], options.Problems.Select(p => p.Path));

        var request = Assert.Throws<FlockValidationException>(() => _guard.Check(Request(Friend with { CustomerId = 0 }) with
        {
            FriendPreviousPaidOrders = -1,
            ReferrerHistory = null!,
        }));
        Assert.Equal(["friend.customerId", "friendPreviousPaidOrders", "referrerHistory"], request.Problems.Select(p => p.Path));
    }

    [Fact]
    public void A_friend_on_any_device_the_referrer_ordered_from_is_blocked_as_self_referral()
    {
        var referrer = Referrer with { DeviceId = null, KnownDeviceIds = ["dev-anna-laptop", "dev-anna-phone"] };
        var verdict = _guard.Check(Request(Friend with { DeviceId = "DEV-ANNA-PHONE" }) with { Referrer = referrer });
        Assert.Equal(AbuseDecision.Block, verdict.Decision);
        Assert.Equal(AbuseReasons.SameDevice, Assert.Single(verdict.Findings).Code);

        Assert.Equal(AbuseDecision.Allow, _guard.Check(Request() with { Referrer = referrer }).Decision);
    }
}
