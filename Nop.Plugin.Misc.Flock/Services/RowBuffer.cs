using System.Collections.Concurrent;

namespace Nop.Plugin.Misc.Flock.Services;

/// <summary>
/// Analytics rows waiting to be written in one batch (a singleton per kind): a shopper's request adds a row without a
/// database round trip, a worker writes them about every second and puts back what could not be written. While the
/// database is unreachable at most <see cref="MaxWaiting"/> wait; beyond it new rows are dropped. A node that dies loses
/// at most that second — analytics, never an order, a message or money.
/// </summary>
public class RowBuffer<T>
{
    public const int MaxWaiting = 50_000;

    private readonly ConcurrentQueue<T> _waiting = new();

    public bool IsEmpty => _waiting.IsEmpty;

    /// <summary>False when the buffer is full and the row was dropped.</summary>
    public bool Add(T row)
    {
        if (_waiting.Count >= MaxWaiting)
            return false;
        _waiting.Enqueue(row);
        return true;
    }

    public List<T> TakeAll(int max = 5000)
    {
        var taken = new List<T>();
        while (taken.Count < max && _waiting.TryDequeue(out var row))
            taken.Add(row);
        return taken;
    }

    /// <summary>Puts back what could not be written (tried again with the next batch).</summary>
    public void Return(IEnumerable<T> rows)
    {
        foreach (var row in rows)
            Add(row);
    }
}
