using System.Globalization;
using Flock.Engine.Referrals.Offers;
using Flock.Engine.Referrals.Rewards;
using Flock.Engine.Templates;

namespace Flock.Engine.Referrals.Programme;

/// <summary>Short human descriptions of offers and rewards in English or Russian (other languages get English).</summary>
public static class Descriptions
{
    /// <summary>True for Russian language codes ("ru", "ru-RU").</summary>
    public static bool IsRussian(string? language) =>
        language is not null && language.Trim().StartsWith("ru", StringComparison.OrdinalIgnoreCase);

    /// <summary>"5% off" / "скидку 5%" (accusative, as in "give your friends …").</summary>
    public static string Offer(FriendOffer offer, string? language, CurrencyModel? currency = null)
    {
        ArgumentNullException.ThrowIfNull(offer);
        var value = Value(offer.Kind, offer.Value, currency);
        return IsRussian(language) ? $"скидку {value}" : $"{value} off";
    }

    /// <summary>The landing greeting: "Anna invited you: 5% off your first order".</summary>
    public static string Greeting(string? referrerFirstName, FriendOffer offer, string? language, CurrencyModel? currency = null)
    {
        var value = Value(offer.Kind, offer.Value, currency);
        var name = string.IsNullOrWhiteSpace(referrerFirstName) ? null : referrerFirstName.Trim();
        return IsRussian(language)
            ? $"{name ?? "Друг"} приглашает вас: скидка {value} на первый заказ"
            : $"{name ?? "A friend"} invited you: {value} off your first order";
    }

    /// <summary>"10% off your next order" / "100 bonus points" / the gift.</summary>
    public static string Reward(RewardDefinition reward, string? language, CurrencyModel? currency = null)
    {
        ArgumentNullException.ThrowIfNull(reward);
        var ru = IsRussian(language);
        return reward switch
        {
            CouponRewardDefinition c => ru ? $"скидку {Value(c.Kind, c.Value, currency)} на следующий заказ" : $"{Value(c.Kind, c.Value, currency)} off your next order",
            PointsRewardDefinition { Basis: PointsBasis.PercentOfFriendOrder } p =>
                ru ? $"бонусные баллы: {Number(p.Value)}% от заказа друга" : $"bonus points worth {Number(p.Value)}% of your friend's order",
            PointsRewardDefinition p => ru ? $"{Number(p.Value)} бонусных баллов" : $"{Number(p.Value)} bonus points",
            GiftRewardDefinition g => g.Quantity > 1 ? $"{g.Gift} × {g.Quantity}" : g.Gift,
            _ => ru ? "награду" : "a reward",
        };
    }

    private static string Value(DiscountKind kind, decimal value, CurrencyModel? currency) => kind == DiscountKind.Percent
        ? Number(value) + "%"
        : currency?.Symbol is { } symbol ? $"{Number(value)} {symbol}" : $"{Number(value)} {currency?.Code ?? ""}".TrimEnd();

    private static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
