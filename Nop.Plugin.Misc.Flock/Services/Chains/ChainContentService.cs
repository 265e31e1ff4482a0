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
using Nop.Core.Domain.Tax;
using Nop.Core.Domain.Payments;
using Flock.Engine.Segments;
using Nop.Services.Customers;
using Nop.Services.Security;
using Nop.Services.Stores;
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
    protected readonly IAclService _aclService;
    protected readonly ILanguageService _languageService;
    protected readonly Segments.SegmentService _segmentService;
    protected readonly ICustomerService _customerService;
    protected readonly IOrderTotalCalculationService _orderTotalCalculationService;
    protected readonly IStoreMappingService _storeMappingService;
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
    protected readonly Recommendations.RecommendationService _recommendationService;
    protected readonly Nop.Services.Logging.ILogger _logger;

    public ChainContentService(CurrencySettings currencySettings,
        IAclService aclService,
        ILanguageService languageService,
        Segments.SegmentService segmentService,
        ICustomerService customerService,
        IOrderTotalCalculationService orderTotalCalculationService,
        IStoreMappingService storeMappingService,
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
        IUrlRecordService urlRecordService,
        Recommendations.RecommendationService recommendationService,
        Nop.Services.Logging.ILogger logger)
    {
        _logger = logger;
        _recommendationService = recommendationService;
        _currencySettings = currencySettings;
        _aclService = aclService;
        _languageService = languageService;
        _segmentService = segmentService;
        _customerService = customerService;
        _orderTotalCalculationService = orderTotalCalculationService;
        _storeMappingService = storeMappingService;
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

    /// <summary>
    /// The personal part of the message model for the customer now: prices as the customer sees them on the site (their
    /// tax display, their currency), only lines and products they can buy in this store, cards only for what is listed.
    /// </summary>
    /// <param name="featuredProductId">The product the message is about (a price drop, a return to stock): first among the viewed products, whether viewed, in the cart or wished for; 0: none.</param>
    public virtual async Task<TemplateModel> ReadAsync(Customer customer, Store store, int languageId, int featuredProductId = 0)
    {
        var currency = await CurrencyOfAsync(customer);
        var includingTax = await _customerService.GetCustomerTaxDisplayTypeAsync(customer) == TaxDisplayType.IncludingTax;
        var cart = await ShowableCartAsync(customer, store.Id);
        var products = (await _productService.GetProductsByIdsAsync(cart.Select(i => i.ProductId).Distinct().ToArray())).ToDictionary(p => p.Id);
        var lines = new List<ProductModel>();
        foreach (var item in cart.Take(ProductPicks.MaxCartLines))
        {
            var product = products[item.ProductId];
            var (unit, _, _) = await _shoppingCartService.GetUnitPriceAsync(item, true);
            lines.Add(await CardAsync(product, customer, store, languageId, currency, includingTax, unit, item.Quantity, item.AttributesXml));
        }
        decimal? total = null;
        if (cart.Count > 0)
        {
            var (_, _, _, withDiscount, _) = await _orderTotalCalculationService.GetShoppingCartSubTotalAsync(cart, includingTax);
            total = await _currencyService.ConvertFromPrimaryStoreCurrencyAsync(withDiscount, currency);
        }

        var bought = await BoughtAsync(customer.Id);
        var since = DateTime.UtcNow - ViewedWindow;
        var productViewed = (int)ChainTriggerKind.ProductViewed;
        var storeId = store.Id;
        var views = await _activityRepository.Table
            .Where(a => a.CustomerId == customer.Id && a.StoreId == storeId && a.Kind == productViewed && a.CreatedOnUtc >= since && a.EntityId > 0)
            .GroupBy(a => a.EntityId).Select(g => new { ProductId = g.Key, At = g.Max(a => a.CreatedOnUtc) })
            .OrderByDescending(v => v.At).Take(ProductPicks.MaxViewed * 5).ToListAsync();
        var viewedProducts = (await _productService.GetProductsByIdsAsync(views.Select(v => v.ProductId).ToArray())).ToDictionary(p => p.Id);
        var candidates = new List<ViewedProduct>();
        foreach (var view in views)
            candidates.Add(new ViewedProduct(view.ProductId, new DateTimeOffset(DateTime.SpecifyKind(view.At, DateTimeKind.Utc)),
                viewedProducts.TryGetValue(view.ProductId, out var product) && await BuyableAsync(product, customer, storeId)));
        var viewed = new List<ProductModel>();
        var featured = featuredProductId > 0 && await _productService.GetProductByIdAsync(featuredProductId) is { } about && await BuyableAsync(about, customer, storeId) ? about : null;
        foreach (var id in ProductPicks.WithFeatured(ProductPicks.RecentlyViewed(candidates, cart.Select(i => i.ProductId).ToHashSet(), bought), featured?.Id))
        {
            var product = id == featured?.Id ? featured : viewedProducts[id];
            var (_, final, _, _) = await _priceCalculationService.GetFinalPriceAsync(product, customer, store);
            viewed.Add(await CardAsync(product, customer, store, languageId, currency, includingTax, final, 1, null));
        }

        //recommendations (P1–P2) for the product blocks: personal, what goes with the latest order, newer models of what was bought
        var language = await _languageService.GetLanguageByIdAsync(languageId) ?? await _languageService.GetLanguageByIdAsync(store.DefaultLanguageId)
            ?? (await _languageService.GetAllLanguagesAsync(storeId: store.Id)).First();
        var recommended = Recommendations.RecommendationService.EmailRecommendations.None;
        try
        {
            recommended = await _recommendationService.ForEmailAsync(customer, storeId, language, views.Select(v => v.ProductId).ToArray(), ProductPicks.MaxViewed);
        }
        catch (Exception exception)
        {
            //a message never fails for its recommendations: it goes without them
            await _logger.ErrorAsync($"Flock: the recommendations of a chain message failed: {exception.Message}", exception);
        }

        async Task<ViewedModel> CardsAsync(IList<Recommendations.RecommendationService.Shown> list)
        {
            var cards = new List<ProductModel>();
            foreach (var shown in list)
            {
                var (_, final, _, _) = await _priceCalculationService.GetFinalPriceAsync(shown.Product, customer, store);
                cards.Add(await CardAsync(shown.Product, customer, store, languageId, currency, includingTax, final, 1, null) with { Reason = shown.ReasonText });
            }

            return new ViewedModel { Items = cards };
        }

        var cancelled = (int)OrderStatus.Cancelled;
        var orders = _orderRepository.Table.Where(o => o.CustomerId == customer.Id && !o.Deleted && o.OrderStatusId != cancelled);
        var orderCount = await orders.CountAsync();
        DateTime? lastOrder = orderCount == 0 ? null : await orders.MaxAsync(o => (DateTime?)o.CreatedOnUtc);
        return new TemplateModel
        {
            Currency = CurrencyModelOf(currency),
            Cart = ProductPicks.Cart(lines, total, cart.Count, cart.Sum(i => i.Quantity)),
            Viewed = new ViewedModel { Items = viewed },
            Recommended = await CardsAsync(recommended.Personal),
            Accessories = await CardsAsync(recommended.Accessories),
            NewerModels = await CardsAsync(recommended.NewerModels),
            Customer = new CustomerModel
            {
                FirstName = customer.FirstName,
                LastName = customer.LastName,
                RewardPoints = await _rewardPointService.GetRewardPointsBalanceAsync(customer.Id, store.Id),
                OrderCount = orderCount,
                Segment = await SegmentNameAsync(customer, languageId),
                LastOrderOn = lastOrder is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null,
            },
            Store = new StoreModel { Name = store.Name, Url = store.Url },
        };
    }

    /// <summary>
    /// The customer's cart lines that a message may show, in the order of the cart page: the product exists, is not
    /// deleted and is published. The emptied-cart goal counts exactly these (<see cref="ChainFactsService.CartItemCountAsync"/>),
    /// so a cart of only withdrawn products ends the chain instead of sending "still in your cart:" and nothing.
    /// </summary>
    public virtual async Task<IList<ShoppingCartItem>> ShowableCartAsync(Customer customer, int storeId)
    {
        var cart = await _shoppingCartService.GetShoppingCartAsync(customer, ShoppingCartType.ShoppingCart, storeId);
        if (cart.Count == 0)
            return cart;
        var ids = cart.Select(i => i.ProductId).Distinct().ToArray();
        var showable = (await _productService.GetProductsByIdsAsync(ids)).Where(p => !p.Deleted && p.Published).Select(p => p.Id).ToHashSet();
        return cart.Where(i => showable.Contains(i.ProductId)).ToList();
    }

    /// <summary>The customer's own currency when it is published, else the store's primary one.</summary>
    protected virtual async Task<Currency> CurrencyOfAsync(Customer customer)
    {
        if (customer.CurrencyId is { } id && await _currencyService.GetCurrencyByIdAsync(id) is { Published: true } own)
            return own;
        return await _currencyService.GetCurrencyByIdAsync(_currencySettings.PrimaryStoreCurrencyId);
    }

    /// <summary>The code and the symbol the currency's display locale uses ("$", "€", "₽"); the code alone when there is none.</summary>
    protected static CurrencyModel CurrencyModelOf(Currency currency)
    {
        if (currency is null)
            return CurrencyModel.Usd;
        try
        {
            if (!string.IsNullOrEmpty(currency.DisplayLocale))
                return new CurrencyModel(currency.CurrencyCode, new System.Globalization.RegionInfo(currency.DisplayLocale).CurrencySymbol);
        }
        catch (ArgumentException)
        {
            //an unknown locale: show the code
        }
        return new CurrencyModel(currency.CurrencyCode);
    }

    /// <summary>The customer's RFM segment, ready to read in their language; null while the store's model is not built yet.</summary>
    protected virtual async Task<string> SegmentNameAsync(Customer customer, int languageId)
    {
        if (await _segmentService.ScoreOfAsync(customer.Id) is not { } score)
            return null;
        var language = languageId == 0 ? null : await _languageService.GetLanguageByIdAsync(languageId);
        return RfmSegments.DisplayName(score.Segment, language?.UniqueSeoCode);
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

    /// <summary>Buyable now by this customer in this store: published, not deleted, visible to them (store mapping, ACL), inside its availability dates, in stock unless backorders are allowed.</summary>
    protected virtual async Task<bool> BuyableAsync(Product product, Customer customer, int storeId)
    {
        var now = DateTime.UtcNow;
        if (product.Deleted || !product.Published)
            return false;
        if (!await _storeMappingService.AuthorizeAsync(product, storeId) || !await _aclService.AuthorizeAsync(product, customer))
            return false;
        if (product.AvailableStartDateTimeUtc > now || product.AvailableEndDateTimeUtc < now)
            return false;
        if (product.ManageInventoryMethod != ManageInventoryMethod.ManageStock || product.BackorderMode != BackorderMode.NoBackorders)
            return true;
        return await _productService.GetTotalStockQuantityAsync(product) > 0;
    }

    /// <summary>One product line: the price (and the old price) with the customer's tax display and in their currency.</summary>
    protected virtual async Task<ProductModel> CardAsync(Product product, Customer customer, Store store, int languageId, Currency currency,
        bool includingTax, decimal priceBeforeTax, int quantity, string attributesXml)
    {
        var (price, _) = await _taxService.GetProductPriceAsync(product, priceBeforeTax, includingTax, customer);
        var (oldPrice, _) = await _taxService.GetProductPriceAsync(product, product.OldPrice, includingTax, customer);
        price = await _currencyService.ConvertFromPrimaryStoreCurrencyAsync(price, currency);
        oldPrice = await _currencyService.ConvertFromPrimaryStoreCurrencyAsync(oldPrice, currency);
        var baseUrl = store.Url?.TrimEnd('/') ?? "";
        var picture = await _pictureService.GetProductPictureAsync(product, attributesXml);
        var (pictureUrl, _) = await _pictureService.GetPictureUrlAsync(picture, PictureSize, true, baseUrl + "/");
        return new ProductModel
        {
            Name = await _localizationService.GetLocalizedAsync(product, p => p.Name, languageId),
            //a slug may be Cyrillic (nopCommerce allows Unicode URLs): the link is sent percent-encoded
            Url = new Uri($"{baseUrl}/{await _urlRecordService.GetSeNameAsync(product, languageId)}").AbsoluteUri,
            ImageUrl = pictureUrl,
            Price = price,
            OldPrice = product.OldPrice > 0 && oldPrice > price ? oldPrice : null,
            Quantity = quantity,
        };
    }
}
