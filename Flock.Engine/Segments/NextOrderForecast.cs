using Flock.Engine.Common;

namespace Flock.Engine.Segments;

/// <summary>How far a next-order date can be trusted.</summary>
public enum ForecastConfidence : byte
{
    /// <summary>No forecast (see <see cref="NextOrderForecast.Reason"/>).</summary>
    None = 0,

    /// <summary>One interval: the customer has repeated once.</summary>
    Low = 1,

    /// <summary>Two or more intervals, but fewer than needed for high or too spread out.</summary>
    Medium = 2,

    /// <summary>At least <see cref="NextOrderOptions.HighConfidenceIntervals"/> (4) intervals and a dispersion at most
    /// <see cref="NextOrderOptions.HighConfidenceMaxDispersion"/> (0.25).</summary>
    High = 3,
}

/// <summary>Why there is no next-order date.</summary>
public enum NoForecastReason : byte
{
    /// <summary>There is a forecast.</summary>
    None = 0,

    /// <summary>No paid order by now.</summary>
    NoOrders = 1,

    /// <summary>One purchase occasion only (one order, or orders within <see cref="NextOrderOptions.MinIntervalDays"/> of
    /// each other): no interval to learn from.</summary>
    SingleOccasion = 2,
}

/// <summary>
/// When a customer is expected to order next, from their own rhythm: the median of their most recent intervals between
/// purchase occasions, added to the start of their last occasion. Works from the first repeat (two occasions).
/// </summary>
public sealed record NextOrderForecast
{
    /// <summary>Last occasion + median interval; null with a <see cref="Reason"/>. May be before now: the customer is overdue.</summary>
    public DateTimeOffset? ExpectedAt { get; init; }

    /// <summary>The median of the intervals used, in days; null without a forecast.</summary>
    public double? MedianIntervalDays { get; init; }

    /// <summary>Median |interval − median| ÷ median: 0 for a metronome, 0.5 when the typical interval is half the median
    /// away from it; null without a forecast.</summary>
    public double? Dispersion { get; init; }

    /// <summary>Intervals used (at most <see cref="NextOrderOptions.RecentIntervals"/>).</summary>
    public int Intervals { get; init; }

    /// <summary>Start of the customer's last purchase occasion by now; null without orders.</summary>
    public DateTimeOffset? LastOccasionAt { get; init; }

    public ForecastConfidence Confidence { get; init; }

    /// <summary><see cref="NoForecastReason.None"/> when <see cref="ExpectedAt"/> is set.</summary>
    public NoForecastReason Reason { get; init; }

    /// <summary>The forecast for <paramref name="history"/> from the orders placed by <paramref name="now"/>.</summary>
    /// <exception cref="FlockValidationException">Invalid options or history.</exception>
    public static NextOrderForecast For(CustomerOrderHistory history, DateTimeOffset now, NextOrderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(history);
        var problems = new ProblemCollector();
        options.Validate(problems, "options");
        history.Validate(problems, "history");
        problems.ToResult().ThrowIfInvalid("next-order forecast input");

        var starts = RepeatIntervals.OccasionStarts(history.OrdersUntil(now), options.MinIntervalDays);
        if (starts.Count == 0) return new NextOrderForecast { Reason = NoForecastReason.NoOrders };
        if (starts.Count == 1) return new NextOrderForecast { Reason = NoForecastReason.SingleOccasion, LastOccasionAt = starts[0] };

        var all = RepeatIntervals.Intervals(starts);
        var recent = all.AsSpan(Math.Max(0, all.Length - options.RecentIntervals));
        var median = RepeatIntervals.Median(recent);
        var deviations = new double[recent.Length];
        for (var i = 0; i < recent.Length; i++) deviations[i] = Math.Abs(recent[i] - median);
        var dispersion = RepeatIntervals.Median(deviations) / median;

        var confidence = recent.Length == 1 ? ForecastConfidence.Low
            : recent.Length >= options.HighConfidenceIntervals && dispersion <= options.HighConfidenceMaxDispersion ? ForecastConfidence.High
            : ForecastConfidence.Medium;
        return new NextOrderForecast
        {
            ExpectedAt = starts[^1] + TimeSpan.FromDays(median),
            MedianIntervalDays = median,
            Dispersion = dispersion,
            Intervals = recent.Length,
            LastOccasionAt = starts[^1],
            Confidence = confidence,
        };
    }
}
