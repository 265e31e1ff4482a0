using Flock.Engine.Common;
using Flock.Engine.Messaging;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Flock.Engine.Tests.Messaging;

/// <summary>Random recipients, zones, quiet hours, caps and message streams over the 2026 DST days.</summary>
public class ContactPressureProperties
{
    private static readonly TimeZoneInfo[] Zones = new[]
    {
        "Europe/Berlin", "Europe/Moscow", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "America/Sao_Paulo", "Pacific/Chatham", "Europe/London", "UTC",
    }.Select(TimeZoneInfo.FindSystemTimeZoneById).ToArray();

    // days around the 2026 transitions in both hemispheres, and an ordinary one
    private static readonly DateTime[] Days =
    [
        new(2026, 3, 8, 0, 0, 0, DateTimeKind.Utc), new(2026, 3, 29, 0, 0, 0, DateTimeKind.Utc), new(2026, 4, 5, 0, 0, 0, DateTimeKind.Utc),
        new(2026, 9, 27, 0, 0, 0, DateTimeKind.Utc), new(2026, 10, 4, 0, 0, 0, DateTimeKind.Utc), new(2026, 10, 25, 0, 0, 0, DateTimeKind.Utc),
        new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc), new(2026, 6, 15, 0, 0, 0, DateTimeKind.Utc),
    ];

    [Property(MaxTest = 400)]
    public Property Quiet_hours_are_always_respected_and_left_at_the_first_allowed_moment(byte zone, byte day, ushort minuteOfDay, byte fromQuarter, byte toQuarter)
    {
        var from = new TimeOnly(fromQuarter % 96 / 4, fromQuarter % 96 % 4 * 15);
        var to = new TimeOnly(toQuarter % 96 / 4, toQuarter % 96 % 4 * 15);
        if (from == to) return true.ToProperty();
        var tz = Zones[zone % Zones.Length];
        var quiet = new QuietHours(from, to);
        var pressure = new ContactPressure(new ContactPressurePolicy { QuietHours = quiet });
        var now = Days[day % Days.Length].AddMinutes(minuteOfDay % 2880 - 720);
        var verdict = pressure.Check(new PendingMessage(Channel.Email, MessagePriority.Promo, now, now.AddDays(3)), [], tz, now);
        var at = verdict.IsSendNow ? now : verdict.NotBeforeUtc;
        var localAt = TimeOnly.FromDateTime(LocalClock.ToLocal(at, tz));
        var quietJustBefore = at == now || quiet.Contains(TimeOnly.FromDateTime(LocalClock.ToLocal(at.AddTicks(-1), tz)));
        return (!quiet.Contains(localAt) && quietJustBefore && verdict.Outcome != PressureOutcome.Expired)
            .Label($"zone {tz.Id}, quiet {quiet}, now {now:o} → {verdict.Outcome} {at:o} (local {localAt})");
    }

    [Property(MaxTest = 200)]
    public Property Simulated_streams_never_break_a_cap_never_lose_a_message_and_expire_only_after_the_deadline(int seed)
    {
        var random = new Random(seed);
        var caps = Enumerable.Range(0, random.Next(1, 4))
            .Select(_ => new FrequencyCap(random.Next(3) == 0 ? null : (Channel)random.Next(3), random.Next(1, 4), TimeSpan.FromHours(random.Next(1, 200))))
            .ToArray();
        var quiet = random.Next(2) == 0 ? null : new QuietHours(new TimeOnly(random.Next(24), 0), new TimeOnly(random.Next(24), 30));
        var pressure = new ContactPressure(new ContactPressurePolicy { Caps = caps, QuietHours = quiet });
        var tz = Zones[random.Next(Zones.Length)];
        var start = Days[random.Next(Days.Length)];
        var messages = Enumerable.Range(0, random.Next(1, 40)).Select(_ =>
        {
            var due = start.AddMinutes(random.Next(0, 60 * 24 * 10));
            return new PendingMessage((Channel)random.Next(3), (MessagePriority)random.Next(4), due, due.AddHours(random.Next(1, 96)));
        }).ToArray();

        // a scheduler that looks at each message when it is due or when its verdict said to look again
        var nextLook = messages.Select(m => m.DueAtUtc).ToArray();
        var outcome = new PressureOutcome?[messages.Length];
        var sent = new List<SentMessage>();
        var sentAt = new DateTime[messages.Length];
        for (var round = 0; round < 10_000 && outcome.Any(o => o is null); round++)
        {
            var i = Enumerable.Range(0, messages.Length).Where(k => outcome[k] is null).MinBy(k => (nextLook[k], messages[k].Priority));
            var now = nextLook[i];
            var verdict = pressure.Check(messages[i], sent.ToArray(), tz, now);
            if (verdict.Outcome == PressureOutcome.SendNow) { outcome[i] = verdict.Outcome; sentAt[i] = now; sent.Add(new SentMessage(messages[i].Channel, messages[i].Priority, now)); }
            else if (verdict.Outcome == PressureOutcome.Expired)
            {
                if (now < messages[i].DeadlineUtc) return false.Label($"expired at {now:o} before its deadline {messages[i].DeadlineUtc:o}");
                outcome[i] = verdict.Outcome;
            }
            else
            {
                if (verdict.NotBeforeUtc <= now) return false.Label("deferred without moving forward");
                nextLook[i] = verdict.NotBeforeUtc;
            }
        }
        if (outcome.Any(o => o is null)) return false.Label("a message was neither sent nor expired");
        foreach (var cap in caps)
            foreach (var s in sent.Where(s => s.Priority != MessagePriority.Transactional && (cap.Channel is null || cap.Channel == s.Channel)))
            {
                var inWindow = sent.Count(o => o.Priority != MessagePriority.Transactional && (cap.Channel is null || cap.Channel == o.Channel)
                    && o.SentAtUtc > s.SentAtUtc - cap.Window && o.SentAtUtc <= s.SentAtUtc);
                if (inWindow > cap.MaxMessages) return false.Label($"cap {cap} broken at {s.SentAtUtc:o}: {inWindow}");
            }
        for (var i = 0; i < messages.Length; i++)
            if (outcome[i] == PressureOutcome.SendNow)
            {
                if (sentAt[i] < messages[i].DueAtUtc || sentAt[i] > messages[i].DeadlineUtc) return false.Label("sent outside its due–deadline span");
                // quiet hours cover transactional messages too by default
                if (quiet is not null && quiet.Contains(TimeOnly.FromDateTime(LocalClock.ToLocal(sentAt[i], tz))))
                    return false.Label($"sent in quiet hours at {sentAt[i]:o}");
            }
        return true.ToProperty();
    }
}
