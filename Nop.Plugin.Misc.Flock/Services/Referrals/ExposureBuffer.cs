using System.Collections.Concurrent;
using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Services.Referrals;

/// <summary>
/// "Widget shown" rows waiting to be written (singleton): the thank-you page adds one without a database round trip;
/// the inbox worker writes them in one batch about every second. A node that dies loses at most that second of
/// exposures — analytics, never money.
/// </summary>
public class ExposureBuffer
{
    private readonly ConcurrentQueue<FlockEvent> _waiting = new();

    public void Add(FlockEvent shown) => _waiting.Enqueue(shown);

    public bool IsEmpty => _waiting.IsEmpty;

    public List<FlockEvent> TakeAll(int max = 5000)
    {
        var taken = new List<FlockEvent>();
        while (taken.Count < max && _waiting.TryDequeue(out var shown))
            taken.Add(shown);
        return taken;
    }

    /// <summary>Puts back what could not be written (tried again with the next batch).</summary>
    public void Return(IEnumerable<FlockEvent> events)
    {
        foreach (var shown in events)
            if (_waiting.Count < MaxWaiting)
                _waiting.Enqueue(shown);
    }

    /// <summary>While the database is unreachable, at most this many wait; older batches beyond it are dropped.</summary>
    public const int MaxWaiting = 50_000;
}
