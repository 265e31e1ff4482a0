using System.Net;
using System.Net.Sockets;

namespace Flock.Engine.Referrals.AntiAbuse;

/// <summary>
/// The comparable form of a client IP: IPv4 as dotted quad (IPv4-mapped IPv6 unwrapped), IPv6 as its /64 network,
/// because one household or phone gets a whole /64 and rotates the rest. Null for anything unparsable.
/// </summary>
public static class IpAddressKey
{
    /// <summary>The key, or null when <paramref name="ip"/> is not an IP address.</summary>
    public static string? Normalize(string? ip)
    {
        if (string.IsNullOrWhiteSpace(ip) || !IPAddress.TryParse(ip.Trim(), out var address)) return null;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
