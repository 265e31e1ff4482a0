using System.Threading.Channels;

namespace Nop.Plugin.Misc.Flock.Services.Inbox;

/// <summary>
/// In-process doorbell of the inbox (singleton): a handler that recorded an item rings it, so this node's worker takes
/// the item at once instead of at its next sweep. Losing a ring loses nothing — the row is the truth and the sweep finds it.
/// </summary>
public class InboxSignal
{
    private readonly Channel<(int ItemId, long RungAtMs)> _rung =
        Channel.CreateUnbounded<(int, long)>(new UnboundedChannelOptions { SingleReader = true });

    public virtual void Ring(int itemId) => _rung.Writer.TryWrite((itemId, Environment.TickCount64));

    /// <summary>Waits for a ring, at most <paramref name="timeout"/>; true when one came.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken stopping)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timer.CancelAfter(timeout);
        try
        {
            return await _rung.Reader.WaitToReadAsync(timer.Token);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>The next rung item and when it was rung (<see cref="Environment.TickCount64"/>).</summary>
    public bool TryTake(out int itemId, out long rungAtMs)
    {
        var taken = _rung.Reader.TryRead(out var rung);
        (itemId, rungAtMs) = rung;
        return taken;
    }
}
