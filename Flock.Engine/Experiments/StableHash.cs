namespace Flock.Engine.Experiments;

/// <summary>
/// Process-independent hashing of a (shopper, experiment) pair to uniform points in [0, 1).
/// FNV-1a over the UTF-16 code units of both keys (each key terminated by its length, so ("ab","c") and ("a","bc")
/// differ), finished with the MurmurHash3 64-bit finaliser for avalanche. The values never change between processes,
/// machines or .NET versions, so assignments derived from them stay put; never change the algorithm once shipped.
/// </summary>
public static class StableHash
{
    private const ulong FnvOffsetBasis = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;
    private const ulong GoldenGamma = 0x9E3779B97F4A7C15UL;

    /// <summary>Stream used for the holdout draw.</summary>
    public const int HoldoutStream = 0;

    /// <summary>Stream used for the arm draw.</summary>
    public const int ArmStream = 1;

    /// <summary>First stream of per-factor draws (creative factor <c>f</c> uses <c>FactorStreamBase + f</c>).</summary>
    public const int FactorStreamBase = 2;

    /// <summary>The 64-bit hash of a shopper key within an experiment key.</summary>
    public static ulong Of(string shopperKey, string experimentKey)
    {
        ArgumentNullException.ThrowIfNull(shopperKey);
        ArgumentNullException.ThrowIfNull(experimentKey);
        var hash = Append(FnvOffsetBasis, shopperKey);
        hash = Append(hash, experimentKey);
        return Finalise(hash);
    }

    /// <summary>
    /// An independent uniform point in [0, 1) derived from <paramref name="hash"/> for one purpose (<paramref name="stream"/>),
    /// so the holdout draw, the arm draw and each factor's draw are uncorrelated although they come from one hash.
    /// </summary>
    public static double Point(ulong hash, int stream) => ToUnitInterval(Finalise(hash ^ ((ulong)(stream + 1) * GoldenGamma)));

    /// <summary>
    /// A seed for a bandit draw when the caller passes no <see cref="Random"/>: derived from the shopper's hash in the
    /// experiment, so the same shopper with the same counts gets the same draw (sticky even before it is persisted),
    /// while different shoppers draw independently.
    /// </summary>
    public static int BanditSeed(ulong hash) => unchecked((int)Finalise(hash ^ BanditSalt));

    private const ulong BanditSalt = 0xB5AD4ECEDA1CE2A9UL;

    /// <summary>Shortcut for <c>Point(Of(shopperKey, experimentKey), stream)</c>.</summary>
    public static double Point(string shopperKey, string experimentKey, int stream) => Point(Of(shopperKey, experimentKey), stream);

    private static ulong Append(ulong hash, string text)
    {
        foreach (var c in text)
        {
            hash = (hash ^ (byte)c) * FnvPrime;
            hash = (hash ^ (byte)(c >> 8)) * FnvPrime;
        }

        var length = (uint)text.Length;
        for (var shift = 0; shift < 32; shift += 8)
            hash = (hash ^ (byte)(length >> shift)) * FnvPrime;
        return hash;
    }

    private static ulong Finalise(ulong x)
    {
        x ^= x >> 33;
        x *= 0xFF51AFD7ED558CCDUL;
        x ^= x >> 33;
        x *= 0xC4CEB9FE1A85EC53UL;
        x ^= x >> 33;
        return x;
    }

    private static double ToUnitInterval(ulong x) => (x >> 11) * (1.0 / (1UL << 53));
}
