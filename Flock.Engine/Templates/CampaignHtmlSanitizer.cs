using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Ganss.Xss;

namespace Flock.Engine.Templates;

/// <summary>
/// Cleans campaign HTML written by admins (and whatever a <c>raw</c> output let through) with an allow-list, so a
/// campaign editor cannot run script in shoppers' or other admins' sessions. Kept: text formatting, paragraphs, lists,
/// headings, simple tables, links (http, https, mailto, tel, relative), images (http, https, relative, data:image raster),
/// <c>class</c>, <c>title</c>, <c>alt</c> and <c>style</c> with a short list of layout/typography properties.
/// Removed: script, style, iframe, object, embed, form controls, svg/math, base, meta, link and every other element
/// (with their content), every <c>on*</c> attribute, <c>id</c>/<c>name</c> (DOM clobbering), comments, and URLs
/// with any other scheme (<c>javascript:</c>, <c>vbscript:</c>, <c>data:text/html</c>…, however encoded or cased).
/// Links opening a new window get <c>rel="noopener noreferrer nofollow"</c>.
/// <para>One configured instance serves the process: HtmlSanitizer's <c>Sanitize</c> is thread-safe as long as the
/// configuration is not changed, and here it is never changed after the static constructor.</para>
/// </summary>
public static partial class CampaignHtmlSanitizer
{
    private static readonly string[] Tags =
    [
        "a", "abbr", "b", "blockquote", "br", "caption", "center", "code", "del", "div", "em", "figcaption", "figure",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "li", "mark", "ol", "p", "pre", "q", "s", "small",
        "span", "strike", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
    ];

    private static readonly string[] Attributes =
    [
        "href", "target", "src", "alt", "title", "width", "height", "class", "style", "colspan", "rowspan", "align",
        "valign", "dir", "lang",
    ];

    private static readonly string[] CssProperties =
    [
        "color", "background-color", "font", "font-family", "font-size", "font-style", "font-weight", "font-variant",
        "text-align", "text-decoration", "text-decoration-color", "text-decoration-line", "text-decoration-style",
        "text-transform", "text-indent", "line-height", "letter-spacing", "word-spacing", "white-space", "vertical-align",
        "margin", "margin-top", "margin-right", "margin-bottom", "margin-left",
        "padding", "padding-top", "padding-right", "padding-bottom", "padding-left",
        "border", "border-top", "border-right", "border-bottom", "border-left", "border-color", "border-style",
        "border-width", "border-radius", "border-collapse", "border-spacing",
        "width", "height", "max-width", "max-height", "min-width", "min-height", "display", "list-style-type",
        "opacity",
    ];

    private static readonly HtmlSanitizer Instance = Create();

    /// <summary>The sanitized HTML. Text without any <c>&lt;</c> has no markup and is returned as is.</summary>
    public static string Sanitize(string? html)
    {
        if (string.IsNullOrEmpty(html)) return "";
        if (html.IndexOf('<') < 0) return html;
        return Instance.Sanitize(html);
    }

    /// <summary>"data:" is allowed only for raster images in <c>img src</c>.</summary>
    [GeneratedRegex(@"^data:image/(png|gif|jpeg|jpg|webp|avif|bmp);base64,[a-z0-9+/=]*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DataImage();

    /// <summary>An explicit scheme: letters, digits, + - . before a colon.</summary>
    [GeneratedRegex(@"^([a-z][a-z0-9+.\-]*):", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Scheme();

    private static HtmlSanitizer Create()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(Tags, StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(Attributes, StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(CssProperties, StringComparer.OrdinalIgnoreCase),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
            AllowedSchemes = new HashSet<string>(["http", "https", "mailto", "tel", "data"], StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href", "src"], StringComparer.OrdinalIgnoreCase),
            AllowCssCustomProperties = false,
            AllowDataAttributes = false,
        };
        var sanitizer = new HtmlSanitizer(options) { KeepChildNodes = false, OutputFormatter = new TextFormatter() };
        sanitizer.FilterUrl += (_, e) =>
        {
            if (e.SanitizedUrl is null) return;
            if (!IsAllowedUrl(e.SanitizedUrl, e.Tag?.LocalName)) e.SanitizedUrl = null;
        };
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is not IElement { LocalName: "a" } link) return;
            var target = link.GetAttribute("target");
            if (target is null) return;
            if (target.Trim().Equals("_blank", StringComparison.OrdinalIgnoreCase))
            {
                link.SetAttribute("target", "_blank");
                link.SetAttribute("rel", "noopener noreferrer nofollow");
            }
            else if (!target.Trim().Equals("_self", StringComparison.OrdinalIgnoreCase))
            {
                link.RemoveAttribute("target");
            }
        };
        return sanitizer;
    }

    /// <summary>
    /// The scheme rules HtmlSanitizer's own check (http, https, mailto, tel, data) is narrowed with: mailto and tel only
    /// on links, data only as a raster image. Browsers ignore ASCII whitespace and control characters inside a scheme,
    /// so they are removed before looking at it.
    /// </summary>
    private static bool IsAllowedUrl(string url, string? element)
    {
        var compact = new string(url.Where(c => c > ' ' && c != '\u007F').ToArray());
        var scheme = Scheme().Match(compact);
        if (!scheme.Success) return true; // relative: a scheme starts with a letter and ends at the first ':'
        switch (scheme.Groups[1].Value.ToLowerInvariant())
        {
            case "http" or "https":
                return true;
            case "mailto" or "tel":
                return element == "a";
            case "data":
                return element == "img" && DataImage().IsMatch(compact);
            default:
                return false;
        }
    }

    /// <summary>
    /// HtmlSanitizer's formatter (which escapes <c>&lt; &gt;</c> in attribute values too), writing text as
    /// <see cref="HtmlText.Escape"/> does: quotes stay escaped (as the template escaping wrote them) and no-break spaces
    /// stay characters rather than becoming <c>&amp;nbsp;</c>. Only allowed elements reach it, none of them raw-text elements.
    /// </summary>
    private sealed class TextFormatter : HtmlFormatter
    {
        public override string Text(ICharacterData text) => HtmlText.Escape(text.Data);
    }
}
