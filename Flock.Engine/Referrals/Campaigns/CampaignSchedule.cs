using Flock.Engine.Common;

namespace Flock.Engine.Referrals.Campaigns;

/// <summary>
/// When a campaign runs. <see cref="StartsAt"/> (inclusive) and <see cref="EndsAt"/> (exclusive) are instants; days of
/// week and hours are read on the store's local clock, i.e. in the offset of <c>DecisionContext.Now</c>.
/// </summary>
public sealed record CampaignSchedule
{
    /// <summary>No limits: always running.</summary>
    public static readonly CampaignSchedule Always = new();

    public DateTimeOffset? StartsAt { get; init; }
    public DateTimeOffset? EndsAt { get; init; }

    /// <summary>Local days the campaign runs; empty means every day.</summary>
    public IReadOnlyList<DayOfWeek> DaysOfWeek { get; init; } = [];

    /// <summary>Local hours the campaign runs; null means all day.</summary>
    public LocalHours? Hours { get; init; }

    internal int DayMask()
    {
        if (DaysOfWeek.Count == 0) return 0x7F;
        var mask = 0;
        foreach (var day in DaysOfWeek) mask |= 1 << (int)day;
        return mask;
    }

    internal void Validate(ProblemCollector problems, string path)
    {
        if (StartsAt is { } start && EndsAt is { } end && end <= start)
            problems.Add(ProblemCollector.Join(path, "endsAt"), "must be after startsAt");

        if (DaysOfWeek is null) problems.Add(ProblemCollector.Join(path, "daysOfWeek"), "must not be null (empty means every day)");
        else
        {
            var seen = new HashSet<DayOfWeek>();
            for (var i = 0; i < DaysOfWeek.Count; i++)
            {
                var dayPath = ProblemCollector.Index(ProblemCollector.Join(path, "daysOfWeek"), i);
                if (!Enum.IsDefined(DaysOfWeek[i])) problems.Add(dayPath, $"unknown day {(int)DaysOfWeek[i]}");
                else if (!seen.Add(DaysOfWeek[i])) problems.Add(dayPath, $"duplicate day {DaysOfWeek[i]}");
            }
        }

        if (Hours is { } hours && hours.From == hours.To)
            problems.Add(ProblemCollector.Join(path, "hours.to"), "must differ from hours.from (omit hours to run all day)");
    }
}

/// <summary>
/// A local time window [From, To). When To is earlier than From the window wraps midnight (22:00–02:00); such a window
/// belongs to the day it is in at the moment of the decision (01:00 on Tuesday counts as Tuesday).
/// </summary>
public sealed record LocalHours(TimeOnly From, TimeOnly To)
{
    public bool Contains(TimeOnly time) => From < To ? time >= From && time < To : time >= From || time < To;

    public override string ToString() => $"{From:HH\\:mm}–{To:HH\\:mm}";
}
