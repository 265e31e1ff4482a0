using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Flock.Engine.Referrals;

/// <summary>What the referral cookie says: whose link, when it was opened, and by which customer record (no PII).</summary>
public sealed record ReferralCookieValue(string Code, DateTimeOffset OpenedAt, int VisitorCustomerId);

/// <summary>
/// The referral cookie "CODE:unix-seconds:visitor-id:signature". The signature (HMAC-SHA256 under the store's secret,
/// 128 bits) makes it evidence the store issued: a shopper cannot write someone's code and a time into it to adopt
/// another friend's invitation or claim a referral the link never made. Pure and thread-safe.
/// </summary>
public static class ReferralCookie
{
    public static string Write(string code, DateTimeOffset openedAt, int visitorCustomerId, string secret)
    {
        var payload = string.Create(CultureInfo.InvariantCulture, $"{code}:{openedAt.ToUnixTimeSeconds()}:{visitorCustomerId}");
        return $"{payload}:{Sign(payload, secret)}";
    }

    /// <summary>False for a missing, malformed, unsigned or forged cookie (constant-time signature comparison).</summary>
    public static bool TryRead(string? value, string? secret, out ReferralCookieValue cookie)
    {
        cookie = null!;
        var parts = value?.Split(':');
        if (parts is not { Length: 4 } || string.IsNullOrEmpty(secret)) return false;
        if (!ReferralCode.TryNormalize(parts[0], out var canonical)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var visitor))
            return false;
        var expected = Sign($"{parts[0]}:{parts[1]}:{parts[2]}", secret);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(parts[3])))
            return false;
        if (seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds()) return false;
        cookie = new ReferralCookieValue(canonical, DateTimeOffset.FromUnixTimeSeconds(seconds), visitor);
        return true;
    }

    private static string Sign(string payload, string secret)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes("flock-cookie:" + secret), Encoding.UTF8.GetBytes(payload), mac);
        return Convert.ToHexStringLower(mac[..16]);
    }
}
