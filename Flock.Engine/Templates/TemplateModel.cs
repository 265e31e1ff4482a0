namespace Flock.Engine.Templates;

/// <summary>
/// Everything a message or widget template can show, filled by the plugin. Exposed to templates in
/// snake_case (see <see cref="TemplateModelDescription"/>); nothing else of the process is reachable.
/// Every text is HTML-escaped on output unless the template ends the output with <c>| raw</c>; even then, in HTML mode
/// the rendered result is cleaned by <see cref="CampaignHtmlSanitizer"/>, so a customer's name cannot run script.
/// Amounts are in the store currency given by <see cref="Currency"/>.
/// </summary>
public sealed record TemplateModel
{
    public CustomerModel Customer { get; init; } = new();
    public OrderModel Order { get; init; } = new();
    public OfferModel Offer { get; init; } = new();
    public RewardModel Reward { get; init; } = new();
    public LinksModel Links { get; init; } = new();
    public StoreModel Store { get; init; } = new();
    public CampaignModel Campaign { get; init; } = new();
    /// <summary>The customer's cart as it is now (a chain message re-reads it right before sending).</summary>
    public CartModel Cart { get; init; } = new();
    /// <summary>Products the customer viewed lately and has neither in the cart nor bought (<see cref="ProductPicks.RecentlyViewed"/>).</summary>
    public ViewedModel Viewed { get; init; } = new();
    /// <summary>Personal recommendations for the customer (cart, views, orders), each with its reason (<see cref="ProductModel.Reason"/>).</summary>
    public ViewedModel Recommended { get; init; } = new();
    /// <summary>What goes with the customer's latest order (the store's links, then complements), each with its reason.</summary>
    public ViewedModel Accessories { get; init; } = new();
    /// <summary>Newer models of what the customer bought (same category, brand and price band), each with its reason.</summary>
    public ViewedModel NewerModels { get; init; } = new();
    /// <summary>The currency every amount is in, used by the <c>*_formatted</c> values and the <c>money</c> filter.</summary>
    public CurrencyModel Currency { get; init; } = CurrencyModel.Rub;
}

/// <summary>A currency: ISO code (e.g. "RUB") and optional symbol (e.g. "₽"); without a symbol the code is shown.</summary>
public sealed record CurrencyModel(string Code, string? Symbol = null)
{
    public static readonly CurrencyModel Rub = new("RUB", "₽");
    public static readonly CurrencyModel Usd = new("USD", "$");
    public static readonly CurrencyModel Eur = new("EUR", "€");
}

public sealed record CustomerModel
{
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    /// <summary>Reward-point balance now.</summary>
    public int? RewardPoints { get; init; }
    /// <summary>The customer's RFM segment, ready to read ("Loyal", "At risk"…).</summary>
    public string? Segment { get; init; }
    /// <summary>Orders placed so far (not cancelled).</summary>
    public int? OrderCount { get; init; }
    public DateTimeOffset? LastOrderOn { get; init; }
}

/// <summary>One product line of a block: a cart line (with its quantity) or a viewed product (quantity 1).</summary>
public sealed record ProductModel
{
    public required string Name { get; init; }
    /// <summary>Absolute link to the product page.</summary>
    public string? Url { get; init; }
    /// <summary>Absolute link to the product's picture.</summary>
    public string? ImageUrl { get; init; }
    /// <summary>Unit price now, in <see cref="TemplateModel.Currency"/>.</summary>
    public decimal? Price { get; init; }
    /// <summary>The price before a discount, shown struck through when above <see cref="Price"/>.</summary>
    public decimal? OldPrice { get; init; }
    public int Quantity { get; init; } = 1;
    /// <summary>Why it is recommended ("Bought together with … by 34 customers"); empty outside recommendation lists.</summary>
    public string? Reason { get; init; }
}

public sealed record CartModel
{
    /// <summary>The lines shown (at most <see cref="ProductPicks.MaxCartLines"/>); <see cref="More"/> counts the rest.</summary>
    public IReadOnlyList<ProductModel> Items { get; init; } = [];
    /// <summary>Lines in the cart beyond those shown.</summary>
    public int More { get; init; }
    /// <summary>Items in the whole cart (sum of quantities), listed or not.</summary>
    public int ItemCount { get; init; }
    public decimal? Total { get; init; }
}

public sealed record ViewedModel
{
    public IReadOnlyList<ProductModel> Items { get; init; } = [];
}

public sealed record OrderModel
{
    /// <summary>The order number shown to the shopper.</summary>
    public string? Number { get; init; }
    public decimal? Total { get; init; }
    public DateTimeOffset? PlacedOn { get; init; }
}

/// <summary>What the friend gets. Either <see cref="Percent"/> or <see cref="Amount"/> is normally set.</summary>
public sealed record OfferModel
{
    /// <summary>Overrides the generated description ("5% off" / "скидку 5%").</summary>
    public string? Description { get; init; }
    public decimal? Percent { get; init; }
    public decimal? Amount { get; init; }
    public decimal? MinOrder { get; init; }
    public DateTimeOffset? ExpiresOn { get; init; }
    /// <summary>The coupon code, when the offer has one.</summary>
    public string? Code { get; init; }
}

/// <summary>What the referrer gets when a friend buys: money (<see cref="Amount"/>) or <see cref="Points"/>.</summary>
public sealed record RewardModel
{
    /// <summary>Overrides the generated description ("300 ₽" / "250 points" / "250 баллов").</summary>
    public string? Description { get; init; }
    public decimal? Amount { get; init; }
    public int? Points { get; init; }
}

/// <summary>The referrer's personal link and ready share links per channel.</summary>
public sealed record LinksModel
{
    public string? ReferralUrl { get; init; }
    public string? Vk { get; init; }
    public string? Ok { get; init; }
    public string? Facebook { get; init; }
    public string? X { get; init; }
    public string? Telegram { get; init; }
    public string? WhatsApp { get; init; }
    public string? Email { get; init; }
}

public sealed record StoreModel
{
    public string? Name { get; init; }
    public string? Url { get; init; }
}

public sealed record CampaignModel
{
    public string? Name { get; init; }
}
