namespace Flock.Engine.Messaging;

/// <summary>
/// A daily stretch of the recipient's own wall-clock time when no message is sent, from <see cref="From"/> (inclusive)
/// to <see cref="To"/> (exclusive); it wraps midnight when From is later than To (21:00–09:00).
/// </summary>
public sealed record QuietHours(TimeOnly From, TimeOnly To)
{
    /// <summary>True when the wall-clock time <paramref name="time"/> falls in the quiet stretch.</summary>
    public bool Contains(TimeOnly time) => From < To ? time >= From && time < To : time >= From || time < To;

    public override string ToString() => $"{From:HH\\:mm}–{To:HH\\:mm}";
}
