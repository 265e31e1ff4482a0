using Flock.Engine.Chains;

namespace Flock.Engine.Tests.Chains;

public class ChainDescriberTests
{
    [Fact]
    public void Every_step_of_every_ready_scenario_reads_as_words_in_both_languages()
    {
        foreach (var scenario in ChainGallery.All)
            foreach (var step in scenario.Chain.Steps)
                foreach (var language in new[] { "en", "ru" })
                {
                    var text = ChainDescriber.Step(scenario.Chain, step, language);
                    Assert.False(string.IsNullOrWhiteSpace(text));
                    Assert.DoesNotContain("Step", text);
                    Assert.DoesNotContain("{", text);
                }
    }

    [Fact]
    public void The_abandoned_cart_reads_as_the_admin_would_say_it()
    {
        var chain = ChainGallery.Find("abandoned-cart")!.Chain;
        Assert.Equal("the cart changes", ChainDescriber.Trigger(chain.Trigger));
        Assert.Equal("Wait 1 h after the customer's latest activity", ChainDescriber.Step(chain, chain.Steps[0]));
        Assert.Equal("1 day", ChainDescriber.Duration(TimeSpan.FromDays(1)));
        Assert.Equal("90 min", ChainDescriber.Duration(TimeSpan.FromMinutes(90)));
        Assert.Equal("the customer places an order", ChainDescriber.Goal(chain.ExitGoals[0]));
    }

    [Fact]
    public void A_rule_reads_as_a_compact_expression()
    {
        var rule = Flock.Engine.Targeting.RuleJson.Parse("""{"match":"any","conditions":[{"field":"customer.order_count","operator":"gte","value":3},{"field":"customer.country","operator":"eq","value":"DE"}]}""").Rule!;
        Assert.Equal("(customer.order_count gte 3 or customer.country eq 'DE')", ChainDescriber.Rule(rule));
    }

    [Fact]
    public void A_re_entry_rule_says_how_much_history_it_needs()
    {
        Assert.Null(ReEntryPolicy.OnceEver.DaysOfHistoryNeeded);
        Assert.Equal(7, ReEntryPolicy.OncePer(7).DaysOfHistoryNeeded);
        Assert.Equal(0, ReEntryPolicy.EveryTrigger.DaysOfHistoryNeeded);
    }
}
