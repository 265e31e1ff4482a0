using DotLiquid;

namespace Flock.Engine.Templates;

/// <summary>
/// Turns a <see cref="TemplateModel"/> into DotLiquid hashes by hand: only the documented tokens exist,
/// values are strings, numbers or null (empty texts become null so <c>{% if customer.first_name %}</c> works).
/// No reflection, no access to any other member.
/// </summary>
internal static class TemplateModelHash
{
    public static Hash Build(TemplateModel model, TemplateCulture culture)
    {
        string? Money(decimal? amount) => amount is { } value ? culture.FormatMoney(value, model.Currency) : null;
        string? Date(DateTimeOffset? date) => date is { } value ? culture.FormatDate(value) : null;

        var customer = model.Customer;
        var fullName = string.Join(" ", new[] { customer.FirstName, customer.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!.Trim()));

        return new Hash
        {
            ["customer"] = new Hash
            {
                ["first_name"] = Text(customer.FirstName?.Trim()),
                ["last_name"] = Text(customer.LastName?.Trim()),
                ["full_name"] = Text(fullName),
                ["reward_points"] = customer.RewardPoints,
                ["segment"] = Text(customer.Segment),
                ["order_count"] = customer.OrderCount,
                ["last_order_on"] = Date(customer.LastOrderOn),
            },
            ["order"] = new Hash
            {
                ["number"] = Text(model.Order.Number),
                ["total"] = model.Order.Total,
                ["total_formatted"] = Money(model.Order.Total),
                ["placed_on"] = Date(model.Order.PlacedOn),
            },
            ["offer"] = new Hash
            {
                ["description"] = Text(model.Offer.Description) ?? Text(DescribeOffer(model.Offer, culture, model.Currency)),
                ["percent"] = model.Offer.Percent,
                ["amount"] = model.Offer.Amount,
                ["amount_formatted"] = Money(model.Offer.Amount),
                ["min_order_formatted"] = Money(model.Offer.MinOrder),
                ["expires_on"] = Date(model.Offer.ExpiresOn),
                ["code"] = Text(model.Offer.Code),
            },
            ["reward"] = new Hash
            {
                ["description"] = Text(model.Reward.Description) ?? Text(DescribeReward(model.Reward, culture, model.Currency)),
                ["amount_formatted"] = Money(model.Reward.Amount),
                ["points"] = model.Reward.Points,
            },
            ["links"] = new Hash
            {
                ["referral_url"] = Text(model.Links.ReferralUrl),
                ["vk"] = Text(model.Links.Vk),
                ["ok"] = Text(model.Links.Ok),
                ["facebook"] = Text(model.Links.Facebook),
                ["x"] = Text(model.Links.X),
                ["telegram"] = Text(model.Links.Telegram),
                ["whatsapp"] = Text(model.Links.WhatsApp),
                ["email"] = Text(model.Links.Email),
            },
            ["store"] = new Hash
            {
                ["name"] = Text(model.Store.Name),
                ["url"] = Text(model.Store.Url),
            },
            ["campaign"] = new Hash
            {
                ["name"] = Text(model.Campaign.Name),
            },
            ["cart"] = new Hash
            {
                ["items"] = Products(model.Cart.Items),
                ["count"] = model.Cart.ItemCount,
                ["more"] = model.Cart.More,
                ["total"] = model.Cart.Total,
                ["total_formatted"] = Money(model.Cart.Total),
            },
            ["viewed"] = new Hash
            {
                ["items"] = Products(model.Viewed.Items),
                ["count"] = model.Viewed.Items.Count,
            },
            ["recommended"] = new Hash
            {
                ["items"] = Products(model.Recommended.Items),
                ["count"] = model.Recommended.Items.Count,
            },
            ["accessories"] = new Hash
            {
                ["items"] = Products(model.Accessories.Items),
                ["count"] = model.Accessories.Items.Count,
            },
            ["newer_models"] = new Hash
            {
                ["items"] = Products(model.NewerModels.Items),
                ["count"] = model.NewerModels.Items.Count,
            },
        };

        List<Hash> Products(IReadOnlyList<ProductModel> products) => products.Select(p => new Hash
        {
            ["name"] = Text(p.Name),
            ["url"] = Text(p.Url),
            ["image_url"] = Text(p.ImageUrl),
            ["price"] = p.Price,
            ["price_formatted"] = Money(p.Price),
            ["old_price_formatted"] = p.OldPrice > p.Price ? Money(p.OldPrice) : null,
            ["quantity"] = p.Quantity,
            ["line_total_formatted"] = Money(p.Price * p.Quantity),
            ["reason"] = Text(p.Reason),
        }).ToList();
    }

    /// <summary>"5% off orders from $50" / "скидку 5% на заказ от 1 000 ₽"; empty when the offer has no value.</summary>
    public static string DescribeOffer(OfferModel offer, TemplateCulture culture, CurrencyModel currency)
    {
        string value;
        if (offer.Percent is { } percent) value = $"{culture.FormatNumber(percent)}%";
        else if (offer.Amount is { } amount) value = culture.FormatMoney(amount, currency);
        else return "";

        var ru = culture.Language == "ru";
        var text = ru ? $"скидку {value}" : $"{value} off";
        if (offer.MinOrder is { } min && min > 0)
        {
            var minText = culture.FormatMoney(min, currency);
            text += ru ? $" на заказ от {minText}" : $" orders from {minText}";
        }

        return text;
    }

    /// <summary>"$3" / "250 points" / "250 баллов"; empty when the reward has no value.</summary>
    public static string DescribeReward(RewardModel reward, TemplateCulture culture, CurrencyModel currency)
    {
        if (reward.Amount is { } amount) return culture.FormatMoney(amount, currency);
        if (reward.Points is { } points)
        {
            var word = culture.Language == "ru"
                ? culture.Plural(points, "балл", "балла", "баллов")
                : culture.Plural(points, "point", "points", null);
            return $"{culture.FormatNumber(points)} {word}";
        }

        return "";
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
