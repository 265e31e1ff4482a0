namespace Flock.Engine.Segments;

/// <summary>Purchase occasions and the days between them, shared by the next-order forecast and the category gaps.</summary>
internal static class RepeatIntervals
{
    /// <summary>
    /// The start of each purchase occasion of <paramref name="ordersOldestFirst"/>: an order placed less than
    /// <paramref name="minIntervalDays"/> after the start of the current occasion belongs to it (a split or corrected
    /// order is not a repeat purchase).
    /// </summary>
    public static List<DateTimeOffset> OccasionStarts(IEnumerable<PaidOrder> ordersOldestFirst, double minIntervalDays)
    {
        var starts = new List<DateTimeOffset>();
        foreach (var order in ordersOldestFirst)
            if (starts.Count == 0 || (order.PlacedAt - starts[^1]).TotalDays >= minIntervalDays) starts.Add(order.PlacedAt);
        return starts;
    }

    /// <summary>Days between consecutive starts, oldest first.</summary>
    public static double[] Intervals(List<DateTimeOffset> starts)
    {
        var intervals = new double[Math.Max(0, starts.Count - 1)];
        for (var i = 1; i < starts.Count; i++) intervals[i - 1] = (starts[i] - starts[i - 1]).TotalDays;
        return intervals;
    }

    /// <summary>The median (mean of the two middle values for an even count); sorts a copy. Needs at least one value.</summary>
    public static double Median(ReadOnlySpan<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
