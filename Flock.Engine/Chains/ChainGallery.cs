using Flock.Engine.Messaging;

namespace Flock.Engine.Chains;

/// <summary>A ready scenario of the gallery (T1): launched in a few clicks, then edited like any chain.</summary>
public sealed record ChainScenario(string Key, string NameEn, string NameRu, string DescriptionEn, string DescriptionRu, ChainDefinition Chain);

/// <summary>
/// The ready scenarios with sensible defaults: a cart counts as abandoned after 1 hour without a change, the second
/// reminder comes 24 hours later, and a customer gets at most one abandonment series per chain in 7 days; the
/// post-purchase rating request comes 3 days after payment, accessories 5 days, a review request 2 weeks, replacements
/// 3 months; win-back after 180 days away. Every chain holds out 10 % of its entrants. Each message names a template
/// <c>Flock.Chain.{chain}.{step}</c> that the plugin creates on install.
/// </summary>
public static class ChainGallery
{
    public static IReadOnlyList<ChainScenario> All { get; } = Build();

    public static ChainScenario? Find(string key) => All.FirstOrDefault(s => s.Key == key);

    /// <summary>The template name a gallery step sends.</summary>
    public static string TemplateName(string chainKey, string stepId) => $"Flock.Chain.{chainKey}.{stepId}";

    private static IReadOnlyList<ChainScenario> Build()
    {
        var list = new List<ChainScenario>
        {
            Scenario("welcome", "Welcome series", "Приветственная серия",
                "Three emails after a newsletter sign-up: hello now, best sellers in 2 days, a first-order coupon in a week.",
                "Три письма после подписки: приветствие сразу, хиты через 2 дня, купон на первый заказ через неделю.",
                ChainTriggerKind.Subscribed, MessagePriority.Promo, ReEntryPolicy.OnceEver, marketing: true,
                [Send("hello"), Wait("after-hello", TimeSpan.FromDays(2)), Send("bestsellers"), Wait("after-bestsellers", TimeSpan.FromDays(5)),
                Coupon("first-order", 10, 7), Send("coupon")]),
            Scenario("abandoned-cart", "Abandoned cart", "Брошенная корзина",
                "A reminder 1 hour after the cart was last changed, a second one with a 5 % coupon 24 hours later; stops the moment the customer orders.",
                "Напоминание через час после последнего изменения корзины, второе с купоном 5 % через сутки; останавливается, как только клиент заказал.",
                ChainTriggerKind.CartChanged, MessagePriority.Cart, ReEntryPolicy.OncePer(7), marketing: true,
                [Inactive("idle", TimeSpan.FromHours(1)), Send("reminder"), Wait("after-reminder", TimeSpan.FromHours(24)),
                Coupon("comeback", 5, 3), Send("coupon")], endsOnEmptyCart: true),
            Scenario("abandoned-browse", "Abandoned category browse", "Брошенный просмотр категории",
                "Best sellers of the category viewed, 2 hours after the last view.", "Хиты просмотренной категории через 2 часа после последнего просмотра.",
                ChainTriggerKind.CategoryViewed, MessagePriority.Browse, ReEntryPolicy.OncePer(7), marketing: true,
                [Inactive("idle", TimeSpan.FromHours(2)), Send("category")]),
            Scenario("abandoned-product", "Abandoned product view", "Брошенный просмотр товара",
                "The products viewed, with similar ones, 1 hour after the last view.", "Просмотренные товары и похожие через час после последнего просмотра.",
                ChainTriggerKind.ProductViewed, MessagePriority.Browse, ReEntryPolicy.OncePer(7), marketing: true,
                [Inactive("idle", TimeSpan.FromHours(1)), Send("products")]),
            Scenario("abandoned-search", "Abandoned search", "Брошенный поиск",
                "What the customer searched for, 1 hour after the last search.", "Результаты поиска клиента через час после последнего поиска.",
                ChainTriggerKind.SearchPerformed, MessagePriority.Browse, ReEntryPolicy.OncePer(7), marketing: true,
                [Inactive("idle", TimeSpan.FromHours(1)), Send("results")]),
            Scenario("repeat-purchase", "Repeat-purchase nudge", "Напоминание о повторной покупке",
                "A nudge when the customer's category is usually bought again (30 days until the store's own median gap is known).",
                "Напоминание, когда товары категории обычно покупают снова (30 дней, пока не известен медианный интервал магазина).",
                ChainTriggerKind.OrderPaid, MessagePriority.Promo, ReEntryPolicy.EveryTrigger, marketing: true,
                [Wait("gap", TimeSpan.FromDays(30)), Send("nudge")]),
            Scenario("post-purchase-service", "After the purchase: rating and review", "После покупки: оценка и отзыв",
                "A service rating request 3 days after payment, a product review request 2 weeks after; follows the store's setting for service messages.",
                "Просьба оценить сервис через 3 дня после оплаты и оставить отзыв через 2 недели; следует настройке магазина для сервисных писем.",
                ChainTriggerKind.OrderPaid, MessagePriority.Transactional, ReEntryPolicy.EveryTrigger, marketing: false,
                [Wait("settle", TimeSpan.FromDays(3)), Send("rating"), Wait("use", TimeSpan.FromDays(11)), Send("review")], exitOnPurchase: false),
            Scenario("post-purchase-offers", "After the purchase: accessories and replacements", "После покупки: аксессуары и замена",
                "Accessories for what was bought 5 days after payment, replacement products after 3 months.",
                "Аксессуары к покупке через 5 дней после оплаты, товары на замену через 3 месяца.",
                ChainTriggerKind.OrderPaid, MessagePriority.Promo, ReEntryPolicy.EveryTrigger, marketing: true,
                [Wait("settle", TimeSpan.FromDays(5)), Send("accessories"), Wait("wear", TimeSpan.FromDays(85)), Send("replacement")], exitOnPurchase: false),
            Scenario("price-drop", "Price drop on viewed or wished items", "Снижение цены на просмотренное или избранное",
                "Tells the customer at once when something they viewed or wished for got cheaper.",
                "Сразу сообщает клиенту, что просмотренный или отложенный товар подешевел.",
                ChainTriggerKind.PriceDropped, MessagePriority.Browse, ReEntryPolicy.OncePer(3), marketing: true,
                [Send("cheaper")]),
            Scenario("back-in-stock", "Back in stock", "Снова в наличии",
                "Tells the customer at once that a product they wanted is back.", "Сразу сообщает клиенту, что нужный ему товар снова в наличии.",
                ChainTriggerKind.BackInStock, MessagePriority.Browse, ReEntryPolicy.OncePer(3), marketing: true,
                [Send("back")]),
            Scenario("win-back", "Win-back alarm clock", "Будильник: возвращение клиента",
                "180 days after the last order: a 'we miss you', then a 10 % coupon a week later.",
                "Через 180 дней после последнего заказа: «мы скучаем», через неделю купон 10 %.",
                ChainTriggerKind.LastOrderAged, MessagePriority.Promo, ReEntryPolicy.OncePer(180), marketing: true,
                [Send("miss-you"), Wait("think", TimeSpan.FromDays(7)), Coupon("return", 10, 14), Send("coupon")], days: 180),
            Scenario("first-order-anniversary", "Anniversary of the first order", "Годовщина первого заказа",
                "A thank-you with a coupon on the anniversary of the first order, at 10:00 the customer's time.",
                "Благодарность с купоном в годовщину первого заказа, в 10:00 по времени клиента.",
                ChainTriggerKind.FirstOrderAnniversary, MessagePriority.Promo, ReEntryPolicy.OncePer(300), marketing: true,
                [Coupon("gift", 10, 14), Until("morning", new TimeOnly(10, 0)), Send("thanks")]),
            Scenario("birthday", "Birthday", "День рождения",
                "Greetings with a coupon on the customer's birthday (where the store collects it), at 10:00 their time.",
                "Поздравление с купоном в день рождения клиента (если магазин его собирает), в 10:00 по времени клиента.",
                ChainTriggerKind.Birthday, MessagePriority.Promo, ReEntryPolicy.OncePer(300), marketing: true,
                [Coupon("gift", 15, 14), Until("morning", new TimeOnly(10, 0)), Send("greetings")]),
            Scenario("points-expiring", "Reward points about to expire", "Баллы скоро сгорят",
                "A week before reward points expire: how many and until when; follows the store's setting for service messages.",
                "За неделю до сгорания баллов: сколько и до какого числа; следует настройке магазина для сервисных писем.",
                ChainTriggerKind.PointsExpiring, MessagePriority.Transactional, ReEntryPolicy.OncePer(7), marketing: false,
                [Send("expiring")], days: 7, exitOnPurchase: false),
            Scenario("best-invite-friends", "Best customers: invite friends with an extra bonus", "Лучшие клиенты: пригласить друзей с доп. бонусом",
                "When a customer enters the 'best' segment: 100 bonus points and their personal referral link to share.",
                "Когда клиент попадает в сегмент «лучшие»: 100 бонусных баллов и его личная ссылка для приглашения друзей.",
                ChainTriggerKind.SegmentEntered, MessagePriority.Promo, ReEntryPolicy.OncePer(90), marketing: true,
                [Points("bonus", 100), Send("invite")], segment: "best", exitOnPurchase: false),
            Scenario("promising-next-order", "Average customers: the next purchase sooner", "Средние клиенты: следующая покупка раньше",
                "When a customer enters the 'promising' segment: a 5 % coupon for the next order, valid 10 days.",
                "Когда клиент попадает в сегмент «перспективные»: купон 5 % на следующий заказ на 10 дней.",
                ChainTriggerKind.SegmentEntered, MessagePriority.Promo, ReEntryPolicy.OncePer(60), marketing: true,
                [Coupon("sooner", 5, 10), Send("offer")], segment: "promising"),
            Scenario("at-risk-rescue", "Customers at risk: the most relevant offer plus bonus points", "Под угрозой ухода: лучшее предложение и баллы",
                "When a customer enters the 'at risk' segment: 200 bonus points and their most relevant products.",
                "Когда клиент попадает в сегмент «под угрозой»: 200 бонусных баллов и самые подходящие ему товары.",
                ChainTriggerKind.SegmentEntered, MessagePriority.Promo, ReEntryPolicy.OncePer(90), marketing: true,
                [Points("bonus", 200), Send("offer")], segment: "at_risk"),
        };
        return list;
    }

    private static ChainScenario Scenario(string key, string nameEn, string nameRu, string descriptionEn, string descriptionRu,
        ChainTriggerKind trigger, MessagePriority priority, ReEntryPolicy reEntry, bool marketing, Func<string, ChainStep>[] steps,
        int? days = null, string? segment = null, bool exitOnPurchase = true, bool endsOnEmptyCart = false)
    {
        ExitGoal purchase = new() { Kind = ExitGoalKind.Purchase }, unsubscribe = new() { Kind = ExitGoalKind.Unsubscribe };
        var chain = new ChainDefinition
        {
            Key = key,
            Name = nameEn,
            Trigger = new ChainTrigger
            {
                Kind = trigger,
                Days = days,
                Segment = segment,
            },
            Priority = priority,
            ReEntry = reEntry,
            Marketing = marketing,
            Steps = steps.Select(make => make(key)).ToArray(),
            ExitGoals = [.. (exitOnPurchase, marketing) switch
            {
                (true, true) => [purchase, unsubscribe],
                (true, false) => [purchase],
                (false, true) => [unsubscribe],
                (false, false) => Array.Empty<ExitGoal>(),
            }, .. endsOnEmptyCart ? [new ExitGoal { Kind = ExitGoalKind.CartEmptied }] : Array.Empty<ExitGoal>()],
        };
        chain.Validate().ThrowIfInvalid($"gallery chain {key}");
        return new ChainScenario(key, nameEn, nameRu, descriptionEn, descriptionRu, chain);
    }

    private static Func<string, ChainStep> Send(string id) => chain => new SendStep { Id = id, Channel = Channel.Email, Template = TemplateName(chain, id) };
    private static Func<string, ChainStep> Wait(string id, TimeSpan duration) => _ => new WaitStep { Id = id, Duration = duration };
    private static Func<string, ChainStep> Inactive(string id, TimeSpan duration) => _ => new WaitStep { Id = id, Duration = duration, From = WaitFrom.LastActivity };
    private static Func<string, ChainStep> Until(string id, TimeOnly time) => _ => new WaitUntilStep { Id = id, LocalTime = time };
    private static Func<string, ChainStep> Coupon(string id, decimal percent, int days) => _ => new CouponStep { Id = id, Percent = percent, ValidDays = days };
    private static Func<string, ChainStep> Points(string id, int points) => _ => new PointsStep { Id = id, Points = points };
}
