namespace Flock.Engine.Tests.Referrals;

/// <summary>Test helper: splits a URL into its part before '?' and its decoded query parameters.</summary>
internal static class UrlParts
{
    public static (string Endpoint, Dictionary<string, string> Query) Split(string url)
    {
        var question = url.IndexOf('?');
        var query = new Dictionary<string, string>();
        if (question < 0) return (url, query);
        foreach (var pair in url[(question + 1)..].Split('&'))
        {
            var eq = pair.IndexOf('=');
            Assert.True(eq > 0, $"parameter without value in {url}");
            query.Add(pair[..eq], Uri.UnescapeDataString(pair[(eq + 1)..]));
        }
        return (url[..question], query);
    }

    /// <summary>True when every character is an RFC 3986 unreserved, reserved or '%' character (no raw spaces, Cyrillic, quotes).</summary>
    public static bool IsAsciiUrl(string url) =>
        url.All(c => c < 128 && !char.IsWhiteSpace(c) && c is not ('"' or '<' or '>' or '\\' or '^' or '`' or '{' or '|' or '}'));
}
