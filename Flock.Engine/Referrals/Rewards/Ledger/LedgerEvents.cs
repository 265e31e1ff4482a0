namespace Flock.Engine.Referrals.Rewards.Ledger;

/// <summary>Something that moves rewards: an order fact, the clock, or an admin decision.</summary>
public abstract record LedgerEvent
{
    public required DateTimeOffset At { get; init; }
}

/// <summary>An event about one friend's order; it concerns every reward tied to that order.</summary>
public abstract record OrderLedgerEvent : LedgerEvent
{
    public required int OrderId { get; init; }
}

/// <summary>The friend's order was paid at <see cref="LedgerEvent.At"/> (the return window counts from here).</summary>
public sealed record OrderPaid : OrderLedgerEvent;

/// <summary>
/// The friend's order was refunded; <see cref="RefundedTotal"/> is the cumulative refunded amount so far (nopCommerce's
/// Order.RefundedAmount), which makes the event safe to replay and to receive out of order.
/// A total reaching the order amount is a full refund.
/// </summary>
public sealed record OrderRefunded : OrderLedgerEvent
{
    public required decimal RefundedTotal { get; init; }
}

/// <summary>The friend's order was cancelled or voided: its rewards are revoked.</summary>
public sealed record OrderCancelled : OrderLedgerEvent
{
    /// <summary>True for a voided payment, false for a cancelled order (only the history wording differs).</summary>
    public bool Voided { get; init; }
}

/// <summary>Time passed: rewards whose order has settled are approved and granted.</summary>
public sealed record ClockTick : LedgerEvent;

/// <summary>An admin decision about one reward, with who made it and why (both required).</summary>
public abstract record AdminLedgerEvent : LedgerEvent
{
    public required string CauseKey { get; init; }
    public required string Actor { get; init; }
    public required string Reason { get; init; }
}

/// <summary>
/// An admin approves a pending reward. It satisfies "requires manual approval" but never bypasses the settle rule:
/// an order-tied reward is still granted only once its order is paid and the return window has passed.
/// </summary>
public sealed record AdminApproved : AdminLedgerEvent;

/// <summary>An admin revokes a reward; a granted one is reversed.</summary>
public sealed record AdminRevoked : AdminLedgerEvent;
