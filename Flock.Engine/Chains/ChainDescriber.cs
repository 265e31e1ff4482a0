using System.Globalization;
using Flock.Engine.Targeting;

namespace Flock.Engine.Chains;

/// <summary>A chain in words, step by step (English or Russian), for the admin's chain page and gallery: no JSON shown to anyone.</summary>
public static class ChainDescriber
{
    public static string Duration(TimeSpan span, string language = "en")
    {
        var ru = IsRussian(language);
        if (span.TotalDays >= 1 && span.TotalDays % 1 == 0) return ru ? $"{span.TotalDays:0} дн." : $"{span.TotalDays:0} {(span.TotalDays == 1 ? "day" : "days")}";
        if (span.TotalHours >= 1 && span.TotalHours % 1 == 0) return ru ? $"{span.TotalHours:0} ч" : $"{span.TotalHours:0} h";
        return ru ? $"{span.TotalMinutes:0} мин" : $"{span.TotalMinutes:0} min";
    }

    public static string Trigger(ChainTrigger trigger, string language = "en")
    {
        var ru = IsRussian(language);
        return trigger.Kind switch
        {
            ChainTriggerKind.CartChanged => ru ? "изменение корзины" : "the cart changes",
            ChainTriggerKind.ProductViewed => ru ? "просмотр товара" : "a product is viewed",
            ChainTriggerKind.CategoryViewed => ru ? "просмотр категории" : "a category is viewed",
            ChainTriggerKind.SearchPerformed => ru ? "поиск" : "a search",
            ChainTriggerKind.CheckoutStarted => ru ? "начало оформления заказа" : "checkout starts",
            ChainTriggerKind.OrderPlaced => ru ? "заказ оформлен" : "an order is placed",
            ChainTriggerKind.OrderPaid => ru ? "заказ оплачен" : "an order is paid",
            ChainTriggerKind.OrderStatusChanged => ru ? $"заказ получил статус «{trigger.OrderStatus}»" : $"an order becomes '{trigger.OrderStatus}'",
            ChainTriggerKind.OrderDelivered => ru ? "заказ доставлен" : "an order is delivered",
            ChainTriggerKind.Registered => ru ? "регистрация" : "the customer registers",
            ChainTriggerKind.Subscribed => ru ? "подписка на рассылку" : "the customer subscribes",
            ChainTriggerKind.PointsExpiring => ru ? $"баллы сгорают через {trigger.Days} дн." : $"points expire within {trigger.Days} days",
            ChainTriggerKind.BackInStock => ru ? "товар снова в наличии" : "a wanted product is back in stock",
            ChainTriggerKind.PriceDropped => ru ? "цена на интересный товар снизилась" : "a wanted product gets cheaper",
            ChainTriggerKind.SegmentEntered => ru ? $"покупатель попал в сегмент «{trigger.Segment}»" : $"the customer enters the '{trigger.Segment}' segment",
            ChainTriggerKind.FirstOrderAnniversary => ru ? "годовщина первого заказа" : "the first order's anniversary",
            ChainTriggerKind.Birthday => ru ? "день рождения" : "the customer's birthday",
            ChainTriggerKind.SignedIn => ru ? "вход в аккаунт" : "the customer signed in",
            ChainTriggerKind.LastOrderAged => ru ? $"{trigger.Days} дн. без заказов" : $"{trigger.Days} days since the last order",
            _ => trigger.Kind.ToString()
        };
    }

    public static string ReEntry(ReEntryPolicy policy, string language = "en")
    {
        var ru = IsRussian(language);
        return policy.Kind switch
        {
            ReEntryKind.OnceEver => ru ? "один раз на покупателя" : "once per customer",
            ReEntryKind.OncePerDays => ru ? $"не чаще раза в {policy.Days} дн." : $"at most once in {policy.Days} days",
            _ => ru ? "при каждом событии" : "on every trigger"
        };
    }

    public static string Step(ChainDefinition chain, ChainStep step, string language = "en")
    {
        var ru = IsRussian(language);
        var invariant = CultureInfo.InvariantCulture;
        return step switch
        {
            WaitStep { From: WaitFrom.LastActivity } w => ru ? $"Ждать {Duration(w.Duration, language)} после последнего действия покупателя" : $"Wait {Duration(w.Duration, language)} after the customer's latest activity",
            WaitStep w => ru ? $"Ждать {Duration(w.Duration, language)}" : $"Wait {Duration(w.Duration, language)}",
            WaitUntilStep u => ru ? $"Ждать до {u.LocalTime:HH\\:mm} по времени покупателя" : $"Wait until {u.LocalTime:HH\\:mm} in the customer's time zone",
            BranchStep b => ru ? $"Если {Rule(b.Condition)} — к шагу «{b.Then}», иначе {(b.Else is null ? "дальше" : $"к шагу «{b.Else}»")}"
                : $"If {Rule(b.Condition)} go to '{b.Then}', else {(b.Else is null ? "go on" : $"go to '{b.Else}'")}",
            SendStep s => ru ? $"Отправить {s.Channel} по шаблону «{s.Template}» (актуально {Duration(s.ExpiresAfter, language)})"
                : $"Send {s.Channel} with template '{s.Template}' (worth sending for {Duration(s.ExpiresAfter, language)})",
            CouponStep c => ru ? $"Выдать личный одноразовый купон {c.Percent.ToString("0.##", invariant)}% на {c.ValidDays} дн."
                : $"Issue a personal single-use {c.Percent.ToString("0.##", invariant)}% coupon valid {c.ValidDays} days",
            PointsStep p => ru ? $"Начислить {p.Points} баллов{(p.ValidDays is { } d ? $" на {d} дн." : "")}" : $"Grant {p.Points} reward points{(p.ValidDays is { } days ? $" valid {days} days" : "")}",
            ExitStep => ru ? "Выйти из цепочки" : "Leave the chain",
            _ => step.GetType().Name
        };
    }

    public static string Goal(ExitGoal goal, string language = "en")
    {
        var ru = IsRussian(language);
        return goal.Kind switch
        {
            ExitGoalKind.Purchase => ru ? "покупатель сделал заказ" : "the customer places an order",
            ExitGoalKind.Unsubscribe => ru ? "покупатель отписался" : "the customer unsubscribes",
            ExitGoalKind.CartEmptied => ru ? "корзина опустела" : "the cart is emptied",
            _ => ru ? $"выполнено условие: {Rule(goal.Rule!)}" : $"this holds: {Rule(goal.Rule!)}"
        };
    }

    /// <summary>A rule as a compact readable expression (field operator value, joined by and/or).</summary>
    public static string Rule(RuleNode rule) => rule switch
    {
        RulePredicate p => $"{p.Field} {p.Operator} {Value(p.Value)}".TrimEnd(),
        RuleGroup { Match: GroupMatch.Not } g => "not " + (g.Conditions.Count == 1 ? Rule(g.Conditions[0]) : "(" + string.Join(" or ", g.Conditions.Select(Rule)) + ")"),
        RuleGroup g => g.Conditions.Count == 1 ? Rule(g.Conditions[0])
            : "(" + string.Join(g.Match == GroupMatch.All ? " and " : " or ", g.Conditions.Select(Rule)) + ")",
        _ => rule.ToString() ?? ""
    };

    private static string Value(RuleValue? value) => value switch
    {
        NumberValue n => n.Value.ToString("0.##", CultureInfo.InvariantCulture),
        TextValue t => $"'{t.Value}'",
        BoolValue b => b.Value ? "true" : "false",
        ListValue l => "[" + string.Join(", ", l.Items.Select(Value)) + "]",
        _ => ""
    };

    private static bool IsRussian(string language) => language.StartsWith("ru", StringComparison.OrdinalIgnoreCase);
}
