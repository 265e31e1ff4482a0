namespace Flock.Engine.Referrals.Rewards;

/// <summary>Something that may earn rewards; the evaluator turns it into reward intents.</summary>
public abstract record ReferralEvent
{
    public required DateTimeOffset At { get; init; }
}

/// <summary>How far a friend's order has gone when the event is raised.</summary>
public enum FriendOrderStage
{
    Placed,
    Paid,
}

/// <summary>
/// A referred friend placed or paid an order. Placed and Paid of one order produce the same intents (same cause keys),
/// so the plugin may evaluate on either or both; the ledger keeps the first.
/// </summary>
public sealed record FriendPurchaseEvent : ReferralEvent
{
    public required int OrderId { get; init; }
    public required int FriendCustomerId { get; init; }
    public required int ReferrerCustomerId { get; init; }
    /// <summary>The order subtotal in the primary currency (what minimums and percentages apply to).</summary>
    public required decimal Subtotal { get; init; }
    /// <summary>
    /// What the customer paid (the order total the store's refunds are counted against); 0: unknown, the subtotal is used.
    /// A partial refund reduces an order reward by the refunded share of this amount, so the refund and the base are the
    /// same quantity: refunding 30 of a 100 order keeps 70 % of the reward, whether the 30 was goods or shipping.
    /// </summary>
    public decimal PaidTotal { get; init; }
    public FriendOrderStage Stage { get; init; } = FriendOrderStage.Placed;
    /// <summary>True when this is the friend's first order attributed to this referrer.</summary>
    public bool IsFriendsFirstOrder { get; init; } = true;
}

/// <summary>
/// A unique visitor arrived through the referrer's link. <see cref="VisitorKey"/> identifies the visitor without PII
/// (e.g. a hash of the visitor cookie): at most 64 characters, no ':' or spaces.
/// </summary>
public sealed record UniqueVisitEvent : ReferralEvent
{
    public required int ReferrerCustomerId { get; init; }
    public required string VisitorKey { get; init; }
}

/// <summary>
/// A competition period has ended: <see cref="Records"/> are the friends' orders attributed in (at least) that period.
/// Top-referrer policies whose calendar period equals <see cref="Period"/> pick their winners.
/// </summary>
public sealed record PeriodClosedEvent : ReferralEvent
{
    public required RewardPeriod Period { get; init; }
    public required IReadOnlyList<ReferralRecord> Records { get; init; }
}

/// <summary>
/// What the plugin knows about the referrer just before the event, counted so that replaying the event gives the
/// same answer: the event's own friend or visitor is never included.
/// </summary>
/// <param name="FriendsWhoBoughtBefore">Distinct referred friends whose first qualifying order was placed before this order (this friend excluded).</param>
/// <param name="VisitorsBefore">Unique visitors the referrer brought before this visit (this visitor excluded).</param>
public sealed record ReferrerCounts(int FriendsWhoBoughtBefore = 0, int VisitorsBefore = 0)
{
    public static readonly ReferrerCounts None = new();
}
