using Flock.Engine.Common;
using Flock.Engine.Segments;

namespace Flock.Engine.Chains;

/// <summary>What the plugin reads about one customer for the date triggers; instants in UTC, the birthday as a date.</summary>
public readonly record struct CustomerDates
{
    public required int CustomerId { get; init; }
    /// <summary>The customer's first paid order; null: none.</summary>
    public DateTime? FirstOrderUtc { get; init; }
    /// <summary>The customer's last paid order; null: none.</summary>
    public DateTime? LastOrderUtc { get; init; }
    /// <summary>The customer's last order of any payment state that is not cancelled (pending, authorized, refunded count: the customer came back); null: unknown.</summary>
    public DateTime? LatestOrderUtc { get; init; }
    /// <summary>The date of birth where the store collects it.</summary>
    public DateOnly? Birthday { get; init; }
    /// <summary>The customer's own time zone (dates are the customer's dates); UTC when unknown.</summary>
    public TimeZoneInfo? TimeZone { get; init; }
    /// <summary>When the customer's earliest reward points that are still unspent expire; null: none expire.</summary>
    public DateTime? PointsExpireUtc { get; init; }
}

/// <summary>
/// One occurrence of a trigger that no request raises — a date reached or a segment entered — found by the chain task's
/// scan. <see cref="InstanceKey"/> names the occurrence itself ("birthday:2026", "aged:180:20260607101500",
/// "segment:best:20261207"), so every scan that finds it again, on any node, enrolls it once.
/// </summary>
public readonly record struct ScheduledOccurrence(ChainTriggerKind Kind, int CustomerId, string InstanceKey, DateTime AtUtc, int? Days = null, string? Segment = null, int EntityId = 0)
{
    /// <summary>The trigger event the entry decision takes.</summary>
    public ChainTriggerEvent ToEvent() => new()
    {
        Kind = Kind, CustomerId = CustomerId, InstanceKey = InstanceKey,
        At = new DateTimeOffset(DateTime.SpecifyKind(AtUtc, DateTimeKind.Utc)), Days = Days, Segment = Segment,
    };

    /// <summary>The occurrence as the activity row stores it (kind aside): the instance key, which carries days and segment.</summary>
    public string Text => InstanceKey;

    /// <summary>Reads an occurrence back from its kind and the text <see cref="Text"/> wrote; null for text it did not write.</summary>
    public static ScheduledOccurrence? Parse(ChainTriggerKind kind, int customerId, string? text, DateTime atUtc)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var parts = text.Split(':');
        return (kind, parts) switch
        {
            (ChainTriggerKind.LastOrderAged, ["aged", var days, _]) when int.TryParse(days, out var d) => new(kind, customerId, text, atUtc, Days: d),
            (ChainTriggerKind.SegmentEntered, ["segment", var segment, _]) when RfmSegments.TryParse(segment, out _) => new(kind, customerId, text, atUtc, Segment: segment),
            (ChainTriggerKind.FirstOrderAnniversary, ["anniversary", _]) or (ChainTriggerKind.Birthday, ["birthday", _]) => new(kind, customerId, text, atUtc),
            (ChainTriggerKind.PointsExpiring, ["points", var days, _]) when int.TryParse(days, out var d) => new(kind, customerId, text, atUtc, Days: d),
            (ChainTriggerKind.PriceDropped, ["price", var product, _]) when int.TryParse(product, out var p) && p > 0 => new(kind, customerId, text, atUtc, EntityId: p),
            (ChainTriggerKind.BackInStock, ["stock", var product, _]) when int.TryParse(product, out var p) && p > 0 => new(kind, customerId, text, atUtc, EntityId: p),
            _ => null,
        };
    }
}

/// <summary>
/// The triggers a scan finds instead of a request: <see cref="ChainTriggerKind.LastOrderAged"/> (win-back),
/// <see cref="ChainTriggerKind.FirstOrderAnniversary"/>, <see cref="ChainTriggerKind.Birthday"/>,
/// <see cref="ChainTriggerKind.PointsExpiring"/>, <see cref="ChainTriggerKind.SegmentEntered"/> and the product changes
/// (<see cref="ProductTriggers"/>). A date trigger happens at one moment — the last order plus the days, the points'
/// expiry minus the days, or the start of the day in the customer's own time zone (DST-correct; 29 February is 28 February in other years) —
/// and a scan takes the moments in its window (previous scan, now]: consecutive windows find each occurrence exactly
/// once, and a window never reaches further back than <see cref="MaxCatchUp"/> (a store whose task was stopped for a
/// month does not send a month of birthday greetings late). A segment is entered when a customer's segment differs
/// from the one recorded for them; the first record of a customer is the baseline, not an entry.
/// </summary>
public static class ScheduledTriggers
{
    /// <summary>
    /// How far back a scan reaches at most: a day, so a chain launched today greets today's birthdays wherever it is
    /// already that day, and a message found late still has its own deadline ahead of it.
    /// </summary>
    public static readonly TimeSpan MaxCatchUp = TimeSpan.FromDays(1);

    public static bool IsScheduled(ChainTriggerKind kind) => IsDate(kind) || ProductTriggers.IsProduct(kind) || kind == ChainTriggerKind.SegmentEntered;

    /// <summary>The date triggers, the ones <see cref="Due"/> answers.</summary>
    public static bool IsDate(ChainTriggerKind kind) =>
        kind is ChainTriggerKind.LastOrderAged or ChainTriggerKind.FirstOrderAnniversary or ChainTriggerKind.Birthday or ChainTriggerKind.PointsExpiring;

    /// <summary>The window a scan at <paramref name="nowUtc"/> takes: from the end of the previous one (the first scan: one <see cref="MaxCatchUp"/> back), never further back than <see cref="MaxCatchUp"/>.</summary>
    public static (DateTime FromUtc, DateTime ToUtc) Window(DateTime? previousToUtc, DateTime nowUtc)
    {
        var earliest = nowUtc - MaxCatchUp;
        var from = previousToUtc is { } previous && previous > earliest ? previous : earliest;
        return (from > nowUtc ? nowUtc : from, nowUtc);
    }

    /// <summary>
    /// The occurrence of a date trigger for the customer whose moment is in (<paramref name="fromUtc"/>, <paramref name="toUtc"/>];
    /// null when there is none (no such date known, not in the window). A window is at most a few days long, so it holds at most one.
    /// </summary>
    public static ScheduledOccurrence? Due(ChainTrigger trigger, in CustomerDates customer, DateTime fromUtc, DateTime toUtc)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        if (toUtc - fromUtc > TimeSpan.FromDays(300))
            throw new ArgumentException("a scan window is at most 300 days long", nameof(toUtc));
        var zone = customer.TimeZone ?? TimeZoneInfo.Utc;
        bool InWindow(DateTime at) => at > fromUtc && at <= toUtc;
        switch (trigger.Kind)
        {
            case ChainTriggerKind.LastOrderAged when trigger.Days is { } days && customer.LastOrderUtc is { } last
                && !(customer.LatestOrderUtc > last): //an order placed since, paid or not, is a customer who came back
                var aged = last.AddDays(days);
                return InWindow(aged) ? new(trigger.Kind, customer.CustomerId, $"aged:{days}:{last:yyyyMMddHHmmss}", aged, Days: days) : null;
            case ChainTriggerKind.PointsExpiring when trigger.Days is { } days && customer.PointsExpireUtc is { } expires:
                var warned = expires.AddDays(-days);
                return InWindow(warned) ? new(trigger.Kind, customer.CustomerId, $"points:{days}:{expires:yyyyMMddHHmmss}", warned, Days: days) : null;
            case ChainTriggerKind.FirstOrderAnniversary when customer.FirstOrderUtc is { } first:
                var firstDay = DateOnly.FromDateTime(LocalClock.ToLocal(first, zone));
                return Yearly("anniversary", trigger.Kind, customer.CustomerId, firstDay, firstYear: firstDay.Year + 1, zone, fromUtc, toUtc);
            case ChainTriggerKind.Birthday when customer.Birthday is { } born:
                return Yearly("birthday", trigger.Kind, customer.CustomerId, born, firstYear: born.Year + 1, zone, fromUtc, toUtc);
            default:
                return null;
        }
    }

    // The date's recurrence whose local start of day falls in the window: the window spans at most two local years, so
    // the years around its two ends are all there is to try.
    private static ScheduledOccurrence? Yearly(string name, ChainTriggerKind kind, int customerId, DateOnly date, int firstYear, TimeZoneInfo zone, DateTime fromUtc, DateTime toUtc)
    {
        var fromYear = LocalClock.ToLocal(fromUtc, zone).Year;
        var toYear = LocalClock.ToLocal(toUtc, zone).Year;
        for (var year = Math.Max(firstYear, fromYear); year <= toYear; year++)
        {
            var day = new DateOnly(year, date.Month, Math.Min(date.Day, DateTime.DaysInMonth(year, date.Month)));
            var at = StartOfDayUtc(day, zone);
            if (at > fromUtc && at <= toUtc)
                return new(kind, customerId, $"{name}:{year}", at);
        }
        return null;
    }

    /// <summary>
    /// Month × 100 + day of every calendar date a moment of the window can have somewhere on earth (UTC ±14 h), with 29
    /// February wherever 28 February is (it falls on the 28th in other years): what a database narrows birthdays and
    /// anniversaries by before <see cref="Due"/> decides.
    /// </summary>
    public static List<int> MonthDays(DateTime fromUtc, DateTime toUtc)
    {
        var days = new HashSet<int>();
        for (var day = fromUtc.Date.AddDays(-1); day <= toUtc.Date.AddDays(1); day = day.AddDays(1))
        {
            days.Add(day.Month * 100 + day.Day);
            if (day is { Month: 2, Day: 28 }) days.Add(229);
        }
        return [.. days];
    }

    /// <summary>The segments chains with these triggers start on (their keys as <see cref="RfmSegments.Key"/> writes them).</summary>
    public static IReadOnlySet<string> ListenedSegments(IEnumerable<ChainTrigger> triggers) =>
        triggers.Where(t => t.Kind == ChainTriggerKind.SegmentEntered && t.Segment is not null).Select(t => t.Segment!.Trim().ToLowerInvariant()).ToHashSet();

    /// <summary>The first instant of a local day (the moment its clocks show midnight, or the jump over it).</summary>
    public static DateTime StartOfDayUtc(DateOnly day, TimeZoneInfo zone) =>
        LocalClock.ToUtc(day.ToDateTime(TimeOnly.MinValue), zone, DateTime.MinValue);

    /// <summary>
    /// The segment entry of a customer now in <paramref name="current"/> who was last recorded in <paramref name="recorded"/>
    /// (null: never recorded, the baseline); null when they did not enter a segment. Entering "none" (no paid order any
    /// more) is not an entry a chain can start on.
    /// </summary>
    public static ScheduledOccurrence? Entered(int customerId, RfmSegment? recorded, RfmSegment current, DateTime atUtc)
    {
        if (recorded is not { } before || before == current || current == RfmSegment.None)
            return null;
        var key = RfmSegments.Key(current);
        return new(ChainTriggerKind.SegmentEntered, customerId, $"segment:{key}:{atUtc:yyyyMMdd}", atUtc, Segment: key);
    }
}
