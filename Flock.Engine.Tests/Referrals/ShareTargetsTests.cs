using System.Text;
using Flock.Engine.Common;
using Flock.Engine.Referrals;

namespace Flock.Engine.Tests.Referrals;

public class ShareTargetsTests
{
    private const string Title = "Скидка 5% для друзей & близких";
    private const string Text = "Привет! Держи скидку 5% в «Цветочной лавке»";
    private const string Image = "https://shop.example/images/roses.jpg";

    private static readonly ReferralLink Links = new(new ReferralLinkOptions { BaseUrl = "https://shop.example" });
    private readonly ShareTargets _targets = new(Links);

    private static ShareRequest Request(ShareContent? content = null) => new()
    {
        Code = "ANNA2026",
        CampaignSlug = "spring",
        Variant = "b",
        Content = content ?? new ShareContent { Title = Title, Text = Text, ImageUrl = Image, Description = "Розы и тюльпаны" },
    };

    private static string LinkFor(ShareChannel channel) => Links.Build("ANNA2026", channel, "spring", "b");

    private ShareUrlTarget UrlTarget(ShareChannel channel)
    {
        var target = Assert.IsType<ShareUrlTarget>(_targets.For(channel, Request()));
        Assert.Equal(channel, target.Channel);
        Assert.Equal(LinkFor(channel), target.Link);
        Assert.True(UrlParts.IsAsciiUrl(target.Url), target.Url);
        return target;
    }

    private static void AssertTaggedFor(ShareChannel channel, string link)
    {
        var landing = Links.Parse(link);
        Assert.Equal(channel, landing.Channel);
        Assert.Equal("ANNA2026", landing.Code);
        Assert.Null(landing.Campaign); // short links carry code and channel; the campaign and creative come from the referrer
        Assert.Null(landing.Variant);
    }

    [Fact]
    public void Vk_share_url_has_url_title_description_and_image()
    {
        var (endpoint, query) = UrlParts.Split(UrlTarget(ShareChannel.Vk).Url);
        Assert.Equal("https://vk.com/share.php", endpoint);
        Assert.Equal(["url", "title", "description", "image"], query.Keys);
        AssertTaggedFor(ShareChannel.Vk, query["url"]);
        Assert.Equal(Title, query["title"]);
        Assert.Equal("Розы и тюльпаны", query["description"]);
        Assert.Equal(Image, query["image"]);
    }

    [Fact]
    public void Odnoklassniki_share_url_has_url_title_and_image_url()
    {
        var (endpoint, query) = UrlParts.Split(UrlTarget(ShareChannel.Odnoklassniki).Url);
        Assert.Equal("https://connect.ok.ru/offer", endpoint);
        Assert.Equal(["url", "title", "imageUrl"], query.Keys);
        AssertTaggedFor(ShareChannel.Odnoklassniki, query["url"]);
        Assert.Equal(Title, query["title"]);
        Assert.Equal(Image, query["imageUrl"]);
    }

    [Fact]
    public void Facebook_share_url_has_only_u()
    {
        var (endpoint, query) = UrlParts.Split(UrlTarget(ShareChannel.Facebook).Url);
        Assert.Equal("https://www.facebook.com/sharer/sharer.php", endpoint);
        AssertTaggedFor(ShareChannel.Facebook, Assert.Single(query, p => p.Key == "u").Value);
        Assert.Single(query);
    }

    [Fact]
    public void X_share_url_has_url_and_text()
    {
        var (endpoint, query) = UrlParts.Split(UrlTarget(ShareChannel.X).Url);
        Assert.Equal("https://twitter.com/intent/tweet", endpoint);
        Assert.Equal(["url", "text"], query.Keys);
        AssertTaggedFor(ShareChannel.X, query["url"]);
        Assert.Equal(Text, query["text"]);
    }

    [Fact]
    public void Telegram_share_url_has_url_and_text()
    {
        var (endpoint, query) = UrlParts.Split(UrlTarget(ShareChannel.Telegram).Url);
        Assert.Equal("https://t.me/share/url", endpoint);
        Assert.Equal(["url", "text"], query.Keys);
        AssertTaggedFor(ShareChannel.Telegram, query["url"]);
        Assert.Equal(Text, query["text"]);
    }

    [Fact]
    public void WhatsApp_share_url_has_text_followed_by_the_link()
    {
        var (endpoint, query) = UrlParts.Split(UrlTarget(ShareChannel.WhatsApp).Url);
        Assert.Equal("https://wa.me/", endpoint);
        Assert.Equal(Text + " " + LinkFor(ShareChannel.WhatsApp), Assert.Single(query, p => p.Key == "text").Value);
        AssertTaggedFor(ShareChannel.WhatsApp, query["text"][(Text.Length + 1)..]);
    }

    [Fact]
    public void Cyrillic_is_utf8_percent_encoded_with_percent20_for_spaces()
    {
        var url = UrlTarget(ShareChannel.Telegram).Url;
        Assert.Contains("text=%D0%9F%D1%80%D0%B8%D0%B2%D0%B5%D1%82%21%20", url); // "Привет! "
        Assert.DoesNotContain("+", url);
        Assert.Contains("%D0%A6%D0%B2", url); // "Цв"
    }

    [Fact]
    public void Email_follows_rfc_6068_with_crlf_and_percent20()
    {
        var target = _targets.For(ShareChannel.Email, Request(new ShareContent
        {
            Title = "Подарок",
            Text = "Строка 1\nСтрока 2",
            EmailSubject = "Тебе подарок: 5%",
        }));
        var url = Assert.IsType<ShareUrlTarget>(target).Url;
        Assert.StartsWith("mailto:?subject=", url);
        Assert.True(UrlParts.IsAsciiUrl(url), url);
        Assert.DoesNotContain("+", url);
        Assert.Contains("%0D%0A", url);
        var (_, query) = UrlParts.Split(url["mailto:".Length..]);
        Assert.Equal(["subject", "body"], query.Keys);
        Assert.Equal("Тебе подарок: 5%", query["subject"]);
        Assert.Equal($"Строка 1\r\nСтрока 2\r\n\r\n{LinkFor(ShareChannel.Email)}", query["body"]);
        AssertTaggedFor(ShareChannel.Email, query["body"].Split("\r\n")[^1]);
    }

    [Fact]
    public void Email_subject_defaults_to_the_title_and_custom_body_line_breaks_become_crlf()
    {
        var url = ((ShareUrlTarget)_targets.For(ShareChannel.Email, Request(new ShareContent
        {
            Title = "Подарок",
            EmailBody = "a\rb\r\nc\nd",
        }))).Url;
        var (_, query) = UrlParts.Split(url["mailto:".Length..]);
        Assert.Equal("Подарок", query["subject"]);
        Assert.Equal("a\r\nb\r\nc\r\nd", query["body"]);
    }

    [Fact]
    public void Blog_embed_is_escaped_so_campaign_text_cannot_inject_markup()
    {
        var evil = "\"><script>alert('x')</script><a href=\"javascript:alert(1)";
        var target = Assert.IsType<EmbedSnippetTarget>(_targets.For(ShareChannel.BlogEmbed, Request(new ShareContent
        {
            Title = evil,
            ImageUrl = "https://shop.example/a.jpg?x=\"onerror=alert(1)",
        })));
        Assert.DoesNotContain("<script", target.Html);
        Assert.DoesNotContain("\"onerror", target.Html);
        Assert.DoesNotContain("'", target.Html);
        Assert.Equal(2, target.Html.Split('<').Count(part => part.StartsWith("a ") || part.StartsWith("img ")));
        Assert.Contains("&lt;script&gt;", target.Html);
        Assert.StartsWith($"<a href=\"{LinkFor(ShareChannel.BlogEmbed).Replace("&", "&amp;")}\" target=\"_blank\" rel=\"noopener\"><img src=\"", target.Html);
        Assert.EndsWith("</a>", target.Html);
    }

    [Fact]
    public void Blog_embed_without_image_is_a_plain_link()
    {
        var target = (EmbedSnippetTarget)_targets.For(ShareChannel.BlogEmbed, Request(new ShareContent { Title = "Цветы <3" }));
        Assert.Equal($"<a href=\"{LinkFor(ShareChannel.BlogEmbed).Replace("&", "&amp;")}\" target=\"_blank\" rel=\"noopener\">Цветы &lt;3</a>", target.Html);
    }

    [Fact]
    public void Copy_link_and_native_share_carry_their_own_tagged_link()
    {
        var copy = Assert.IsType<CopyLinkTarget>(_targets.For(ShareChannel.CopyLink, Request()));
        Assert.Equal(LinkFor(ShareChannel.CopyLink), copy.TextToCopy);
        AssertTaggedFor(ShareChannel.CopyLink, copy.TextToCopy);

        var native = Assert.IsType<NativeShareTarget>(_targets.For(ShareChannel.NativeShare, Request()));
        Assert.Equal(Title, native.Title);
        Assert.Equal(Text, native.Text);
        AssertTaggedFor(ShareChannel.NativeShare, native.Url);
    }

    [Fact]
    public void Qr_code_is_a_png_and_an_svg_of_the_qr_tagged_link()
    {
        var qr = Assert.IsType<QrCodeTarget>(_targets.For(ShareChannel.QrCode, Request()));
        AssertTaggedFor(ShareChannel.QrCode, qr.Link);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, qr.Png[..8]);
        Assert.Contains("<svg", qr.Svg);
        Assert.Contains("</svg>", qr.Svg);
        Assert.NotEqual(ReferralQrCode.Png(LinkFor(ShareChannel.CopyLink)), qr.Png); // encodes its own link
        Assert.Equal(ReferralQrCode.Png(qr.Link), qr.Png); // deterministic
    }

    [Fact]
    public void Qr_code_rejects_bad_input()
    {
        var ex = Assert.Throws<FlockValidationException>(() => ReferralQrCode.Png("", 0));
        Assert.Equal(["url", "pixelsPerModule"], ex.Problems.Select(p => p.Path));
    }

    [Fact]
    public void Selection_yields_targets_in_admin_order_each_with_its_own_channel_tag()
    {
        var channels = ShareChannels.ParseSelection(["telegram", "vk", "email", "copy", "blog", "native", "ok", "x", "facebook", "whatsapp"]);
        var targets = _targets.For(channels, Request());
        Assert.Equal(channels, targets.Select(t => t.Channel));
        Assert.All(targets, t => AssertTaggedFor(t.Channel, t.Link));
        Assert.Equal(targets.Count, targets.Select(t => t.Link).Distinct().Count());
    }

    [Fact]
    public void Empty_optional_texts_are_left_out_of_share_urls()
    {
        var url = ((ShareUrlTarget)_targets.For(ShareChannel.Vk, Request(new ShareContent()))).Url;
        Assert.Equal(["url"], UrlParts.Split(url).Query.Keys);
    }

    [Fact]
    public void Bad_requests_are_rejected_with_paths_and_direct_is_not_a_target()
    {
        var ex = Assert.Throws<FlockValidationException>(() => _targets.For(ShareChannel.Vk, new ShareRequest
        {
            Code = "x",
            CampaignSlug = "Весна",
            Content = new ShareContent { ImageUrl = "javascript:alert(1)" },
        }));
        Assert.Equal(["code", "campaignSlug", "content.imageUrl"], ex.Problems.Select(p => p.Path));
        Assert.Throws<FlockValidationException>(() => _targets.For(ShareChannel.Direct, Request()));
    }
}
