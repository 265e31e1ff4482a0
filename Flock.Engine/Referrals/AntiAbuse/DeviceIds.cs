using System.Security.Cryptography;

namespace Flock.Engine.Referrals.AntiAbuse;

/// <summary>
/// The first-party device cookie: a random 128-bit id (32 lowercase hex characters) the plugin sets once per browser.
/// It proves nothing about a person; it lets the abuse guard see "the referrer's own browser" and "one browser, many friends".
/// </summary>
public static class DeviceIds
{
    public const int Length = 32;

    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(Length / 2));

    public static bool IsWellFormed(string? value)
    {
        if (value is null) return false;
        var trimmed = value.AsSpan().Trim();
        if (trimmed.Length != Length) return false;
        foreach (var c in trimmed)
            if (!char.IsAsciiHexDigit(c)) return false;
        return true;
    }
}
