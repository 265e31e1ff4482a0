using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Flock.Engine.Common;

namespace Flock.Engine.Tests.Common;

public class RetryScheduleTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Back_off_doubles_from_thirty_seconds_and_caps_at_an_hour()
    {
        var s = RetrySchedule.Default;
        Assert.Equal(Now.AddSeconds(30), s.NextAttempt(1, Now));
        Assert.Equal(Now.AddSeconds(60), s.NextAttempt(2, Now));
        Assert.Equal(Now.AddSeconds(120), s.NextAttempt(3, Now));
        Assert.Equal(Now.AddHours(1), s.NextAttempt(8, Now));
        Assert.Equal(Now.AddHours(1), s.NextAttempt(int.MaxValue, Now));
        Assert.Equal(Now, s.NextAttempt(0, Now));
    }

    [Property]
    public Property The_next_attempt_is_later_never_sooner_with_more_failures_and_never_beyond_the_cap(PositiveInt failures)
    {
        var s = RetrySchedule.Default;
        var next = s.NextAttempt(failures.Get, Now);
        var after = s.NextAttempt(failures.Get == int.MaxValue ? failures.Get : failures.Get + 1, Now);
        return (next > Now && next <= Now + s.Longest && after >= next).ToProperty();
    }
}
