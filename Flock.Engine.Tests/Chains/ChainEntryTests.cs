using Flock.Engine.Chains;
using static Flock.Engine.Tests.Chains.ChainTestKit;

namespace Flock.Engine.Tests.Chains;

public class ChainEntryTests
{
    private static readonly CompiledChain Cart = Gallery("abandoned-cart");

    [Fact]
    public void A_trigger_of_the_chains_kind_enrolls_on_the_newest_version()
    {
        var decision = ChainEntry.Decide(Cart, Trigger(ChainTriggerKind.CartChanged, Exposed("abandoned-cart"), T0), Entry(), T0);
        Assert.True(decision.Enrolls);
        Assert.Equal(ChainReason.Entered, decision.Reason);
        Assert.Equal(1, decision.Enrollment!.Version);
        Assert.Equal(T0, decision.Enrollment.StepEnteredAt);
    }

    [Theory]
    [InlineData(ChainReason.WrongTrigger)]
    [InlineData(ChainReason.ChainNotLive)]
    [InlineData(ChainReason.AlreadyEnteredForOccurrence)]
    [InlineData(ChainReason.ReEntryTooSoon)]
    [InlineData(ChainReason.NoMarketingConsent)]
    public void Each_refusal_has_its_reason(ChainReason expected)
    {
        var customer = Exposed("abandoned-cart");
        var trigger = Trigger(expected == ChainReason.WrongTrigger ? ChainTriggerKind.ProductViewed : ChainTriggerKind.CartChanged, customer, T0);
        var facts = expected switch
        {
            ChainReason.ChainNotLive => Entry(lifecycle: ChainLifecycle.Paused),
            ChainReason.AlreadyEnteredForOccurrence => Entry(occurrence: true),
            ChainReason.ReEntryTooSoon => Entry(lastEntered: T0.AddDays(-6)),
            ChainReason.NoMarketingConsent => Entry(consent: false),
            _ => Entry(),
        };
        var decision = ChainEntry.Decide(Cart, trigger, facts, T0);
        Assert.False(decision.Enrolls);
        Assert.Equal(expected, decision.Reason);
    }

    [Fact]
    public void Once_per_seven_days_lets_the_customer_in_again_after_a_week()
    {
        var customer = Exposed("abandoned-cart");
        Assert.True(ChainEntry.Decide(Cart, Trigger(ChainTriggerKind.CartChanged, customer, T0), Entry(lastEntered: T0.AddDays(-7)), T0).Enrolls);
    }

    [Fact]
    public void Once_ever_never_lets_the_customer_in_twice_and_every_trigger_lets_each_order_in()
    {
        var welcome = Gallery("welcome");
        Assert.Equal(ChainReason.EnteredBefore,
            ChainEntry.Decide(welcome, Trigger(ChainTriggerKind.Subscribed, 7, T0, "s2"), Entry(lastEntered: T0.AddYears(-2)), T0).Reason);
        var service = Gallery("post-purchase-service");
        Assert.True(ChainEntry.Decide(service, Trigger(ChainTriggerKind.OrderPaid, 7, T0, "order:12"), Entry(lastEntered: T0.AddHours(-1)), T0).Enrolls);
        // a service chain does not need marketing consent
        Assert.True(ChainEntry.Decide(service, Trigger(ChainTriggerKind.OrderPaid, 7, T0, "order:13"), Entry(consent: false), T0).Enrolls);
    }

    [Fact]
    public void Entry_conditions_are_explained_when_they_fail()
    {
        var rule = Flock.Engine.Targeting.RuleJson.Parse("""{"match":"all","conditions":[{"field":"cart.total","operator":"gte","value":50}]}""").Rule!;
        var chain = Gallery("abandoned-cart", c => c with { Conditions = rule });
        var context = new Flock.Engine.Snapshots.DecisionContext
        {
            Customer = new() { CustomerId = 3 }, Cart = new() { Total = 20m }, Now = T0,
        };
        var decision = ChainEntry.Decide(chain, Trigger(ChainTriggerKind.CartChanged, 3, T0), Entry(context: context), T0);
        Assert.Equal(ChainReason.ConditionsNotMet, decision.Reason);
        Assert.Contains("cart.total", decision.Record.Detail);
        Assert.Throws<ArgumentException>(() => ChainEntry.Decide(chain, Trigger(ChainTriggerKind.CartChanged, 3, T0), Entry(), T0));
    }

    [Fact]
    public void The_holdout_is_about_a_tenth_stable_and_per_chain()
    {
        var held = Enumerable.Range(1, 20_000).Count(id => ChainEntry.IsHeldOut("abandoned-cart", id, 0.10));
        Assert.InRange(held, 1_800, 2_200);
        Assert.Equal(ChainEntry.IsHeldOut("abandoned-cart", 42, 0.1), ChainEntry.IsHeldOut("abandoned-cart", 42, 0.1));
        var both = Enumerable.Range(1, 20_000).Count(id => ChainEntry.IsHeldOut("abandoned-cart", id, 0.10) && ChainEntry.IsHeldOut("welcome", id, 0.10));
        Assert.InRange(both, 100, 300); // independent draws: about 1 %
        Assert.False(ChainEntry.IsHeldOut("abandoned-cart", 42, 0));
    }
}
