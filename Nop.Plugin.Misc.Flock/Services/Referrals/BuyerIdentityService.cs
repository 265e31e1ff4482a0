using Flock.Engine.Referrals.AntiAbuse;
using Nop.Core.Domain.Common;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Directory;
using Nop.Core.Domain.Orders;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Services.Configuration;

namespace Nop.Plugin.Misc.Flock.Services.Referrals;

/// <summary>
/// "Is this a new customer?" across customer records: every order's normalised e-mail, phone and address are kept as
/// keyed hashes (<see cref="IdentityKeys"/>; no PII in clear), recorded when the order is placed and backfilled for
/// orders placed before Flock. A guest checkout with a second e-mail but the same phone or address is recognised.
/// </summary>
public class BuyerIdentityService
{
    public const string BackfillSettingKey = "flocksettings.identitybackfillorderid";

    protected readonly IRepository<Address> _addressRepository;
    protected readonly IRepository<Country> _countryRepository;
    protected readonly IRepository<FlockBuyerIdentity> _identityRepository;
    protected readonly IRepository<Order> _orderRepository;
    protected readonly ISettingService _settingService;

    public BuyerIdentityService(IRepository<Address> addressRepository,
        IRepository<Country> countryRepository,
        IRepository<FlockBuyerIdentity> identityRepository,
        IRepository<Order> orderRepository,
        ISettingService settingService)
    {
        _addressRepository = addressRepository;
        _countryRepository = countryRepository;
        _identityRepository = identityRepository;
        _orderRepository = orderRepository;
        _settingService = settingService;
    }

    /// <summary>Keys of an order: the customer's and the addresses' e-mails and phones, the postal addresses.</summary>
    public virtual async Task<IReadOnlyList<IdentityKey>> KeysForOrderAsync(Order order, Customer customer)
    {
        var addresses = await AddressesAsync(order.BillingAddressId, order.ShippingAddressId);
        return await KeysAsync(customer, addresses);
    }

    /// <summary>Keys of a shopper before the order exists: the customer record and its billing and shipping addresses.</summary>
    public virtual async Task<IReadOnlyList<IdentityKey>> KeysForCustomerAsync(Customer customer)
    {
        if (customer is null)
            return [];
        var addresses = await AddressesAsync(customer.BillingAddressId, customer.ShippingAddressId);
        return await KeysAsync(customer, addresses);
    }

    /// <summary>
    /// Records the order's keys, and the device it was placed from when known (a replay inserts nothing: unique per
    /// kind, hash and order). Device keys serve the abuse checks only, never "is this a new customer".
    /// </summary>
    public virtual async Task RecordOrderAsync(Order order, Customer customer, string deviceId = null)
    {
        var keys = (await KeysForOrderAsync(order, customer)).ToList();
        if (await DeviceKeyAsync(deviceId) is { } device)
            keys.Add(device);
        foreach (var key in keys)
        {
            try
            {
                await _identityRepository.InsertAsync(Row(key, order), false);
            }
            catch (Exception exception) when (UniqueKey.IsViolation(exception))
            {
                //already recorded
            }
        }
    }

    /// <summary>
    /// Orders (not cancelled, not deleted) before <paramref name="beforeUtc"/>, other than <paramref name="excludeOrderId"/>,
    /// of this customer record or carrying any of <paramref name="keys"/>.
    /// </summary>
    public virtual async Task<int> CountEarlierOrdersAsync(int customerId, IReadOnlyList<IdentityKey> keys, int? excludeOrderId = null, DateTime? beforeUtc = null)
    {
        var hashes = keys.Select(k => k.Hash).Distinct().ToArray();
        var cancelled = (int)OrderStatus.Cancelled;
        var excluded = excludeOrderId ?? 0;
        var before = beforeUtc ?? DateTime.MaxValue;
        //two index seeks: the customer's own orders, then the orders carrying the same identity (hash index), bounded
        var own = await _orderRepository.Table.CountAsync(o => o.CustomerId == customerId && !o.Deleted && o.OrderStatusId != cancelled
            && o.Id != excluded && o.CreatedOnUtc < before);
        if (hashes.Length == 0)
            return own;
        var others = await (from identity in _identityRepository.Table
                            where hashes.Contains(identity.Hash) && identity.CustomerId != customerId && identity.OrderId != excluded
                            join order in _orderRepository.Table on identity.OrderId equals order.Id
                            where !order.Deleted && order.OrderStatusId != cancelled && order.CreatedOnUtc < before
                            select order.Id).Distinct().CountAsync();
        return own + others;
    }

    /// <summary>The keys known for a customer: their record, addresses and every order they placed.</summary>
    public virtual async Task<IReadOnlyList<IdentityKey>> KnownKeysOfCustomerAsync(Customer customer)
    {
        var keys = (await KeysForCustomerAsync(customer)).ToList();
        if (customer is null)
            return keys;
        var device = (int)IdentityKind.Device;
        var stored = await _identityRepository.Table.Where(i => i.CustomerId == customer.Id && i.KindId != device)
            .Select(i => new { i.KindId, i.Hash }).Distinct().Take(50).ToListAsync();
        foreach (var row in stored)
        {
            var key = new IdentityKey((IdentityKind)row.KindId, row.Hash);
            if (!keys.Contains(key))
                keys.Add(key);
        }
        return keys;
    }

    /// <summary>Records up to <paramref name="batch"/> orders placed before Flock (oldest first); returns how many were read.</summary>
    public virtual async Task<int> BackfillAsync(Func<int, Task<Customer>> customerById, int batch = 1000)
    {
        var watermark = await _settingService.GetSettingByKeyAsync(BackfillSettingKey, 0, 0);
        var orders = await _orderRepository.Table.Where(o => o.Id > watermark).OrderBy(o => o.Id).Take(batch).ToListAsync();
        if (orders.Count == 0)
            return 0;

        var ids = orders.Select(o => o.Id).ToArray();
        var done = (await _identityRepository.Table.Where(i => ids.Contains(i.OrderId)).Select(i => i.OrderId).Distinct().ToListAsync()).ToHashSet();
        foreach (var order in orders.Where(o => !done.Contains(o.Id)))
        {
            //an erased customer's orders are not indexed again from the addresses the orders keep
            var customer = await customerById(order.CustomerId);
            if (customer is null || customer.Deleted)
                continue;
            await RecordOrderAsync(order, customer);
        }

        await _settingService.SetSettingAsync(BackfillSettingKey, orders[^1].Id, 0);
        return orders.Count;
    }

    /// <summary>The key of a device cookie value, or null (none, forged, or no secret yet).</summary>
    public virtual async Task<IdentityKey?> DeviceKeyAsync(string deviceId)
    {
        if (!DeviceIds.IsWellFormed(deviceId))
            return null;
        var settings = await _settingService.LoadSettingAsync<FlockSettings>();
        return string.IsNullOrEmpty(settings.EmailHashSecret) ? null : new IdentityKeys(Convert.FromBase64String(settings.EmailHashSecret)).ForDevice(deviceId);
    }

    /// <summary>Device keys of the customer's own orders, latest first (bounded).</summary>
    public virtual async Task<IList<string>> DevicesOfCustomerAsync(int customerId, int max = 20)
    {
        var device = (int)IdentityKind.Device;
        return await _identityRepository.Table.Where(i => i.CustomerId == customerId && i.KindId == device)
            .OrderByDescending(i => i.OrderId).Select(i => i.Hash).Distinct().Take(max).ToListAsync();
    }

    /// <summary>The device key each of these orders was placed from, where one was recorded.</summary>
    public virtual async Task<IDictionary<int, string>> DevicesOfOrdersAsync(IReadOnlyCollection<int> orderIds)
    {
        if (orderIds.Count == 0)
            return new Dictionary<int, string>();
        var device = (int)IdentityKind.Device;
        var ids = orderIds.ToArray();
        var rows = await _identityRepository.Table.Where(i => i.KindId == device && ids.Contains(i.OrderId))
            .Select(i => new { i.OrderId, i.Hash }).ToListAsync();
        return rows.GroupBy(r => r.OrderId).ToDictionary(g => g.Key, g => g.First().Hash);
    }

    public virtual async Task DeleteByCustomerAsync(int customerId) =>
        await _identityRepository.DeleteAsync(i => i.CustomerId == customerId);

    protected virtual async Task<IReadOnlyList<IdentityKey>> KeysAsync(Customer customer, IList<Address> addresses)
    {
        var settings = await _settingService.LoadSettingAsync<FlockSettings>();
        if (string.IsNullOrEmpty(settings.EmailHashSecret))
            return [];
        var hasher = new IdentityKeys(Convert.FromBase64String(settings.EmailHashSecret));

        var countryIds = addresses.Where(a => a.CountryId is > 0).Select(a => a.CountryId!.Value).Distinct().ToArray();
        var countries = countryIds.Length == 0 ? new Dictionary<int, string>()
            : (await _countryRepository.Table.Where(c => countryIds.Contains(c.Id)).Select(c => new { c.Id, c.TwoLetterIsoCode }).ToListAsync())
                .ToDictionary(c => c.Id, c => c.TwoLetterIsoCode);
        string CountryOf(Address a) => a?.CountryId is int id && countries.TryGetValue(id, out var iso) ? iso : null;
        var firstCountry = addresses.Select(CountryOf).FirstOrDefault(c => c is not null);

        var keys = new List<IdentityKey>();
        keys.AddRange(hasher.For([customer?.Email, .. addresses.Select(a => a.Email)], [], [], null));
        keys.AddRange(hasher.For([], [customer?.Phone], [], firstCountry));
        foreach (var address in addresses)
            keys.AddRange(hasher.For([], [address.PhoneNumber], [IdentityKeys.OneLine(address.ZipPostalCode, address.City, address.Address1, address.Address2)], CountryOf(address)));
        return keys.Distinct().ToList();
    }

    protected virtual async Task<IList<Address>> AddressesAsync(params int?[] ids)
    {
        var wanted = ids.Where(id => id is > 0).Select(id => id!.Value).Distinct().ToArray();
        if (wanted.Length == 0)
            return [];
        return await _addressRepository.Table.Where(a => wanted.Contains(a.Id)).ToListAsync();
    }

    protected static FlockBuyerIdentity Row(IdentityKey key, Order order) => new()
    {
        KindId = (int)key.Kind,
        Hash = key.Hash,
        OrderId = order.Id,
        CustomerId = order.CustomerId,
        OrderCreatedOnUtc = order.CreatedOnUtc
    };
}
