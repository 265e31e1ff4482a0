using System.Text.Json;
using Flock.Engine.Targeting;
using Microsoft.AspNetCore.Mvc.Rendering;
using Nop.Core;
using Nop.Core.Domain.Localization;
using Nop.Plugin.Misc.Flock.Localization;
using Nop.Plugin.Misc.Flock.Services;
using Nop.Services.Catalog;
using Nop.Services.Customers;
using Nop.Services.Directory;
using Nop.Services.Localization;
using Nop.Services.Stores;
using Nop.Web.Areas.Admin.Factories;

namespace Nop.Plugin.Misc.Flock.Factories;

/// <summary>
/// What the audience rule builder shows, in the admin's language: the engine's fields with their labels and hints,
/// operator and value labels, and the store's own lists (categories, manufacturers, roles, stores, countries, languages)
/// as pickers whose values are exactly what the engine's fields hold. The rule JSON keeps the engine's field keys.
/// </summary>
public class AudienceBuilderFactory
{
    /// <summary>Products shown per page of the search-as-you-type picker.</summary>
    public const int ProductPageSize = 20;

    private const string P = FlockDefaults.ResourcePrefix + ".Admin.Rule.";

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Which picker offers the values of a field (by engine key); the other fields are typed in.</summary>
    public static IReadOnlyDictionary<string, string> PickerOf { get; } = new Dictionary<string, string>
    {
        ["order.product_ids"] = Pickers.Product,
        ["cart.product_ids"] = Pickers.Product,
        ["order.category_ids"] = Pickers.Category,
        ["cart.category_ids"] = Pickers.Category,
        ["order.manufacturer_ids"] = Pickers.Manufacturer,
        ["cart.manufacturer_ids"] = Pickers.Manufacturer,
        ["customer.roles"] = Pickers.Role,
        ["customer.country"] = Pickers.Country,
        ["store.id"] = Pickers.Store,
        ["store.language"] = Pickers.Language,
    };

    public static class Pickers
    {
        public const string Product = "product";
        public const string Category = "category";
        public const string Manufacturer = "manufacturer";
        public const string Role = "role";
        public const string Country = "country";
        public const string Store = "store";
        public const string Language = "language";
    }

    protected static readonly string[] Texts =
    [
        "All", "Any", "Not", "AddCondition", "AddGroup", "RemoveGroup", "Empty", "Remove", "Yes", "No", "IdsHint", "ListHint",
        "Picker.Choose", "Picker.Search", "Picker.NotFound", "Picker.NoSystemName", "Picker.Inactive",
    ];

    protected readonly IBaseAdminModelFactory _baseAdminModelFactory;
    protected readonly ICountryService _countryService;
    protected readonly ICustomerService _customerService;
    protected readonly ILanguageService _languageService;
    protected readonly ILocalizationService _localizationService;
    protected readonly IProductService _productService;
    protected readonly IStoreService _storeService;
    protected readonly IWorkContext _workContext;

    public AudienceBuilderFactory(IBaseAdminModelFactory baseAdminModelFactory,
        ICountryService countryService,
        ICustomerService customerService,
        ILanguageService languageService,
        ILocalizationService localizationService,
        IProductService productService,
        IStoreService storeService,
        IWorkContext workContext)
    {
        _baseAdminModelFactory = baseAdminModelFactory;
        _countryService = countryService;
        _customerService = customerService;
        _languageService = languageService;
        _localizationService = localizationService;
        _productService = productService;
        _storeService = storeService;
        _workContext = workContext;
    }

    /// <summary>
    /// The builder's data as JSON; <paramref name="audienceJson"/> is the rule shown, for the names of its products (the
    /// view adds the product search URL).
    /// </summary>
    public virtual async Task<string> PrepareJsonAsync(string audienceJson)
    {
        var language = await _workContext.GetWorkingLanguageAsync();
        async Task<string> Text(string key, string fallback) => await ResourceAsync(language, P + key) ?? fallback;

        var fields = new List<object>();
        //the referral programme decides at an order, a registration or a page — never with a cart in hand: cart fields would never match
        foreach (var f in TargetingFields.Default.Fields.Where(f => !f.Name.StartsWith("cart.", StringComparison.Ordinal)))
        {
            var group = f.Name.Split('.')[0];
            var allowedLabels = new List<string>();
            foreach (var value in f.AllowedValues)
                allowedLabels.Add(await Text($"Value.{f.Name}.{value}", value));
            fields.Add(new
            {
                name = f.Name,
                type = f.Type.ToString(),
                label = await Text($"Field.{f.Name}", f.Name),
                description = await Text($"Field.{f.Name}.Hint", f.Description),
                group = await Text($"FieldGroup.{group}", group),
                operators = f.OperatorNames,
                allowed = f.AllowedValues,
                allowedLabels,
                picker = PickerOf.GetValueOrDefault(f.Name),
            });
        }

        var operators = new Dictionary<string, string>();
        foreach (var op in Enum.GetValues<RuleOperator>().Select(RuleOperators.NameOf))
            operators[op] = await Text($"Operator.{op}", op);

        var texts = new Dictionary<string, string>();
        foreach (var key in Texts)
            if (await ResourceAsync(language, P + key) is { } text)
                texts[char.ToLowerInvariant(key[0]) + key[1..].Replace(".", "")] = text;

        var productIds = AudienceIds.Of(audienceJson, PickerOf.Where(p => p.Value == Pickers.Product).Select(p => p.Key));
        var pickers = new Dictionary<string, object>
        {
            [Pickers.Product] = new { known = await ProductOptionsAsync(productIds) },
            [Pickers.Category] = new { options = await SelectListOptionsAsync(items => _baseAdminModelFactory.PrepareCategoriesAsync(items, false)) },
            [Pickers.Manufacturer] = new { options = await SelectListOptionsAsync(items => _baseAdminModelFactory.PrepareManufacturersAsync(items, false)) },
            [Pickers.Role] = new { options = await RoleOptionsAsync(await Text("Picker.NoSystemName", "no system name"), await Text("Picker.Inactive", "inactive")) },
            [Pickers.Store] = new { options = (await _storeService.GetAllStoresAsync()).Select(s => new PickerOption(s.Id, s.Name)).ToList() },
            [Pickers.Country] = new { options = await CountryOptionsAsync(language) },
            [Pickers.Language] = new { options = await LanguageOptionsAsync() },
        };

        return JsonSerializer.Serialize(new { fields, operators, texts, pickers }, JsonOptions);
    }

    /// <summary>One page of products whose name (or SKU) matches, for the product picker.</summary>
    public virtual async Task<ProductSearchResult> SearchProductsAsync(string term, int page)
    {
        var vendor = await _workContext.GetCurrentVendorAsync();
        var products = await _productService.SearchProductsAsync(pageIndex: Math.Max(0, page - 1), pageSize: ProductPageSize,
            vendorId: vendor?.Id ?? 0, keywords: string.IsNullOrWhiteSpace(term) ? null : term.Trim(),
            orderBy: Nop.Core.Domain.Catalog.ProductSortingEnum.NameAsc, showHidden: true);
        return new ProductSearchResult(products.Select(p => new PickerOption(p.Id, ProductText(p))).ToList(), products.HasNextPage);
    }

    protected virtual async Task<List<PickerOption>> ProductOptionsAsync(IReadOnlyCollection<int> ids)
    {
        if (ids.Count == 0)
            return [];
        //deleted products are still named (the rule may name them); an id with no product at all shows as its number
        var products = await _productService.GetProductsByIdsAsync(ids.ToArray());
        return products.Select(p => new PickerOption(p.Id, ProductText(p))).ToList();
    }

    protected static string ProductText(Nop.Core.Domain.Catalog.Product product) =>
        string.IsNullOrWhiteSpace(product.Sku) ? product.Name : $"{product.Name} ({product.Sku})";

    /// <summary>A list nopCommerce's admin prepares (its cached category breadcrumbs, manufacturers): values are ids.</summary>
    protected static async Task<List<PickerOption>> SelectListOptionsAsync(Func<IList<SelectListItem>, Task> prepare)
    {
        var items = new List<SelectListItem>();
        await prepare(items);
        return items.Where(i => int.TryParse(i.Value, out _)).Select(i => new PickerOption(int.Parse(i.Value), i.Text)).ToList();
    }

    /// <summary>
    /// Roles by system name, as the snapshot reads them. A role without a system name never reaches the engine
    /// (SnapshotFactory skips it), so it is listed but cannot be chosen.
    /// </summary>
    protected virtual async Task<List<PickerOption>> RoleOptionsAsync(string noSystemName, string inactive) =>
        (await _customerService.GetAllCustomerRolesAsync(showHidden: true))
        .Select(r => string.IsNullOrWhiteSpace(r.SystemName)
            ? new PickerOption($"#{r.Id}", $"{r.Name} ({noSystemName})", Disabled: true)
            : new PickerOption(r.SystemName, RoleText(r, inactive)))
        .ToList();

    protected static string RoleText(Nop.Core.Domain.Customers.CustomerRole role, string inactive)
    {
        var notes = new List<string>();
        if (!string.Equals(role.Name, role.SystemName, StringComparison.OrdinalIgnoreCase))
            notes.Add(role.SystemName);
        if (!role.Active)
            notes.Add(inactive);
        return notes.Count == 0 ? role.Name : $"{role.Name} ({string.Join(", ", notes)})";
    }

    protected virtual async Task<List<PickerOption>> CountryOptionsAsync(Language language)
    {
        var options = new List<PickerOption>();
        foreach (var country in await _countryService.GetAllCountriesAsync(language.Id, showHidden: true))
            if (!string.IsNullOrWhiteSpace(country.TwoLetterIsoCode))
                options.Add(new PickerOption(country.TwoLetterIsoCode, $"{await _localizationService.GetLocalizedAsync(country, c => c.Name, language.Id)} ({country.TwoLetterIsoCode})"));
        return options;
    }

    /// <summary>The shopper's language as the storefront passes it to the engine: the language's SEO code.</summary>
    protected virtual async Task<List<PickerOption>> LanguageOptionsAsync() =>
        (await _languageService.GetAllLanguagesAsync(showHidden: true))
        .Where(l => !string.IsNullOrWhiteSpace(l.UniqueSeoCode))
        .Select(l => new PickerOption(l.UniqueSeoCode, $"{l.Name} ({l.UniqueSeoCode})"))
        .ToList();

    /// <summary>
    /// The store's resource, else Flock's bundled text for the language (resources added in a later Flock version show
    /// before they are installed), else null.
    /// </summary>
    protected virtual async Task<string> ResourceAsync(Language language, string key)
    {
        var text = await _localizationService.GetResourceAsync(key, language.Id, logIfNotFound: false, defaultValue: "", returnEmptyIfNotFound: true);
        if (!string.IsNullOrEmpty(text))
            return text;
        var bundled = LocaleResourceInstaller.IsRussian(language) ? FlockAdminResources.Russian : FlockAdminResources.English;
        return bundled.GetValueOrDefault(key);
    }
}

/// <summary>One choice of a picker: the value the rule stores (an id or a code) and what the admin reads.</summary>
public record PickerOption(object Value, string Text, bool Disabled = false);

public record ProductSearchResult(IReadOnlyList<PickerOption> Results, bool More);

/// <summary>The ids a rule's JSON names for some fields, read leniently (the rule shown may be invalid).</summary>
public static class AudienceIds
{
    public static IReadOnlyCollection<int> Of(string ruleJson, IEnumerable<string> fields)
    {
        var ids = new HashSet<int>();
        if (string.IsNullOrWhiteSpace(ruleJson))
            return ids;
        var wanted = fields.ToHashSet(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(ruleJson);
            Collect(document.RootElement, wanted, ids);
        }
        catch (JsonException)
        {
        }
        return ids;
    }

    private static void Collect(JsonElement node, HashSet<string> fields, HashSet<int> ids)
    {
        if (node.ValueKind != JsonValueKind.Object)
            return;
        if (node.TryGetProperty("conditions", out var conditions) && conditions.ValueKind == JsonValueKind.Array)
            foreach (var child in conditions.EnumerateArray())
                Collect(child, fields, ids);
        if (!node.TryGetProperty("field", out var field) || field.ValueKind != JsonValueKind.String || !fields.Contains(field.GetString()!)
            || !node.TryGetProperty("value", out var value))
            return;
        foreach (var item in value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToArray() : [value])
            if (item.ValueKind == JsonValueKind.Number && item.TryGetInt32(out var id))
                ids.Add(id);
    }
}
