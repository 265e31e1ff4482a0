using Flock.Engine.Analytics;
using Flock.Engine.Referrals.Campaigns;
using Flock.Engine.Common;
using Flock.Engine.Referrals.Programme;
using Flock.Engine.Snapshots;
using Flock.Engine.Targeting;
using static Flock.Engine.Tests.Referrals.Programme.ProgrammeFixtures;

namespace Flock.Engine.Tests.Referrals.Programme;

public sealed class ReferralProgrammeTests
{
    [Fact]
    public void The_default_campaign_decides_a_widget_for_an_anonymous_shopper()
    {
        var programme = BuildProgramme();

        var decision = programme.DecideWidget(WidgetRequestFor(Customer(0, guest: true), CampaignTriggers.NewsletterSubscribed, "guest-guid-1"));

        Assert.True(decision.Show, decision.Reason);
        Assert.Equal(1, decision.CampaignVersion);
        Assert.Equal("p5_c10", decision.MotivationId);
        Assert.Equal("thanks", decision.TextId);
        Assert.Null(decision.PictureId);
        Assert.Contains("campaign 1", decision.Reason);
    }

    [Fact]
    public void A_trigger_the_campaign_ignores_shows_nothing_with_the_reason()
    {
        var decision = BuildProgramme().DecideWidget(WidgetRequestFor(Customer(5), CampaignTriggers.OrderPaid));

        Assert.False(decision.Show);
        Assert.StartsWith("no campaign matched", decision.Reason);
        Assert.Contains("does not react to order paid", decision.Reason);
    }

    [Fact]
    public void A_holdout_shopper_sees_no_widget_and_the_reason_says_so()
    {
        var programme = BuildProgramme(DefaultCampaign.Create() with { HoldoutShare = 0.5 });

        var decisions = Enumerable.Range(1, 200).Select(i => programme.DecideWidget(WidgetRequestFor(Customer(i)))).ToArray();
        var heldOut = decisions.First(d => d.IsHoldout);

        Assert.False(heldOut.Show);
        Assert.Contains("holdout", heldOut.Reason);
        Assert.Equal("campaigns:1", heldOut.ExperimentKey);
        Assert.Null(heldOut.CampaignId);
        Assert.Equal([new ExperimentAssignment("campaigns:1", "holdout")], heldOut.NewAssignments); // stored like an arm, for the holdout comparison
        Assert.Contains(decisions, d => d.Show);
    }

    [Fact]
    public void A_stored_creative_assignment_names_the_variant_the_shopper_was_shown()
    {
        var programme = BuildProgramme(DefaultCampaign.Create() with { HoldoutShare = 0.2 });

        var shown = Enumerable.Range(1, 50).Select(i => programme.DecideWidget(WidgetRequestFor(Customer(i)))).Where(d => d.Show).ToArray();

        Assert.NotEmpty(shown);
        Assert.All(shown, d =>
        {
            var creative = Assert.Single(d.NewAssignments, a => a.ExperimentKey.EndsWith(":creatives", StringComparison.Ordinal));
            Assert.Contains('|', creative.ArmKey);
            Assert.Equal(d.VariantKey, ReferralProgramme.VariantKeyOfCombination(creative.ArmKey));
        });
    }

    [Fact]
    public void An_exhausted_budget_is_the_reason()
    {
        var programme = BuildProgramme(DefaultCampaign.Create() with { Budget = new CampaignBudget { MaxParticipants = 10 } });

        var decision = programme.DecideWidget(WidgetRequestFor(Customer(5)) with
        {
            Usage = new Dictionary<int, CampaignUsage> { [1] = new(0m, 10, 0) },
        });

        Assert.False(decision.Show);
        Assert.Contains("budget exhausted", decision.Reason);
    }

    [Fact]
    public void The_audience_rule_is_applied()
    {
        var programme = BuildProgramme(DefaultCampaign.Create() with
        {
            Audience = RuleGroup.AllOf(new RulePredicate("order.total", "gte", RuleValue.Of(1000m))),
        });
        var small = WidgetRequestFor(Customer(5));
        small = small with { Context = small.Context with { Order = new OrderSnapshot { OrderId = 1, CustomerId = 5, Total = 500m } } };
        var big = small with { Context = small.Context with { Order = small.Context.Order! with { Total = 1500m } } };

        Assert.Contains("audience did not match", programme.DecideWidget(small).Reason);
        Assert.True(programme.DecideWidget(big).Show);
    }

    [Fact]
    public void Stored_assignments_keep_the_shopper_on_their_creative()
    {
        var config = DefaultCampaign.Create() with
        {
            Creatives = DefaultCampaign.Create().Creatives with
            {
                Motivations = [.. DefaultCampaign.Create().Creatives.Motivations, DefaultCampaign.Create().Creatives.Motivations[0] with { Id = "big", Label = "Big" }],
                Pictures = [new PictureConfig { Id = "a", Label = "A" }, new PictureConfig { Id = "b", Label = "B", ImageUrl = "https://cdn.example/b.png" }],
            },
        };
        var programme = BuildProgramme(config);
        var first = programme.DecideWidget(WidgetRequestFor(Customer(9)));
        var stored = first.NewAssignments.ToDictionary(a => a.ExperimentKey, a => a.ArmKey);

        var second = programme.DecideWidget(WidgetRequestFor(Customer(9)) with { StoredAssignments = stored });

        Assert.Equal(first.VariantKey, second.VariantKey);
        Assert.Empty(second.NewAssignments);
        Assert.Equal(3, first.VariantKey!.Split('-').Length);
    }

    [Fact]
    public void A_bandit_campaign_learns_from_counts_and_is_reproducible_with_a_seed()
    {
        var motivations = DefaultCampaign.Create().Creatives.Motivations;
        var config = DefaultCampaign.Create() with
        {
            Creatives = DefaultCampaign.Create().Creatives with
            {
                Strategy = Flock.Engine.Experiments.AllocationStrategy.Bandit,
                Motivations = [motivations[0], motivations[0] with { Id = "winner", Label = "Winner" }],
            },
        };
        var programme = BuildProgramme(config);
        var text = config.Creatives.Texts[0].Id;
        var counts = new BanditObservations
        {
            Campaigns = new Dictionary<int, Flock.Engine.Experiments.ArmCounts>(),
            Variants = new Dictionary<int, IReadOnlyDictionary<string, Flock.Engine.Experiments.ArmCounts>>
            {
                [config.Id] = new Dictionary<string, Flock.Engine.Experiments.ArmCounts>
                {
                    [$"{motivations[0].Id}-{text}"] = new(1000, 10),
                    [$"winner-{text}"] = new(1000, 300),
                },
            },
        };

        WidgetDecision Decide(int shopper, int seed) =>
            programme.DecideWidget(WidgetRequestFor(Customer(shopper)) with { Bandit = counts, Random = new Random(seed) });

        var decisions = Enumerable.Range(1, 50).Select(i => Decide(i, i)).ToArray();
        Assert.All(decisions, d => Assert.Equal("winner", d.MotivationId));
        Assert.Equal(Decide(7, 7).VariantKey, Decide(7, 7).VariantKey);
        Assert.Equal("Winner / Thank you", programme.DescribeVariant(1, decisions[0].VariantKey!));
    }

    [Fact]
    public void A_template_that_fails_to_render_gives_fallback_text_not_an_exception()
    {
        var config = DefaultCampaign.Create() with
        {
            Creatives = DefaultCampaign.Create().Creatives with
            {
                Texts = [new TextConfig
                {
                    Id = "broken",
                    Widget = new Dictionary<string, string> { ["en"] = "{% for i in (1..100000) %}x{% endfor %}" },
                    ShareMessage = new Dictionary<string, string> { ["en"] = "{% for i in (1..100000) %}x{% endfor %}" },
                }],
            },
        };
        var programme = BuildProgramme(config);
        var decision = programme.DecideWidget(WidgetRequestFor(Customer(5)));

        var content = programme.RenderWidget(decision, new WidgetRenderInput { ReferrerCode = "ANNA2345", FirstName = "Anna" });

        Assert.True(content.UsedFallback);
        Assert.NotEmpty(content.Problems);
        Assert.Contains("Thank you for your order! Share your personal link with friends:", content.Html);
        Assert.Contains(content.Link, content.ShareMessage);
        Assert.Equal(11, content.ShareTargets.Count);
    }

    [Fact]
    public void An_invalid_programme_lists_every_problem()
    {
        var bad = DefaultCampaign.Create() with { Name = "", Channels = [] };
        var duplicate = DefaultCampaign.Create(1, "Again");
        var settings = Settings() with { StoreBaseUrl = "shop", EmailHashSecret = new byte[8], ReturnWindowDays = -1 };

        var error = Assert.Throws<FlockValidationException>(() => new ReferralProgramme([bad, duplicate], settings));

        var paths = error.Problems.Select(p => p.Path).ToArray();
        Assert.Contains("settings.storeBaseUrl", paths);
        Assert.Contains("settings.emailHashSecret", paths);
        Assert.Contains("settings.returnWindowDays", paths);
        Assert.Contains("campaigns[0].name", paths);
        Assert.Contains("campaigns[0].channels", paths);
        Assert.Contains("campaigns[1].id", paths);
        Assert.Contains("campaigns[1].slug", paths);
    }

    [Fact]
    public void Rendering_a_hidden_decision_is_a_validation_error()
    {
        var error = Assert.Throws<FlockValidationException>(() =>
            BuildProgramme().RenderWidget(new WidgetDecision { Show = false, Reason = "holdout" }, new WidgetRenderInput { ReferrerCode = "bad code!" }));

        Assert.Equal(["decision.show", "input.referrerCode"], error.Problems.Select(p => p.Path));
    }

    [Fact]
    public void Kpis_are_labelled_with_campaign_names_and_variant_labels()
    {
        var programme = BuildProgramme();
        var events = new AnalyticsEvents
        {
            Shares = [new ShareEvent(1, "p5_c10-thanks", 101, "vk", Now)],
            Visits = [new VisitEvent("ANNA2345", 1, "p5_c10-thanks", "vk", "v1", Now)],
        };

        var kpis = programme.Kpis(events, new KpiQuery(Now.AddDays(-1), Now.AddDays(1)));

        Assert.Equal("Thank-you referral", kpis.CampaignNames[1]);
        Assert.Equal("Friend 5%, you 10% / Thank you", kpis.VariantLabels[(1, "p5_c10-thanks")]);
        Assert.Equal(1, kpis.Report.Total.Shares);
    }
}
