namespace Flock.Engine.Segments;

/// <summary>Whole calendar days between two moments, both read on the clock of the later one's offset (the store's).</summary>
internal static class CalendarDays
{
    /// <summary>Days from the date of <paramref name="from"/> to the date of <paramref name="to"/> in <paramref name="to"/>'s offset:
    /// 0 the same day, 1 the day before (even at 23:59 for 00:01); negative when <paramref name="from"/> is on a later date.</summary>
    public static int Between(DateTimeOffset from, DateTimeOffset to) =>
        (int)((to.DateTime.Date - from.ToOffset(to.Offset).DateTime.Date).Ticks / TimeSpan.TicksPerDay);
}
