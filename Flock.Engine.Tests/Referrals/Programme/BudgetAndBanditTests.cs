using Flock.Engine.Referrals.Campaigns;
using Flock.Engine.Common;
using Flock.Engine.Experiments;
using Flock.Engine.Referrals.Programme;
using static Flock.Engine.Tests.Referrals.Programme.ProgrammeFixtures;

namespace Flock.Engine.Tests.Referrals.Programme;

public class BudgetAndBanditTests
{
    private static readonly CampaignBudget Caps = new() { MaxTotalRewardCost = 1000m, MaxParticipants = 100, MaxParticipantsPerDay = 10 };

    private static WidgetDecision Decide(CampaignUsage? usage)
    {
        var programme = BuildProgramme(DefaultCampaign.Create() with { Budget = Caps });
        return programme.DecideWidget(WidgetRequestFor(Customer(5)) with
        {
            Usage = usage is { } u ? new Dictionary<int, CampaignUsage> { [1] = u } : CampaignUsage.NoneCounted,
        });
    }

    [Theory]
    [InlineData(1000, 0, 0, "reward budget of 1000 spent")]
    [InlineData(0, 100, 0, "max 100 participants reached")]
    [InlineData(0, 0, 10, "max 10 participants per day reached")]
    public void Each_cap_stops_the_campaign_when_reached(decimal cost, int participants, int today, string reason)
    {
        var decision = Decide(new CampaignUsage(cost, participants, today));
        Assert.False(decision.Show);
        Assert.Contains(reason, decision.Reason);
    }

    [Fact]
    public void Below_every_cap_the_campaign_shows()
    {
        Assert.True(Decide(new CampaignUsage(999.99m, 99, 9)).Show);
        Assert.True(Decide(CampaignUsage.None).Show);
    }

    [Fact]
    public void Spent_and_left_are_described_for_the_admin_list()
    {
        Assert.Equal("cost 120 of 1000 (880 left); participants 100 of 100 (none left); today 3 of 10 (7 left)",
            Caps.Describe(new CampaignUsage(120m, 100, 3)));
        Assert.Equal("no caps", CampaignBudget.Unlimited.Describe(CampaignUsage.None));
    }

    [Fact]
    public void A_capped_campaign_without_usage_is_not_shown_as_if_unused()
    {
        var decision = Decide(null);
        Assert.False(decision.Show);
        Assert.Contains("budget usage unknown", decision.Reason);
    }

    [Fact]
    public void The_account_page_respects_the_caps_too()
    {
        var programme = BuildProgramme(DefaultCampaign.Create() with { Budget = Caps });
        var request = new AccountWidgetRequest
        {
            Context = WidgetRequestFor(Customer(5)).Context,
            ShopperKey = "shopper-5",
            Usage = new Dictionary<int, CampaignUsage> { [1] = new(0m, 100, 0) },
            Bandit = BanditObservations.NoDataYet,
        };
        Assert.False(programme.DecideForAccount(request).Show);
    }

    private static ReferralProgramme BanditProgramme()
    {
        var motivations = DefaultCampaign.Create().Creatives.Motivations;
        CampaignConfig Bandit(int id, string slug) => DefaultCampaign.Create(id) with
        {
            Slug = slug,
            Creatives = DefaultCampaign.Create().Creatives with
            {
                Strategy = AllocationStrategy.Bandit,
                Motivations = [motivations[0], motivations[0] with { Id = "other", Label = "Other" }],
            },
        };
        return new ReferralProgramme([Bandit(1, "one"), Bandit(2, "two")], Settings() with { CompetitionStrategy = AllocationStrategy.Bandit });
    }

    [Fact]
    public void A_bandit_decided_with_no_counts_and_no_random_gives_a_valid_sticky_decision()
    {
        var programme = BanditProgramme();
        var request = WidgetRequestFor(Customer(8)) with { Bandit = BanditObservations.NoDataYet, Random = null };

        var decision = programme.DecideWidget(request);

        Assert.True(decision.Show, decision.Reason);
        Assert.Contains(decision.CampaignId!.Value, new[] { 1, 2 });
        Assert.NotNull(decision.VariantKey);
        Assert.Equal(2, decision.NewAssignments.Count);
        var again = programme.DecideWidget(request);
        Assert.Equal((decision.CampaignId, decision.VariantKey), (again.CampaignId, again.VariantKey));

        var content = programme.RenderWidget(decision, new WidgetRenderInput { ReferrerCode = "ABCD2345", Currency = Flock.Engine.Templates.CurrencyModel.Rub });
        Assert.Contains("/r/ABCD2345", content.Link);

        // many shoppers without data: both campaigns and both motivations get traffic
        var decisions = Enumerable.Range(1, 200).Select(i => programme.DecideWidget(WidgetRequestFor(Customer(i)))).ToArray();
        Assert.Equal(2, decisions.Select(d => d.CampaignId).Distinct().Count());
        Assert.Equal(2, decisions.Select(d => d.MotivationId).Distinct().Count());
    }

    [Fact]
    public void Bandit_competition_learns_from_campaign_counts()
    {
        var programme = BanditProgramme();
        var counts = new BanditObservations
        {
            Campaigns = new Dictionary<int, ArmCounts> { [1] = new(2000, 20), [2] = new(2000, 600) },
            Variants = new Dictionary<int, IReadOnlyDictionary<string, ArmCounts>>(),
        };
        var decisions = Enumerable.Range(1, 100).Select(i => programme.DecideWidget(WidgetRequestFor(Customer(i)) with { Bandit = counts })).ToArray();
        Assert.All(decisions, d => Assert.Equal(2, d.CampaignId));
    }

    [Fact]
    public void Impossible_counts_are_a_clear_error_with_a_path()
    {
        var counts = new BanditObservations
        {
            Campaigns = new Dictionary<int, ArmCounts> { [1] = new(5, 6) },
            Variants = new Dictionary<int, IReadOnlyDictionary<string, ArmCounts>>(),
        };
        var ex = Assert.Throws<FlockValidationException>(() => BanditProgramme().DecideWidget(WidgetRequestFor(Customer(1)) with { Bandit = counts }));
        Assert.Equal("bandit.campaigns[1].conversions", Assert.Single(ex.Problems).Path);
    }

    [Fact]
    public void Missing_usage_or_bandit_inputs_are_errors_not_defaults()
    {
        var programme = BuildProgramme();
        var ex = Assert.Throws<FlockValidationException>(() => programme.DecideWidget(WidgetRequestFor(Customer(1)) with { Usage = null!, Bandit = null! }));
        Assert.Equal(["usage", "bandit"], ex.Problems.Select(p => p.Path));
    }
}
