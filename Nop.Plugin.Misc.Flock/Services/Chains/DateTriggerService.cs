using Flock.Engine.Chains;
using Nop.Core.Domain.Customers;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Services.Segments;
using Nop.Services.Customers;
using Nop.Services.Helpers;

namespace Nop.Plugin.Misc.Flock.Services.Chains;

//inside the namespace: linq2db's async helpers win over nopCommerce's same-named ones
using LinqToDB;

/// <summary>
/// The date triggers of the live chains — win-back (<see cref="ChainTriggerKind.LastOrderAged"/>), the first order's
/// anniversary, the birthday, reward points about to expire — found by a scan at most every <see cref="ScanInterval"/>: the window since the last scan
/// (<see cref="ScheduledTriggers.Window"/>) is read with one query for the customers whose date can fall in it (the
/// database filters by date or by month and day), the engine decides each customer's moment in their own time zone, and
/// the occurrences are written as activities in the transaction that moves the trigger's scan mark on — two nodes
/// scanning at once write a window once, and a crash writes it again whole. The enrollment's unique key per occurrence is
/// the last word either way.
/// </summary>
public class DateTriggerService
{
    public static readonly TimeSpan ScanInterval = TimeSpan.FromHours(1);
    /// <summary>How many customers one query loads.</summary>
    public const int LoadBatch = 1000;

    protected readonly IRepository<Customer> _customerRepository;
    protected readonly IRepository<RewardPointsHistory> _rewardPointsRepository;
    protected readonly Nop.Services.Configuration.ISettingService _settingService;
    protected readonly Behaviour.ActivityService _activityService;
    protected readonly ICustomerService _customerService;
    protected readonly IDateTimeHelper _dateTimeHelper;
    protected readonly SegmentService _segmentService;
    protected readonly TriggerScanMarks _marks;

    public DateTriggerService(IRepository<Customer> customerRepository, IRepository<RewardPointsHistory> rewardPointsRepository, Nop.Services.Configuration.ISettingService settingService, Behaviour.ActivityService activityService, ICustomerService customerService,
        IDateTimeHelper dateTimeHelper, SegmentService segmentService, TriggerScanMarks marks)
    {
        _customerRepository = customerRepository;
        _rewardPointsRepository = rewardPointsRepository;
        _settingService = settingService;
        _activityService = activityService;
        _customerService = customerService;
        _dateTimeHelper = dateTimeHelper;
        _segmentService = segmentService;
        _marks = marks;
    }

    /// <summary>The scan mark of a date trigger: chains on the same date share one scan.</summary>
    public static string MarkKey(ChainTrigger trigger) => trigger.Kind switch
    {
        ChainTriggerKind.LastOrderAged => $"aged:{trigger.Days}",
        ChainTriggerKind.FirstOrderAnniversary => "anniversary",
        ChainTriggerKind.Birthday => "birthday",
        ChainTriggerKind.PointsExpiring => $"points:{trigger.Days}",
        _ => throw new ArgumentException($"{trigger.Kind} is not a date trigger", nameof(trigger)),
    };

    /// <summary>Scans every distinct date trigger among <paramref name="triggers"/> that is due; returns the occurrences written.</summary>
    public virtual async Task<int> ScanAsync(IEnumerable<ChainTrigger> triggers, DateTime nowUtc)
    {
        var written = 0;
        foreach (var trigger in triggers.Where(t => ScheduledTriggers.IsDate(t.Kind)).DistinctBy(MarkKey).ToList())
            written += await ScanAsync(trigger, nowUtc);
        return written;
    }

    public virtual async Task<int> ScanAsync(ChainTrigger trigger, DateTime nowUtc)
    {
        nowUtc = TriggerScanMarks.Exact(nowUtc);
        var key = MarkKey(trigger);
        var previous = await _marks.EnsureAsync(key, nowUtc - ScheduledTriggers.MaxCatchUp);
        if (nowUtc - previous < ScanInterval)
            return 0;
        var (from, to) = ScheduledTriggers.Window(previous, nowUtc);
        var candidates = await CandidatesAsync(trigger, from, to);
        var due = new List<(ScheduledOccurrence Occurrence, Candidate Candidate)>();
        foreach (var candidate in candidates)
            if (ScheduledTriggers.Due(trigger, candidate.Dates, from, to) is { } occurrence)
                due.Add((occurrence, candidate));
        var occurrences = due.Select(d => d.Occurrence).ToList();
        var stores = due.Any(d => d.Candidate.StoreId is null)
            ? await _segmentService.StoresOfLastOrderAsync(due.Where(d => d.Candidate.StoreId is null).Select(d => d.Occurrence.CustomerId).Distinct().ToList()) : [];
        var storeOf = new Dictionary<(int, string), int>();
        foreach (var (occurrence, candidate) in due)
            storeOf.TryAdd((occurrence.CustomerId, occurrence.InstanceKey),
                candidate.StoreId ?? (stores.TryGetValue(occurrence.CustomerId, out var last) ? last : candidate.RegisteredInStoreId));

        using var transaction = FlockTransaction.Begin();
        if (!await _marks.MoveAsync(key, previous, to))
            return 0; //another node scanned this window a moment ago
        await _activityService.InsertOccurrencesAsync(occurrences, o => storeOf[(o.CustomerId, o.InstanceKey)]);
        transaction.Complete();
        return occurrences.Count;
    }

    /// <summary>A customer whose date can fall in the window; <see cref="StoreId"/> is the store the occurrence belongs to where the date has one (the points' store), else their last paid order's or registration store is taken.</summary>
    public readonly record struct Candidate(CustomerDates Dates, int RegisteredInStoreId, int? StoreId = null);

    /// <summary>The customers whose date can fall in the window; the database narrows, the engine decides.</summary>
    protected virtual async Task<IReadOnlyList<Candidate>> CandidatesAsync(ChainTrigger trigger, DateTime fromUtc, DateTime toUtc)
    {
        switch (trigger.Kind)
        {
            case ChainTriggerKind.LastOrderAged:
            {
                var days = trigger.Days ?? throw new ArgumentException("win-back needs days", nameof(trigger));
                DateTime after = fromUtc.AddDays(-days), upTo = toUtc.AddDays(-days);
                var rows = await _segmentService.PaidOrders().GroupBy(o => o.CustomerId).Select(g => new { CustomerId = g.Key, Last = g.Max(o => o.CreatedOnUtc) })
                    .Where(r => r.Last > after && r.Last <= upTo).ToListAsync();
                var latest = await _segmentService.LatestOrdersAsync(rows.Select(r => r.CustomerId).ToList());
                return rows.Select(r => new Candidate(new CustomerDates
                {
                    CustomerId = r.CustomerId, LastOrderUtc = r.Last, LatestOrderUtc = latest.TryGetValue(r.CustomerId, out var placed) ? placed : null
                }, 0)).ToList();
            }
            case ChainTriggerKind.FirstOrderAnniversary:
            {
                var days = ScheduledTriggers.MonthDays(fromUtc, toUtc);
                var firsts = (await _segmentService.PaidOrders().GroupBy(o => o.CustomerId).Select(g => new { CustomerId = g.Key, First = g.Min(o => o.CreatedOnUtc) })
                    .Where(r => days.Contains(r.First.Month * 100 + r.First.Day)).ToListAsync()).ToDictionary(r => r.CustomerId, r => r.First);
                return await WithZonesAsync(firsts.Keys, (customer, zone) => new CustomerDates { CustomerId = customer.Id, FirstOrderUtc = firsts[customer.Id], TimeZone = zone });
            }
            case ChainTriggerKind.Birthday:
            {
                var days = ScheduledTriggers.MonthDays(fromUtc, toUtc);
                var ids = await _customerRepository.Table
                    .Where(c => !c.Deleted && c.Active && c.DateOfBirth != null && days.Contains(c.DateOfBirth.Value.Month * 100 + c.DateOfBirth.Value.Day))
                    .Select(c => c.Id).ToListAsync();
                return await WithZonesAsync(ids, (customer, zone) => new CustomerDates { CustomerId = customer.Id, Birthday = DateOnly.FromDateTime(customer.DateOfBirth!.Value), TimeZone = zone });
            }
            case ChainTriggerKind.PointsExpiring:
            {
                //unspent points (nopCommerce lowers ValidPoints as they are used) whose expiry minus the days falls in the window
                var days = trigger.Days ?? throw new ArgumentException("points expiring needs days", nameof(trigger));
                DateTime after = fromUtc.AddDays(days), upTo = toUtc.AddDays(days);
                var rows = await _rewardPointsRepository.Table
                    .Where(h => h.EndDateUtc > after && h.EndDateUtc <= upTo && h.ValidPoints > 0)
                    .GroupBy(h => new { h.CustomerId, h.StoreId }).Select(g => new { g.Key.CustomerId, g.Key.StoreId, Expires = g.Min(h => h.EndDateUtc!.Value) })
                    .ToListAsync();
                //a store whose reward points are off warns nobody (switched off after the launch too)
                var pointsOn = new Dictionary<int, bool>();
                foreach (var store in rows.Select(r => r.StoreId).Distinct())
                    pointsOn[store] = (await _settingService.LoadSettingAsync<RewardPointsSettings>(store)).Enabled;
                //one occurrence per customer and store: the earliest expiry there in the window (deactivated customers are left out at enrollment)
                return rows.Where(r => pointsOn[r.StoreId])
                    .Select(r => new Candidate(new CustomerDates { CustomerId = r.CustomerId, PointsExpireUtc = r.Expires }, 0, r.StoreId)).ToList();
            }
            default:
                return [];
        }
    }

    /// <summary>The customers (in batches) with their own time zone, as candidates of the store they registered in.</summary>
    protected virtual async Task<IReadOnlyList<Candidate>> WithZonesAsync(IEnumerable<int> customerIds, Func<Customer, TimeZoneInfo, CustomerDates> dates)
    {
        var result = new List<Candidate>();
        foreach (var batch in customerIds.Chunk(LoadBatch))
            foreach (var customer in await _customerService.GetCustomersByIdsAsync(batch))
                result.Add(new Candidate(dates(customer, await _dateTimeHelper.GetCustomerTimeZoneAsync(customer)), customer.RegisteredInStoreId));
        return result;
    }
}
