using Flock.Engine.Referrals.Campaigns;
using Flock.Engine.Common;
using Flock.Engine.Experiments;
using static Flock.Engine.Tests.Referrals.Campaigns.CampaignFixtures;

namespace Flock.Engine.Tests.Referrals.Campaigns;

public class CampaignValidationTests
{
    [Fact]
    public void A_well_formed_campaign_is_valid() => Assert.True(Campaign(1).Validate().IsValid);

    [Fact]
    public void Every_problem_is_reported_with_its_path()
    {
        var campaign = Campaign(0) with
        {
            Name = "",
            Version = 0,
            Triggers = CampaignTriggers.None,
            Schedule = new CampaignSchedule
            {
                StartsAt = MondayNoonMoscow,
                EndsAt = MondayNoonMoscow.AddDays(-1),
                DaysOfWeek = [DayOfWeek.Monday, DayOfWeek.Monday],
                Hours = new LocalHours(new TimeOnly(9, 0), new TimeOnly(9, 0)),
            },
            StoreIds = [1, 0, 1],
            Budget = new CampaignBudget { MaxTotalRewardCost = 0, MaxParticipants = -5, MaxParticipantsPerDay = 0 },
            HoldoutShare = 0.75,
            Audience = null!,
            Creatives = new CreativeSpace([]),
            TrafficWeight = 0,
        };

        var problems = campaign.Validate().Problems.Select(p => p.ToString()).ToArray();

        Assert.Contains("campaign.id: must be positive", problems);
        Assert.Contains("campaign.name: must not be empty", problems);
        Assert.Contains("campaign.version: must be 1 or more", problems);
        Assert.Contains("campaign.triggers: at least one trigger is required", problems);
        Assert.Contains("campaign.schedule.endsAt: must be after startsAt", problems);
        Assert.Contains("campaign.schedule.daysOfWeek[1]: duplicate day Monday", problems);
        Assert.Contains("campaign.schedule.hours.to: must differ from hours.from (omit hours to run all day)", problems);
        Assert.Contains("campaign.storeIds[1]: must be a positive store id", problems);
        Assert.Contains("campaign.storeIds[2]: duplicate store id 1", problems);
        Assert.Contains("campaign.budget.maxTotalRewardCost: must be positive (omit for no cap)", problems);
        Assert.Contains("campaign.budget.maxParticipants: must be positive (omit for no cap)", problems);
        Assert.Contains("campaign.budget.maxParticipantsPerDay: must be positive (omit for no cap)", problems);
        Assert.Contains("campaign.holdoutShare: must be between 0 and 0.5 (got 0.75)", problems);
        Assert.Contains("campaign.audience: must not be null (use MatchEveryone.Instance)", problems);
        Assert.Contains("campaign.creatives.factors: at least one factor is required", problems);
        Assert.Contains("campaign.trafficWeight: must be a positive number", problems);
        Assert.Equal(16, problems.Length);
    }

    [Fact]
    public void Selector_refuses_invalid_campaigns_and_duplicate_ids_naming_each_one()
    {
        var ex = Assert.Throws<FlockValidationException>(() => new CampaignSelector(
        [
            Campaign(1),
            Campaign(2) with { HoldoutShare = -0.1 },
            Campaign(1),
            Campaign(3) with { Creatives = new CreativeSpace([new CreativeFactor("text", [new CreativeLevel("")])]) },
        ]));

        var paths = ex.Problems.Select(p => p.Path).ToArray();
        Assert.Equal(["campaigns[1].holdoutShare", "campaigns[2].id", "campaigns[3].creatives.factors[0].levels[0].id"], paths);
        Assert.StartsWith("Invalid campaigns:", ex.Message);
    }

    [Theory]
    [InlineData(CampaignTriggers.None)]
    [InlineData(CampaignTriggers.OrderPaid | CampaignTriggers.Registered)]
    [InlineData((CampaignTriggers)64)]
    public void Selection_needs_exactly_one_known_trigger(CampaignTriggers trigger)
    {
        var selector = new CampaignSelector([Campaign(1)]);
        var ex = Assert.Throws<FlockValidationException>(() => selector.Select(trigger, Context(), CampaignUsage.NoneCounted));
        Assert.Equal("trigger", Assert.Single(ex.Problems).Path);
    }

    [Fact]
    public void Selection_without_context_is_a_clear_error()
    {
        var selector = new CampaignSelector([Campaign(1)]);
        var ex = Assert.Throws<FlockValidationException>(() => selector.Select(CampaignTriggers.OrderPaid, null!, CampaignUsage.NoneCounted));
        Assert.Equal("context", Assert.Single(ex.Problems).Path);
    }
}
