using System.Threading.Channels;

namespace Nop.Plugin.Misc.Flock.Services.Inbox;

/// <summary>
/// In-process doorbell of the inbox (singleton): a handler that recorded an item rings it, so this node's worker takes
/// the item at once instead of at its next sweep. Losing a ring loses nothing — the row is the truth and the sweep finds it.
/// </summary>
public class InboxSignal
{
    private readonly Channel<int> _rung = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true });

    public virtual void Ring(int itemId) => _rung.Writer.TryWrite(itemId);

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

    public bool TryTake(out int itemId) => _rung.Reader.TryRead(out itemId);
}
