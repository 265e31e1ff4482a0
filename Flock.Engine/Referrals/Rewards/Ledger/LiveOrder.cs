namespace Flock.Engine.Referrals.Rewards.Ledger;

/// <summary>A reward's order as the store holds it right now (re-read before settling: events can be missed or late).</summary>
/// <param name="OrderId">The order.</param>
/// <param name="Exists">False when the order is gone or deleted.</param>
/// <param name="Cancelled">The order is cancelled.</param>
/// <param name="Voided">Its payment was voided.</param>
/// <param name="Paid">Its payment is complete (paid, or paid and then partly refunded).</param>
/// <param name="RefundedTotal">Cumulative refunded amount.</param>
/// <param name="PaidAt">When it was paid, if known.</param>
public sealed record LiveOrder(int OrderId, bool Exists, bool Cancelled, bool Voided, bool Paid, decimal RefundedTotal, DateTimeOffset? PaidAt);

/// <summary>The ledger facts a live order implies, and whether its rewards may be settled now.</summary>
public sealed record LiveOrderFacts(IReadOnlyList<OrderLedgerEvent> Events, bool MaySettle);

/// <summary>Turns the store's live order into ledger events (all idempotent, so a fact the entry already has changes nothing).</summary>
public static class LiveOrderReconciliation
{
    public static LiveOrderFacts Facts(LiveOrder order, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (!order.Exists || order.Cancelled || order.Voided)
            return new LiveOrderFacts([new OrderCancelled { OrderId = order.OrderId, Voided = order.Exists && order.Voided, At = now }], false);

        var events = new List<OrderLedgerEvent>(2);
        if (order.RefundedTotal > 0m)
            events.Add(new OrderRefunded { OrderId = order.OrderId, RefundedTotal = order.RefundedTotal, At = now });
        if (order.Paid)
            events.Add(new OrderPaid { OrderId = order.OrderId, At = order.PaidAt ?? now });
        return new LiveOrderFacts(events, order.Paid);
    }
}
