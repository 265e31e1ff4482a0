namespace Flock.Engine.Analytics;

/// <summary>
/// Which period to report. Events count when <c>From &lt;= At &lt; To</c>. <see cref="AsOf"/> is "now" for
/// measures that need time to pass (return time, the k-factor cohort's friends, ARPU after); it defaults to <see cref="To"/>.
/// Days of the time series are calendar days in <see cref="From"/>'s offset (the store's local offset).
/// </summary>
public sealed record KpiQuery(DateTimeOffset From, DateTimeOffset To)
{
    /// <summary>The longest period a report may cover.</summary>
    public const int MaxDays = 3700;

    public DateTimeOffset? AsOf { get; init; }

    /// <summary>Obsolete with <see cref="KpiFigures.ArpuBefore"/>/<see cref="KpiFigures.ArpuAfter"/>: the length of each of
    /// the equal ARPU windows before and after a referrer's first share.</summary>
    public TimeSpan ArpuWindow { get; init; } = TimeSpan.FromDays(30);

    public DateTimeOffset EffectiveAsOf => AsOf ?? To;
}
