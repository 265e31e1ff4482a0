using Microsoft.AspNetCore.Http;
using Nop.Core.Caching;
using Nop.Core.Domain.Customers;
using Nop.Core.Http;
using Nop.Services.Customers;

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

    /// <summary>
    /// The guest record a sign-in left behind (its cart moved to the account), or null. 4.90's event names it; on 4.80 it
    /// is the one the request's customer cookie still names (the response already carries the account's).
    /// </summary>
    public static async Task<Customer> GuestLeftBySignInAsync(CustomerLoggedinEvent signIn, IHttpContextAccessor httpContextAccessor, ICustomerService customerService)
    {
#if NOP_490_OR_GREATER
        await Task.CompletedTask;
        return signIn.GuestCustomer is { } guest && guest.Id != signIn.Customer?.Id ? guest : null;
#else
        var cookie = httpContextAccessor.HttpContext?.Request.Cookies[$"{NopCookieDefaults.Prefix}{NopCookieDefaults.CustomerCookie}"];
        if (signIn.Customer is null || !Guid.TryParse(cookie, out var guid))
            return null;
        var guest = await customerService.GetCustomerByGuidAsync(guid);
        return guest is not null && guest.Id != signIn.Customer.Id && await customerService.IsGuestAsync(guest) ? guest : null;
#endif
    }
}
