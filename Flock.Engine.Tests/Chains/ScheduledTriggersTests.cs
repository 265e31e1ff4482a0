using Flock.Engine.Chains;
using Flock.Engine.Common;
using Flock.Engine.Segments;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Flock.Engine.Tests.Chains;

public class ScheduledTriggersTests
{
    private static readonly TimeZoneInfo[] Zones = new[]
    {
        "Europe/Berlin", "Europe/Moscow", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "Pacific/Kiritimati", "Pacific/Pago_Pago",
        "America/Santiago", "America/Havana", "Pacific/Chatham", "UTC",
    }.Select(TimeZoneInfo.FindSystemTimeZoneById).ToArray();

    private static readonly ChainTrigger Birthday = new() { Kind = ChainTriggerKind.Birthday };
    private static readonly ChainTrigger Anniversary = new() { Kind = ChainTriggerKind.FirstOrderAnniversary };
    private static ChainTrigger WinBack(int days) => new() { Kind = ChainTriggerKind.LastOrderAged, Days = days };
    private static DateTime Utc(int y, int m, int d, int h = 0, int min = 0) => new(y, m, d, h, min, 0, DateTimeKind.Utc);

    /// <summary>A task that runs at random intervals, sometimes stopped for days: every scan takes the window the engine gives it.</summary>
    private static List<(DateTime From, DateTime To)> Scans(Random random, DateTime start, DateTime end)
    {
        var scans = new List<(DateTime, DateTime)>();
        DateTime? previous = null;
        for (var now = start; now <= end; now = now.AddMinutes(random.Next(10) == 0 ? random.Next(60, 60 * 24 * 5) : random.Next(30, 180)))
        {
            var window = ScheduledTriggers.Window(previous, now);
            scans.Add(window);
            previous = window.ToUtc;
        }
        return scans;
    }

    [Property(MaxTest = 150)]
    public Property Consecutive_scans_find_each_birthday_once_at_the_start_of_the_customers_own_day_unless_the_task_was_stopped_past_it(int seed)
    {
        var random = new Random(seed);
        var zone = Zones[random.Next(Zones.Length)];
        var born = random.Next(6) == 0 ? new DateOnly(1992, 2, 29) : new DateOnly(1980 + random.Next(30), random.Next(1, 13), random.Next(1, 29));
        var customer = new CustomerDates { CustomerId = 7, Birthday = born, TimeZone = zone };
        var start = Utc(2026, 1, 1).AddHours(random.Next(24 * 60));
        var scans = Scans(random, start, start.AddDays(800));
        var found = scans.Select(w => (Window: w, Due: ScheduledTriggers.Due(Birthday, customer, w.From, w.To))).Where(s => s.Due is not null).ToList();

        var keys = found.Select(f => f.Due!.Value.InstanceKey).ToList();
        var everyMomentRight = found.All(f =>
        {
            var local = LocalClock.ToLocal(f.Due!.Value.AtUtc, zone);
            var year = int.Parse(f.Due.Value.InstanceKey["birthday:".Length..]);
            var day = born.Day == 29 && born.Month == 2 && !DateTime.IsLeapYear(year) ? 28 : born.Day;
            return local.Year == year && local.Month == born.Month && local.Day == day && local.TimeOfDay < TimeSpan.FromHours(1.01)
                && LocalClock.ToLocal(f.Due.Value.AtUtc.AddTicks(-1), zone).Day != day;
        });
        // every birthday between the first scan and the last is found unless it fell into a stop longer than the catch-up
        var missed = Enumerable.Range(2026, 4).Select(y => ScheduledTriggers.StartOfDayUtc(new DateOnly(y, born.Month, Math.Min(born.Day, DateTime.DaysInMonth(y, born.Month))), zone))
            .Where(at => at > scans[0].From && at <= scans[^1].To && !found.Any(f => f.Due!.Value.AtUtc == at))
            .Where(at => !Gap(scans, at)).ToList();
        return (keys.Count == keys.Distinct().Count() && everyMomentRight && missed.Count == 0)
            .Label($"zone {zone.Id}, born {born}, found [{string.Join(", ", found.Select(f => $"{f.Due!.Value.InstanceKey}@{f.Due.Value.AtUtc:o}"))}], missed [{string.Join(", ", missed)}]");
    }

    // the moment fell between two scans further apart than the catch-up allows
    private static bool Gap(List<(DateTime From, DateTime To)> scans, DateTime at) =>
        scans.Zip(scans.Skip(1)).Any(pair => at > pair.First.To && at <= pair.Second.From);

    [Property(MaxTest = 150)]
    public Property Win_back_is_found_once_per_last_order_days_after_it(int seed)
    {
        var random = new Random(seed);
        var days = random.Next(1, 400);
        var last = Utc(2026, 1, 1).AddMinutes(random.Next(60 * 24 * 300));
        var customer = new CustomerDates { CustomerId = 3, LastOrderUtc = last };
        var start = last.AddDays(days).AddHours(-random.Next(1, 100));
        var scans = Scans(random, start, start.AddDays(10));
        var found = scans.Select(w => ScheduledTriggers.Due(WinBack(days), customer, w.From, w.To)).OfType<ScheduledOccurrence>().ToList();
        var expected = Gap(scans, last.AddDays(days)) ? 0 : 1;
        return (found.Count == expected && found.All(f => f.AtUtc == last.AddDays(days) && f.Days == days && f.InstanceKey == $"aged:{days}:{last:yyyyMMddHHmmss}"))
            .Label($"{days} days after {last:o}: {found.Count} found");
    }

    [Fact]
    public void Win_back_leaves_out_a_customer_who_placed_an_order_since_paid_or_not()
    {
        var now = Utc(2026, 12, 7);
        var lapsed = new CustomerDates { CustomerId = 2, LastOrderUtc = now.AddDays(-180).AddHours(-1), LatestOrderUtc = now.AddDays(-180).AddHours(-1) };
        Assert.NotNull(ScheduledTriggers.Due(WinBack(180), lapsed, now.AddDays(-1), now));
        Assert.Null(ScheduledTriggers.Due(WinBack(180), lapsed with { LatestOrderUtc = now.AddDays(-5) }, now.AddDays(-1), now));
    }

    [Fact]
    public void The_database_narrows_by_every_date_the_window_has_somewhere_and_29_February_with_the_28th()
    {
        Assert.Equal([227, 228, 229, 301, 302], ScheduledTriggers.MonthDays(Utc(2027, 2, 28, 5), Utc(2027, 3, 1, 5)).Order());
        Assert.Equal(new HashSet<string> { "best", "at_risk" }, ScheduledTriggers.ListenedSegments(
            [new ChainTrigger { Kind = ChainTriggerKind.SegmentEntered, Segment = " Best " }, new ChainTrigger { Kind = ChainTriggerKind.SegmentEntered, Segment = "at_risk" }, Birthday]));
    }

    [Fact]
    public void A_birthday_on_29_February_is_the_28th_in_other_years()
    {
        var customer = new CustomerDates { CustomerId = 1, Birthday = new DateOnly(2000, 2, 29) };
        Assert.Equal(Utc(2027, 2, 28), ScheduledTriggers.Due(Birthday, customer, Utc(2027, 2, 27), Utc(2027, 3, 2))!.Value.AtUtc);
        Assert.Equal(Utc(2028, 2, 29), ScheduledTriggers.Due(Birthday, customer, Utc(2028, 2, 27), Utc(2028, 3, 2))!.Value.AtUtc);
        Assert.Equal("birthday:2028", ScheduledTriggers.Due(Birthday, customer, Utc(2028, 2, 27), Utc(2028, 3, 2))!.Value.InstanceKey);
    }

    [Fact]
    public void A_day_whose_midnight_the_clocks_skip_starts_when_they_jump()
    {
        // Chile springs forward at 00:00 on 6 September 2026: the day begins at 01:00 local, 04:00 UTC
        var santiago = TimeZoneInfo.FindSystemTimeZoneById("America/Santiago");
        var start = ScheduledTriggers.StartOfDayUtc(new DateOnly(2026, 9, 6), santiago);
        Assert.Equal(Utc(2026, 9, 6, 4), start);
        Assert.Equal(new DateTime(2026, 9, 6, 1, 0, 0), LocalClock.ToLocal(start, santiago));
    }

    [Fact]
    public void The_anniversary_is_of_the_first_orders_date_where_the_customer_lives_and_never_of_the_year_it_was_placed()
    {
        var moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
        // 22:30 UTC on 31 May is 1 June in Moscow
        var customer = new CustomerDates { CustomerId = 5, FirstOrderUtc = Utc(2025, 5, 31, 22, 30), TimeZone = moscow };
        var due = ScheduledTriggers.Due(Anniversary, customer, Utc(2026, 5, 30), Utc(2026, 6, 2));
        Assert.Equal(Utc(2026, 5, 31, 21), due!.Value.AtUtc);
        Assert.Equal("anniversary:2026", due.Value.InstanceKey);
        Assert.Null(ScheduledTriggers.Due(Anniversary, customer with { FirstOrderUtc = Utc(2026, 5, 31, 22, 30) }, Utc(2026, 5, 30), Utc(2026, 6, 2)));
    }

    [Fact]
    public void A_scan_reaches_back_two_days_at_most_and_a_customer_without_the_date_has_none()
    {
        var now = Utc(2026, 12, 7, 12);
        Assert.Equal((now - ScheduledTriggers.MaxCatchUp, now), ScheduledTriggers.Window(null, now));
        Assert.Equal((now - ScheduledTriggers.MaxCatchUp, now), ScheduledTriggers.Window(now.AddDays(-30), now));
        Assert.Equal((now.AddHours(-1), now), ScheduledTriggers.Window(now.AddHours(-1), now));
        Assert.Equal((now, now), ScheduledTriggers.Window(now.AddHours(1), now));
        Assert.Null(ScheduledTriggers.Due(Birthday, new CustomerDates { CustomerId = 1 }, now.AddDays(-2), now));
        Assert.Null(ScheduledTriggers.Due(WinBack(180), new CustomerDates { CustomerId = 1 }, now.AddDays(-2), now));
        Assert.Throws<ArgumentException>(() => ScheduledTriggers.Due(Birthday, new CustomerDates { CustomerId = 1 }, now.AddDays(-400), now));
    }

    [Fact]
    public void A_segment_is_entered_only_from_another_recorded_segment()
    {
        var at = Utc(2026, 12, 7, 3);
        Assert.Null(ScheduledTriggers.Entered(1, null, RfmSegment.Best, at)); // the baseline
        Assert.Null(ScheduledTriggers.Entered(1, RfmSegment.Best, RfmSegment.Best, at));
        Assert.Null(ScheduledTriggers.Entered(1, RfmSegment.Best, RfmSegment.None, at));
        var entry = ScheduledTriggers.Entered(1, RfmSegment.Loyal, RfmSegment.Best, at)!.Value;
        Assert.Equal(("segment:best:20261207", "best", ChainTriggerKind.SegmentEntered), (entry.InstanceKey, entry.Segment, entry.Kind));
        Assert.NotNull(ScheduledTriggers.Entered(1, RfmSegment.None, RfmSegment.New, at)); // the first paid order after the baseline
    }

    [Fact]
    public void An_occurrence_reads_back_from_its_text_with_its_days_and_segment_and_only_from_text_it_wrote()
    {
        var at = Utc(2026, 12, 7);
        var aged = ScheduledTriggers.Due(WinBack(180), new CustomerDates { CustomerId = 9, LastOrderUtc = at.AddDays(-180) }, at.AddHours(-1), at)!.Value;
        Assert.Equal(aged, ScheduledOccurrence.Parse(ChainTriggerKind.LastOrderAged, 9, aged.Text, at));
        var entry = ScheduledTriggers.Entered(9, RfmSegment.Loyal, RfmSegment.AtRisk, at)!.Value;
        Assert.Equal(entry, ScheduledOccurrence.Parse(ChainTriggerKind.SegmentEntered, 9, entry.Text, at));
        Assert.Equal("at_risk", entry.ToEvent().Segment);
        Assert.Null(ScheduledOccurrence.Parse(ChainTriggerKind.SegmentEntered, 9, "segment:vip:20261207", at));
        Assert.Null(ScheduledOccurrence.Parse(ChainTriggerKind.LastOrderAged, 9, "aged:x:1", at));
        Assert.Null(ScheduledOccurrence.Parse(ChainTriggerKind.Birthday, 9, "anniversary:2026", at));
        Assert.Null(ScheduledOccurrence.Parse(ChainTriggerKind.Birthday, 9, null, at));
    }

    [Fact]
    public void A_chain_on_a_segment_no_customer_can_enter_is_refused_with_the_segments_there_are()
    {
        var chain = ChainGallery.Find("best-invite-friends")!.Chain;
        var problems = (chain with { Trigger = chain.Trigger with { Segment = "vip" } }).Validate().Problems;
        Assert.Contains(problems, p => p.Path == "trigger.segment" && p.Message.Contains("best, loyal"));
        Assert.Contains((chain with { Trigger = chain.Trigger with { Segment = "none" } }).Validate().Problems, p => p.Path == "trigger.segment");
        var birthday = ChainGallery.Find("birthday")!.Chain;
        Assert.Contains((birthday with { Trigger = birthday.Trigger with { Segment = "best" } }).Validate().Problems, p => p.Path == "trigger.segment");
        Assert.True(chain.Validate().IsValid);
    }

    [Fact]
    public void Points_expiring_are_due_the_days_before_they_expire_once_per_expiry_and_read_back_from_their_text()
    {
        var expiring = new ChainTrigger { Kind = ChainTriggerKind.PointsExpiring, Days = 7 };
        var customer = new CustomerDates { CustomerId = 5, PointsExpireUtc = Utc(2026, 12, 20, 15, 30) };
        var due = ScheduledTriggers.Due(expiring, customer, Utc(2026, 12, 13, 15), Utc(2026, 12, 13, 16));
        Assert.Equal(new ScheduledOccurrence(ChainTriggerKind.PointsExpiring, 5, "points:7:20261220153000", Utc(2026, 12, 13, 15, 30), Days: 7), due);
        Assert.Equal(due, ScheduledOccurrence.Parse(ChainTriggerKind.PointsExpiring, 5, due!.Value.Text, due.Value.AtUtc));
        Assert.Null(ScheduledTriggers.Due(expiring, customer, Utc(2026, 12, 13, 16), Utc(2026, 12, 13, 17)));
        Assert.Null(ScheduledTriggers.Due(expiring, customer with { PointsExpireUtc = null }, Utc(2026, 12, 13, 15), Utc(2026, 12, 13, 16)));
        Assert.True(ScheduledTriggers.IsDate(ChainTriggerKind.PointsExpiring));
    }
}
