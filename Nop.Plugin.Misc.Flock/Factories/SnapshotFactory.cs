using Flock.Engine.Referrals.AntiAbuse;
using Flock.Engine.Snapshots;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Discounts;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Data;
using Nop.Services.Common;
using Nop.Services.Customers;
using Nop.Services.Directory;
using Nop.Services.Helpers;

namespace Nop.Plugin.Misc.Flock.Factories;

/// <summary>
/// nopCommerce entities → engine snapshots. A handful of set-based queries per snapshot (no per-line lookups), so it
/// stays cheap on the checkout and thank-you paths.
/// </summary>
public class SnapshotFactory
{
    protected readonly IAddressService _addressService;
    protected readonly ICountryService _countryService;
    protected readonly ICustomerService _customerService;
    protected readonly IDateTimeHelper _dateTimeHelper;
    protected readonly Services.Messaging.NewsletterConsentService _consentService;
    protected readonly IRepository<Discount> _discountRepository;
    protected readonly IRepository<DiscountUsageHistory> _discountUsageRepository;
    protected readonly IRepository<Order> _orderRepository;
    protected readonly IRepository<OrderItem> _orderItemRepository;
    protected readonly IRepository<ProductCategory> _productCategoryRepository;
    protected readonly IRepository<ProductManufacturer> _productManufacturerRepository;
    protected readonly Services.Segments.SegmentService _segmentService;

    public SnapshotFactory(IAddressService addressService,
        ICountryService countryService,
        ICustomerService customerService,
        IDateTimeHelper dateTimeHelper,
        Services.Messaging.NewsletterConsentService consentService,
        IRepository<Discount> discountRepository,
        IRepository<DiscountUsageHistory> discountUsageRepository,
        IRepository<Order> orderRepository,
        IRepository<OrderItem> orderItemRepository,
        IRepository<ProductCategory> productCategoryRepository,
        IRepository<ProductManufacturer> productManufacturerRepository,
        Services.Segments.SegmentService segmentService)
    {
        _addressService = addressService;
        _countryService = countryService;
        _customerService = customerService;
        _dateTimeHelper = dateTimeHelper;
        _consentService = consentService;
        _discountRepository = discountRepository;
        _discountUsageRepository = discountUsageRepository;
        _orderRepository = orderRepository;
        _orderItemRepository = orderItemRepository;
        _productCategoryRepository = productCategoryRepository;
        _productManufacturerRepository = productManufacturerRepository;
        _segmentService = segmentService;
    }

    /// <summary>Now in the store's time zone (schedules and local-hour rules are judged in it).</summary>
    public virtual DateTimeOffset Now() => InStoreZone(DateTime.UtcNow);

    public virtual DateTimeOffset InStoreZone(DateTime utc)
    {
        utc = DateTime.SpecifyKind(utc, DateTimeKind.Utc);
        var zone = _dateTimeHelper.DefaultStoreTimeZone ?? TimeZoneInfo.Utc;
        return new DateTimeOffset(utc).ToOffset(zone.GetUtcOffset(utc));
    }

    /// <summary>
    /// The customer as the engine sees them; <paramref name="exceptOrderId"/> is left out of the history. OrderCount,
    /// TotalSpent and PreviousOrderAt follow the engine's contract (CustomerSnapshot.OrderCount): paid orders only
    /// (payment status Paid, not deleted, not cancelled), totals summed over exactly those orders.
    /// </summary>
    public virtual async Task<CustomerSnapshot> CustomerAsync(Customer customer, int storeId, int exceptOrderId = 0)
    {
        var history = await _orderRepository.Table
            .Where(o => o.CustomerId == customer.Id && !o.Deleted && o.Id != exceptOrderId
                && o.PaymentStatusId == (int)PaymentStatus.Paid && o.OrderStatusId != (int)OrderStatus.Cancelled)
            .GroupBy(o => o.CustomerId)
            .Select(g => new { Count = g.Count(), Total = g.Sum(o => o.OrderTotal), Last = g.Max(o => o.CreatedOnUtc) })
            .FirstOrDefaultAsync();

        var roles = await _customerService.GetCustomerRolesAsync(customer);
        var country = customer.CountryId > 0 ? await _countryService.GetCountryByIdAsync(customer.CountryId) : null;
        var subscribed = await _consentService.IsSubscribedAsync(customer.Email, storeId);

        return new CustomerSnapshot
        {
            CustomerId = customer.Id,
            IsGuest = await _customerService.IsGuestAsync(customer),
            Email = customer.Email,
            FirstName = customer.FirstName,
            LastName = customer.LastName,
            Phone = customer.Phone,
            Gender = customer.Gender switch { "M" => Gender.Male, "F" => Gender.Female, _ => Gender.Unknown },
            City = customer.City,
            CountryCode = country?.TwoLetterIsoCode,
            RegisteredAt = InStoreZone(customer.CreatedOnUtc),
            OrderCount = history?.Count ?? 0,
            TotalSpent = history?.Total ?? 0m,
            PreviousOrderAt = history is null ? null : InStoreZone(history.Last),
            RfmSegment = _segmentService.ScoreFromCache(customer.Id, history?.Count ?? 0, history?.Total ?? 0m, history?.Last)?.SegmentKey,
            RoleSystemNames = roles.Select(r => r.SystemName).Where(n => !string.IsNullOrEmpty(n)).ToArray(),
            NewsletterSubscribed = subscribed
        };
    }

    /// <summary>The order as targeting sees it: totals and lines with their categories and manufacturers (three queries).</summary>
    public virtual async Task<OrderSnapshot> OrderAsync(Order order)
    {
        var items = await _orderItemRepository.Table.Where(i => i.OrderId == order.Id).ToListAsync();
        var productIds = items.Select(i => i.ProductId).Distinct().ToArray();
        var categories = (await _productCategoryRepository.Table.Where(pc => productIds.Contains(pc.ProductId)).ToListAsync())
            .ToLookup(pc => pc.ProductId, pc => pc.CategoryId);
        var manufacturers = (await _productManufacturerRepository.Table.Where(pm => productIds.Contains(pm.ProductId)).ToListAsync())
            .ToLookup(pm => pm.ProductId, pm => pm.ManufacturerId);

        return new OrderSnapshot
        {
            OrderId = order.Id,
            Number = string.IsNullOrEmpty(order.CustomOrderNumber) ? order.Id.ToString() : order.CustomOrderNumber,
            CustomerId = order.CustomerId,
            StoreId = order.StoreId,
            Subtotal = order.OrderSubtotalInclTax - order.OrderSubTotalDiscountInclTax,
            Total = order.OrderTotal,
            PlacedAt = InStoreZone(order.CreatedOnUtc),
            Lines = items.Select(i => new LineSnapshot
            {
                ProductId = i.ProductId,
                CategoryIds = categories[i.ProductId].ToArray(),
                ManufacturerIds = manufacturers[i.ProductId].ToArray(),
                Quantity = i.Quantity,
                UnitPrice = i.UnitPriceInclTax
            }).ToArray(),
            CustomerIp = order.CustomerIp
        };
    }

    /// <summary>
    /// The order as the friend-order judgement sees it: what targeting sees plus the coupons used and the contact
    /// details anti-abuse compares (kept off the thank-you page, which needs none of them). <paramref name="couponCodes"/>:
    /// the order's coupon codes when already read (<see cref="CouponCodesOfAsync"/>).
    /// </summary>
    public virtual async Task<OrderSnapshot> OrderForJudgingAsync(Order order, IReadOnlyList<string> couponCodes = null)
    {
        var billing = await _addressService.GetAddressByIdAsync(order.BillingAddressId);
        var shipping = order.ShippingAddressId is int shippingId ? await _addressService.GetAddressByIdAsync(shippingId) : null;

        return await OrderAsync(order) with
        {
            CouponCodes = couponCodes ?? await CouponCodesOfAsync(order.Id),
            BillingEmail = billing?.Email,
            BillingPhone = billing?.PhoneNumber,
            ShippingAddress = shipping is null ? null : IdentityKeys.OneLine(shipping.ZipPostalCode, shipping.City, shipping.Address1, shipping.Address2)
        };
    }

    /// <summary>Coupon codes of the discounts used on the order (one joined query).</summary>
    public virtual async Task<IReadOnlyList<string>> CouponCodesOfAsync(int orderId) =>
        await (from usage in _discountUsageRepository.Table
               join discount in _discountRepository.Table on usage.DiscountId equals discount.Id
               where usage.OrderId == orderId && discount.RequiresCouponCode && discount.CouponCode != null
               select discount.CouponCode).Distinct().ToListAsync();

    public virtual async Task<DecisionContext> ContextAsync(Customer customer, int storeId, string languageCode, Order order = null)
    {
        return new DecisionContext
        {
            Customer = await CustomerAsync(customer, storeId, order?.Id ?? 0),
            Order = order is null ? null : await OrderAsync(order),
            StoreId = storeId,
            LanguageCode = languageCode,
            Now = Now()
        };
    }
}
