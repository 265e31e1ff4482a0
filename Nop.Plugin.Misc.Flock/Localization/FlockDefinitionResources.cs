using Flock.Engine.Analytics;

namespace Nop.Plugin.Misc.Flock.Localization;

/// <summary>
/// The one definition of every number the dashboard and the Experiments page show (prefix
/// Plugins.Misc.Flock.Admin.Definition.): English is the engine's own sentence (KpiDefinitions), so the two cannot drift;
/// Russian is its translation, one per key.
/// </summary>
public static class FlockDefinitionResources
{
    public const string Prefix = FlockDefaults.ResourcePrefix + ".Admin.Definition.";

    private static readonly Dictionary<string, string> RussianTexts = new(StringComparer.Ordinal)
    {
        [nameof(KpiFigures.ExposedShoppers)] = "Разные покупатели, которым за период показали виджет (несколько показов — один покупатель).",
        [nameof(KpiFigures.SharingShoppers)] = "Покупатели, видевшие виджет, которые поделились ссылкой в момент первого показа за период или после него.",
        [nameof(KpiFigures.ConvertedShoppers)] = "Покупатели, видевшие виджет, которые привели хотя бы один заказ друга (не отменённый и не возвращённый полностью) в момент первого показа за период или после него.",
        [nameof(KpiFigures.ShareRate)] = "Поделившиеся покупатели ÷ покупатели, видевшие виджет.",
        [nameof(KpiFigures.ShopperConversion)] = "Сконвертированные покупатели ÷ покупатели, видевшие виджет.",
        [nameof(KpiFigures.Shares)] = "Нажатия кнопок «поделиться» и копирования ссылки за период (действия, а не покупатели).",
        [nameof(KpiFigures.SharesByChannel)] = "Шеры по каналам; в сумме каналы дают все шеры.",
        [nameof(KpiFigures.Referrers)] = "Разные рефереры, поделившиеся ссылкой за период: когорта периода.",
        [nameof(KpiFigures.Visits)] = "Переходы по реферальным ссылкам за период.",
        [nameof(KpiFigures.VisitsByChannel)] = "Переходы по каналам.",
        [nameof(KpiFigures.UniqueVisitors)] = "Разные посетители реферальных ссылок за период.",
        [nameof(KpiFigures.UniqueVisitorsByChannel)] = "Разные посетители по каналам (посетитель из двух каналов учитывается в обоих).",
        [nameof(KpiFigures.FriendOrders)] = "Заказы друзей, оформленные за период, не отменённые и не возвращённые полностью.",
        [nameof(KpiFigures.NewCustomers)] = "Разные друзья с заказом друга за период.",
        [nameof(KpiFigures.CohortNewCustomers)] = "Разные друзья, приведённые реферерами периода и сделавшие заказ после первого шера реферера в периоде (и до даты отчёта).",
        [nameof(KpiFigures.FriendRevenue)] = "Сколько друзья заплатили за эти заказы — после скидки другу и возвратов.",
        [nameof(KpiFigures.CostOfGoods)] = "Себестоимость этих заказов (без возвращённой доли), если она известна для каждого заказа; иначе неизвестна.",
        [nameof(KpiFigures.OrdersWithoutCost)] = "Заказы друзей без себестоимости; пока такие есть, ROI считается по выручке.",
        [nameof(KpiFigures.RoiBasis)] = "Маржа, если у каждого заказа друга есть себестоимость, иначе выручка.",
        [nameof(KpiFigures.FriendMargin)] = "Выручка от друзей − налог в ней − себестоимость (база «маржа») или выручка от друзей (база «выручка»).",
        [nameof(KpiFigures.RewardCost)] = "Награды реферерам, выданные за период, за вычетом каждой отмены каждой награды (не ниже нуля).",
        [nameof(KpiFigures.DiscountCost)] = "Скидки друзьям в учтённых заказах друзей.",
        [nameof(KpiFigures.TotalCost)] = "Стоимость наград + стоимость скидок: то, что программа отдала.",
        [nameof(KpiFigures.InvitesPerReferrer)] = "Шеры ÷ рефереры.",
        [nameof(KpiFigures.Conversion)] = "Новые покупатели ÷ шеры (новых покупателей на шер; не вероятность).",
        [nameof(KpiFigures.KFactor)] = "Новые покупатели, приведённые реферерами периода ÷ эти рефереры (друзья от шеров до периода не учитываются).",
        [nameof(KpiFigures.Roi)] = "(Маржа от друзей − стоимость наград) ÷ (стоимость наград + стоимость скидок). Скидка уже вычтена из выручки от друзей, поэтому учитывается один раз.",
        [nameof(KpiFigures.MedianReturnDays)] = "Медиана Каплана — Мейера: дни от заказа реферера перед его первым шером до следующего заказа; ещё не вернувшиеся учитываются как «пока не вернулись». Пусто, пока не вернулось больше половины.",
        [nameof(KpiFigures.InvitedReferrers)] = "Рефереры когорты с заказом до первого шера (у них измеряется возврат).",
        [nameof(KpiFigures.ReturnedReferrers)] = "Из них — те, кто снова сделал заказ к дате отчёта.",
        [nameof(KpiFigures.StillAwayReferrers)] = "Из них — те, кто ещё не сделал новый заказ (цензурированы, а не отброшены).",
        [nameof(KpiFigures.ArpuBefore)] = "Устарело и не причинно: используйте сравнение выручки на покупателя с контрольной группой.",
        [nameof(KpiFigures.ArpuAfter)] = "Устарело и не причинно: используйте сравнение выручки на покупателя с контрольной группой.",
        [nameof(KpiFigures.ArpuReferrers)] = "Устарело: рефереры, учтённые в ARPU до/после.",

        [nameof(WindowOutcome.Matured)] = "Покупатели, у которых окно после назначения уже целиком прошло; только они входят в показатели окна.",
        [nameof(WindowOutcome.Maturing)] = "Покупатели, назначенные слишком недавно, окно ещё не прошло; пока не учитываются.",
        [nameof(WindowOutcome.RepeatRate)] = "Покупатели с завершённым окном, сделавшие собственный оплаченный заказ в окне после назначения ÷ покупатели с завершённым окном.",
        [nameof(WindowOutcome.RevenuePerShopper)] = "Собственная оплаченная выручка в окне после назначения ÷ покупатели с завершённым окном (не купившие считаются как 0).",
        [nameof(WindowOutcome.RevenuePer1000)] = "Выручка на покупателя × 1 000: выручка на 1 000 подходящих покупателей.",
        [nameof(ArmOutcomes.MedianDaysToNextOrder)] = "Медиана Каплана — Мейера: дни от назначения до следующего собственного заказа; ещё не вернувшиеся учитываются как «пока не вернулись».",
        [KpiDefinitions.Attributed + nameof(AttributedOutcome.NewCustomersPer1000)] = "Атрибуция, не причинность: разные друзья с атрибутированным заказом в окне, на 1 000 покупателей с завершённым окном.",
        [KpiDefinitions.Attributed + nameof(AttributedOutcome.RevenuePer1000)] = "Атрибуция, не причинность: выручка атрибутированных заказов друзей в окне, на 1 000 покупателей с завершённым окном.",
        ["Uplift"] = "Группа − контроль, со всегда-корректным интервалом (смотреть можно когда угодно); разница объявляется, только если интервал не содержит 0. Пока выборка меньше минимальной — сколько ещё покупателей нужно.",
    };

    /// <summary>Every definition in English (the engine's sentences).</summary>
    public static IReadOnlyDictionary<string, string> English { get; } =
        KpiDefinitions.All.ToDictionary(d => Prefix + d.Key, d => d.Value, StringComparer.Ordinal);

    /// <summary>Every definition in Russian; a key without a translation keeps the English sentence.</summary>
    public static IReadOnlyDictionary<string, string> Russian { get; } =
        KpiDefinitions.All.ToDictionary(d => Prefix + d.Key, d => RussianTexts.GetValueOrDefault(d.Key, d.Value), StringComparer.Ordinal);

    /// <summary>Definition keys without a Russian sentence (the tests keep this empty).</summary>
    public static IReadOnlyList<string> Untranslated => KpiDefinitions.All.Keys.Where(k => !RussianTexts.ContainsKey(k)).ToList();
}
