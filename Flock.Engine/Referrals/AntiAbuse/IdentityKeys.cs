using System.Security.Cryptography;
using System.Text;

namespace Flock.Engine.Referrals.AntiAbuse;

/// <summary>What an identity key was made from.</summary>
public enum IdentityKind
{
    Email = 1,
    Phone = 2,
    Address = 3,

    /// <summary>The first-party device cookie an order was placed from: evidence for abuse checks, never for "new customer".</summary>
    Device = 4,
}

/// <summary>A keyed hash of one normalised e-mail, phone or postal address: comparable, not reversible without the secret.</summary>
public readonly record struct IdentityKey(IdentityKind Kind, string Hash)
{
    /// <summary>Length of <see cref="Hash"/> (hex of 128 bits).</summary>
    public const int HashLength = 32;
}

/// <summary>
/// Turns the e-mail, phone and address on an order or a cart into <see cref="IdentityKey"/>s (HMAC-SHA256 under the
/// store's secret), so "the same person" is recognised across customer records and guest checkouts — by
/// <see cref="EmailNormalizer"/> (+aliases, gmail dots), <see cref="PhoneNormalizer"/> and <see cref="AddressNormalizer"/> —
/// while the plugin stores no address in clear. Thread-safe.
/// </summary>
public sealed class IdentityKeys
{
    /// <summary>Shortest secret accepted, in bytes.</summary>
    public const int MinSecretBytes = 32;

    private readonly byte[] _secret;

    public IdentityKeys(ReadOnlySpan<byte> secret)
    {
        if (secret.Length < MinSecretBytes)
            throw new Common.FlockValidationException("identity keys", "secret", $"must be at least {MinSecretBytes} bytes (was {secret.Length})");
        _secret = secret.ToArray();
    }

    /// <summary>
    /// The keys of whatever normalises: at most one per kind and value, no duplicates.
    /// <paramref name="countryCode"/> is the store's default country for national phone numbers (null: only international numbers count).
    /// </summary>
    public IReadOnlyList<IdentityKey> For(IEnumerable<string?> emails, IEnumerable<string?> phones, IEnumerable<string?> addresses, string? countryCode)
    {
        var keys = new List<IdentityKey>(4);
        foreach (var email in emails)
            Add(keys, IdentityKind.Email, EmailNormalizer.Normalize(email));
        foreach (var phone in phones)
            Add(keys, IdentityKind.Phone, countryCode is null && phone?.TrimStart().StartsWith('+') != true ? null : PhoneNormalizer.Normalize(phone, countryCode));
        foreach (var address in addresses)
            Add(keys, IdentityKind.Address, AddressNormalizer.Normalize(address));
        return keys;
    }

    /// <summary>
    /// The key of a device cookie value (<see cref="DeviceIds.IsWellFormed"/>), or null when there is none or it is not
    /// one Flock minted (a forged or garbled cookie is no evidence).
    /// </summary>
    public IdentityKey? ForDevice(string? deviceId)
    {
        if (!DeviceIds.IsWellFormed(deviceId)) return null;
        var keys = new List<IdentityKey>(1);
        Add(keys, IdentityKind.Device, deviceId!.Trim().ToLowerInvariant());
        return keys[0];
    }

    /// <summary>The one-line form of a postal address used for identity and abuse checks: zip, city, street lines.</summary>
    public static string? OneLine(string? zip, string? city, string? address1, string? address2)
    {
        var parts = new[] { zip, city, address1, address2 }.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!.Trim()).ToArray();
        return parts.Length == 0 || (string.IsNullOrWhiteSpace(address1) && string.IsNullOrWhiteSpace(address2)) ? null : string.Join(", ", parts);
    }

    private void Add(List<IdentityKey> keys, IdentityKind kind, string? normalised)
    {
        if (normalised is null) return;
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes($"{(int)kind}:{normalised}"), mac);
        var key = new IdentityKey(kind, Convert.ToHexStringLower(mac[..(IdentityKey.HashLength / 2)]));
        if (!keys.Contains(key)) keys.Add(key);
    }
}
