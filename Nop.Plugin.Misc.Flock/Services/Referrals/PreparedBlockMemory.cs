using System.Collections.Concurrent;

namespace Nop.Plugin.Misc.Flock.Services.Referrals;

/// <summary>
/// Thank-you blocks this node prepared a moment ago (singleton), so the page that follows the placement on the same node
/// shows the block without a database read — or, while this node's worker is still preparing it, the placeholder without
/// one. The stored row stays the truth: another web-farm node, a restart or an evicted entry read it. Bounded in time and
/// size (the oldest go first); the node that erases a customer forgets theirs at once, other nodes' copies expire within
/// <see cref="Lifetime"/> and are never served (nopCommerce no longer knows the customer). Each request gets its own
/// copy of the block (<see cref="Held.ModelJson"/>), as from the row.
/// </summary>
public class PreparedBlockMemory
{
    /// <summary>A shopper reaches the thank-you page within seconds of placing the order; later visits read the row.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    /// <summary>How long a placement on this node counts as "being prepared here" when no block follows (a failure retried later).</summary>
    public static readonly TimeSpan PendingLifetime = TimeSpan.FromSeconds(30);

    /// <summary>At most this many orders are held; beyond it the oldest make room (a burst's older orders read their rows).</summary>
    public const int MaxHeld = 2_000;

    private readonly ConcurrentDictionary<int, Held> _byOrder = new();

    /// <summary>
    /// The block prepared for the order as its row stores it (<see cref="ModelJson"/> null when the order shows none), or
    /// — <see cref="IsPending"/> — the mark that this node's worker is preparing it.
    /// </summary>
    public sealed record Held(int CustomerId, string ModelJson, DateTime ExpiresUtc, bool IsPending = false);

    public void Remember(int orderId, int customerId, string modelJson, DateTime nowUtc)
    {
        MakeRoom(orderId, nowUtc);
        _byOrder[orderId] = new Held(customerId, modelJson, nowUtc + Lifetime);
    }

    /// <summary>The order was placed on this node and its preparation handed to this node's worker.</summary>
    public void ExpectPreparation(int orderId, DateTime nowUtc)
    {
        MakeRoom(orderId, nowUtc);
        _byOrder.TryAdd(orderId, new Held(0, null, nowUtc + PendingLifetime, IsPending: true));
    }

    public bool TryRecall(int orderId, DateTime nowUtc, out Held held)
    {
        if (_byOrder.TryGetValue(orderId, out held) && held.ExpiresUtc > nowUtc)
            return true;
        if (held is not null)
            _byOrder.TryRemove(new KeyValuePair<int, Held>(orderId, held)); //only this expired entry, not one stored meanwhile
        held = null;
        return false;
    }

    public void ForgetCustomer(int customerId)
    {
        foreach (var entry in _byOrder)
            if (entry.Value.CustomerId == customerId)
                _byOrder.TryRemove(entry);
    }

    public void ForgetExpired(DateTime nowUtc)
    {
        foreach (var entry in _byOrder)
            if (entry.Value.ExpiresUtc <= nowUtc)
                _byOrder.TryRemove(entry);
    }

    public int Count => _byOrder.Count;

    /// <summary>A new order finds room: the expired go, and when that is not enough, the oldest tenth.</summary>
    protected void MakeRoom(int orderId, DateTime nowUtc)
    {
        if (_byOrder.Count < MaxHeld || _byOrder.ContainsKey(orderId))
            return;
        ForgetExpired(nowUtc);
        if (_byOrder.Count < MaxHeld)
            return;
        foreach (var entry in _byOrder.OrderBy(e => e.Value.ExpiresUtc).Take(MaxHeld / 10).ToList())
            _byOrder.TryRemove(entry);
    }
}
