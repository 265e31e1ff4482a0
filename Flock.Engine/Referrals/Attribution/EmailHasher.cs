using System.Security.Cryptography;
using System.Text;
using Flock.Engine.Referrals.AntiAbuse;

namespace Flock.Engine.Referrals.Attribution;

/// <summary>
/// HMAC-SHA256 of a normalised e-mail (<see cref="EmailNormalizer"/>) under the store's secret, as lower-case hex.
/// Lets the plugin remember whom a referrer invited without storing addresses; without the secret the hashes
/// cannot be reversed by hashing a list of known addresses. Thread-safe.
/// </summary>
public sealed class EmailHasher
{
    /// <summary>Shortest secret accepted, in bytes.</summary>
    public const int MinSecretBytes = 32;

    private readonly byte[] _secret;

    /// <summary>Throws when <paramref name="secret"/> is shorter than 32 bytes (generate it once with RandomNumberGenerator).</summary>
    public EmailHasher(ReadOnlySpan<byte> secret)
    {
        if (secret.Length < MinSecretBytes)
            throw new Common.FlockValidationException("email hasher", "secret", $"must be at least {MinSecretBytes} bytes (was {secret.Length})");
        _secret = secret.ToArray();
    }

    /// <summary>The hash of the normalised address, or null when <paramref name="email"/> is not an address.</summary>
    public string? Hash(string? email)
    {
        var normalised = EmailNormalizer.Normalize(email);
        if (normalised is null) return null;
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(normalised), mac);
        return Convert.ToHexStringLower(mac);
    }

    /// <summary>True when <paramref name="email"/> hashes to <paramref name="hash"/> (constant-time comparison).</summary>
    public bool Matches(string? hash, string? email)
    {
        var actual = Hash(email);
        if (actual is null || hash is null || hash.Length != actual.Length) return false;
        return CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(actual), Encoding.ASCII.GetBytes(hash.ToLowerInvariant()));
    }
}
