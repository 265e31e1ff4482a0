namespace Nop.Plugin.Misc.Flock.Infrastructure;

/// <summary>
/// How busy this store process is with shoppers' requests right now (singleton, counted by <see cref="ShopperTrafficStartup"/>):
/// Flock's background work waits for a lull so it never competes with a page being served on a small server, and waits
/// at most a bounded time so a store that is never idle still gets it done.
/// </summary>
public class ShopperTraffic
{
    /// <summary>No request for this long (and none in flight) is a lull.</summary>
    public static readonly TimeSpan Lull = TimeSpan.FromMilliseconds(20);

    protected static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);

    private int _inFlight;
    private long _lastLeftMs = Environment.TickCount64;

    public void Enter() => Interlocked.Increment(ref _inFlight);

    public void Leave()
    {
        Volatile.Write(ref _lastLeftMs, Environment.TickCount64);
        Interlocked.Decrement(ref _inFlight);
    }

    public int InFlight => Volatile.Read(ref _inFlight);

    public bool IsQuiet => InFlight == 0 && Environment.TickCount64 - Volatile.Read(ref _lastLeftMs) >= Lull.TotalMilliseconds;

    /// <summary>Returns at the next lull, or after <paramref name="atMost"/> when none comes.</summary>
    public virtual async Task WaitForLullAsync(TimeSpan atMost, CancellationToken cancellation)
    {
        var until = Environment.TickCount64 + (long)atMost.TotalMilliseconds;
        while (!IsQuiet && Environment.TickCount64 < until)
            await Task.Delay(Poll, cancellation);
    }
}
