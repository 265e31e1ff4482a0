using Nop.Core.Caching;

namespace Nop.Plugin.Misc.Flock.Infrastructure;

/// <summary>
/// The one place where nopCommerce 4.80 and 4.90 differ for Flock's code (build/nop.props sets NOP_480 / NOP_490 and
/// NOP_490_OR_GREATER from the tree it compiles against). Everything else compiles unchanged against both; a DLL is
/// still built per version, because method signatures Flock calls changed between them (optional parameters added).
/// </summary>
public static class NopCompatibility
{
    /// <summary>
    /// A cache key that <c>RemoveByPrefixAsync(prefix)</c> clears. 4.80 keeps an explicit prefix list on the key; 4.90
    /// dropped it and clears by the start of the key itself — so the key must start with its prefix, on both.
    /// </summary>
    public static CacheKey CacheKey(string key, string prefix)
    {
        if (!key.StartsWith(prefix, StringComparison.Ordinal))
            throw new ArgumentException($"the cache key '{key}' must start with its prefix '{prefix}'", nameof(key));
#if NOP_490_OR_GREATER
        return new CacheKey(key);
#else
        return new CacheKey(key, prefix);
#endif
    }
}
