using System.Collections.Frozen;

namespace Flock.Engine.Referrals.AntiAbuse;

/// <summary>
/// Reduces an e-mail address to the mailbox it delivers to, so "Anna.K+promo@googlemail.com" and
/// "annak@gmail.com" compare equal. Rules: trim and lower-case; domain aliases folded (googlemail.com → gmail.com;
/// ya.ru, yandex.com, yandex.by, yandex.kz, yandex.ua → yandex.ru); "+tag" stripped for providers that deliver
/// plus-addressed mail to the same mailbox (<see cref="PlusAliasDomains"/>); dots ignored for Gmail; for Yandex
/// '.' and '-' in the login are the same character (stored as '-'). Other providers keep their local part as
/// typed (lower-cased), since for them "a+b" may be a different mailbox. Pure and thread-safe.
/// </summary>
public static class EmailNormalizer
{
    /// <summary>Domains (after alias folding) whose "+tag" is stripped: Gmail, Yandex, Outlook/Hotmail/Live/MSN, iCloud/me/mac, Fastmail, Proton.</summary>
    public static readonly IReadOnlySet<string> PlusAliasDomains = new[]
    {
        "gmail.com", "yandex.ru", "outlook.com", "hotmail.com", "live.com", "msn.com", "icloud.com", "me.com", "mac.com",
        "fastmail.com", "fastmail.fm", "protonmail.com", "protonmail.ch", "proton.me", "pm.me",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Domain aliases folded onto one canonical domain.</summary>
    public static readonly IReadOnlyDictionary<string, string> DomainAliases = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["googlemail.com"] = "gmail.com",
        ["ya.ru"] = "yandex.ru",
        ["yandex.com"] = "yandex.ru",
        ["yandex.by"] = "yandex.ru",
        ["yandex.kz"] = "yandex.ru",
        ["yandex.ua"] = "yandex.ru",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The normalised address, or null when <paramref name="email"/> is empty or not shaped like local@domain. Idempotent.</summary>
    public static string? Normalize(string? email)
    {
        if (string.IsNullOrWhiteSpace(email)) return null;
        var trimmed = email.Trim().ToLowerInvariant();
        var at = trimmed.LastIndexOf('@');
        if (at <= 0 || at == trimmed.Length - 1) return null;
        var local = trimmed[..at];
        var domain = trimmed[(at + 1)..].TrimEnd('.');
        if (domain.Length == 0 || local.Any(char.IsWhiteSpace) || domain.Any(c => char.IsWhiteSpace(c) || c == '@')) return null;

        if (DomainAliases.TryGetValue(domain, out var canonicalDomain)) domain = canonicalDomain;
        if (PlusAliasDomains.Contains(domain))
        {
            var plus = local.IndexOf('+');
            if (plus == 0) return null; // "+tag@gmail.com" has no mailbox
            if (plus > 0) local = local[..plus];
        }
        if (domain == "gmail.com") local = local.Replace(".", "");
        else if (domain == "yandex.ru") local = local.Replace('.', '-');
        return local.Length == 0 ? null : $"{local}@{domain}";
    }

    /// <summary>True when both addresses reach the same mailbox after normalisation (false if either is not an address).</summary>
    public static bool SameMailbox(string? a, string? b)
    {
        var x = Normalize(a);
        return x is not null && x == Normalize(b);
    }
}
