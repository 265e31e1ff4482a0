namespace Flock.Engine.Common;

/// <summary>
/// Wall-clock arithmetic in a recipient's own time zone that stays right on daylight-saving days: a local time the
/// clocks skip (spring forward) maps to the moment they jumped, a local time that happens twice (fall back) to its
/// first occurrence not earlier than a given instant. Allocation-free except for the rare ambiguous hour.
/// </summary>
public static class LocalClock
{
    /// <summary>The recipient's wall-clock time at <paramref name="utc"/>.</summary>
    public static DateTime ToLocal(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);

    /// <summary>
    /// The earliest UTC instant, not before <paramref name="notBeforeUtc"/> where possible, at which the wall clock of
    /// <paramref name="zone"/> first shows <paramref name="local"/> or later.
    /// </summary>
    public static DateTime ToUtc(DateTime local, TimeZoneInfo zone, DateTime notBeforeUtc)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local)) return SkippedTimeToUtc(local, zone);
        if (zone.IsAmbiguousTime(local))
        {
            DateTime? best = null;
            DateTime latest = DateTime.MinValue;
            foreach (var offset in zone.GetAmbiguousTimeOffsets(local))
            {
                var candidate = DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
                if (candidate > latest) latest = candidate;
                if (candidate >= notBeforeUtc && (best is null || candidate < best)) best = candidate;
            }
            return best ?? latest;
        }
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    // The clocks jumped over `local`: the first instant whose wall clock is past it is the jump itself. Wall-clock time
    // is increasing around a forward jump, so a binary search over the few hours around it finds the instant exactly.
    private static DateTime SkippedTimeToUtc(DateTime local, TimeZoneInfo zone)
    {
        var low = DateTime.SpecifyKind(local - TimeSpan.FromHours(14), DateTimeKind.Utc);
        var high = DateTime.SpecifyKind(local + TimeSpan.FromHours(14), DateTimeKind.Utc);
        while (high - low > TimeSpan.FromTicks(1))
        {
            var middle = low + TimeSpan.FromTicks((high - low).Ticks / 2);
            if (ToLocal(middle, zone) >= local) high = middle; else low = middle;
        }
        return high;
    }
}
