using Flock.Engine.Chains;
using Flock.Engine.Segments;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Data;
using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Services.Segments;

//inside the namespace: linq2db's conditional Set/UpdateAsync, and its async helpers win over nopCommerce's same-named ones
using LinqToDB;

/// <summary>
/// Who entered which RFM segment (the trigger <see cref="ChainTriggerKind.SegmentEntered"/>): each customer's segment is
/// recorded in <see cref="FlockCustomerSegment"/>; a recomputed segment that differs moves the row on by a conditional
/// update (from the segment read to the new one) in the same transaction that writes the entry as an activity, so
/// however many nodes recompute at once an entry is written once, and never without its row moving. Recomputed for
/// everyone once a day (one node, after the model is rebuilt) and for a customer as soon as their order is paid. The
/// store's first recording is the baseline: nobody "enters" the segment they were already in.
/// </summary>
public class SegmentEntryService
{
    /// <summary>The scan mark of the daily recording of every customer.</summary>
    public const string DailyMark = "segments";
    /// <summary>Written once the store's first recording has finished whole: until then every recording is the baseline (an interrupted one enters nobody).</summary>
    public const string BaselineMark = "segments-baseline";
    public const int ChunkSize = 1000;

    protected readonly Behaviour.ActivityService _activityService;
    protected readonly IRepository<FlockCustomerSegment> _segmentRepository;
    protected readonly SegmentService _segmentService;
    protected readonly Chains.TriggerScanMarks _marks;

    public SegmentEntryService(Behaviour.ActivityService activityService, IRepository<FlockCustomerSegment> segmentRepository,
        SegmentService segmentService, Chains.TriggerScanMarks marks)
    {
        _activityService = activityService;
        _segmentRepository = segmentRepository;
        _segmentService = segmentService;
        _marks = marks;
    }

    /// <summary>
    /// Once a day, on one node: every customer with a paid order, scored by <paramref name="model"/>, recorded; entries
    /// are written for the segments in <paramref name="listened"/> (those a live chain starts on). Returns the entries written.
    /// </summary>
    public virtual async Task<int> RecordEveryoneAsync(RfmModel model, IReadOnlySet<string> listened, DateTime nowUtc)
    {
        var (claimed, _) = await _marks.ClaimAsync(DailyMark, nowUtc, TimeSpan.FromHours(20));
        if (!claimed)
            return 0;
        var baseline = !await _marks.ExistsAsync(BaselineMark);
        var rows = await _segmentService.ReadAllAsync();
        var now = new DateTimeOffset(DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc));
        var current = rows.Select(r => (r.CustomerId, model.Score(_segmentService.Input(r.CustomerId, r.Orders, r.Total, r.LastUtc, model.AsOf)).Segment)).ToList();
        var entries = 0;
        foreach (var chunk in current.Chunk(ChunkSize))
            entries += await RecordAsync(chunk, baseline, listened, nowUtc);
        if (baseline)
            await _marks.EnsureAsync(BaselineMark, nowUtc);
        return entries;
    }

    /// <summary>Customers whose order was just paid, scored against the cached model (nothing while none is built); returns the entries written.</summary>
    public virtual async Task<int> RecordCustomersAsync(IReadOnlyCollection<int> customerIds, IReadOnlySet<string> listened, DateTime nowUtc)
    {
        if (customerIds.Count == 0 || !await _marks.ExistsAsync(BaselineMark))
            return 0; //before the baseline there is nothing to enter from
        var entries = 0;
        foreach (var ids in customerIds.Distinct().Chunk(ChunkSize))
        {
            var rows = (await _segmentService.ReadCustomersAsync(ids)).ToDictionary(r => r.CustomerId);
            var current = new List<(int, RfmSegment)>();
            foreach (var id in ids)
            {
                var score = rows.TryGetValue(id, out var row) ? _segmentService.ScoreFromCache(id, row.Orders, row.Total, row.LastUtc) : _segmentService.ScoreFromCache(id, 0, 0, null);
                if (score is { } scored)
                    current.Add((id, scored.Segment));
            }
            entries += await RecordAsync(current, baseline: false, listened, nowUtc);
        }
        return entries;
    }

    /// <summary>The segments as they are now for one chunk of customers: rows made where missing, moved where they differ.</summary>
    protected virtual async Task<int> RecordAsync(IReadOnlyList<(int CustomerId, RfmSegment Segment)> current, bool baseline, IReadOnlySet<string> listened, DateTime nowUtc)
    {
        if (current.Count == 0)
            return 0;
        var ids = current.Select(c => c.CustomerId).ToList();
        var recorded = await _segmentRepository.Table.Where(s => ids.Contains(s.CustomerId)).ToDictionaryAsync(s => s.CustomerId, s => (RfmSegment)s.Segment);
        //a customer new to the table starts from their segment at the baseline, and from "none" afterwards (their first paid order)
        var missing = current.Where(c => !recorded.ContainsKey(c.CustomerId))
            .Select(c => new FlockCustomerSegment { CustomerId = c.CustomerId, Segment = (int)(baseline ? c.Segment : RfmSegment.None), SinceUtc = nowUtc }).ToList();
        await UniqueKey.InsertMissingAsync(_segmentRepository, missing);
        foreach (var row in missing)
            recorded.TryAdd(row.CustomerId, (RfmSegment)row.Segment);

        var entries = 0;
        foreach (var move in current.Where(c => recorded.TryGetValue(c.CustomerId, out var was) && was != c.Segment).GroupBy(c => (From: recorded[c.CustomerId], To: c.Segment)))
        {
            var moving = move.Select(c => c.CustomerId).ToList();
            using var transaction = FlockTransaction.Begin();
            var moved = await MoveAsync(moving, move.Key.From, move.Key.To, nowUtc);
            var occurrences = moved.Select(id => ScheduledTriggers.Entered(id, move.Key.From, move.Key.To, nowUtc))
                .OfType<ScheduledOccurrence>().Where(o => listened.Contains(o.Segment!)).ToList();
            if (occurrences.Count > 0)
            {
                var stores = await _segmentService.StoresOfLastOrderAsync(occurrences.Select(o => o.CustomerId).ToList());
                await _activityService.InsertOccurrencesAsync(occurrences, o => stores.GetValueOrDefault(o.CustomerId));
            }
            transaction.Complete();
            entries += occurrences.Count;
        }
        return entries;
    }

    /// <summary>
    /// The rows of these customers still in <paramref name="from"/> moved to <paramref name="to"/>; the ids this call moved.
    /// The rows are marked with this call's token, so a row another node moved a moment ago (it is in the new segment too)
    /// is not taken for ours.
    /// </summary>
    protected virtual async Task<IReadOnlyList<int>> MoveAsync(List<int> customerIds, RfmSegment from, RfmSegment to, DateTime nowUtc)
    {
        int f = (int)from, t = (int)to;
        var token = Guid.NewGuid();
        var count = await _segmentRepository.Table.Where(s => customerIds.Contains(s.CustomerId) && s.Segment == f)
            .Set(s => s.Segment, t).Set(s => s.SinceUtc, nowUtc).Set(s => s.MoveToken, token).UpdateAsync();
        if (count == customerIds.Count)
            return customerIds;
        return await _segmentRepository.Table.Where(s => customerIds.Contains(s.CustomerId) && s.MoveToken == token).Select(s => s.CustomerId).ToListAsync();
    }


    /// <summary>GDPR: the recorded segment goes with the customer.</summary>
    public virtual async Task DeleteByCustomerAsync(int customerId) =>
        await _segmentRepository.Table.Where(s => s.CustomerId == customerId).DeleteAsync();
}
