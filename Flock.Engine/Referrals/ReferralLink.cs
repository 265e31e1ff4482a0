using System.Text;
using Flock.Engine.Common;

namespace Flock.Engine.Referrals;

/// <summary>Where personal landing links point: the store's base URL and the route prefix (<c>/r/{code}</c> by default).</summary>
public sealed record ReferralLinkOptions
{
    /// <summary>Absolute http(s) URL of the store, possibly with a virtual directory ("https://shop.example/store/").</summary>
    public required string BaseUrl { get; init; }

    /// <summary>Longest route prefix (the one limit: the plugin's settings form validates through the engine).</summary>
    public const int MaxRoutePrefixLength = 32;

    /// <summary>Path segment before the code. Default "r", giving <c>/r/{code}</c>.</summary>
    public string RoutePrefix { get; init; } = "r";

    /// <summary>True for 1–<see cref="MaxRoutePrefixLength"/> ASCII letters, digits, '-' or '_' (surrounding '/' ignored).</summary>
    public static bool IsRoutePrefix(string? prefix)
    {
        var trimmed = prefix?.Trim('/') ?? "";
        return trimmed.Length is > 0 and <= MaxRoutePrefixLength && trimmed.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
    }

    /// <summary>Every problem with these options.</summary>
    public ValidationResult Validate()
    {
        var problems = new ProblemCollector();
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            problems.Add("baseUrl", $"must be an absolute http or https URL (was \"{BaseUrl}\")");
        else if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            problems.Add("baseUrl", "must not contain a query or a fragment");
        if (!IsRoutePrefix(RoutePrefix))
            problems.Add("routePrefix", $"must be 1–{MaxRoutePrefixLength} letters, digits, '-' or '_' (was \"{RoutePrefix}\")");
        return problems.ToResult();
    }
}

/// <summary>What a landing request says: a referral (code, channel, campaign, variant) or why it is not one.</summary>
public sealed record ReferralLanding
{
    public bool IsReferral { get; private init; }

    /// <summary>Canonical code; empty when not a referral. The plugin still has to look it up.</summary>
    public string Code { get; private init; } = "";

    /// <summary>The channel the link was tagged with; <see cref="ShareChannel.Direct"/> when missing or unknown.</summary>
    public ShareChannel Channel { get; private init; }

    public string? Campaign { get; private init; }
    public string? Variant { get; private init; }

    /// <summary>Why the request is not a referral; null when it is one.</summary>
    public string? NotReferralReason { get; private init; }

    internal static ReferralLanding Referral(string code, ShareChannel channel, string? campaign, string? variant) =>
        new() { IsReferral = true, Code = code, Channel = channel, Campaign = campaign, Variant = variant };

    internal static ReferralLanding NotReferral(string reason) => new() { NotReferralReason = reason };
}

/// <summary>
/// Builds a referrer's personal landing URL tagged for a channel, and parses a landing request back.
/// Link: <c>{base}/r/{CODE}/{channel}</c> — short enough to read out, type or print; the marketing tags
/// (<c>utm_source</c>, <c>utm_medium=referral</c>, <c>utm_campaign</c>, <c>utm_content</c>) are added when the landing
/// redirects (<see cref="RedirectQuery"/>). Links of the earlier long form (<c>?ch=…&amp;utm_…</c>) still parse.
/// The URL carries only the code and the channel, never personal data. Immutable and thread-safe.
/// </summary>
public sealed class ReferralLink
{
    /// <summary>Query parameter carrying the channel slug (also repeated as utm_source for analytics tools).</summary>
    public const string ChannelParameter = "ch";

    /// <summary>The utm_medium every referral link carries.</summary>
    public const string UtmMedium = "referral";

    private const int MaxLandingLength = 4096;
    private readonly string _root;
    private readonly string _prefix;

    /// <summary>Throws <see cref="FlockValidationException"/> when <paramref name="options"/> are invalid.</summary>
    public ReferralLink(ReferralLinkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate().ThrowIfInvalid("referral link options");
        Options = options;
        _root = options.BaseUrl.TrimEnd('/');
        _prefix = options.RoutePrefix.Trim('/');
    }

    public ReferralLinkOptions Options { get; }

    /// <summary>The untagged landing URL (<c>{base}/r/{CODE}</c>), e.g. for printing.</summary>
    public string Landing(string code) => $"{_root}/{_prefix}/{CheckedCode(code)}";

    /// <summary>
    /// The landing URL tagged for <paramref name="channel"/>. <paramref name="campaignSlug"/> and <paramref name="variant"/>
    /// are 1–64 of a–z, 0–9, '-', '_' (lower case). <see cref="ShareChannel.Direct"/> gives the untagged link.
    /// Throws <see cref="FlockValidationException"/> on a malformed code, slug or variant.
    /// </summary>
    public string Build(string code, ShareChannel channel, string? campaignSlug = null, string? variant = null)
    {
        var problems = new ProblemCollector();
        if (!ReferralCode.TryNormalize(code, out var canonical))
            problems.Add("code", $"\"{code}\" is not a referral code (4–32 letters and digits)");
        if (!Enum.IsDefined(channel))
            problems.Add("channel", $"unknown channel {(int)channel}");
        if (campaignSlug is not null && !IsSlug(campaignSlug))
            problems.Add("campaignSlug", $"must be 1–64 of a–z, 0–9, '-', '_' (was \"{campaignSlug}\")");
        if (variant is not null && !IsSlug(variant))
            problems.Add("variant", $"must be 1–64 of a–z, 0–9, '-', '_' (was \"{variant}\")");
        problems.ToResult().ThrowIfInvalid("referral link");

        var url = new StringBuilder(_root.Length + 48).Append(_root).Append('/').Append(_prefix).Append('/').Append(canonical);
        if (channel == ShareChannel.Direct) return url.ToString();
        return url.Append('/').Append(channel.Slug()).ToString();
    }

    /// <summary>
    /// The marketing tags the landing adds to its redirect (with the leading '?'), so analytics tools see the channel,
    /// campaign and creative although the shared link is short; empty for a direct link without a campaign.
    /// </summary>
    public static string RedirectQuery(ShareChannel channel, string? campaignSlug, string? variant)
    {
        var parts = new List<string>(4);
        if (channel != ShareChannel.Direct)
        {
            parts.Add("utm_source=" + channel.Slug());
            parts.Add("utm_medium=" + UtmMedium);
        }
        if (campaignSlug is not null && IsSlug(campaignSlug)) parts.Add("utm_campaign=" + campaignSlug);
        if (variant is not null && IsSlug(variant)) parts.Add("utm_content=" + variant);
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    /// <summary>Parses an absolute or relative landing URL (path and query). Never throws.</summary>
    public ReferralLanding Parse(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return ReferralLanding.NotReferral("empty request");
        if (url.Length > MaxLandingLength) return ReferralLanding.NotReferral("request too long");
        var hash = url.IndexOf('#');
        if (hash >= 0) url = url[..hash];
        if (Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
            return Parse(absolute.AbsolutePath, absolute.Query);
        var question = url.IndexOf('?');
        return question < 0 ? Parse(url, null) : Parse(url[..question], url[(question + 1)..]);
    }

    /// <summary>
    /// Parses a landing request's path and query (with or without '?'). Tolerant of junk: a missing or unknown
    /// channel gives <see cref="ShareChannel.Direct"/>, a malformed campaign or variant is dropped, and anything
    /// that is not <c>…/r/{code}</c> with a well-formed code is "not a referral" — never an exception.
    /// </summary>
    public ReferralLanding Parse(string? path, string? query)
    {
        if (string.IsNullOrEmpty(path)) return ReferralLanding.NotReferral("empty path");
        if (path.Length + (query?.Length ?? 0) > MaxLandingLength) return ReferralLanding.NotReferral("request too long");

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        //the short form /{prefix}/{code}/{channel}
        ShareChannel? pathChannel = null;
        if (segments.Length >= 3 && string.Equals(Unescape(segments[^3]), _prefix, StringComparison.OrdinalIgnoreCase)
            && ShareChannels.TryParse(Unescape(segments[^1]).ToLowerInvariant(), out var bySegment))
        {
            pathChannel = bySegment;
            segments = segments[..^1];
        }
        if (segments.Length < 2 || !string.Equals(Unescape(segments[^2]), _prefix, StringComparison.OrdinalIgnoreCase))
            return ReferralLanding.NotReferral($"path is not /{_prefix}/{{code}}");
        if (!ReferralCode.TryNormalize(Unescape(segments[^1]), out var code))
            return ReferralLanding.NotReferral("malformed referral code");

        var parameters = ParseQuery(query);
        var channel = ShareChannel.Direct;
        if (pathChannel is { } fromPath)
            channel = fromPath;
        else if (parameters.TryGetValue(ChannelParameter, out var marker) && ShareChannels.TryParse(marker, out var byMarker))
            channel = byMarker;
        else if (parameters.TryGetValue("utm_source", out var source) && ShareChannels.TryParse(source, out var bySource))
            channel = bySource;

        return ReferralLanding.Referral(code, channel, SlugOrNull(parameters, "utm_campaign"), SlugOrNull(parameters, "utm_content"));
    }

    /// <summary>True for 1–64 characters of a–z, 0–9, '-', '_'.</summary>
    public static bool IsSlug(string? value) =>
        value is { Length: > 0 and <= 64 } && value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_');

    private static string CheckedCode(string code)
    {
        if (!ReferralCode.TryNormalize(code, out var canonical))
            throw new FlockValidationException("referral link", "code", $"\"{code}\" is not a referral code (4–32 letters and digits)");
        return canonical;
    }

    private static string? SlugOrNull(Dictionary<string, string> parameters, string key)
    {
        if (!parameters.TryGetValue(key, out var value)) return null;
        value = value.Trim().ToLowerInvariant();
        return IsSlug(value) ? value : null;
    }

    private static Dictionary<string, string> ParseQuery(string? query)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrEmpty(query)) return result;
        foreach (var pair in query.TrimStart('?').Split('&', ';'))
        {
            if (pair.Length == 0) continue;
            var eq = pair.IndexOf('=');
            var key = Unescape(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : Unescape(pair[(eq + 1)..]);
            result.TryAdd(key, value); // the first occurrence wins
        }
        return result;
    }

    private static string Unescape(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}
