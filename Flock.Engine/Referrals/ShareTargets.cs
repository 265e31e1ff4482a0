using System.Net;
using System.Text;
using Flock.Engine.Common;

namespace Flock.Engine.Referrals;

/// <summary>The campaign's words for a share. Plain text: every target encodes or escapes it for its own medium.</summary>
public sealed record ShareContent
{
    /// <summary>Headline: VK/OK title, native share title, default e-mail subject and embed link text.</summary>
    public string Title { get; init; } = "";

    /// <summary>The message: X, Telegram, WhatsApp and native share text, and the start of the default e-mail body.</summary>
    public string Text { get; init; } = "";

    /// <summary>Longer description (VK); defaults to <see cref="Text"/>.</summary>
    public string? Description { get; init; }

    /// <summary>Absolute http(s) picture for VK, Odnoklassniki and the blog embed.</summary>
    public string? ImageUrl { get; init; }

    /// <summary>E-mail subject; defaults to <see cref="Title"/>.</summary>
    public string? EmailSubject { get; init; }

    /// <summary>E-mail body; defaults to <see cref="Text"/>, a blank line and the link. Line breaks become CRLF.</summary>
    public string? EmailBody { get; init; }

    /// <summary>Text of the blog embed link; defaults to <see cref="Title"/>.</summary>
    public string? LinkText { get; init; }
}

/// <summary>Whose link is shared and for which campaign (and variant) it is tagged.</summary>
public sealed record ShareRequest
{
    public required string Code { get; init; }
    public string? CampaignSlug { get; init; }
    public string? Variant { get; init; }
    public ShareContent Content { get; init; } = new();
}

/// <summary>One share button's payload; <see cref="Link"/> is the landing URL tagged with this channel.</summary>
public abstract record ShareTarget(ShareChannel Channel, string Link);

/// <summary>A share page to open (VK, OK, Facebook, X, Telegram, WhatsApp, mailto:).</summary>
public sealed record ShareUrlTarget(ShareChannel Channel, string Link, string Url) : ShareTarget(Channel, Link);

/// <summary>Text to put on the clipboard (copy link).</summary>
public sealed record CopyLinkTarget(ShareChannel Channel, string Link, string TextToCopy) : ShareTarget(Channel, Link);

/// <summary>The argument of <c>navigator.share({ title, text, url })</c>.</summary>
public sealed record NativeShareTarget(ShareChannel Channel, string Link, string Title, string Text, string Url) : ShareTarget(Channel, Link);

/// <summary>A copyable HTML snippet for a blog; every attribute and text is HTML-escaped.</summary>
public sealed record EmbedSnippetTarget(ShareChannel Channel, string Link, string Html) : ShareTarget(Channel, Link);

/// <summary>The QR code of the channel-tagged link as PNG bytes and an SVG document.</summary>
/// <summary>
/// A QR code of the channel-tagged link. The images are drawn on first use and then kept (drawing one costs
/// milliseconds, and a page usually needs only one of the two formats).
/// </summary>
public sealed record QrCodeTarget(ShareChannel Channel, string Link, int PixelsPerModule = ReferralQrCode.DefaultPixelsPerModule) : ShareTarget(Channel, Link)
{
    private readonly Lazy<byte[]> _png = new(() => ReferralQrCode.Png(Link, PixelsPerModule));
    private readonly Lazy<string> _svg = new(() => ReferralQrCode.Svg(Link, PixelsPerModule));

    /// <summary>PNG image of the link.</summary>
    public byte[] Png => _png.Value;

    /// <summary>SVG image of the link.</summary>
    public string Svg => _svg.Value;

    public bool Equals(QrCodeTarget? other) =>
        other is not null && Channel == other.Channel && Link == other.Link && PixelsPerModule == other.PixelsPerModule;

    public override int GetHashCode() => HashCode.Combine(Channel, Link, PixelsPerModule);
}

/// <summary>
/// Builds the share buttons' payloads. Every target carries its own channel's tagged link, texts are UTF-8
/// percent-encoded (Cyrillic included, spaces as %20), e-mail follows RFC 6068, HTML is escaped. Thread-safe.
/// </summary>
public sealed class ShareTargets
{
    private readonly ReferralLink _links;
    private readonly int _qrPixelsPerModule;

    /// <summary>Targets built on <paramref name="links"/>; QR images use <paramref name="qrPixelsPerModule"/> pixels per module (1–100).</summary>
    public ShareTargets(ReferralLink links, int qrPixelsPerModule = ReferralQrCode.DefaultPixelsPerModule)
    {
        ArgumentNullException.ThrowIfNull(links);
        if (qrPixelsPerModule is < 1 or > 100)
            throw new FlockValidationException("share targets", "qrPixelsPerModule", $"must be between 1 and 100 (was {qrPixelsPerModule})");
        _links = links;
        _qrPixelsPerModule = qrPixelsPerModule;
    }

    /// <summary>Payloads for the admin's ordered channel selection, in that order.</summary>
    public IReadOnlyList<ShareTarget> For(IReadOnlyList<ShareChannel> channels, ShareRequest request)
    {
        ArgumentNullException.ThrowIfNull(channels);
        Validate(request);
        var targets = new ShareTarget[channels.Count];
        for (var i = 0; i < channels.Count; i++) targets[i] = Build(channels[i], request);
        return targets;
    }

    /// <summary>The payload for one channel. Throws <see cref="FlockValidationException"/> on bad input.</summary>
    public ShareTarget For(ShareChannel channel, ShareRequest request)
    {
        Validate(request);
        return Build(channel, request);
    }

    private ShareTarget Build(ShareChannel channel, ShareRequest request)
    {
        if (channel == ShareChannel.Direct || !Enum.IsDefined(channel))
            throw new FlockValidationException("share target", "channel", $"\"{channel}\" is not a share channel");
        var link = _links.Build(request.Code, channel, request.CampaignSlug, request.Variant);
        var c = request.Content;
        return channel switch
        {
            ShareChannel.Vk => Url(channel, link, "https://vk.com/share.php",
                ("url", link), ("title", c.Title), ("description", c.Description ?? c.Text), ("image", c.ImageUrl)),
            ShareChannel.Odnoklassniki => Url(channel, link, "https://connect.ok.ru/offer",
                ("url", link), ("title", c.Title), ("imageUrl", c.ImageUrl)),
            ShareChannel.Facebook => Url(channel, link, "https://www.facebook.com/sharer/sharer.php", ("u", link)),
            ShareChannel.X => Url(channel, link, "https://twitter.com/intent/tweet", ("url", link), ("text", c.Text)),
            ShareChannel.Telegram => Url(channel, link, "https://t.me/share/url", ("url", link), ("text", c.Text)),
            ShareChannel.WhatsApp => Url(channel, link, "https://wa.me/", ("text", JoinText(c.Text, link))),
            ShareChannel.Email => new ShareUrlTarget(channel, link, Mailto(c, link)),
            ShareChannel.BlogEmbed => new EmbedSnippetTarget(channel, link, EmbedHtml(c, link)),
            ShareChannel.CopyLink => new CopyLinkTarget(channel, link, link),
            ShareChannel.NativeShare => new NativeShareTarget(channel, link, c.Title, c.Text, link),
            ShareChannel.QrCode => new QrCodeTarget(channel, link, _qrPixelsPerModule),
            _ => throw new FlockValidationException("share target", "channel", $"\"{channel}\" is not a share channel"),
        };
    }

    private static ShareUrlTarget Url(ShareChannel channel, string link, string endpoint, params (string Name, string? Value)[] parameters)
    {
        var url = new StringBuilder(endpoint);
        var separator = '?';
        foreach (var (name, value) in parameters)
        {
            if (string.IsNullOrEmpty(value)) continue;
            url.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }
        return new ShareUrlTarget(channel, link, url.ToString());
    }

    /// <summary>RFC 6068: <c>mailto:?subject=…&amp;body=…</c>, UTF-8 percent-encoded, %20 for spaces, CRLF line breaks.</summary>
    private static string Mailto(ShareContent c, string link)
    {
        var subject = c.EmailSubject ?? c.Title;
        var body = c.EmailBody ?? (string.IsNullOrEmpty(c.Text) ? link : $"{c.Text}\n\n{link}");
        var url = new StringBuilder("mailto:");
        var separator = '?';
        foreach (var (name, value) in new[] { ("subject", subject), ("body", body) })
        {
            if (string.IsNullOrEmpty(value)) continue;
            url.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(ToCrLf(value)));
            separator = '&';
        }
        return url.ToString();
    }

    private static string EmbedHtml(ShareContent c, string link)
    {
        var text = c.LinkText ?? c.Title;
        var html = new StringBuilder("<a href=\"").Append(WebUtility.HtmlEncode(link)).Append("\" target=\"_blank\" rel=\"noopener\">");
        if (!string.IsNullOrEmpty(c.ImageUrl))
            html.Append("<img src=\"").Append(WebUtility.HtmlEncode(c.ImageUrl)).Append("\" alt=\"").Append(WebUtility.HtmlEncode(text)).Append("\"><br>");
        html.Append(WebUtility.HtmlEncode(string.IsNullOrEmpty(text) ? link : text)).Append("</a>");
        return html.ToString();
    }

    private static string JoinText(string text, string link) => string.IsNullOrEmpty(text) ? link : $"{text} {link}";

    private static string ToCrLf(string value) => value.Replace("\r\n", "\n").Replace('\r', '\n').Replace("\n", "\r\n");

    private static void Validate(ShareRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new ProblemCollector();
        if (!ReferralCode.TryNormalize(request.Code, out _))
            problems.Add("code", $"\"{request.Code}\" is not a referral code (4–32 letters and digits)");
        if (request.CampaignSlug is not null && !ReferralLink.IsSlug(request.CampaignSlug))
            problems.Add("campaignSlug", $"must be 1–64 of a–z, 0–9, '-', '_' (was \"{request.CampaignSlug}\")");
        if (request.Variant is not null && !ReferralLink.IsSlug(request.Variant))
            problems.Add("variant", $"must be 1–64 of a–z, 0–9, '-', '_' (was \"{request.Variant}\")");
        var content = request.Content;
        if (content is null)
        {
            problems.Add("content", "is required");
        }
        else
        {
            if (content.Title is null) problems.Add("content.title", "must not be null");
            if (content.Text is null) problems.Add("content.text", "must not be null");
            if (content.ImageUrl is not null &&
                (!Uri.TryCreate(content.ImageUrl, UriKind.Absolute, out var image) || image.Scheme is not ("http" or "https")))
                problems.Add("content.imageUrl", $"must be an absolute http or https URL (was \"{content.ImageUrl}\")");
        }
        problems.ToResult().ThrowIfInvalid("share request");
    }
}
