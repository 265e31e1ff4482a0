using System.Globalization;

namespace Flock.Engine.Chains;

/// <summary>
/// Answers "why did (or didn't) this customer get step X of chain Y" from the decision log, in English or Russian, and
/// turns any single decision into a sentence. Works on the log alone, so the answer is the one the system acted on.
/// </summary>
public static class ChainExplainer
{
    /// <summary>One decision as a sentence: "2026-05-01 10:00 UTC · step 'reminder' · deferred: …".</summary>
    public static string Describe(ChainDecision decision, string language = "en")
    {
        ArgumentNullException.ThrowIfNull(decision);
        var ru = IsRussian(language);
        var step = decision.StepId is null ? "" : ru ? $" · шаг «{decision.StepId}»" : $" · step '{decision.StepId}'";
        var detail = string.IsNullOrEmpty(decision.Detail) ? "" : $" ({decision.Detail})";
        return $"{decision.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC · v{decision.Version}{step} · {Reason(decision.Reason, ru)}{detail}";
    }

    /// <summary>
    /// Why the customer whose log this is did or did not get step <paramref name="stepId"/> of <paramref name="chainKey"/>:
    /// looks at the customer's latest enrollment in the chain (or, without one, the latest refusal to enroll) — or at the
    /// one of occurrence <paramref name="triggerKey"/> when given (a customer may hold several runs of a chain).
    /// </summary>
    public static string WhyStep(IEnumerable<ChainDecision> customerLog, string chainKey, string stepId, string language = "en", string? triggerKey = null)
    {
        ArgumentNullException.ThrowIfNull(customerLog);
        var ru = IsRussian(language);
        var log = customerLog.Where(d => d.ChainKey == chainKey && (triggerKey is null || d.TriggerKey == triggerKey)).OrderBy(d => d.At).ToList();
        if (log.Count == 0)
            return ru ? $"Клиент ни разу не подходил под запуск цепочки «{chainKey}»." : $"Nothing ever triggered chain '{chainKey}' for this customer.";

        var start = log.FindLastIndex(d => d.Reason is ChainReason.Entered or ChainReason.HeldOut);
        if (start < 0)
        {
            var refusal = log[^1];
            return ru
                ? $"Клиент не вошёл в цепочку «{chainKey}»: {Reason(refusal.Reason, true)}{Detail(refusal)} ({Stamp(refusal)})."
                : $"The customer did not enter chain '{chainKey}': {Reason(refusal.Reason, false)}{Detail(refusal)} ({Stamp(refusal)}).";
        }
        var entry = log[start];
        var run = log.Skip(start).Where(d => d.TriggerKey == entry.TriggerKey).ToList();
        var atStep = run.Where(d => d.StepId == stepId).ToList();
        var sent = atStep.FirstOrDefault(d => d.Reason == ChainReason.Sent);
        if (sent is not null)
            return ru ? $"Отправлено {Stamp(sent)}{Detail(sent)} (версия {sent.Version})." : $"Sent {Stamp(sent)}{Detail(sent)} (version {sent.Version}).";
        var last = atStep.LastOrDefault();
        var end = run.LastOrDefault(d => d.Reason is >= ChainReason.GoalPurchase);
        if (last is not null && (end is null || last.At >= end.At || end.StepId == stepId))
            return Sentence(last, ru, stepId);
        if (end is not null)
            return ru
                ? $"Не отправлено: клиент вышел из цепочки раньше этого шага — {Reason(end.Reason, true)}{Detail(end)} ({Stamp(end)}, версия {end.Version})."
                : $"Not sent: the customer left the chain before this step — {Reason(end.Reason, false)}{Detail(end)} ({Stamp(end)}, version {end.Version}).";
        var latest = run[^1];
        return ru
            ? $"Ещё не дошёл до этого шага; последнее решение: {Reason(latest.Reason, true)}{Detail(latest)} ({Stamp(latest)}{(latest.StepId is null ? "" : $", шаг «{latest.StepId}»")})."
            : $"Not reached yet; latest decision: {Reason(latest.Reason, false)}{Detail(latest)} ({Stamp(latest)}{(latest.StepId is null ? "" : $", step '{latest.StepId}'")}).";
    }

    private static string Sentence(ChainDecision d, bool ru, string stepId) => ru
        ? $"Шаг «{stepId}»: {Reason(d.Reason, true)}{Detail(d)} ({Stamp(d)}, версия {d.Version})."
        : $"Step '{stepId}': {Reason(d.Reason, false)}{Detail(d)} ({Stamp(d)}, version {d.Version}).";

    private static string Stamp(ChainDecision d) => d.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    private static string Detail(ChainDecision d) => string.IsNullOrEmpty(d.Detail) ? "" : $": {d.Detail}";

    private static bool IsRussian(string? language) => language is not null && language.StartsWith("ru", StringComparison.OrdinalIgnoreCase);

    /// <summary>The reason code in words.</summary>
    public static string Reason(ChainReason reason, bool russian) => russian ? ReasonRu(reason) : ReasonEn(reason);

    private static string ReasonEn(ChainReason reason) => reason switch
    {
        ChainReason.Entered => "entered the chain",
        ChainReason.WrongTrigger => "the event is not this chain's trigger",
        ChainReason.ChainNotLive => "the chain was not live",
        ChainReason.AlreadyEnteredForOccurrence => "this occurrence had already started the chain",
        ChainReason.EnteredBefore => "the chain runs once per customer and the customer was in it before",
        ChainReason.ReEntryTooSoon => "too soon to enter again",
        ChainReason.ConditionsNotMet => "the entry conditions were not met",
        ChainReason.NoMarketingConsent => "no marketing consent (not subscribed to the newsletter)",
        ChainReason.HeldOut => "entered the chain in the holdout group (never messaged, to measure uplift)",
        ChainReason.Waiting => "waiting",
        ChainReason.Paused => "the chain is paused",
        ChainReason.Sent => "sent",
        ChainReason.HoldoutSuppressed => "not sent: the customer is in the holdout group",
        ChainReason.ChannelUnreachable => "not sent: the customer cannot be reached on this channel or unsubscribed from it",
        ChainReason.DeferredByCap => "deferred by a frequency cap",
        ChainReason.DeferredByQuietHours => "deferred by quiet hours",
        ChainReason.Expired => "not sent: its deadline passed while it was deferred",
        ChainReason.CouponIssued => "coupon issued",
        ChainReason.PointsGranted => "points granted",
        ChainReason.BranchThen => "condition met",
        ChainReason.BranchElse => "condition not met",
        ChainReason.WaitOver => "wait over",
        ChainReason.GoalPurchase => "goal reached: the customer placed an order",
        ChainReason.GoalUnsubscribed => "left: the customer withdrew marketing consent",
        ChainReason.GoalRule => "goal reached: the goal condition matched",
        ChainReason.ExitStep => "left at an exit step",
        ChainReason.ChainArchived => "left: the chain was archived",
        ChainReason.CustomerGone => "left: the customer was deleted or erased",
        ChainReason.GoalCartEmptied => "left: the cart is empty (nothing left to remind of)",
        ChainReason.AddressAlreadyServed => "left: this email address already got the chain through another account or guest session",
        ChainReason.JoinedAccount => "left as a guest: the shopper signed in to their account, which was in this chain already (too soon to enter again)",
        ChainReason.TakenOverAtSignIn => "taken over from the shopper's guest session when they signed in",
        ChainReason.EndOfChain => "completed the chain",
        _ => reason.ToString(),
    };

    private static string ReasonRu(ChainReason reason) => reason switch
    {
        ChainReason.Entered => "вошёл в цепочку",
        ChainReason.WrongTrigger => "событие не запускает эту цепочку",
        ChainReason.ChainNotLive => "цепочка не была запущена",
        ChainReason.AlreadyEnteredForOccurrence => "это событие уже запустило цепочку",
        ChainReason.EnteredBefore => "цепочка проходится один раз, клиент уже был в ней",
        ChainReason.ReEntryTooSoon => "слишком рано для повторного входа",
        ChainReason.ConditionsNotMet => "условия входа не выполнены",
        ChainReason.NoMarketingConsent => "нет согласия на рассылку (не подписан)",
        ChainReason.HeldOut => "вошёл в контрольную группу (сообщения не отправляются, чтобы измерить эффект)",
        ChainReason.Waiting => "ожидание",
        ChainReason.Paused => "цепочка приостановлена",
        ChainReason.Sent => "отправлено",
        ChainReason.HoldoutSuppressed => "не отправлено: клиент в контрольной группе",
        ChainReason.ChannelUnreachable => "не отправлено: канал недоступен или клиент отписался от него",
        ChainReason.DeferredByCap => "отложено лимитом частоты",
        ChainReason.DeferredByQuietHours => "отложено из-за тихих часов",
        ChainReason.Expired => "не отправлено: срок сообщения истёк, пока оно было отложено",
        ChainReason.CouponIssued => "выдан купон",
        ChainReason.PointsGranted => "начислены баллы",
        ChainReason.BranchThen => "условие выполнено",
        ChainReason.BranchElse => "условие не выполнено",
        ChainReason.WaitOver => "ожидание закончилось",
        ChainReason.GoalPurchase => "цель достигнута: клиент сделал заказ",
        ChainReason.GoalUnsubscribed => "вышел: клиент отозвал согласие на рассылку",
        ChainReason.GoalRule => "цель достигнута: выполнено условие цели",
        ChainReason.ExitStep => "вышел на шаге выхода",
        ChainReason.ChainArchived => "вышел: цепочка в архиве",
        ChainReason.CustomerGone => "вышел: покупатель удалён",
        ChainReason.GoalCartEmptied => "вышел: корзина пуста (напоминать не о чем)",
        ChainReason.AddressAlreadyServed => "вышел: этот адрес уже получил цепочку через другой аккаунт или гостевой сеанс",
        ChainReason.JoinedAccount => "вышел как гость: покупатель вошёл в свой аккаунт, который уже был в этой цепочке (повторный вход слишком рано)",
        ChainReason.TakenOverAtSignIn => "перешла к аккаунту из гостевого сеанса при входе покупателя",
        ChainReason.EndOfChain => "прошёл цепочку до конца",
        _ => reason.ToString(),
    };
}
