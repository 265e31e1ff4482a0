using System.Security.Cryptography;
using System.Text;

namespace Nop.Plugin.Misc.Flock.Services.Chains;

/// <summary>The signature of Flock's links in messages: HMAC-SHA256 under the store's Flock secret, truncated, URL-safe base64; compared in constant time.</summary>
public static class SignedLink
{
    public static string Sign(string secret, string subject, int bytes)
    {
        var key = Encoding.UTF8.GetBytes(secret ?? throw new InvalidOperationException("Flock's secret is not set"));
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(subject));
        return Convert.ToBase64String(mac, 0, bytes).Replace('+', '-').Replace('/', '_');
    }

    public static bool Matches(string secret, string subject, int bytes, string signature) =>
        !string.IsNullOrEmpty(signature)
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, subject, bytes)), Encoding.ASCII.GetBytes(signature));
}
