namespace Flock.Engine.Messaging;

/// <summary>
/// At most <see cref="MaxMessages"/> messages in any rolling <see cref="Window"/> — on one channel, or on all channels
/// together when <see cref="Channel"/> is null. Transactional messages are not counted against caps and not held by them.
/// </summary>
public sealed record FrequencyCap(Channel? Channel, int MaxMessages, TimeSpan Window)
{
    /// <summary>Longest window a cap may span.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(366);

    internal bool Covers(Channel channel) => Channel is null || Channel == channel;

    public override string ToString() =>
        $"{(Channel is { } c ? c.ToString().ToLowerInvariant() : "all channels")}: at most {MaxMessages} per {Describe(Window)}";

    internal static string Describe(TimeSpan span) => span switch
    {
        { TotalDays: >= 1 } when span.TotalDays % 1 == 0 => span.TotalDays == 1 ? "day" : $"{span.TotalDays:0} days",
        { TotalHours: >= 1 } when span.TotalHours % 1 == 0 => span.TotalHours == 1 ? "hour" : $"{span.TotalHours:0} hours",
        _ => $"{span.TotalMinutes:0} minutes",
    };
}
