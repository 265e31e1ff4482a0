using System.Buffers;

namespace Flock.Engine.Referrals;

/// <summary>
/// The canonical form of referral codes, used for every lookup and uniqueness check, and the syntax a code
/// (generated or vanity) must have to be looked up at all.
/// </summary>
public static class ReferralCode
{
    /// <summary>Shortest code (vanity codes included) the engine accepts.</summary>
    public const int MinLength = 4;

    /// <summary>Longest code the engine accepts (generated codes stay far below it).</summary>
    public const int MaxLength = 32;

    private static readonly SearchValues<char> Separators = SearchValues.Create(" -_.\t\u00A0\u2010\u2011\u2012\u2013\u2014");

    /// <summary>
    /// Canonical form: trimmed, upper case, separators (space, hyphen, underscore, dot, dashes) removed, and
    /// look-alikes a shopper may type mapped: O→0, I and L→1 (Crockford), Cyrillic letters that look like Latin
    /// ones (typed on a Russian layout: А В Е К М Н О Р С Т У Х, either case) to those Latin letters, full-width
    /// Latin letters and digits to ASCII. Idempotent. Characters outside these rules are kept (upper-cased) so
    /// that <see cref="IsWellFormed"/> can reject them.
    /// </summary>
    public static string Canonicalize(string? code)
    {
        if (string.IsNullOrEmpty(code)) return "";
        var buffer = code.Length <= 64 ? stackalloc char[code.Length] : new char[code.Length];
        var length = 0;
        foreach (var raw in code)
        {
            var c = raw is >= '\uFF01' and <= '\uFF5E' ? (char)(raw - 0xFEE0) : raw; // full-width ASCII
            if (Separators.Contains(c)) continue;
            buffer[length++] = CanonicalChar(c);
        }
        return new string(buffer[..length]);
    }

    /// <summary>True when the canonical form is 4–32 characters of A–Z and 0–9 (the only shape a code can have).</summary>
    public static bool IsWellFormed(string canonical)
    {
        if (canonical.Length is < MinLength or > MaxLength) return false;
        foreach (var c in canonical)
        {
            if (c is not ((>= 'A' and <= 'Z') or (>= '0' and <= '9'))) return false;
        }
        return true;
    }

    /// <summary>Canonicalizes <paramref name="input"/>; true with the canonical code when it is well formed.</summary>
    public static bool TryNormalize(string? input, out string canonical)
    {
        canonical = Canonicalize(input);
        if (IsWellFormed(canonical)) return true;
        canonical = "";
        return false;
    }

    private static char CanonicalChar(char c)
    {
        // Upper-case first so lower-case Latin and Cyrillic look-alikes take the same branch.
        return char.ToUpperInvariant(c) switch
        {
            'O' or 'О' => '0',
            'I' or 'L' => '1',
            'А' => 'A',
            'В' => 'B',
            'Е' => 'E',
            'К' => 'K',
            'М' => 'M',
            'Н' => 'H',
            'Р' => 'P',
            'С' => 'C',
            'Т' => 'T',
            'У' => 'Y',
            'Х' => 'X',
            var upper => upper,
        };
    }
}
