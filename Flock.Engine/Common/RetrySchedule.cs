namespace Flock.Engine.Common;

/// <summary>
/// When a failed piece of durable work (an inbox item, a reward effect) is tried again: exponential back-off from
/// <see cref="First"/>, doubling per failure, never more than <see cref="Longest"/> apart, never given up — a failure
/// stays visible (attempts, last error) and keeps being retried until it succeeds or an admin resolves its cause.
/// </summary>
public sealed record RetrySchedule(TimeSpan First, TimeSpan Longest)
{
    public static RetrySchedule Default { get; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromHours(1));

    /// <summary>After failure number <paramref name="failures"/> (1 = the first), the moment of the next try.</summary>
    public DateTimeOffset NextAttempt(int failures, DateTimeOffset now)
    {
        if (failures < 1)
            return now;
        var delay = First;
        for (var i = 1; i < failures && delay < Longest; i++)
            delay += delay;
        return now + (delay < Longest ? delay : Longest);
    }

    /// <summary>Failures after which the admin is shown the item as stuck (it is still retried).</summary>
    public const int StuckAfter = 10;
}
