using Flock.Engine.Chains;
using Flock.Engine.Templates;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Stores;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Services.Catalog;
using Nop.Services.Directory;
using Nop.Services.Localization;
using Nop.Services.Media;
using Nop.Services.Orders;
using Nop.Services.Seo;
using Nop.Services.Tax;
using Nop.Core.Domain.Directory;

namespace Nop.Plugin.Misc.Flock.Services.Chains;

//inside the namespace: linq2db's async helpers win over nopCommerce's same-named ones
using LinqToDB;

/// <summary>
/// The personal content of a chain message (T4), read live right before it is queued: the cart as it is now (prices
/// with the customer's discounts and tax display), the products viewed lately that are buyable and neither in the cart
/// nor bought, the reward-point balance and the order history. Which products are listed is the engine's
/// (<see cref="ProductPicks"/>); the HTML is the engine's product blocks, escaped and sanitized.
/// </summary>
public class ChainContentService
{
    /// <summary>How far back product views are read for "viewed lately".</summary>
    public static readonly TimeSpan ViewedWindow = TimeSpan.FromDays(30);
    protected const int PictureSize = 128;

    protected readonly CurrencySettings _currencySettings;
    protected readonly ICurrencyService _currencyService;
    protected readonly ILocalizationService _localizationService;
    protected readonly IPictureService _pictureService;
    protected readonly IPriceCalculationService _priceCalculationService;
    protected readonly IProductService _productService;
    protected readonly IRepository<FlockActivity> _activityRepository;
    protected readonly IRepository<Order> _orderRepository;
    protected readonly IRepository<OrderItem> _orderItemRepository;
    protected readonly IRewardPointService _rewardPointService;
    protected readonly IShoppingCartService _shoppingCartService;
    protected readonly ITaxService _taxService;
    protected readonly IUrlRecordService _urlRecordService;

    public ChainContentService(CurrencySettings currencySettings,
        ICurrencyService currencyService,
        ILocalizationService localizationService,
        IPictureService pictureService,
        IPriceCalculationService priceCalculationService,
        IProductService productService,
        IRepository<FlockActivity> activityRepository,
        IRepository<Order> orderRepository,
        IRepository<OrderItem> orderItemRepository,
        IRewardPointService rewardPointService,
        IShoppingCartService shoppingCartService,
        ITaxService taxService,
        IUrlRecordService urlRecordService)
    {
        _currencySettings = currencySettings;
        _currencyService = currencyService;
        _localizationService = localizationService;
        _pictureService = pictureService;
        _priceCalculationService = priceCalculationService;
        _productService = productService;
        _activityRepository = activityRepository;
        _orderRepository = orderRepository;
        _orderItemRepository = orderItemRepository;
        _rewardPointService = rewardPointService;
        _shoppingCartService = shoppingCartService;
        _taxService = taxService;
        _urlRecordService = urlRecordService;
    }

    /// <summary>The personal part of the message model for the customer now, in the store's primary currency.</summary>
    public virtual async Task<TemplateModel> ReadAsync(Customer customer, Store store, int languageId)
    {
        var currency = await _currencyService.GetCurrencyByIdAsync(_currencySettings.PrimaryStoreCurrencyId);
        var cart = await _shoppingCartService.GetShoppingCartAsync(customer, ShoppingCartType.ShoppingCart, store.Id);
        var lines = new List<ProductModel>();
        decimal total = 0;
        var products = (await _productService.GetProductsByIdsAsync(cart.Select(i => i.ProductId).Distinct().ToArray())).ToDictionary(p => p.Id);
        foreach (var item in cart)
        {
            if (!products.TryGetValue(item.ProductId, out var product) || product.Deleted)
                continue;
            var (unit, _, _) = await _shoppingCartService.GetUnitPriceAsync(item, true);
            var (price, _) = await _taxService.GetProductPriceAsync(product, unit, customer);
            total += price * item.Quantity;
            lines.Add(await CardAsync(product, store, languageId, price, item.Quantity, item.AttributesXml));
        }

        var bought = await BoughtAsync(customer.Id);
        var since = DateTime.UtcNow - ViewedWindow;
        var productViewed = (int)ChainTriggerKind.ProductViewed;
        var views = await _activityRepository.Table
            .Where(a => a.CustomerId == customer.Id && a.Kind == productViewed && a.CreatedOnUtc >= since && a.EntityId > 0)
            .GroupBy(a => a.EntityId).Select(g => new { ProductId = g.Key, At = g.Max(a => a.CreatedOnUtc) })
            .OrderByDescending(v => v.At).Take(ProductPicks.MaxViewed * 5).ToListAsync();
        var viewedProducts = (await _productService.GetProductsByIdsAsync(views.Select(v => v.ProductId).ToArray())).ToDictionary(p => p.Id);
        var candidates = new List<ViewedProduct>();
        foreach (var view in views)
            candidates.Add(new ViewedProduct(view.ProductId, new DateTimeOffset(DateTime.SpecifyKind(view.At, DateTimeKind.Utc)),
                viewedProducts.TryGetValue(view.ProductId, out var product) && await AvailableAsync(product)));
        var viewed = new List<ProductModel>();
        foreach (var id in ProductPicks.RecentlyViewed(candidates, cart.Select(i => i.ProductId).ToHashSet(), bought))
        {
            var product = viewedProducts[id];
            var (_, final, _, _) = await _priceCalculationService.GetFinalPriceAsync(product, customer, store);
            var (price, _) = await _taxService.GetProductPriceAsync(product, final, customer);
            viewed.Add(await CardAsync(product, store, languageId, price, 1, null));
        }

        var cancelled = (int)OrderStatus.Cancelled;
        var orders = _orderRepository.Table.Where(o => o.CustomerId == customer.Id && !o.Deleted && o.OrderStatusId != cancelled);
        var orderCount = await orders.CountAsync();
        DateTime? lastOrder = orderCount == 0 ? null : await orders.MaxAsync(o => (DateTime?)o.CreatedOnUtc);
        return new TemplateModel
        {
            Currency = currency is null ? CurrencyModel.Usd : new CurrencyModel(currency.CurrencyCode),
            Cart = ProductPicks.Cart(lines, lines.Count > 0 ? total : null),
            Viewed = new ViewedModel { Items = viewed },
            Customer = new CustomerModel
            {
                FirstName = customer.FirstName,
                LastName = customer.LastName,
                RewardPoints = await _rewardPointService.GetRewardPointsBalanceAsync(customer.Id, store.Id),
                OrderCount = orderCount,
                LastOrderOn = lastOrder is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null,
            },
            Store = new StoreModel { Name = store.Name, Url = store.Url },
        };
    }

    /// <summary>Products the customer bought (not cancelled orders), so "viewed lately" does not offer them again.</summary>
    protected virtual async Task<HashSet<int>> BoughtAsync(int customerId)
    {
        var cancelled = (int)OrderStatus.Cancelled;
        var ids = await (from order in _orderRepository.Table
                         join item in _orderItemRepository.Table on order.Id equals item.OrderId
                         where order.CustomerId == customerId && !order.Deleted && order.OrderStatusId != cancelled
                         select item.ProductId).Distinct().Take(1000).ToListAsync();
        return ids.ToHashSet();
    }

    /// <summary>Buyable now: published, not deleted, inside its availability dates, in stock unless backorders are allowed.</summary>
    protected virtual async Task<bool> AvailableAsync(Product product)
    {
        var now = DateTime.UtcNow;
        if (product.Deleted || !product.Published)
            return false;
        if (product.AvailableStartDateTimeUtc > now || product.AvailableEndDateTimeUtc < now)
            return false;
        if (product.ManageInventoryMethod != ManageInventoryMethod.ManageStock || product.BackorderMode != BackorderMode.NoBackorders)
            return true;
        return await _productService.GetTotalStockQuantityAsync(product) > 0;
    }

    protected virtual async Task<ProductModel> CardAsync(Product product, Store store, int languageId, decimal price, int quantity, string attributesXml)
    {
        var baseUrl = store.Url?.TrimEnd('/') ?? "";
        var picture = await _pictureService.GetProductPictureAsync(product, attributesXml);
        var (pictureUrl, _) = await _pictureService.GetPictureUrlAsync(picture, PictureSize, true, baseUrl + "/");
        return new ProductModel
        {
            Name = await _localizationService.GetLocalizedAsync(product, p => p.Name, languageId),
            Url = $"{baseUrl}/{await _urlRecordService.GetSeNameAsync(product, languageId)}",
            ImageUrl = pictureUrl,
            Price = price,
            OldPrice = product.OldPrice > price ? product.OldPrice : null,
            Quantity = quantity,
        };
    }
}
