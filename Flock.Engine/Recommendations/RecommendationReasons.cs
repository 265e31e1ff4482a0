using Flock.Engine.Templates;

namespace Flock.Engine.Recommendations;

/// <summary>Product and category names in the shopper's language (the plugin's localized names).</summary>
public interface IRecommendationNames
{
    string Product(int productId);
    string Category(int categoryId);
}

/// <summary>Every <see cref="RecommendationReason"/> in words, English and Russian (other languages get English).</summary>
public static class RecommendationReasons
{
    public static string Describe(RecommendationReason reason, string? language, IRecommendationNames names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var culture = TemplateCulture.For(language);
        var ru = culture.Language == "ru";
        string Product() => names.Product(reason.AnchorProductId);
        string Category() => names.Category(reason.CategoryId);
        string Customers() => $"{reason.Customers} {culture.Plural(reason.Customers, ru ? "покупатель" : "customer", ru ? "покупателя" : "customers", "покупателей")}";
        string Days(int days) => $"{days} {culture.Plural(days, ru ? "день" : "day", ru ? "дня" : "days", "дней")}";

        return reason.Kind switch
        {
            ReasonKind.BoughtTogether => ru
                ? $"Вместе с «{Product()}» купили {Customers()}"
                : $"Bought together with {Product()} by {Customers()}",
            ReasonKind.Similar => ru
                ? $"Похож на «{Product()}» в категории «{Category()}»"
                : $"Similar to {Product()} in {Category()}",
            ReasonKind.OnSaleInCategory => reason.Relation switch
            {
                AnchorRelation.Viewed => ru ? $"Со скидкой в категории «{Category()}», которую вы смотрели" : $"On sale in {Category()}, which you viewed",
                AnchorRelation.InCart => ru ? $"Со скидкой в категории «{Category()}», как «{Product()}» в вашей корзине" : $"On sale in {Category()}, like {Product()} in your cart",
                AnchorRelation.Bought => ru ? $"Со скидкой в категории «{Category()}», где вы купили «{Product()}»" : $"On sale in {Category()}, where you bought {Product()}",
                _ => ru ? $"Со скидкой в категории «{Category()}»" : $"On sale in {Category()}",
            },
            ReasonKind.StoreLink => ru ? $"Подходит к «{Product()}»" : $"Goes with {Product()}",
            ReasonKind.NewerModel => reason.Days >= 60
                ? ru
                    ? $"Новая модель в категории «{Category()}» на смену вашему «{Product()}» ({MonthsRu(reason.Days, culture)})"
                    : $"Newer model in {Category()} than your {Product()} ({reason.Days / 30} months old)"
                : ru
                    ? $"Новая модель в категории «{Category()}» на смену вашему «{Product()}»"
                    : $"Newer model in {Category()} than your {Product()}",
            ReasonKind.Restock => ru
                ? $"Пора повторить: «{Category()}» обычно покупают раз в {Days(reason.Days)}"
                : $"Time to buy again: customers buy {Category()} again every {Days(reason.Days)}",
            ReasonKind.Bestseller => ru
                ? $"Популярно в магазине: купили {Customers()}"
                : $"Popular in the store: bought by {Customers()}",
            _ => throw new ArgumentOutOfRangeException(nameof(reason), reason.Kind, "unknown reason"),
        };
    }

    private static string MonthsRu(int days, TemplateCulture culture)
    {
        var months = days / 30;
        return $"{months} {culture.Plural(months, "месяц", "месяца", "месяцев")}";
    }
}
