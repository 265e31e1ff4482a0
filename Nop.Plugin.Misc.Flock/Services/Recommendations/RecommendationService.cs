using Flock.Engine.Recommendations;
using Nop.Core;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Localization;
using Nop.Core.Domain.Orders;
using Nop.Services.Configuration;
using Nop.Services.Catalog;
using Nop.Services.Customers;
using Nop.Services.Localization;
using Nop.Services.Orders;
using Nop.Services.Security;
using Nop.Services.Stores;

namespace Nop.Plugin.Misc.Flock.Services.Recommendations;

/// <summary>
/// The lists a shopper sees, from the engine's <see cref="Recommender"/> over this node's model, checked once more
/// against nopCommerce's own rules for the few products shown (ACL, store mapping, publication, availability dates,
/// stock) — the catalog snapshot may be minutes old — with each reason in the shopper's language.
/// </summary>
public class RecommendationService
{
    // asked of the engine beyond the count, for products nopCommerce's live check may still drop
    protected const int Spare = 4;

    protected readonly IAclService _aclService;
    protected readonly ICategoryService _categoryService;
    protected readonly ICustomerService _customerService;
    protected readonly ILocalizationService _localizationService;
    protected readonly IOrderService _orderService;
    protected readonly IProductService _productService;
    protected readonly IRecentlyViewedProductsService _recentlyViewedProductsService;
    protected readonly ISettingService _settingService;
    protected readonly IShoppingCartService _shoppingCartService;
    protected readonly IStoreContext _storeContext;
    protected readonly IStoreMappingService _storeMappingService;
    protected readonly IWorkContext _workContext;
    protected readonly RecommendationModelCache _cache;
    protected readonly RecommendationExposureBuffer _exposures;
    protected readonly Nop.Services.Logging.ILogger _logger;

    public RecommendationService(IAclService aclService,
        ICategoryService categoryService,
        ICustomerService customerService,
        ILocalizationService localizationService,
        IOrderService orderService,
        IProductService productService,
        IRecentlyViewedProductsService recentlyViewedProductsService,
        ISettingService settingService,
        IShoppingCartService shoppingCartService,
        IStoreContext storeContext,
        IStoreMappingService storeMappingService,
        IWorkContext workContext,
        RecommendationModelCache cache,
        RecommendationExposureBuffer exposures,
        Nop.Services.Logging.ILogger logger)
    {
        _logger = logger;
        _exposures = exposures;
        _aclService = aclService;
        _categoryService = categoryService;
        _customerService = customerService;
        _localizationService = localizationService;
        _orderService = orderService;
        _productService = productService;
        _recentlyViewedProductsService = recentlyViewedProductsService;
        _settingService = settingService;
        _shoppingCartService = shoppingCartService;
        _storeContext = storeContext;
        _storeMappingService = storeMappingService;
        _workContext = workContext;
        _cache = cache;
    }

    /// <summary>A product shown with why.</summary>
    public record Shown(Product Product, RecommendationReason Reason, string ReasonText);

    /// <summary>The product page: bought together with it (filled with similar products).</summary>
    public virtual async Task<IList<Shown>> ForProductAsync(int productId, FlockSettings settings)
    {
        var (scope, options) = await ScopeAsync(settings);
        var list = _cache.Read((catalog, model) => new Recommender(catalog, model, options).BoughtTogether(productId, scope, Ask(settings)), []);
        return await ShowAsync(list, settings);
    }

    /// <summary>The cart: a personal blend seeded by the cart, the recently viewed products and what the customer bought.</summary>
    public virtual async Task<IList<Shown>> ForCartAsync(FlockSettings settings)
    {
        var (scope, options) = await ScopeAsync(settings);
        var customer = await _workContext.GetCurrentCustomerAsync();
        var store = await _storeContext.GetCurrentStoreAsync();
        var cart = (await _shoppingCartService.GetShoppingCartAsync(customer, ShoppingCartType.ShoppingCart, store.Id)).Select(i => i.ProductId).Distinct().ToArray();
        var viewed = (await _recentlyViewedProductsService.GetRecentlyViewedProductsAsync(10)).Select(p => p.Id).ToArray();
        var activity = new ShopperActivity
        {
            Shopper = scope,
            Now = DateTimeOffset.UtcNow,
            CartProductIds = cart,
            ViewedProductIds = viewed,
            Bought = BoughtProduct.LatestOf(_cache.BasketsOf(customer.Id)),
        };
        var list = _cache.Read((catalog, model) => new Recommender(catalog, model, options).Personal(activity, Ask(settings)), []);
        return await ShowAsync(list, settings);
    }

    /// <summary>The thank-you page: what goes with the order's products (store links, complements, then bought together), the order itself left out.</summary>
    public virtual async Task<IList<Shown>> ForOrderAsync(Order order, FlockSettings settings, int? count = null)
    {
        var shownCount = Math.Clamp(count ?? settings.RecommendationsCount, 1, FlockDefaults.MaxRecommendations);
        var ask = shownCount + Spare;
        var (scope, options) = await ScopeAsync(settings);
        var bought = (await _orderService.GetOrderItemsAsync(order.Id)).Select(i => i.ProductId).Distinct().ToArray();
        var list = _cache.Read((catalog, model) => new Recommender(catalog, model, options).ForOrder(bought, scope, ask), []);
        return await ShowAsync(list, settings, shownCount);
    }

    /// <summary>The lists a chain email can carry (T4): personal, what goes with the latest order, newer models of what was bought.</summary>
    public record EmailRecommendations(IList<Shown> Personal, IList<Shown> Accessories, IList<Shown> NewerModels)
    {
        public static readonly EmailRecommendations None = new([], [], []);
    }

    /// <summary>
    /// A chain email's recommendation lists for <paramref name="customer"/> in <paramref name="storeId"/>, in
    /// <paramref name="language"/> (no request: the chain task sends). The holdout gets none; what it would have got is
    /// recorded the same way (place "email", one anchor per list).
    /// </summary>
    public virtual async Task<EmailRecommendations> ForEmailAsync(Customer customer, int storeId, Language language, IReadOnlyList<int> viewedProductIds, int count)
    {
        var settings = await _settingService.LoadSettingAsync<FlockSettings>(storeId);
        var options = Options(settings);
        var scope = new ShopperScope(storeId, await _customerService.GetCustomerRoleIdsAsync(customer));
        var baskets = _cache.BasketsOf(customer.Id);
        var bought = BoughtProduct.LatestOf(baskets);
        var latestOrder = baskets.Length == 0 ? [] : baskets[^1].ProductIds;
        var cart = (await _shoppingCartService.GetShoppingCartAsync(customer, ShoppingCartType.ShoppingCart, storeId)).Select(i => i.ProductId).Distinct().ToArray();
        var now = DateTimeOffset.UtcNow;
        var activity = new ShopperActivity { Shopper = scope, Now = now, CartProductIds = cart, ViewedProductIds = viewedProductIds, Bought = bought };
        var ask = count + Spare;
        var holdout = RecommendationHoldout.IsHeldOut(customer.CustomerGuid, settings.RecommendationsHoldoutPercent / 100.0);
        Func<Recommender, IReadOnlyList<Recommendation>>[] lists =
        [
            recommender => recommender.Personal(activity, ask),
            recommender => recommender.AccessoriesFor(latestOrder, scope, ask),
            recommender => recommender.NewerModelsFor(bought, now, scope, ask),
        ];
        var shown = new IList<Shown>[lists.Length];
        for (var i = 0; i < lists.Length; i++)
        {
            //each list on its own: one that fails leaves the others in the message
            try
            {
                var list = _cache.Read((catalog, model) => lists[i](new Recommender(catalog, model, options)), []);
                shown[i] = await DescribeAsync(list, count, customer, storeId, language);
                _exposures.Add(storeId, customer.Id, RecommendationPlaces.Email, i, shown[i].Select(s => s.Product.Id), holdout, DateTime.UtcNow);
            }
            catch (Exception exception)
            {
                await _logger.ErrorAsync($"Flock: recommendation list {i} of a chain message failed: {exception.Message}", exception);
                shown[i] = [];
            }
        }

        return holdout ? EmailRecommendations.None : new EmailRecommendations(shown[0], shown[1], shown[2]);
    }

    /// <summary>Every list for one product, for the admin's "what Flock recommends and why" (as a guest of the store sees it).</summary>
    public virtual async Task<IList<(string List, IList<Shown> Items)>> ExplainProductAsync(int productId, FlockSettings settings)
    {
        var options = Options(settings);
        var scope = ShopperScope.GuestOf((await _storeContext.GetCurrentStoreAsync()).Id);
        var lists = _cache.Read((catalog, model) =>
        {
            var recommender = new Recommender(catalog, model, options);
            return new (string, IReadOnlyList<Recommendation>)[]
            {
                ("BoughtTogether", recommender.BoughtTogether(productId, scope, 10)),
                ("Similar", recommender.Similar(productId, scope, 10)),
                ("PromoInCategory", recommender.PromoInCategory(productId, scope, 10)),
                ("Accessories", recommender.Accessories(productId, scope, 10)),
                ("Replacement", recommender.Replacement(productId, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, scope, 10)),
            };
        }, []);
        var result = new List<(string, IList<Shown>)>();
        var language = await _workContext.GetWorkingLanguageAsync();
        foreach (var (name, list) in lists)
            result.Add((name, await DescribeAsync(list, list.Count, await _workContext.GetCurrentCustomerAsync(), scope.StoreId, language)));
        return result;
    }

    /// <summary>The engine's options from the store's settings (the admin's sources, thresholds and exclusions).</summary>
    public static RecommenderOptions Options(FlockSettings settings) => RecommenderOptions.Default with
    {
        MinSupport = Math.Clamp(settings.RecommendationsMinSupport, RecommenderOptions.MinimumShownSupport, 1000),
        FillWithSimilar = settings.RecommendationsUseSimilar,
        FillWithBestsellers = settings.RecommendationsFillWithBestsellers,
        UseSimilar = settings.RecommendationsUseSimilar,
        UsePromo = settings.RecommendationsUsePromo,
        UseRestock = false,
        ExcludedProductIds = IdList.Parse(settings.RecommendationsExcludedProductIds).ToHashSet(),
        ExcludedCategoryIds = IdList.Parse(settings.RecommendationsExcludedCategoryIds).ToHashSet(),
    };

    protected static int Ask(FlockSettings settings) => Math.Clamp(settings.RecommendationsCount, 1, FlockDefaults.MaxRecommendations) + Spare;

    protected virtual async Task<(ShopperScope Scope, RecommenderOptions Options)> ScopeAsync(FlockSettings settings)
    {
        var customer = await _workContext.GetCurrentCustomerAsync();
        var store = await _storeContext.GetCurrentStoreAsync();
        var roles = await _customerService.GetCustomerRoleIdsAsync(customer);
        return (new ShopperScope(store.Id, roles), Options(settings));
    }

    protected virtual async Task<IList<Shown>> ShowAsync(IReadOnlyList<Recommendation> list, FlockSettings settings, int? count = null) =>
        await DescribeAsync(list, count ?? Math.Clamp(settings.RecommendationsCount, 1, FlockDefaults.MaxRecommendations),
            await _workContext.GetCurrentCustomerAsync(), (await _storeContext.GetCurrentStoreAsync()).Id, await _workContext.GetWorkingLanguageAsync());

    // nopCommerce's own checks on the live products (as its "also purchased" block does, plus stock), then the reasons in words
    protected virtual async Task<IList<Shown>> DescribeAsync(IReadOnlyList<Recommendation> list, int count, Customer customer, int storeId, Language language)
    {
        var shown = new List<Shown>();
        if (list.Count == 0)
            return shown;
        var products = (await _productService.GetProductsByIdsAsync(list.Select(r => r.ProductId).Distinct().ToArray())).ToDictionary(p => p.Id);
        var names = new Names(this, language.Id);
        foreach (var recommendation in list)
        {
            if (shown.Count == count)
                break;
            if (!products.TryGetValue(recommendation.ProductId, out var product) || shown.Any(s => s.Product.Id == product.Id)
                || !await IsShowableAsync(product, customer, storeId))
                continue;
            await names.LoadAsync(recommendation.Reason);
            shown.Add(new Shown(product, recommendation.Reason, RecommendationReasons.Describe(recommendation.Reason, language.UniqueSeoCode, names)));
        }

        return shown;
    }

    protected virtual async Task<bool> IsShowableAsync(Product product, Customer customer, int storeId)
    {
        if (product.Deleted || !product.Published || !product.VisibleIndividually || !_productService.ProductIsAvailable(product))
            return false;
        if (!await _aclService.AuthorizeAsync(product, customer) || !await _storeMappingService.AuthorizeAsync(product, storeId))
            return false;
        return product.ManageInventoryMethod != ManageInventoryMethod.ManageStock || product.BackorderMode != BackorderMode.NoBackorders
            || await _productService.GetTotalStockQuantityAsync(product) > 0;
    }

    /// <summary>Localized names of the products and categories reasons mention, read before the (synchronous) wording.</summary>
    protected sealed class Names(RecommendationService service, int languageId) : IRecommendationNames
    {
        private readonly Dictionary<int, string> _products = [];
        private readonly Dictionary<int, string> _categories = [];

        public async Task LoadAsync(RecommendationReason reason)
        {
            if (reason.AnchorProductId > 0 && !_products.ContainsKey(reason.AnchorProductId))
                _products[reason.AnchorProductId] = await service._productService.GetProductByIdAsync(reason.AnchorProductId) is { } p
                    ? await service._localizationService.GetLocalizedAsync(p, x => x.Name, languageId) : string.Empty;
            if (reason.CategoryId > 0 && !_categories.ContainsKey(reason.CategoryId))
                _categories[reason.CategoryId] = await service._categoryService.GetCategoryByIdAsync(reason.CategoryId) is { } c
                    ? await service._localizationService.GetLocalizedAsync(c, x => x.Name, languageId) : string.Empty;
        }

        public string Product(int productId) => _products.GetValueOrDefault(productId, string.Empty);

        public string Category(int categoryId) => _categories.GetValueOrDefault(categoryId, string.Empty);
    }
}

/// <summary>A comma-separated list of ids as the admin types it ("12, 40 ,7"); anything that is not a positive id is an error.</summary>
public static class IdList
{
    public static IReadOnlyList<int> Parse(string text) =>
        string.IsNullOrWhiteSpace(text) ? [] : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) && id > 0 ? id : 0)
            .Where(id => id > 0).Distinct().ToArray();

    /// <summary>The parts that are not positive ids (for the admin's validation message).</summary>
    public static IReadOnlyList<string> Invalid(string text) =>
        string.IsNullOrWhiteSpace(text) ? [] : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(part => !int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) || id <= 0).ToArray();
}
