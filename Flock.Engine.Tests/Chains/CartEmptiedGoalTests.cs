using Flock.Engine.Chains;
using Flock.Engine.Messaging;
using static Flock.Engine.Tests.Chains.ChainTestKit;

namespace Flock.Engine.Tests.Chains;

/// <summary>An abandoned-cart reminder about an empty cart embarrasses the store: the chain ends once the cart is empty.</summary>
public class CartEmptiedGoalTests
{
    [Fact]
    public void The_abandoned_cart_scenario_ends_when_the_customer_empties_the_cart_before_the_reminder()
    {
        var chain = Gallery("abandoned-cart");
        var e = Enroll(chain, Exposed("abandoned-cart"), T0);
        var waiting = ChainRunner.Advance(chain, e, Facts(lastActivity: T0), NoPressure, [], T0);
        var due = ChainRunner.Advance(chain, waiting.Enrollment, Facts(lastActivity: T0, cartItems: 0), NoPressure, [], T0.AddHours(1));
        Assert.Empty(due.Actions);
        Assert.Equal(EnrollmentStatus.Exited, due.Enrollment.Status);
        Assert.Equal(ChainReason.GoalCartEmptied, due.Enrollment.EndReason);
    }

    [Fact]
    public void A_recorded_reminder_is_cancelled_when_the_cart_was_emptied_since_it_was_decided()
    {
        var chain = Gallery("abandoned-cart");
        Assert.Null(ChainMachine.StopBeforeActing(chain, Facts(cartItems: 2), Channel.Email));
        Assert.Equal(ChainReason.GoalCartEmptied, ChainMachine.StopBeforeActing(chain, Facts(cartItems: 0), Channel.Email));
        // the coupon of an emptied cart is not made either
        Assert.Equal(ChainReason.GoalCartEmptied, ChainMachine.StopBeforeActing(chain, Facts(cartItems: 0), null));
    }

    [Fact]
    public void The_plugin_must_read_the_cart_for_a_chain_that_ends_on_an_empty_cart()
    {
        var chain = Gallery("abandoned-cart");
        Assert.True(chain.ExitOnCartEmptied);
        Assert.Throws<ArgumentException>(() => ChainMachine.StopBeforeActing(chain, Facts(cartItems: null), Channel.Email));
        Assert.Throws<ArgumentException>(() => ChainMachine.Decide(chain, Enroll(chain, 1, T0), Facts(cartItems: null), T0));
        // a chain without the goal does not need it
        var browse = Gallery("abandoned-browse");
        Assert.False(browse.ExitOnCartEmptied);
        Assert.Null(ChainMachine.StopBeforeActing(browse, Facts(cartItems: null), Channel.Email));
    }

    [Fact]
    public void Only_a_chain_started_by_a_cart_change_may_end_on_an_empty_cart()
    {
        var browse = ChainGallery.Find("abandoned-browse")!.Chain;
        var edited = browse with { ExitGoals = [.. browse.ExitGoals, new ExitGoal { Kind = ExitGoalKind.CartEmptied }] };
        var validation = edited.Validate();
        Assert.False(validation.IsValid);
        Assert.Contains(validation.Problems, p => p.Path == "exitGoals[2].kind" && p.Message.Contains("cart change"));
    }

    [Fact]
    public void In_a_simulated_store_an_emptied_cart_gets_no_reminder_and_a_refilled_one_does()
    {
        var chain = Gallery("abandoned-cart");
        int emptier = Exposed("abandoned-cart"), keeper = Exposed("abandoned-cart", emptier + 1);
        var history = new HistoryEvent[]
        {
            new TriggerHappened(Trigger(ChainTriggerKind.CartChanged, emptier, T0)),
            new CartEmptied(T0.AddMinutes(20), emptier),
            new TriggerHappened(Trigger(ChainTriggerKind.CartChanged, keeper, T0)),
        };
        var result = ChainSimulator.Run([chain], history, ContactPressurePolicy.None, _ => Berlin, T0.AddDays(3));
        Assert.DoesNotContain(result.Sends, s => s.CustomerId == emptier);
        Assert.Contains(result.Sends, s => s.CustomerId == keeper && s.StepId == "reminder");
        Assert.Equal(ChainReason.GoalCartEmptied, result.Enrollments.Single(en => en.CustomerId == emptier).EndReason);
    }
}

/// <summary>Re-entry is per customer record; a second guest session with the same address must not get the chain (and its coupon) again.</summary>
public class SameAddressTests
{
    [Fact]
    public void An_address_already_served_through_another_record_ends_the_enrollment_before_any_message_or_coupon()
    {
        var chain = Gallery("abandoned-cart");
        var e = Enroll(chain, Exposed("abandoned-cart"), T0);
        var waiting = ChainRunner.Advance(chain, e, Facts(lastActivity: T0), NoPressure, [], T0);
        var due = ChainRunner.Advance(chain, waiting.Enrollment, Facts(lastActivity: T0) with { AddressServedElsewhere = true }, NoPressure, [], T0.AddHours(1));
        Assert.Empty(due.Actions);
        Assert.Equal(ChainReason.AddressAlreadyServed, due.Enrollment.EndReason);
        Assert.Equal(ChainReason.AddressAlreadyServed, ChainMachine.StopBeforeActing(chain, Facts() with { AddressServedElsewhere = true }, null));
        Assert.Contains("another account or guest session", ChainExplainer.Reason(ChainReason.AddressAlreadyServed, russian: false));
    }

    [Fact]
    public void An_enrollment_already_under_way_at_the_address_is_never_ended_by_another_record()
    {
        var chain = Gallery("abandoned-cart");
        var e = Enroll(chain, Exposed("abandoned-cart"), T0);
        var waiting = ChainRunner.Advance(chain, e, Facts(lastActivity: T0), NoPressure, [], T0);
        var underWay = Facts(lastActivity: T0) with { AddressServedElsewhere = true, SentAlready = true };
        var due = ChainRunner.Advance(chain, waiting.Enrollment, underWay, NoPressure, [], T0.AddHours(1));
        Assert.NotEqual(ChainReason.AddressAlreadyServed, due.Enrollment.EndReason);
        Assert.Contains(due.Actions, a => a is SendMessageAction);
        Assert.Null(ChainMachine.StopBeforeActing(chain, Facts() with { AddressServedElsewhere = true, SentAlready = true }, null));
    }

    [Fact]
    public void The_window_for_the_same_address_follows_the_re_entry_rule()
    {
        Assert.Equal(T0.AddDays(-7), ReEntryPolicy.OncePer(7).SameAddressSince(T0));
        Assert.Equal(DateTimeOffset.MinValue, ReEntryPolicy.OnceEver.SameAddressSince(T0));
        Assert.Null(ReEntryPolicy.EveryTrigger.SameAddressSince(T0));
    }
}
