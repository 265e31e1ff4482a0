using Flock.Engine.Chains;
using Nop.Plugin.Misc.Flock.Services.Segments;
using Nop.Services.Logging;

namespace Nop.Plugin.Misc.Flock.Services.Chains;

/// <summary>
/// The triggers no request raises (<see cref="ScheduledTriggers"/>), written as activities for the chain scheduler to
/// offer with the rest: the dates (<see cref="DateTriggerService"/>), price drops and returns to stock (<see cref="ProductTriggerService"/>) and the segment entries (<see cref="SegmentEntryService"/>).
/// The segments are recorded whether or not a chain listens yet, so a chain launched later starts on real entries, not
/// on everyone's first recording.
/// </summary>
public class ScheduledTriggerService
{
    protected readonly ILogger _logger;
    protected readonly ChainService _chainService;
    protected readonly DateTriggerService _dateTriggers;
    protected readonly ProductTriggerService _productTriggers;
    protected readonly SegmentEntryService _segmentEntries;
    protected readonly SegmentService _segmentService;

    public ScheduledTriggerService(ILogger logger, ChainService chainService, DateTriggerService dateTriggers, ProductTriggerService productTriggers,
        SegmentEntryService segmentEntries, SegmentService segmentService)
    {
        _productTriggers = productTriggers;
        _logger = logger;
        _chainService = chainService;
        _dateTriggers = dateTriggers;
        _segmentEntries = segmentEntries;
        _segmentService = segmentService;
    }

    /// <summary>One pass: the date and product scans that are due, the daily recording of segments once the model is (re)built; returns the occurrences written.</summary>
    public virtual async Task<int> FindAsync(DateTime nowUtc)
    {
        var triggers = (await _chainService.GetLiveAsync()).Select(c => c.Compiled.Definition.Trigger).ToList();
        //each scan stands alone: what one fails to write is found again by its next run, and the others go on meanwhile
        var written = await AloneAsync("date scan (win-back, anniversaries, birthdays, points expiring)", () => _dateTriggers.ScanAsync(triggers, nowUtc));
        written += await AloneAsync("product scan (price drops, back in stock)", () => _productTriggers.ScanAsync(triggers, nowUtc));
        var model = await _segmentService.EnsureModelAsync();
        return written + await _segmentEntries.RecordEveryoneAsync(model, ScheduledTriggers.ListenedSegments(triggers), nowUtc);
    }

    protected virtual async Task<int> AloneAsync(string name, Func<Task<int>> scan)
    {
        try
        {
            return await scan();
        }
        catch (Exception exception)
        {
            await _logger.ErrorAsync($"Flock: the {name} failed; its next run tries again: {exception.Message}", exception);
            return 0;
        }
    }

    /// <summary>A paid order can move its buyer into a segment a chain starts on: scored at once (a failure waits for the daily recording, which finds the same move).</summary>
    public virtual async Task RecordSegmentsOfBuyersAsync(IReadOnlyCollection<int> customerIds, IEnumerable<ChainTrigger> liveTriggers)
    {
        var listened = ScheduledTriggers.ListenedSegments(liveTriggers);
        if (customerIds.Count == 0 || listened.Count == 0)
            return;
        try
        {
            await _segmentEntries.RecordCustomersAsync(customerIds, listened, DateTime.UtcNow);
        }
        catch (Exception exception)
        {
            await _logger.WarningAsync($"Flock: the segments of {customerIds.Count} buyers could not be recorded now; the daily recording finds their moves: {exception.Message}");
        }
    }
}
