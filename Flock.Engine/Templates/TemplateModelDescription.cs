namespace Flock.Engine.Templates;

/// <summary>One token of the template model, for the admin's token picker.</summary>
public sealed record TemplateToken(string Path, string Description, string Example)
{
    /// <summary>The text to insert into a template, e.g. <c>{{ customer.first_name }}</c>.</summary>
    public string Snippet => $"{{{{ {Path} }}}}";
}

/// <summary>The fixed template model: every token a template may use, with a description and an example.</summary>
public static class TemplateModelDescription
{
    public static IReadOnlyList<TemplateToken> Tokens { get; } =
    [
        new("customer.first_name", "Customer's first name (empty when unknown)", "Anna"),
        new("customer.last_name", "Customer's last name", "Ivanova"),
        new("customer.full_name", "First and last name", "Anna Ivanova"),
        new("customer.reward_points", "Reward-point balance now", "1200"),
        new("customer.segment", "The customer's RFM segment", "Loyal"),
        new("customer.order_count", "Orders placed so far", "4"),
        new("customer.last_order_on", "Date of the last order, per language", "2 October 2026"),
        new("order.number", "Order number shown to the customer", "10452"),
        new("order.total", "Order total as a number", "2490.5"),
        new("order.total_formatted", "Order total with currency, per language", "2 490,50 ₽"),
        new("order.placed_on", "Order date, per language", "23 ноября 2026 г."),
        new("offer.description", "What the friend gets, ready to read", "5% off"),
        new("offer.percent", "Friend's discount in percent (empty for a fixed amount)", "5"),
        new("offer.amount", "Friend's discount as an amount (empty for a percentage)", "500"),
        new("offer.amount_formatted", "Friend's discount amount with currency", "500 ₽"),
        new("offer.min_order_formatted", "Minimum order for the friend's discount, with currency", "1 000 ₽"),
        new("offer.expires_on", "Last day of the offer, per language", "November 30, 2026"),
        new("offer.code", "Coupon code for the friend", "ANNA5"),
        new("reward.description", "What the referrer gets, ready to read", "300 ₽"),
        new("reward.amount_formatted", "Referrer's reward amount with currency", "300 ₽"),
        new("reward.points", "Referrer's reward in points", "250"),
        new("links.referral_url", "The referrer's personal link", "https://shop.example/r/K7Q2M"),
        new("links.vk", "Share on VK", "https://vk.com/share.php?url=…"),
        new("links.ok", "Share on Odnoklassniki", "https://connect.ok.ru/offer?url=…"),
        new("links.facebook", "Share on Facebook", "https://www.facebook.com/sharer/sharer.php?u=…"),
        new("links.x", "Share on X", "https://x.com/intent/post?url=…"),
        new("links.telegram", "Share on Telegram", "https://t.me/share/url?url=…"),
        new("links.whatsapp", "Share on WhatsApp", "https://wa.me/?text=…"),
        new("links.email", "Share by email (mailto link)", "mailto:?subject=…"),
        new("store.name", "Store name", "Cosy Shop"),
        new("store.url", "Store home page", "https://shop.example/"),
        new("campaign.name", "Campaign name", "Spring referral"),
        new("cart.items", "The cart's lines now, for {% for item in cart.items %}: item.name, item.url, item.image_url, item.price_formatted, item.old_price_formatted, item.quantity, item.line_total_formatted", "…"),
        new("cart.count", "Items in the cart (sum of quantities)", "3"),
        new("cart.more", "Cart lines beyond those listed", "0"),
        new("cart.total", "Cart total as a number", "4980"),
        new("cart.total_formatted", "Cart total with currency", "4 980 ₽"),
        new("viewed.items", "Products viewed lately, not in the cart and not bought (same fields as cart.items)", "…"),
        new("viewed.count", "How many viewed products are listed", "4"),
        new("recommended.items", "Personal recommendations (cart, views, orders), same fields as cart.items plus item.reason", "…"),
        new("recommended.count", "How many recommendations are listed", "4"),
        new("accessories.items", "What goes with the customer's latest order, same fields plus item.reason", "…"),
        new("accessories.count", "How many accessories are listed", "4"),
        new("newer_models.items", "Newer models of what the customer bought, same fields plus item.reason", "…"),
        new("newer_models.count", "How many newer models are listed", "2"),
    ];

    /// <summary>Filters added by Flock on top of DotLiquid's standard ones.</summary>
    public static IReadOnlyList<TemplateToken> Filters { get; } =
    [
        new("raw", "Outputs the value without HTML escaping (only for trusted HTML)", "{{ store.url | raw }}"),
        new("money", "Formats a number as money in the model's currency and the render language", "{{ order.total | money }}"),
        new("date", "DotLiquid's date filter with a .NET format; month names follow the render language", "{{ '2026-11-23' | date: 'd MMMM' }}"),
        new("plural", "Picks the word form for a count: en one, other; ru one, few, many", "{{ reward.points | plural: \"балл\", \"балла\", \"баллов\" }}"),
    ];

    private static readonly HashSet<string> Paths = Tokens.Select(t => t.Path).ToHashSet(StringComparer.Ordinal);
    private static readonly HashSet<string> Roots = Tokens.Select(t => t.Path[..t.Path.IndexOf('.')]).ToHashSet(StringComparer.Ordinal);

    /// <summary>True when <paramref name="path"/> (e.g. "order.number") is a model token.</summary>
    public static bool Contains(string path) => Paths.Contains(path);

    /// <summary>True when <paramref name="name"/> is a model object (e.g. "order").</summary>
    public static bool IsRoot(string name) => Roots.Contains(name);
}
