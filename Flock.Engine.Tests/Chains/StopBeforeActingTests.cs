using Flock.Engine.Chains;
using Flock.Engine.Messaging;
using static Flock.Engine.Tests.Chains.ChainTestKit;

namespace Flock.Engine.Tests.Chains;

/// <summary>The check the plugin makes right before a recorded action is carried out.</summary>
public class StopBeforeActingTests
{
    [Fact]
    public void A_message_goes_ahead_only_with_everything_still_true()
    {
        var chain = Gallery("abandoned-cart");
        Assert.Null(ChainMachine.StopBeforeActing(chain, Facts(), Channel.Email));
        Assert.Equal(ChainReason.GoalPurchase, ChainMachine.StopBeforeActing(chain, Facts(ordersSinceEntry: 1), Channel.Email));
        Assert.Equal(ChainReason.NoMarketingConsent, ChainMachine.StopBeforeActing(chain, Facts(consent: false), Channel.Email));
        Assert.Equal(ChainReason.ChannelUnreachable, ChainMachine.StopBeforeActing(chain, Facts(reachable: ChannelSet.None), Channel.Email));
        Assert.Equal(ChainReason.ChainArchived, ChainMachine.StopBeforeActing(chain, Facts(lifecycle: ChainLifecycle.Archived), Channel.Email));
        Assert.Equal(ChainReason.CustomerGone, ChainMachine.StopBeforeActing(chain, Facts() with { CustomerGone = true }, Channel.Email));
        // paused: wait, not cancel
        Assert.Equal(ChainReason.Paused, ChainMachine.StopBeforeActing(chain, Facts(lifecycle: ChainLifecycle.Paused), Channel.Email));
    }

    [Fact]
    public void A_coupon_is_made_only_for_someone_it_can_reach_and_stops_once_the_goal_is_met()
    {
        var chain = Gallery("abandoned-cart");
        Assert.Null(ChainMachine.StopBeforeActing(chain, Facts(), null));
        Assert.Equal(ChainReason.ChannelUnreachable, ChainMachine.StopBeforeActing(chain, Facts(reachable: ChannelSet.None), null));
        Assert.Equal(ChainReason.NoMarketingConsent, ChainMachine.StopBeforeActing(chain, Facts(consent: false), null));
        Assert.Equal(ChainReason.GoalPurchase, ChainMachine.StopBeforeActing(chain, Facts(ordersSinceEntry: 2), null));
    }

    [Fact]
    public void A_rule_goal_met_since_the_step_was_decided_cancels_the_send()
    {
        var goal = Flock.Engine.Targeting.RuleJson.Parse("""{"match":"all","conditions":[{"field":"customer.order_count","operator":"gte","value":3}]}""").Rule!;
        var chain = Gallery("price-drop", c => c with { ExitGoals = [.. c.ExitGoals, new ExitGoal { Kind = ExitGoalKind.Rule, Rule = goal }] });
        Flock.Engine.Snapshots.DecisionContext Context(int orders) => new() { Customer = new() { CustomerId = 5, OrderCount = orders }, Now = T0 };
        Assert.Null(ChainMachine.StopBeforeActing(chain, Facts(context: Context(1)), Channel.Email));
        Assert.Equal(ChainReason.GoalRule, ChainMachine.StopBeforeActing(chain, Facts(context: Context(3)), Channel.Email));
        Assert.Throws<ArgumentException>(() => ChainMachine.StopBeforeActing(chain, Facts(), Channel.Email));
    }
}
