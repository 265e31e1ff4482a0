using System.Collections.Concurrent;
using Nop.Plugin.Misc.Flock.Models;

namespace Nop.Plugin.Misc.Flock.Services.Referrals;

/// <summary>
/// Thank-you blocks this node prepared in the last minutes (singleton), so the page that follows the placement on the
/// same node shows the block without a database read — or, while this node's worker is still preparing it, the
/// placeholder without one. The stored row stays the truth: another web-farm node, a restart or an evicted entry read
/// it. Bounded in time and size; a customer's erasure forgets theirs.
/// </summary>
public class PreparedBlockMemory
{
    /// <summary>A shopper reaches the thank-you page within seconds of placing the order; later visits read the row.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>How long a placement on this node counts as "being prepared here" when no block follows (a failure retried later).</summary>
    public static readonly TimeSpan PendingLifetime = TimeSpan.FromSeconds(30);

    /// <summary>At most this many blocks are held (a burst beyond it is served from the rows).</summary>
    public const int MaxHeld = 5_000;

    private readonly ConcurrentDictionary<int, Held> _byOrder = new();

    /// <summary>
    /// The block prepared for the order (<see cref="Model"/> null when the order shows none), or — <see cref="IsPending"/> —
    /// the mark that this node's worker is preparing it.
    /// </summary>
    public sealed record Held(int CustomerId, ShareWidgetModel Model, DateTime ExpiresUtc, bool IsPending = false);

    public void Remember(int orderId, int customerId, ShareWidgetModel model, DateTime nowUtc)
    {
        if (HasRoom(nowUtc))
            _byOrder[orderId] = new Held(customerId, model, nowUtc + Lifetime);
    }

    /// <summary>The order was placed on this node and its preparation handed to this node's worker.</summary>
    public void ExpectPreparation(int orderId, DateTime nowUtc)
    {
        if (HasRoom(nowUtc))
            _byOrder.TryAdd(orderId, new Held(0, null, nowUtc + PendingLifetime, IsPending: true));
    }

    protected bool HasRoom(DateTime nowUtc)
    {
        if (_byOrder.Count >= MaxHeld)
            ForgetExpired(nowUtc);
        return _byOrder.Count < MaxHeld;
    }

    public bool TryRecall(int orderId, DateTime nowUtc, out Held held)
    {
        if (_byOrder.TryGetValue(orderId, out held) && held.ExpiresUtc > nowUtc)
            return true;
        if (held is not null)
            _byOrder.TryRemove(orderId, out _);
        held = null;
        return false;
    }

    public void ForgetCustomer(int customerId)
    {
        foreach (var (orderId, held) in _byOrder)
            if (held.CustomerId == customerId)
                _byOrder.TryRemove(orderId, out _);
    }

    public void ForgetExpired(DateTime nowUtc)
    {
        foreach (var (orderId, held) in _byOrder)
            if (held.ExpiresUtc <= nowUtc)
                _byOrder.TryRemove(orderId, out _);
    }

    public int Count => _byOrder.Count;
}
