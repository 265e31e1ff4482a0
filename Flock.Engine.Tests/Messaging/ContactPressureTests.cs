using Flock.Engine.Common;
using Flock.Engine.Messaging;

namespace Flock.Engine.Tests.Messaging;

public class ContactPressureTests
{
    internal static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    internal static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
    private static DateTime Utc(string s) => DateTime.SpecifyKind(DateTime.Parse(s, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);

    private static readonly ContactPressure OneEmailADay = new(new ContactPressurePolicy
    {
        Caps = [new FrequencyCap(Channel.Email, 1, TimeSpan.FromDays(1))],
    });

    [Fact]
    public void A_message_within_the_caps_and_outside_quiet_hours_goes_now()
    {
        var now = Utc("2026-06-10 10:00");
        var verdict = new ContactPressure(ContactPressurePolicy.Default)
            .Check(new PendingMessage(Channel.Email, MessagePriority.Cart, now, now.AddDays(1)), [], Berlin, now);
        Assert.Equal(PressureOutcome.SendNow, verdict.Outcome);
    }

    [Fact]
    public void Over_a_cap_the_message_is_deferred_to_when_the_oldest_counted_send_leaves_the_window()
    {
        var now = Utc("2026-06-10 10:00");
        SentMessage[] history = [new(Channel.Email, MessagePriority.Promo, Utc("2026-06-09 18:30"))];
        var verdict = OneEmailADay.Check(new PendingMessage(Channel.Email, MessagePriority.Cart, now, now.AddDays(2)), history, Berlin, now);
        Assert.Equal(PressureOutcome.Deferred, verdict.Outcome);
        Assert.Equal(PressureReason.Cap, verdict.Reason);
        Assert.Equal(Utc("2026-06-10 18:30"), verdict.NotBeforeUtc);
        Assert.Equal(0, verdict.CapIndex);
        Assert.Contains("email: at most 1 per day", OneEmailADay.Describe(verdict));
    }

    [Fact]
    public void Caps_count_only_their_channel_and_never_transactional_messages()
    {
        var now = Utc("2026-06-10 10:00");
        SentMessage[] history =
        [
            new(Channel.Sms, MessagePriority.Promo, Utc("2026-06-10 09:00")),
            new(Channel.Email, MessagePriority.Transactional, Utc("2026-06-10 09:30")),
        ];
        Assert.True(OneEmailADay.Check(new PendingMessage(Channel.Email, MessagePriority.Promo, now, now.AddDays(1)), history, Berlin, now).IsSendNow);
        // and a transactional message is not held by a full cap
        SentMessage[] full = [new(Channel.Email, MessagePriority.Promo, Utc("2026-06-10 09:00"))];
        Assert.True(OneEmailADay.Check(new PendingMessage(Channel.Email, MessagePriority.Transactional, now, now.AddDays(1)), full, Berlin, now).IsSendNow);
    }

    [Fact]
    public void An_overall_cap_counts_every_channel()
    {
        var pressure = new ContactPressure(new ContactPressurePolicy { Caps = [new FrequencyCap(null, 2, TimeSpan.FromDays(7))] });
        var now = Utc("2026-06-10 10:00");
        SentMessage[] history = [new(Channel.Sms, MessagePriority.Promo, Utc("2026-06-05 10:00")), new(Channel.Telegram, MessagePriority.Cart, Utc("2026-06-08 10:00"))];
        var verdict = pressure.Check(new PendingMessage(Channel.Email, MessagePriority.Promo, now, now.AddDays(10)), history, Berlin, now);
        Assert.Equal(Utc("2026-06-12 10:00"), verdict.NotBeforeUtc);
    }

    [Fact]
    public void Quiet_hours_are_read_on_the_recipients_own_clock()
    {
        var pressure = new ContactPressure(new ContactPressurePolicy { QuietHours = new QuietHours(new TimeOnly(21, 0), new TimeOnly(9, 0)) });
        // 19:30 UTC is 21:30 in Berlin (summer, +2) but 22:30 in Moscow (+3): both quiet, until 09:00 local next morning
        var now = Utc("2026-06-10 19:30");
        var message = new PendingMessage(Channel.Email, MessagePriority.Promo, now, now.AddDays(2));
        Assert.Equal(Utc("2026-06-11 07:00"), pressure.Check(message, [], Berlin, now).NotBeforeUtc);
        Assert.Equal(Utc("2026-06-11 06:00"), pressure.Check(message, [], Moscow, now).NotBeforeUtc);
        Assert.Equal(PressureReason.QuietHours, pressure.Check(message, [], Moscow, now).Reason);
        // 18:30 UTC is 20:30 in Berlin: allowed there
        Assert.True(pressure.Check(message with { DueAtUtc = Utc("2026-06-10 18:30") }, [], Berlin, Utc("2026-06-10 18:30")).IsSendNow);
    }

    [Fact]
    public void Quiet_hours_ending_inside_the_spring_forward_gap_end_when_the_clocks_jump()
    {
        // Berlin, 2026-03-29: 02:00 local becomes 03:00 (00:59:59 UTC → 01:00 UTC). Quiet 01:00–02:30 local ends at the jump.
        var pressure = new ContactPressure(new ContactPressurePolicy { QuietHours = new QuietHours(new TimeOnly(1, 0), new TimeOnly(2, 30)) });
        var now = Utc("2026-03-29 00:15"); // 01:15 local (+1)
        var verdict = pressure.Check(new PendingMessage(Channel.Email, MessagePriority.Promo, now, now.AddDays(1)), [], Berlin, now);
        Assert.Equal(Utc("2026-03-29 01:00"), verdict.NotBeforeUtc);
        Assert.Equal(new DateTime(2026, 3, 29, 3, 0, 0), LocalClock.ToLocal(verdict.NotBeforeUtc, Berlin));
    }

    [Fact]
    public void Quiet_hours_ending_in_the_repeated_autumn_hour_end_at_its_first_occurrence()
    {
        // Berlin, 2026-10-25: 03:00 local (+2) becomes 02:00 (+1); 02:30 happens at 00:30 and at 01:30 UTC.
        var pressure = new ContactPressure(new ContactPressurePolicy { QuietHours = new QuietHours(new TimeOnly(0, 0), new TimeOnly(2, 30)) });
        var now = Utc("2026-10-24 23:00"); // 01:00 local (+2)
        var verdict = pressure.Check(new PendingMessage(Channel.Email, MessagePriority.Promo, now, now.AddDays(1)), [], Berlin, now);
        Assert.Equal(Utc("2026-10-25 00:30"), verdict.NotBeforeUtc);
    }

    [Fact]
    public void A_message_that_cannot_go_before_its_deadline_waits_for_the_deadline_then_expires()
    {
        var now = Utc("2026-06-10 10:00");
        SentMessage[] history = [new(Channel.Email, MessagePriority.Promo, Utc("2026-06-10 08:00"))];
        var message = new PendingMessage(Channel.Email, MessagePriority.Cart, now, Utc("2026-06-10 12:00"));
        var first = OneEmailADay.Check(message, history, Berlin, now);
        Assert.Equal(PressureOutcome.Deferred, first.Outcome);
        Assert.Equal(message.DeadlineUtc, first.NotBeforeUtc);
        var atDeadline = OneEmailADay.Check(message, history, Berlin, first.NotBeforeUtc);
        Assert.Equal(PressureOutcome.Expired, atDeadline.Outcome);
        Assert.Equal(PressureReason.DeadlinePassed, atDeadline.Reason);
        // a relaxed policy at the deadline still sends it
        Assert.True(new ContactPressure(ContactPressurePolicy.None).Check(message, history, Berlin, message.DeadlineUtc).IsSendNow);
    }

    [Fact]
    public void Messages_due_together_use_a_cap_in_priority_order()
    {
        var now = Utc("2026-06-10 10:00");
        PendingMessage[] due =
        [
            new(Channel.Email, MessagePriority.Promo, now.AddMinutes(-30), now.AddDays(3)),
            new(Channel.Email, MessagePriority.Cart, now, now.AddDays(3)),
            new(Channel.Email, MessagePriority.Browse, now.AddMinutes(-60), now.AddDays(3)),
        ];
        var verdicts = new PressureVerdict[3];
        OneEmailADay.Plan(due, [], Berlin, now, verdicts, new SentMessage[3], new int[3]);
        Assert.True(verdicts[1].IsSendNow);
        Assert.Equal(PressureOutcome.Deferred, verdicts[0].Outcome);
        Assert.Equal(PressureOutcome.Deferred, verdicts[2].Outcome);
        Assert.Equal(now.AddDays(1), verdicts[0].NotBeforeUtc);
    }

    [Fact]
    public void A_history_out_of_order_is_refused()
    {
        var now = Utc("2026-06-10 10:00");
        SentMessage[] history = [new(Channel.Email, MessagePriority.Promo, now.AddHours(-1)), new(Channel.Email, MessagePriority.Promo, now.AddHours(-2))];
        Assert.Throws<ArgumentException>(() => OneEmailADay.Check(new PendingMessage(Channel.Email, MessagePriority.Promo, now, now.AddDays(1)), history, Berlin, now));
    }

    [Fact]
    public void A_bad_policy_is_refused_with_the_path_of_every_problem()
    {
        var policy = new ContactPressurePolicy
        {
            Caps = [new FrequencyCap(Channel.Email, 0, TimeSpan.FromDays(1)), new FrequencyCap(null, 3, TimeSpan.Zero)],
            QuietHours = new QuietHours(new TimeOnly(9, 0), new TimeOnly(9, 0)),
        };
        var error = Assert.Throws<FlockValidationException>(() => new ContactPressure(policy));
        Assert.Equal(["caps[0].maxMessages", "caps[1].window", "quietHours"], error.Problems.Select(p => p.Path));
    }
}
