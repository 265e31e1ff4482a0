using System.Globalization;

namespace Flock.Engine.Referrals.Rewards;

/// <summary>The calendar length of a competition period.</summary>
public enum PeriodLength
{
    /// <summary>Monday 00:00 to the next Monday 00:00 (ISO weeks).</summary>
    Week,
    Month,
    Quarter,
    Year,
}

/// <summary>
/// A half-open period [<see cref="Start"/>, <see cref="End"/>): a moment exactly at <see cref="End"/> belongs to the next period.
/// Calendar periods are computed in the offset of the moment given (the store's local offset).
/// </summary>
public sealed record RewardPeriod(DateTimeOffset Start, DateTimeOffset End)
{
    public bool Contains(DateTimeOffset at) => at >= Start && at < End;

    /// <summary>The calendar period of the given length containing <paramref name="at"/>, in <paramref name="at"/>'s offset.</summary>
    public static RewardPeriod Containing(PeriodLength length, DateTimeOffset at)
    {
        var day = new DateTimeOffset(at.Year, at.Month, at.Day, 0, 0, 0, at.Offset);
        var start = length switch
        {
            PeriodLength.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
            PeriodLength.Month => day.AddDays(1 - day.Day),
            PeriodLength.Quarter => new DateTimeOffset(at.Year, (at.Month - 1) / 3 * 3 + 1, 1, 0, 0, 0, at.Offset),
            PeriodLength.Year => new DateTimeOffset(at.Year, 1, 1, 0, 0, 0, at.Offset),
            _ => throw new ArgumentOutOfRangeException(nameof(length), length, "unknown period length"),
        };
        var end = length switch
        {
            PeriodLength.Week => start.AddDays(7),
            PeriodLength.Month => start.AddMonths(1),
            PeriodLength.Quarter => start.AddMonths(3),
            _ => start.AddYears(1),
        };
        return new RewardPeriod(start, end);
    }

    /// <summary>The last complete period before the one containing <paramref name="now"/> (what a "period closed" job settles).</summary>
    public static RewardPeriod LastClosed(PeriodLength length, DateTimeOffset now) =>
        Containing(length, Containing(length, now).Start.AddTicks(-1));

    /// <summary>Stable text for cause keys, e.g. <c>2026-11-01T00:00+03:00..2026-12-01T00:00+03:00</c>.</summary>
    public string Key => $"{Format(Start)}..{Format(End)}";

    private static string Format(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture);
}
