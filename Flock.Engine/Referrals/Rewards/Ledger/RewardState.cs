namespace Flock.Engine.Referrals.Rewards.Ledger;

/// <summary>
/// Where a reward stands. Pending → Approved → Granted is the normal path; Granted → PartiallyRevoked on a partial
/// refund; anything → Revoked. Revoked is terminal.
/// </summary>
public enum RewardState
{
    /// <summary>Recorded; waiting for approval (automatic once its order settles, or by an admin when the policy requires it).</summary>
    Pending,
    /// <summary>Approved; granted as soon as its order settles (at once when it has no order or the order has settled).</summary>
    Approved,
    /// <summary>Carried out: the coupon, points or gift was given.</summary>
    Granted,
    /// <summary>Granted, then reduced by a partial refund of the friend's order (part of it reversed).</summary>
    PartiallyRevoked,
    /// <summary>Cancelled for good: never granted, or fully reversed. Terminal.</summary>
    Revoked,
}

/// <summary>One step in a reward's life. <see cref="From"/> is null for the recording itself; From == To for an amount change.</summary>
public sealed record RewardTransition(RewardState? From, RewardState To, DateTimeOffset At, string Reason, string Actor);

/// <summary>An append-only list of transitions with value equality (two entries with the same history are equal).</summary>
public sealed class RewardHistory : IReadOnlyList<RewardTransition>, IEquatable<RewardHistory>
{
    public static readonly RewardHistory Empty = new([]);

    private readonly RewardTransition[] _items;

    private RewardHistory(RewardTransition[] items) => _items = items;

    public int Count => _items.Length;

    public RewardTransition this[int index] => _items[index];

    /// <summary>A new history with <paramref name="transition"/> appended; this one is unchanged.</summary>
    public RewardHistory Append(RewardTransition transition) => new([.. _items, transition]);

    public IEnumerator<RewardTransition> GetEnumerator() => ((IEnumerable<RewardTransition>)_items).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(RewardHistory? other) => other is not null && _items.AsSpan().SequenceEqual(other._items);

    public override bool Equals(object? obj) => Equals(obj as RewardHistory);

    public override int GetHashCode() => _items.Length;
}
