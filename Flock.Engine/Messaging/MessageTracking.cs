using System.Text.RegularExpressions;

namespace Flock.Engine.Messaging;

/// <summary>
/// Open and click measurement of an HTML message (T6): every http(s) link of an anchor is replaced by the tracked link
/// the caller makes for it (a signed redirect), and a 1×1 picture is added for opens. Links the caller declines (the
/// unsubscribe link: RFC 8058 wants it working as it is) stay untouched, as do mailto:, tel: and in-page anchors.
/// </summary>
public static partial class MessageTracking
{
    /// <summary>
    /// The HTML with every anchor's http(s) <c>href</c> passed through <paramref name="track"/> (returning null keeps the
    /// link as it is). Attribute values are HTML-decoded before <paramref name="track"/> sees them and the tracked link is
    /// written HTML-encoded, so an <c>&amp;amp;</c> in a query string survives the round trip.
    /// </summary>
    public static string TrackLinks(string html, Func<string, string?> track)
    {
        ArgumentNullException.ThrowIfNull(track);
        if (string.IsNullOrEmpty(html)) return html ?? "";
        return AnchorHref().Replace(html, match =>
        {
            var value = match.Groups["value"];
            var url = System.Net.WebUtility.HtmlDecode(value.Value).Trim();
            if (!IsWebLink(url)) return match.Value;
            var tracked = track(url);
            if (tracked is null) return match.Value;
            var start = value.Index - match.Index;
            return match.Value[..start] + System.Net.WebUtility.HtmlEncode(tracked) + match.Value[(start + value.Length)..];
        });
    }

    /// <summary>The HTML with an invisible open pixel just before <c>&lt;/body&gt;</c> (or at the end when there is none).</summary>
    public static string AddOpenPixel(string html, string pixelUrl)
    {
        ArgumentException.ThrowIfNullOrEmpty(pixelUrl);
        html ??= "";
        var pixel = $"<img src=\"{System.Net.WebUtility.HtmlEncode(pixelUrl)}\" width=\"1\" height=\"1\" alt=\"\" style=\"display:block;border:0;width:1px;height:1px\">";
        var body = html.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
        return body < 0 ? html + pixel : html.Insert(body, pixel);
    }

    /// <summary>True for absolute http and https links, the only ones worth a redirect.</summary>
    public static bool IsWebLink(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    [GeneratedRegex("""<a\b[^>]*?\bhref\s*=\s*(?:"(?<value>[^"]*)"|'(?<value>[^']*)')""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AnchorHref();
}
