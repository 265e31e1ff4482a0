using Flock.Engine.Common;

namespace Flock.Engine.Messaging;

/// <summary>
/// Applies a validated <see cref="ContactPressurePolicy"/> to pending messages. Rules:
/// <list type="bullet">
/// <item>A message goes out at the earliest moment at or after its due time when every cap covering its channel has
/// room (a cap of N per window W has room at t when fewer than N counted messages were sent in (t − W, t]) and the
/// recipient's wall clock is outside quiet hours.</item>
/// <item>Transactional messages are neither held nor counted by caps; quiet hours hold them unless the policy says not.</item>
/// <item>A message that cannot go now is deferred to that earliest moment, never dropped. When that moment lies beyond
/// its deadline it is kept until the deadline (the policy may be relaxed meanwhile) and expires only once the deadline
/// has passed.</item>
/// <item>Messages due together for one recipient are weighed by <see cref="MessagePriority"/>, then due time, so the more
/// important ones use a cap's room first (<see cref="Plan"/>).</item>
/// </list>
/// The history must be in ascending order of <see cref="SentMessage.SentAtUtc"/>. Thread-safe; no allocation.
/// </summary>
public sealed class ContactPressure
{
    private readonly FrequencyCap[] _caps;
    private readonly QuietHours? _quiet;
    private readonly bool _quietCoversTransactional;

    public ContactPressure(ContactPressurePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        policy.Validate().ThrowIfInvalid("contact-pressure policy");
        Policy = policy;
        _caps = policy.Caps.ToArray();
        _quiet = policy.QuietHours;
        _quietCoversTransactional = policy.QuietHoursCoverTransactional;
    }

    public ContactPressurePolicy Policy { get; }

    /// <summary>The verdict for one message at <paramref name="nowUtc"/> given what the recipient was already sent.</summary>
    public PressureVerdict Check(in PendingMessage message, ReadOnlySpan<SentMessage> history, TimeZoneInfo recipientZone, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(recipientZone);
        if (nowUtc > message.DeadlineUtc)
            return new PressureVerdict(PressureOutcome.Expired, PressureReason.DeadlinePassed, message.DeadlineUtc, -1);

        var start = message.DueAtUtc > nowUtc ? message.DueAtUtc : nowUtc;
        var reason = message.DueAtUtc > nowUtc ? PressureReason.NotDue : PressureReason.None;
        var at = start;
        var capIndex = -1;
        if (message.Priority != MessagePriority.Transactional)
        {
            EnsureAscending(history);
            for (var i = 0; i < _caps.Length; i++)
            {
                var release = CapRoomFrom(_caps[i], message.Channel, history, start);
                if (release > at) { at = release; capIndex = i; reason = PressureReason.Cap; }
            }
        }
        if (_quiet is { } quiet && (_quietCoversTransactional || message.Priority != MessagePriority.Transactional))
        {
            var outside = FirstOutside(quiet, at, recipientZone);
            if (outside > at) { at = outside; reason = PressureReason.QuietHours; capIndex = -1; }
        }

        if (at <= nowUtc) return new PressureVerdict(PressureOutcome.SendNow, PressureReason.None, nowUtc, -1);
        if (at > message.DeadlineUtc)
            return nowUtc >= message.DeadlineUtc
                ? new PressureVerdict(PressureOutcome.Expired, PressureReason.DeadlinePassed, message.DeadlineUtc, -1)
                : new PressureVerdict(PressureOutcome.Deferred, reason, message.DeadlineUtc, capIndex);
        return new PressureVerdict(PressureOutcome.Deferred, reason, at, capIndex);
    }

    /// <summary>
    /// Verdicts for several messages due for one recipient, weighed by priority then due time: each message sent now
    /// counts against the caps of the ones after it. <paramref name="scratch"/> needs room for the history plus the
    /// messages, <paramref name="order"/> for the messages; <paramref name="verdicts"/>[i] answers <paramref name="messages"/>[i].
    /// </summary>
    public void Plan(ReadOnlySpan<PendingMessage> messages, ReadOnlySpan<SentMessage> history, TimeZoneInfo recipientZone, DateTime nowUtc,
        Span<PressureVerdict> verdicts, Span<SentMessage> scratch, Span<int> order)
    {
        if (verdicts.Length < messages.Length || order.Length < messages.Length || scratch.Length < history.Length + messages.Length)
            throw new ArgumentException("verdicts, order and scratch are too small for the messages and the history");
        for (var i = 0; i < messages.Length; i++) order[i] = i;
        // insertion sort: a recipient rarely has more than a handful of messages due at once
        for (var i = 1; i < messages.Length; i++)
        {
            var current = order[i];
            var j = i - 1;
            while (j >= 0 && Before(messages[current], messages[order[j]])) { order[j + 1] = order[j]; j--; }
            order[j + 1] = current;
        }
        history.CopyTo(scratch);
        var sent = history.Length;
        for (var k = 0; k < messages.Length; k++)
        {
            var index = order[k];
            verdicts[index] = Check(messages[index], scratch[..sent], recipientZone, nowUtc);
            if (verdicts[index].IsSendNow)
                scratch[sent++] = new SentMessage(messages[index].Channel, messages[index].Priority, nowUtc);
        }
    }

    /// <summary>A sentence for an admin: why the verdict is what it is.</summary>
    public string Describe(in PressureVerdict verdict) => verdict.Reason switch
    {
        PressureReason.None => "allowed now",
        PressureReason.NotDue => $"not due until {verdict.NotBeforeUtc:yyyy-MM-dd HH:mm} UTC",
        PressureReason.Cap => $"deferred to {verdict.NotBeforeUtc:yyyy-MM-dd HH:mm} UTC by the cap \"{_caps[verdict.CapIndex]}\"",
        PressureReason.QuietHours => $"deferred to {verdict.NotBeforeUtc:yyyy-MM-dd HH:mm} UTC by quiet hours {_quiet}",
        PressureReason.DeadlinePassed => $"expired: its deadline {verdict.NotBeforeUtc:yyyy-MM-dd HH:mm} UTC passed before it could be sent",
        _ => verdict.Reason.ToString(),
    };

    private static bool Before(in PendingMessage a, in PendingMessage b) =>
        a.Priority != b.Priority ? a.Priority < b.Priority : a.DueAtUtc < b.DueAtUtc;

    // The earliest t ≥ start at which the cap has room for one more message on `channel`.
    private static DateTime CapRoomFrom(FrequencyCap cap, Channel channel, ReadOnlySpan<SentMessage> history, DateTime start)
    {
        if (!cap.Covers(channel)) return start;
        var windowStart = start - cap.Window;
        var counted = 0;
        foreach (ref readonly var sent in history)
            if (sent.SentAtUtc > windowStart && Counts(cap, sent)) counted++;
        if (counted < cap.MaxMessages) return start;
        // room comes back when the (counted − max + 1)-th oldest counted message leaves the window
        var toLeave = counted - cap.MaxMessages + 1;
        foreach (ref readonly var sent in history)
            if (sent.SentAtUtc > windowStart && Counts(cap, sent) && --toLeave == 0)
                return sent.SentAtUtc + cap.Window;
        return start;
    }

    private static bool Counts(FrequencyCap cap, in SentMessage sent) =>
        sent.Priority != MessagePriority.Transactional && cap.Covers(sent.Channel);

    private static DateTime FirstOutside(QuietHours quiet, DateTime utc, TimeZoneInfo zone)
    {
        // a few rounds at most: leaving quiet hours can only land inside them again around a daylight-saving jump
        for (var round = 0; round < 4; round++)
        {
            var local = LocalClock.ToLocal(utc, zone);
            var time = TimeOnly.FromDateTime(local);
            if (!quiet.Contains(time)) return utc;
            var endDay = quiet.From > quiet.To && time >= quiet.From ? local.Date.AddDays(1) : local.Date;
            var next = LocalClock.ToUtc(endDay + quiet.To.ToTimeSpan(), zone, utc);
            utc = next > utc ? next : utc + TimeSpan.FromMinutes(1);
        }
        return utc;
    }

    private static void EnsureAscending(ReadOnlySpan<SentMessage> history)
    {
        for (var i = 1; i < history.Length; i++)
            if (history[i].SentAtUtc < history[i - 1].SentAtUtc)
                throw new ArgumentException("the send history must be in ascending order of SentAtUtc", nameof(history));
    }
}
