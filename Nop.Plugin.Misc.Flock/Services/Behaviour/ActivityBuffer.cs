using System.Collections.Concurrent;
using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Services.Behaviour;

/// <summary>
/// Views and searches waiting to be written (singleton): the shopper's request adds one row without a database round
/// trip; the inbox worker writes them in one batch about every second. A node that dies loses at most that second of
/// browsing signals — never an order, a message or money.
/// </summary>
public class ActivityBuffer
{
    /// <summary>While the database is unreachable, at most this many wait; beyond it new rows are dropped.</summary>
    public const int MaxWaiting = 50_000;

    private readonly ConcurrentQueue<FlockActivity> _waiting = new();

    public bool IsEmpty => _waiting.IsEmpty;

    public void Add(FlockActivity activity)
    {
        if (_waiting.Count < MaxWaiting)
            _waiting.Enqueue(activity);
    }

    public List<FlockActivity> TakeAll(int max = 5000)
    {
        var taken = new List<FlockActivity>();
        while (taken.Count < max && _waiting.TryDequeue(out var activity))
            taken.Add(activity);
        return taken;
    }

    /// <summary>Puts back what could not be written (tried again with the next batch).</summary>
    public void Return(IEnumerable<FlockActivity> activities)
    {
        foreach (var activity in activities)
            Add(activity);
    }
}
