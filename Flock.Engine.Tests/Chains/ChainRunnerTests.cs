using Flock.Engine.Chains;
using Flock.Engine.Common;
using Flock.Engine.Messaging;
using static Flock.Engine.Tests.Chains.ChainTestKit;

namespace Flock.Engine.Tests.Chains;

public class ChainRunnerTests
{
    [Fact]
    public void An_abandoned_cart_is_reminded_an_hour_after_the_last_change_then_again_with_a_coupon_a_day_later()
    {
        var chain = Gallery("abandoned-cart");
        var customer = Exposed("abandoned-cart");
        var e = Enroll(chain, customer, T0);

        var first = ChainRunner.Advance(chain, e, Facts(lastActivity: T0), NoPressure, [], T0);
        Assert.Empty(first.Actions);
        Assert.Equal(T0.AddHours(1), first.NextDueAt);

        // the cart changed again 40 minutes later: the inactivity wait restarts from then
        var changed = T0.AddMinutes(40);
        var early = ChainRunner.Advance(chain, first.Enrollment, Facts(lastActivity: changed), NoPressure, [], T0.AddHours(1));
        Assert.Empty(early.Actions);
        Assert.Equal(changed.AddHours(1), early.NextDueAt);

        var reminder = ChainRunner.Advance(chain, early.Enrollment, Facts(lastActivity: changed), NoPressure, [], changed.AddHours(1));
        var send = Assert.IsType<SendMessageAction>(Assert.Single(reminder.Actions));
        Assert.Equal("Flock.Chain.abandoned-cart.reminder", send.Template);
        Assert.Equal(MessagePriority.Cart, send.Priority);
        Assert.Equal(ChainActionKeys.For("abandoned-cart", "reminder", customer, "cart"), send.Key);
        Assert.Equal(changed.AddHours(25), reminder.NextDueAt);

        var second = ChainRunner.Advance(chain, reminder.Enrollment, Facts(lastActivity: changed), NoPressure, [], changed.AddHours(25));
        Assert.Collection(second.Actions,
            a => Assert.Equal(5m, Assert.IsType<IssueCouponAction>(a).Percent),
            a => Assert.Equal("Flock.Chain.abandoned-cart.coupon", Assert.IsType<SendMessageAction>(a).Template));
        Assert.Equal(EnrollmentStatus.Completed, second.Enrollment.Status);
        Assert.Null(second.NextDueAt);
    }

    [Fact]
    public void An_order_placed_before_the_reminder_ends_the_chain_and_nothing_is_sent()
    {
        var chain = Gallery("abandoned-cart");
        var e = Enroll(chain, Exposed("abandoned-cart"), T0);
        var waiting = ChainRunner.Advance(chain, e, Facts(lastActivity: T0), NoPressure, [], T0);
        // the guest bought from another browser; the plugin's live facts count orders of the same email too
        var due = ChainRunner.Advance(chain, waiting.Enrollment, Facts(ordersSinceEntry: 1, lastActivity: T0), NoPressure, [], T0.AddHours(1));
        Assert.Empty(due.Actions);
        Assert.Equal(EnrollmentStatus.Exited, due.Enrollment.Status);
        Assert.Equal(ChainReason.GoalPurchase, due.Enrollment.EndReason);
        Assert.Equal(ChainReason.GoalPurchase, Assert.Single(due.Decisions).Reason);
    }

    [Fact]
    public void A_held_out_customer_goes_through_the_chain_and_gets_nothing()
    {
        var chain = Gallery("abandoned-cart");
        var customer = HeldOut("abandoned-cart");
        var e = Enroll(chain, customer, T0);
        Assert.True(e.IsHoldout);
        var (end, actions, decisions) = RunToEnd(chain, e, Facts(lastActivity: T0), T0);
        Assert.Empty(actions);
        Assert.Equal(3, decisions.Count(d => d.Reason == ChainReason.HoldoutSuppressed)); // reminder, coupon, second reminder
        Assert.Equal(EnrollmentStatus.Completed, end.Status);
    }

    [Fact]
    public void Without_consent_or_on_an_unreachable_channel_a_message_is_skipped_with_its_reason()
    {
        var chain = Gallery("price-drop");
        var e = Enroll(chain, Exposed("price-drop"), T0);
        // the gallery chain has the unsubscribe goal: the customer leaves
        Assert.Equal(ChainReason.GoalUnsubscribed, ChainRunner.Advance(chain, e, Facts(consent: false), NoPressure, [], T0).Enrollment.EndReason);
        // without that goal the marketing message is still never sent without consent
        var noGoal = Gallery("price-drop", c => c with { ExitGoals = [] });
        var noConsent = ChainRunner.Advance(noGoal, Enroll(noGoal, e.CustomerId, T0), Facts(consent: false), NoPressure, [], T0);
        Assert.Empty(noConsent.Actions);
        Assert.Contains(noConsent.Decisions, d => d.Reason == ChainReason.NoMarketingConsent);
        var unreachable = ChainRunner.Advance(chain, e, Facts(reachable: ChannelSet.Sms), NoPressure, [], T0);
        Assert.Empty(unreachable.Actions);
        Assert.Contains(unreachable.Decisions, d => d.Reason == ChainReason.ChannelUnreachable);
    }

    [Fact]
    public void A_guest_without_an_address_yet_is_not_taken_for_an_unsubscriber()
    {
        var chain = Gallery("abandoned-cart");
        var e = Enroll(chain, Exposed("abandoned-cart"), T0);
        var later = T0 + TimeSpan.FromDays(3);
        var guest = ChainRunner.Advance(chain, e, Facts(consent: false, reachable: ChannelSet.None), NoPressure, [], later);
        Assert.NotEqual(ChainReason.GoalUnsubscribed, guest.Enrollment.EndReason);
        Assert.DoesNotContain(guest.Decisions, d => d.Reason == ChainReason.GoalUnsubscribed);
        Assert.Contains(guest.Decisions, d => d.Reason == ChainReason.ChannelUnreachable);
        Assert.Empty(guest.Actions);
        // a day later still no address: no coupon is made for nobody
        var dayLater = ChainRunner.Advance(chain, guest.Enrollment, Facts(consent: false, reachable: ChannelSet.None), NoPressure, [], later + TimeSpan.FromDays(2));
        Assert.Empty(dayLater.Actions);
        Assert.Contains(dayLater.Decisions, d => d.Reason == ChainReason.ChannelUnreachable && d.Detail == "coupon");
        // once the address is known and carries no consent, the marketing chain lets them out
        var known = ChainRunner.Advance(chain, e, Facts(consent: false), NoPressure, [], later);
        Assert.Equal(ChainReason.GoalUnsubscribed, known.Enrollment.EndReason);
    }

    [Fact]
    public void A_deleted_customer_leaves_every_chain_even_one_that_needs_a_context()
    {
        var chain = Gallery("price-drop", c => c with { ExitGoals = [.. c.ExitGoals, new ExitGoal { Kind = ExitGoalKind.Rule, Rule = Flock.Engine.Targeting.RuleJson.Parse("""{"match":"all","conditions":[{"field":"customer.order_count","operator":"gte","value":5}]}""").Rule! }] });
        var e = Enroll(chain, Exposed("price-drop"), T0);
        var gone = ChainRunner.Advance(chain, e, Facts() with { CustomerGone = true, Context = null }, NoPressure, [], T0);
        Assert.Equal(ChainReason.CustomerGone, gone.Enrollment.EndReason);
        Assert.Empty(gone.Actions);
    }

    [Fact]
    public void A_message_in_quiet_hours_waits_for_the_morning_and_a_capped_one_for_room()
    {
        var chain = Gallery("price-drop");
        var customer = Exposed("price-drop");
        var night = new DateTimeOffset(2026, 6, 10, 21, 0, 0, TimeSpan.Zero); // 23:00 in Berlin
        var e = Enroll(chain, customer, night);
        var pressure = new ContactPressure(ContactPressurePolicy.Default);
        var deferred = ChainRunner.Advance(chain, e, Facts(), pressure, [], night);
        Assert.Empty(deferred.Actions);
        Assert.Equal(new DateTimeOffset(2026, 6, 11, 7, 0, 0, TimeSpan.Zero), deferred.NextDueAt);
        Assert.Equal(ChainReason.DeferredByQuietHours, deferred.Decisions[^1].Reason);
        Assert.Equal(0, deferred.Enrollment.StepIndex);

        // another chain's email went out yesterday at 14:00 local: the daily email cap has room again at 14:00 today
        SentMessage[] sentYesterday = [new(Channel.Email, MessagePriority.Promo, new DateTime(2026, 6, 10, 12, 0, 0, DateTimeKind.Utc))];
        var capped = ChainRunner.Advance(chain, deferred.Enrollment, Facts(), pressure, sentYesterday, deferred.NextDueAt!.Value);
        Assert.Equal(ChainReason.DeferredByCap, capped.Decisions[^1].Reason);
        Assert.Equal(new DateTimeOffset(2026, 6, 11, 12, 0, 0, TimeSpan.Zero), capped.NextDueAt);

        // had that email gone out at 08:00 local this morning, room would come back at 08:00 tomorrow — inside quiet hours, so 09:00
        SentMessage[] sentThisMorning = [new(Channel.Email, MessagePriority.Promo, new DateTime(2026, 6, 11, 6, 0, 0, DateTimeKind.Utc))];
        var both = ChainRunner.Advance(chain, deferred.Enrollment, Facts(), pressure, sentThisMorning, deferred.NextDueAt!.Value);
        Assert.Equal(new DateTimeOffset(2026, 6, 12, 7, 0, 0, TimeSpan.Zero), both.NextDueAt);

        var sent = ChainRunner.Advance(chain, capped.Enrollment, Facts(), pressure, sentYesterday, capped.NextDueAt!.Value);
        Assert.IsType<SendMessageAction>(Assert.Single(sent.Actions));
    }

    [Fact]
    public void A_message_deferred_past_its_deadline_expires_and_the_chain_goes_on()
    {
        var chain = Gallery("price-drop", c => c with { Steps = [new SendStep { Id = "cheaper", Channel = Channel.Email, Template = "t", ExpiresAfter = TimeSpan.FromHours(1) }] });
        var e = Enroll(chain, Exposed("price-drop"), T0);
        SentMessage[] full = [new(Channel.Email, MessagePriority.Promo, T0.UtcDateTime.AddHours(-1))];
        var pressure = new ContactPressure(new ContactPressurePolicy { Caps = [new FrequencyCap(Channel.Email, 1, TimeSpan.FromDays(1))] });
        var deferred = ChainRunner.Advance(chain, e, Facts(), pressure, full, T0);
        Assert.Equal(T0.AddHours(1), deferred.NextDueAt);
        var expired = ChainRunner.Advance(chain, deferred.Enrollment, Facts(), pressure, full, T0.AddHours(1));
        Assert.Empty(expired.Actions);
        Assert.Equal(ChainReason.Expired, expired.Decisions[0].Reason);
        Assert.Equal(EnrollmentStatus.Completed, expired.Enrollment.Status);
    }

    [Fact]
    public void Wait_until_a_local_time_follows_the_recipients_clock_across_the_spring_forward_night()
    {
        // 2026-03-29 in Berlin: 10:00 local is 08:00 UTC (the day before it was 09:00 UTC)
        var saturdayNight = new DateTimeOffset(2026, 3, 28, 22, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 8, 0, 0, TimeSpan.Zero), ChainMachine.NextLocalTime(saturdayNight, new TimeOnly(10, 0), Berlin));
        var chain = Gallery("birthday");
        var e = Enroll(chain, Exposed("birthday"), saturdayNight, "2026-03-29");
        var waiting = ChainRunner.Advance(chain, e, Facts(), NoPressure, [], saturdayNight);
        Assert.IsType<IssueCouponAction>(Assert.Single(waiting.Actions));
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 8, 0, 0, TimeSpan.Zero), waiting.NextDueAt);
    }

    [Fact]
    public void A_paused_chain_holds_everyone_and_an_archived_one_lets_them_out()
    {
        var chain = Gallery("price-drop");
        var e = Enroll(chain, Exposed("price-drop"), T0);
        var held = ChainRunner.Advance(chain, e, Facts(lifecycle: ChainLifecycle.Paused), NoPressure, [], T0);
        Assert.Empty(held.Actions);
        // looked at again later (resuming re-arms it at once), never left without a due time
        Assert.Equal(T0 + ChainMachine.HoldRecheck, held.NextDueAt);
        Assert.True(held.Enrollment.IsActive);
        var archived = ChainRunner.Advance(chain, e, Facts(lifecycle: ChainLifecycle.Archived), NoPressure, [], T0);
        Assert.Equal(ChainReason.ChainArchived, archived.Enrollment.EndReason);
    }

    [Fact]
    public void Deciding_the_same_state_twice_gives_the_same_action_keys_so_the_database_keeps_one()
    {
        var chain = Gallery("welcome");
        var e = Enroll(chain, Exposed("welcome"), T0, "subscribed");
        var once = ChainRunner.Advance(chain, e, Facts(), NoPressure, [], T0);
        var again = ChainRunner.Advance(chain, e, Facts(), NoPressure, [], T0.AddMinutes(3));
        Assert.Equal(once.Actions.Select(a => a.Key), again.Actions.Select(a => a.Key));
    }

    [Fact]
    public void An_enrollment_keeps_following_its_version_and_keys_do_not_depend_on_the_version()
    {
        var v1 = Gallery("welcome");
        var v2 = Gallery("welcome", c => c with { Version = 2, Steps = [.. c.Steps.Take(2), new WaitStep { Id = "extra", Duration = TimeSpan.FromDays(1) }, .. c.Steps.Skip(2)] });
        var e = Enroll(v1, Exposed("welcome"), T0, "subscribed");
        Assert.Throws<ArgumentException>(() => ChainMachine.Decide(v2, e, Facts(), T0));
        var fromV1 = ChainRunner.Advance(v1, e, Facts(), NoPressure, [], T0);
        var newcomer = Enroll(v2, e.CustomerId, T0, "subscribed");
        var fromV2 = ChainRunner.Advance(v2, newcomer, Facts(), NoPressure, [], T0);
        Assert.Equal(fromV1.Actions[0].Key, fromV2.Actions[0].Key);
    }

    [Fact]
    public void A_branch_goes_by_the_live_facts()
    {
        var rule = Flock.Engine.Targeting.RuleJson.Parse("""{"match":"all","conditions":[{"field":"customer.order_count","operator":"gte","value":3}]}""").Rule!;
        var definition = new ChainDefinition
        {
            Key = "branchy", Name = "b", Trigger = new ChainTrigger { Kind = ChainTriggerKind.Registered }, HoldoutShare = 0,
            Steps =
            [
                new BranchStep { Id = "loyal", Condition = rule, Then = "vip" },
                new SendStep { Id = "plain", Channel = Channel.Email, Template = "plain" },
                new ExitStep { Id = "done" },
                new SendStep { Id = "vip", Channel = Channel.Email, Template = "vip" },
            ],
        };
        var chain = new CompiledChain(definition);
        var e = Enroll(chain, 5, T0, "reg");
        Flock.Engine.Snapshots.DecisionContext Context(int orders) => new() { Customer = new() { CustomerId = 5, OrderCount = orders }, Now = T0 };
        var loyal = ChainRunner.Advance(chain, e, Facts(context: Context(4)), NoPressure, [], T0);
        Assert.Equal("vip", ((SendMessageAction)Assert.Single(loyal.Actions)).Template);
        var plain = ChainRunner.Advance(chain, e, Facts(context: Context(1)), NoPressure, [], T0);
        Assert.Equal("plain", ((SendMessageAction)Assert.Single(plain.Actions)).Template);
        Assert.Equal(ChainReason.ExitStep, plain.Enrollment.EndReason);
        Assert.Throws<ArgumentException>(() => ChainRunner.Advance(chain, e, Facts(), NoPressure, [], T0));
    }

    internal static (Enrollment End, List<ChainAction> Actions, List<ChainDecision> Decisions) RunToEnd(CompiledChain chain, Enrollment e, ChainFacts facts, DateTimeOffset from)
    {
        var actions = new List<ChainAction>();
        var decisions = new List<ChainDecision>();
        DateTimeOffset? at = from;
        while (at is { } now)
        {
            var step = ChainRunner.Advance(chain, e, facts, NoPressure, [], now);
            actions.AddRange(step.Actions);
            decisions.AddRange(step.Decisions);
            e = step.Enrollment;
            at = step.NextDueAt;
        }
        return (e, actions, decisions);
    }
}
