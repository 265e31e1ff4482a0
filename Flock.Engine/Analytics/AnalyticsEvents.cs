namespace Flock.Engine.Analytics;

/// <summary>
/// A shopper was shown the share widget of a campaign (variant ""). Stored by the plugin per render, but every KPI built
/// on it counts <b>distinct shoppers</b> (<paramref name="CustomerId"/>), never renders. Held-out shoppers are not exposures:
/// their outcomes are compared through <see cref="HoldoutOutcomes"/>.
/// </summary>
public sealed record ExposureEvent(int CampaignId, string Variant, int CustomerId, DateTimeOffset At);

/// <summary>
/// A referrer shared their link. Stored by the plugin when a share button is used.
/// <paramref name="Variant"/> is the A/B variant name ("" when the campaign is not split);
/// <paramref name="Channel"/> is a lower-case channel name such as "vk", "telegram", "email", "copy".
/// </summary>
public sealed record ShareEvent(int CampaignId, string Variant, int ReferrerId, string Channel, DateTimeOffset At);

/// <summary>
/// Someone opened a referral link. <paramref name="VisitorKey"/> identifies the visitor without PII (e.g. a hash of
/// the visitor cookie) for unique counts. The plugin resolves <paramref name="Code"/> to its campaign and variant when
/// storing the visit; <paramref name="CampaignId"/> is null when the code is unknown (counted only in totals).
/// </summary>
public sealed record VisitEvent(string Code, int? CampaignId, string Variant, string Channel, string VisitorKey, DateTimeOffset At);

/// <summary>
/// A referred friend placed an order. <paramref name="Revenue"/> is what the friend paid (after the discount),
/// <paramref name="DiscountGiven"/> the referral discount on it; both in the primary currency. Keyed by
/// <paramref name="OrderId"/>: a replayed event is counted once. <paramref name="FriendCustomerId"/> counts
/// new customers (each friend once). <paramref name="CostOfGoods"/> is the order's product cost (Σ line quantity ×
/// product cost) when the store knows it for every line, else null; it turns ROI from revenue to margin.
/// <paramref name="Tax"/> is the tax included in <paramref name="Revenue"/> (0 when prices exclude it): the margin is
/// revenue less tax less cost of goods, since the product cost excludes tax and the tax is not the store's.
/// </summary>
public sealed record FriendOrderEvent(
    int OrderId, int FriendCustomerId, int ReferrerId, int CampaignId, string Variant,
    decimal Revenue, decimal DiscountGiven, DateTimeOffset At, decimal? CostOfGoods = null, decimal Tax = 0m);

public enum FriendOrderAdjustmentKind
{
    /// <summary>The order is void: no revenue, no order, no discount cost.</summary>
    Cancelled,
    /// <summary><see cref="FriendOrderAdjustment.Amount"/> was refunded; refunding everything voids the order like a cancellation.</summary>
    Refunded,
}

/// <summary>
/// A later change to a friend order, keyed by <paramref name="Key"/> (e.g. "refund:77") so a replay counts once.
/// Adjustments change the order's final state, which is reported on the order's own date whenever they happen.
/// </summary>
public sealed record FriendOrderAdjustment(string Key, int OrderId, FriendOrderAdjustmentKind Kind, decimal Amount, DateTimeOffset At);

public enum RewardCostKind
{
    Granted,
    /// <summary>A grant taken back (order refunded, fraud); <see cref="RewardCostEvent.Amount"/> is how much.</summary>
    Reversed,
}

/// <summary>
/// A reward given to (or taken back from) a referrer, valued in the primary currency (points at their money value).
/// <paramref name="Cause"/> is the grant's idempotency key (e.g. "reward:order:1234"), the <b>same</b> on its reversals:
/// one grant per cause counts, and <b>every</b> reversal of that cause reduces it (partial reversals add up, never below
/// zero), on the grant's date. <paramref name="Key"/> identifies one event so that a replay counts once (e.g.
/// "reward:order:1234:revoked:2"); without it, identical events (cause, kind, amount, time) count once.
/// </summary>
public sealed record RewardCostEvent(string Cause, RewardCostKind Kind, int CampaignId, string Variant, int ReferrerId, decimal Amount, DateTimeOffset At,
    string? Key = null);

/// <summary>A referrer's own paid order (for return time). Keyed by <paramref name="OrderId"/>.</summary>
public sealed record ReferrerOrderEvent(int CustomerId, int OrderId, decimal Amount, DateTimeOffset At);

/// <summary>Every event the KPIs are computed from. Lists may be empty, never null.</summary>
public sealed record AnalyticsEvents
{
    public static readonly AnalyticsEvents Empty = new();

    /// <summary>Widget renders; counted as distinct shoppers.</summary>
    public IReadOnlyList<ExposureEvent> Exposures { get; init; } = [];
    public IReadOnlyList<ShareEvent> Shares { get; init; } = [];
    public IReadOnlyList<VisitEvent> Visits { get; init; } = [];
    public IReadOnlyList<FriendOrderEvent> FriendOrders { get; init; } = [];
    public IReadOnlyList<FriendOrderAdjustment> Adjustments { get; init; } = [];
    public IReadOnlyList<RewardCostEvent> RewardCosts { get; init; } = [];
    public IReadOnlyList<ReferrerOrderEvent> ReferrerOrders { get; init; } = [];
}
