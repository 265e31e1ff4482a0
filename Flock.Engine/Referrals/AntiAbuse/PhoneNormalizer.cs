namespace Flock.Engine.Referrals.AntiAbuse;

/// <summary>
/// Reduces a phone number to an E.164-like "+&lt;country code&gt;&lt;number&gt;" so "8 (916) 123-45-67" and
/// "+7 916 1234567" compare equal. Keeps digits only; "+" or "00" mark an international number; otherwise the
/// number is national for the given country and its trunk prefix is replaced by the country code
/// (RU/KZ: 8 → +7, also bare 10-digit numbers; BY 80 → +375; UA 0 → +380; GB 0 → +44; DE 0 → +49; US/CA 1 → +1).
/// When the country is unknown (null) or has no rules here, a national number is kept as its digits only (no "+"):
/// it is never given a made-up prefix, so it equals only the same digits written nationally.
/// Pure and thread-safe.
/// </summary>
public static class PhoneNormalizer
{
    private sealed record Country(string CallingCode, string TrunkPrefix, int? NationalLength);

    private static readonly Dictionary<string, Country> Countries = new(StringComparer.OrdinalIgnoreCase)
    {
        ["RU"] = new("7", "8", 10),
        ["KZ"] = new("7", "8", 10),
        ["BY"] = new("375", "80", 9),
        ["UA"] = new("380", "0", 9),
        ["GB"] = new("44", "0", 10),
        ["DE"] = new("49", "0", null),
        ["US"] = new("1", "1", 10),
        ["CA"] = new("1", "1", 10),
    };

    /// <summary>Country codes with national-number rules; numbers from other countries must be written with + or 00.</summary>
    public static IReadOnlyCollection<string> KnownCountries => Countries.Keys;

    /// <summary>
    /// The normalised number ("+&lt;digits&gt;" for international numbers and national numbers of a known country;
    /// the bare digits for national numbers when the country is unknown or has no rules), or null when it has fewer
    /// than 7 or more than 15 digits. <paramref name="countryCode"/>: ISO 3166-1 alpha-2 used for national numbers;
    /// null when unknown (there is no default country). Idempotent.
    /// </summary>
    public static string? Normalize(string? phone, string? countryCode)
    {
        if (string.IsNullOrWhiteSpace(phone)) return null;
        var trimmed = phone.TrimStart();
        var international = trimmed.StartsWith('+');
        var digits = new string(trimmed.Where(char.IsAsciiDigit).ToArray());
        if (!international && digits.StartsWith("00", StringComparison.Ordinal))
        {
            international = true;
            digits = digits[2..];
        }
        if (!international)
        {
            if (countryCode is null || !Countries.TryGetValue(countryCode, out var country))
                return digits.Length is < 7 or > 15 ? null : digits;
            digits = ToInternational(digits, country);
        }
        return digits.Length is < 7 or > 15 ? null : "+" + digits;
    }

    /// <summary>True when both numbers normalise to the same non-null value (see <see cref="Normalize"/>; null country = unknown).</summary>
    public static bool SameNumber(string? a, string? b, string? countryCode)
    {
        var x = Normalize(a, countryCode);
        return x is not null && x == Normalize(b, countryCode);
    }

    private static string ToInternational(string digits, Country country)
    {
        if (country.NationalLength is { } length)
        {
            if (digits.Length == length) return country.CallingCode + digits;
            if (digits.Length == country.TrunkPrefix.Length + length && digits.StartsWith(country.TrunkPrefix, StringComparison.Ordinal))
                return country.CallingCode + digits[country.TrunkPrefix.Length..];
            if (digits.Length == country.CallingCode.Length + length && digits.StartsWith(country.CallingCode, StringComparison.Ordinal))
                return digits;
            return country.CallingCode + digits;
        }
        return digits.StartsWith(country.TrunkPrefix, StringComparison.Ordinal)
            ? country.CallingCode + digits[country.TrunkPrefix.Length..]
            : country.CallingCode + digits;
    }
}
