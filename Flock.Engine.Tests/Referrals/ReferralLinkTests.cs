using Flock.Engine.Common;
using Flock.Engine.Referrals;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Flock.Engine.Tests.Referrals;

public class ReferralLinkTests
{
    private readonly ReferralLink _links = new(new ReferralLinkOptions { BaseUrl = "https://shop.example/" });

    [Fact]
    public void The_shared_link_is_short_code_and_channel_and_the_tags_come_with_the_redirect()
    {
        var url = _links.Build("k7qm-2x9a", ShareChannel.Vk, "spring-2026", "b");
        Assert.Equal("https://shop.example/r/K7QM2X9A/vk", url);
        Assert.Equal("?utm_source=vk&utm_medium=referral&utm_campaign=spring-2026&utm_content=b", ReferralLink.RedirectQuery(ShareChannel.Vk, "spring-2026", "b"));
        Assert.Equal("", ReferralLink.RedirectQuery(ShareChannel.Direct, null, null));
    }

    [Fact]
    public void Links_of_the_earlier_long_form_still_land_with_their_channel_and_tags()
    {
        var landing = _links.Parse("https://shop.example/r/K7QM2X9A?ch=vk&utm_source=vk&utm_medium=referral&utm_campaign=spring-2026&utm_content=b");
        Assert.True(landing.IsReferral);
        Assert.Equal(ShareChannel.Vk, landing.Channel);
        Assert.Equal("spring-2026", landing.Campaign);
        Assert.Equal("b", landing.Variant);
        Assert.Equal(ShareChannel.Telegram, _links.Parse("/r/K7QM2X9A/TG").Channel);
        Assert.False(_links.Parse("/r/K7QM2X9A/unknown").IsReferral); // not a channel: not a referral path, the shopper lands normally
    }

    [Fact]
    public void Utm_content_is_left_out_without_a_variant_and_direct_links_are_untagged()
    {
        var (_, query) = UrlParts.Split(_links.Build("K7QM2X9A", ShareChannel.Telegram, "spring"));
        Assert.Empty(query);
        Assert.Equal("https://shop.example/r/K7QM2X9A", _links.Build("K7QM2X9A", ShareChannel.Direct));
        Assert.Equal("https://shop.example/r/K7QM2X9A", _links.Landing("k7qm2x9a"));
    }

    [Fact]
    public void Base_url_with_a_virtual_directory_and_custom_prefix()
    {
        var links = new ReferralLink(new ReferralLinkOptions { BaseUrl = "https://shop.example/store", RoutePrefix = "/invite/" });
        var url = links.Build("ANNA2026", ShareChannel.Email, "main");
        Assert.Equal("https://shop.example/store/invite/ANNA2026/email", url);
        var landing = links.Parse(url);
        Assert.True(landing.IsReferral);
        Assert.Equal("ANNA2026", landing.Code);
        Assert.Equal(ShareChannel.Email, landing.Channel);
    }

    [Fact]
    public void Bad_link_input_is_rejected_with_paths()
    {
        var ex = Assert.Throws<FlockValidationException>(() => _links.Build("a<b", ShareChannel.Vk, "Весна 2026", "B!"));
        Assert.Equal(["code", "campaignSlug", "variant"], ex.Problems.Select(p => p.Path));
        var options = Assert.Throws<FlockValidationException>(() =>
            new ReferralLink(new ReferralLinkOptions { BaseUrl = "javascript:alert(1)", RoutePrefix = "a b" }));
        Assert.Equal(["baseUrl", "routePrefix"], options.Problems.Select(p => p.Path));
    }

    [Theory]
    [InlineData("/r/ANNA2026?ch=ok&utm_campaign=spring", ShareChannel.Odnoklassniki, "spring")]
    [InlineData("/R/anna-2026/?utm_source=twitter", ShareChannel.X, null)]
    [InlineData("https://shop.example/r/anna2026?ch=myspace&utm_source=vk", ShareChannel.Vk, null)]
    [InlineData("/r/ANNA2026?ch=myspace", ShareChannel.Direct, null)]
    [InlineData("/r/ANNA2026", ShareChannel.Direct, null)]
    [InlineData("/r/ANNA2026?ch=tg&ch=vk&utm_campaign=%3Cscript%3E", ShareChannel.Telegram, null)]
    [InlineData("/r/%D0%90NNA2026?ch=VK#top", ShareChannel.Vk, null)] // percent-encoded Cyrillic А
    [InlineData("/r/ANNA2026?&&=&ch&utm_campaign=Spring", ShareChannel.Direct, "spring")]
    public void Landing_requests_are_parsed_tolerantly(string url, ShareChannel channel, string? campaign)
    {
        var landing = _links.Parse(url);
        Assert.True(landing.IsReferral, landing.NotReferralReason);
        Assert.Equal("ANNA2026", landing.Code);
        Assert.Equal(channel, landing.Channel);
        Assert.Equal(campaign, landing.Campaign);
        Assert.Null(landing.NotReferralReason);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("/catalog/shoes")]
    [InlineData("/r/")]
    [InlineData("/r/AB")]
    [InlineData("/r/<script>alert(1)</script>")]
    [InlineData("/r/%E0%A4%A")]
    [InlineData("/x/ANNA2026")]
    [InlineData("mailto:someone@example.com")]
    public void Junk_is_not_a_referral_and_never_throws(string? url)
    {
        var landing = _links.Parse(url);
        Assert.False(landing.IsReferral);
        Assert.Equal("", landing.Code);
        Assert.False(string.IsNullOrEmpty(landing.NotReferralReason));
    }

    [Fact]
    public void Path_and_query_overload_accepts_a_query_with_or_without_question_mark()
    {
        Assert.Equal(ShareChannel.WhatsApp, _links.Parse("/r/ANNA2026", "?ch=whatsapp").Channel);
        Assert.Equal(ShareChannel.WhatsApp, _links.Parse("/r/ANNA2026", "ch=wa").Channel);
        Assert.False(_links.Parse("/r/ANNA2026", new string('x', 5000)).IsReferral);
    }

    private static readonly Gen<string> Codes = Gen.Choose(6, 16).Select(ReferralCodeGenerator.NewCandidate);
    private static readonly Gen<ShareChannel> Channels = Gen.Elements(Enum.GetValues<ShareChannel>());
    private static readonly Gen<string?> Slugs = Gen.OneOf(
        Gen.Constant<string?>(null),
        Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789-_".ToCharArray()).NonEmptyListOf()
            .Where(cs => cs.Count <= 64).Select(cs => (string?)new string(cs.ToArray())));

    private static readonly Gen<(string Code, ShareChannel Channel, string? Campaign, string? Variant)> LinkInputs =
        from code in Codes
        from channel in Channels
        from campaign in Slugs
        from variant in Slugs
        select (code, channel, campaign, variant);

    [Property(MaxTest = 300)]
    public Property Build_then_parse_returns_the_same_code_channel_campaign_and_variant() =>
        Prop.ForAll(LinkInputs.ToArbitrary(), input =>
        {
            var (code, channel, campaign, variant) = input;
            var landing = _links.Parse(_links.Build(code, channel, campaign, variant));
            var tagged = channel != ShareChannel.Direct;
            return landing.IsReferral && landing.Code == code && landing.Channel == channel
                   && landing.Campaign is null && landing.Variant is null && tagged == (channel != ShareChannel.Direct);
        });

    [Property(MaxTest = 300)]
    public bool Parse_never_throws(string? path, string? query)
    {
        var landing = _links.Parse(path, query);
        return landing.IsReferral ? ReferralCode.IsWellFormed(landing.Code) : landing.NotReferralReason is not null;
    }
}
