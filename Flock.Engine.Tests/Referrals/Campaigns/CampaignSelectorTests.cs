using Flock.Engine.Referrals.Campaigns;
using Flock.Engine.Experiments;
using static Flock.Engine.Tests.Referrals.Campaigns.CampaignFixtures;

namespace Flock.Engine.Tests.Referrals.Campaigns;

public class CampaignSelectorTests
{
    private static CampaignRejection RejectionOf(Campaign campaign, CampaignTriggers trigger = CampaignTriggers.OrderPaid,
        Snapshots.DecisionContext? context = null, CampaignUsage? usage = null)
    {
        var selector = new CampaignSelector([campaign]);
        var usageById = usage is { } u ? new Dictionary<int, CampaignUsage> { [campaign.Id] = u } : CampaignUsage.NoneCounted;
        var selection = selector.Select(trigger, context ?? Context(), usageById);
        Assert.Empty(selection.Eligible);
        return Assert.Single(selection.Rejected);
    }

    [Theory]
    [InlineData(CampaignStatus.Paused, "campaign is paused")]
    [InlineData(CampaignStatus.Draft, "campaign is draft")]
    [InlineData(CampaignStatus.Archived, "campaign is archived")]
    public void Inactive_campaigns_say_so(CampaignStatus status, string message)
    {
        var rejection = RejectionOf(Campaign(1) with { Status = status });
        Assert.Equal(IneligibilityReason.NotActive, rejection.Reason);
        Assert.Equal(message, rejection.Message);
    }

    [Fact]
    public void Campaign_for_other_triggers_says_what_it_reacts_to()
    {
        var rejection = RejectionOf(Campaign(1) with { Triggers = CampaignTriggers.Registered | CampaignTriggers.NewsletterSubscribed });
        Assert.Equal(IneligibilityReason.TriggerNotHandled, rejection.Reason);
        Assert.Equal("does not react to order paid (reacts to registration, newsletter subscription)", rejection.Message);
    }

    [Fact]
    public void Campaign_of_other_stores_names_them()
    {
        var rejection = RejectionOf(Campaign(1) with { StoreIds = [2, 3] }, context: Context(storeId: 1));
        Assert.Equal(IneligibilityReason.OtherStore, rejection.Reason);
        Assert.Equal("runs only in store(s) 2, 3; this is store 1", rejection.Message);
        Assert.Single(new CampaignSelector([Campaign(1) with { StoreIds = [2, 3] }]).Select(CampaignTriggers.OrderPaid, Context(storeId: 3), CampaignUsage.NoneCounted).Eligible);
    }

    [Fact]
    public void Audience_mismatch_is_reported_and_the_rule_runs_only_after_cheaper_checks()
    {
        var rule = new FakeRule(c => c.Customer.City == "Omsk");
        var rejection = RejectionOf(Campaign(1) with { Audience = rule });
        Assert.Equal(IneligibilityReason.AudienceMismatch, rejection.Reason);
        Assert.Equal("audience did not match", rejection.Message);
        Assert.Equal(1, rule.Calls);

        RejectionOf(Campaign(2) with { Audience = rule, Status = CampaignStatus.Paused });
        Assert.Equal(1, rule.Calls);

        Assert.Single(new CampaignSelector([Campaign(3) with { Audience = rule }]).Select(CampaignTriggers.OrderPaid, Context(city: "Omsk"), CampaignUsage.NoneCounted).Eligible);
    }

    [Fact]
    public void Start_is_inclusive_and_end_is_exclusive()
    {
        var start = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(3));
        var campaign = Campaign(1) with { Schedule = new CampaignSchedule { StartsAt = start, EndsAt = start.AddDays(7) } };
        var selector = new CampaignSelector([campaign]);

        Assert.Single(selector.Select(CampaignTriggers.OrderPaid, Context(start), CampaignUsage.NoneCounted).Eligible);
        Assert.Single(selector.Select(CampaignTriggers.OrderPaid, Context(start.AddDays(7).AddTicks(-1)), CampaignUsage.NoneCounted).Eligible);

        var early = selector.Select(CampaignTriggers.OrderPaid, Context(start.AddTicks(-1)), CampaignUsage.NoneCounted).Rejected.Single();
        Assert.Equal(IneligibilityReason.NotStarted, early.Reason);
        Assert.Equal("outside schedule: starts 2026-12-01 00:00 +03:00", early.Message);

        var late = selector.Select(CampaignTriggers.OrderPaid, Context(start.AddDays(7)), CampaignUsage.NoneCounted).Rejected.Single();
        Assert.Equal(IneligibilityReason.Ended, late.Reason);
        Assert.Equal("outside schedule: ended 2026-12-08 00:00 +03:00", late.Message);
    }

    [Fact]
    public void Start_and_end_compare_instants_whatever_the_offsets()
    {
        // Starts at 10:00 Moscow = 07:00 UTC. A decision at 12:30 in Novosibirsk (UTC+7) is 05:30 UTC: not yet.
        var campaign = Campaign(1) with { Schedule = new CampaignSchedule { StartsAt = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(3)) } };
        var selector = new CampaignSelector([campaign]);

        Assert.Empty(selector.Select(CampaignTriggers.OrderPaid, Context(new DateTimeOffset(2026, 11, 23, 12, 30, 0, TimeSpan.FromHours(7))), CampaignUsage.NoneCounted).Eligible);
        Assert.Single(selector.Select(CampaignTriggers.OrderPaid, Context(new DateTimeOffset(2026, 11, 23, 14, 0, 0, TimeSpan.FromHours(7))), CampaignUsage.NoneCounted).Eligible);
    }

    [Fact]
    public void Days_of_week_are_read_on_the_local_clock_of_the_decision()
    {
        var mondaysOnly = Campaign(1) with { Schedule = new CampaignSchedule { DaysOfWeek = [DayOfWeek.Monday] } };
        var selector = new CampaignSelector([mondaysOnly]);
        // 01:30 on Monday in Moscow is still Sunday 22:30 in UTC.
        var earlyMondayMoscow = new DateTimeOffset(2026, 11, 23, 1, 30, 0, TimeSpan.FromHours(3));
        Assert.Equal(DayOfWeek.Sunday, earlyMondayMoscow.UtcDateTime.DayOfWeek);

        Assert.Single(selector.Select(CampaignTriggers.OrderPaid, Context(earlyMondayMoscow), CampaignUsage.NoneCounted).Eligible);

        var sameInstantInUtc = earlyMondayMoscow.ToOffset(TimeSpan.Zero);
        var rejection = selector.Select(CampaignTriggers.OrderPaid, Context(sameInstantInUtc), CampaignUsage.NoneCounted).Rejected.Single();
        Assert.Equal(IneligibilityReason.OutsideDays, rejection.Reason);
        Assert.Equal("outside schedule: runs on Monday; it is Sunday (local)", rejection.Message);
    }

    [Theory]
    [InlineData(9, 0, true)]
    [InlineData(17, 59, true)]
    [InlineData(18, 0, false)]
    [InlineData(8, 59, false)]
    public void Hours_window_is_local_and_half_open(int hour, int minute, bool eligible)
    {
        var officeHours = Campaign(1) with { Schedule = new CampaignSchedule { Hours = new LocalHours(new TimeOnly(9, 0), new TimeOnly(18, 0)) } };
        var now = new DateTimeOffset(2026, 11, 23, hour, minute, 0, TimeSpan.FromHours(5));

        var selection = new CampaignSelector([officeHours]).Select(CampaignTriggers.OrderPaid, Context(now), CampaignUsage.NoneCounted);

        Assert.Equal(eligible, selection.Eligible.Count == 1);
        if (!eligible)
            Assert.Equal($"outside schedule: runs 09:00–18:00 local; it is {hour:00}:{minute:00}", selection.Rejected.Single().Message);
    }

    [Theory]
    [InlineData(23, 30, true)]
    [InlineData(1, 59, true)]
    [InlineData(2, 0, false)]
    [InlineData(12, 0, false)]
    public void Hours_window_can_wrap_midnight(int hour, int minute, bool eligible)
    {
        var nightOwls = Campaign(1) with { Schedule = new CampaignSchedule { Hours = new LocalHours(new TimeOnly(22, 0), new TimeOnly(2, 0)) } };
        var now = new DateTimeOffset(2026, 11, 23, hour, minute, 0, TimeSpan.FromHours(3));
        Assert.Equal(eligible, new CampaignSelector([nightOwls]).Select(CampaignTriggers.OrderPaid, Context(now), CampaignUsage.NoneCounted).Eligible.Count == 1);
    }

    [Theory]
    [InlineData(499, 0, 0, null)]
    [InlineData(500, 0, 0, "budget exhausted: max 500 participants reached")]
    [InlineData(10, 50, 0, "budget exhausted: max 50 participants per day reached")]
    [InlineData(10, 0, 10_000.5, "budget exhausted: reward budget of 10000 spent (10000.5)")]
    public void Budget_caps_are_checked_against_the_usage_counters(int participants, int today, double spent, string? message)
    {
        var campaign = Campaign(1) with
        {
            Budget = new CampaignBudget { MaxParticipants = 500, MaxParticipantsPerDay = 50, MaxTotalRewardCost = 10_000m },
        };
        var usage = new CampaignUsage((decimal)spent, participants, today);

        var selection = new CampaignSelector([campaign]).Select(CampaignTriggers.OrderPaid, Context(), new Dictionary<int, CampaignUsage> { [1] = usage });

        if (message is null) Assert.Single(selection.Eligible);
        else
        {
            var rejection = Assert.Single(selection.Rejected);
            Assert.Equal(IneligibilityReason.BudgetExhausted, rejection.Reason);
            Assert.Equal(message, rejection.Message);
        }
    }

    [Fact]
    public void Missing_usage_of_a_capped_campaign_is_unknown_not_unused()
    {
        var capped = Campaign(1) with { Budget = new CampaignBudget { MaxParticipants = 1 } };
        var uncapped = Campaign(2);
        var selection = new CampaignSelector([capped, uncapped]).Select(CampaignTriggers.OrderPaid, Context(), new Dictionary<int, CampaignUsage>());

        Assert.Equal(2, Assert.Single(selection.Eligible).Id);
        var rejection = Assert.Single(selection.Rejected);
        Assert.Equal(IneligibilityReason.UsageUnknown, rejection.Reason);
        Assert.Contains("budget usage unknown", rejection.Message);
        Assert.Single(new CampaignSelector([capped]).Select(CampaignTriggers.OrderPaid, Context(),
            new Dictionary<int, CampaignUsage> { [1] = CampaignUsage.None }).Eligible);
    }

    [Fact]
    public void A_null_usage_map_is_an_error()
    {
        var ex = Assert.Throws<Flock.Engine.Common.FlockValidationException>(() => new CampaignSelector([Campaign(1)]).Select(CampaignTriggers.OrderPaid, Context(), null!));
        Assert.Equal("usage", Assert.Single(ex.Problems).Path);
    }

    [Fact]
    public void Only_the_highest_priority_eligible_campaigns_compete()
    {
        var selector = new CampaignSelector(
        [
            Campaign(5, priority: 1),
            Campaign(9, priority: 10),
            Campaign(2, priority: 10),
            Campaign(7, priority: 20) with { Status = CampaignStatus.Paused },
            Campaign(8, priority: 30) with { Audience = FakeRule.Nobody },
        ]);

        var selection = selector.Select(CampaignTriggers.OrderPaid, Context(), CampaignUsage.NoneCounted);

        Assert.Equal([2, 9, 5], selection.Eligible.Select(c => c.Id));
        Assert.Equal([2, 9], selection.Competing.Select(c => c.Id));
        Assert.Equal("campaigns:2,9", selection.ExperimentKey);
        Assert.Equal([8, 7], selection.Rejected.Select(r => r.Campaign.Id));
        Assert.Equal("campaign 7 'Campaign 7': campaign is paused", selection.Rejected[1].ToString());
    }

    [Fact]
    public void Competition_keys_give_back_their_campaign_ids_and_other_keys_none()
    {
        var selector = new CampaignSelector([Campaign(9, priority: 5), Campaign(2, priority: 5), Campaign(12, priority: 5)]);
        var key = selector.Select(CampaignTriggers.OrderPaid, Context(), CampaignUsage.NoneCounted).ExperimentKey;

        Assert.Equal("campaigns:2,9,12", key);
        Assert.Equal([2, 9, 12], CampaignSelector.CampaignIdsOf(key));
        Assert.Equal([7], CampaignSelector.CampaignIdsOf("campaigns:7"));
        Assert.Empty(CampaignSelector.CampaignIdsOf("campaign:7:v2:creatives"));
        Assert.Empty(CampaignSelector.CampaignIdsOf("campaigns:7,x"));
        Assert.Empty(CampaignSelector.CampaignIdsOf("campaigns:-7"));
        Assert.Empty(CampaignSelector.CampaignIdsOf(null));
        Assert.Equal("campaign:4:v3:creatives", CampaignSelector.CreativeExperimentKey(4, 3));
    }

    [Fact]
    public void A_campaign_is_judged_in_its_largest_competition_and_ties_go_to_the_first_key()
    {
        Assert.Equal("campaigns:3,7", CampaignSelector.MainCompetition(new Dictionary<string, int> { ["campaigns:3"] = 40, ["campaigns:3,7"] = 900 }));
        Assert.Equal("campaigns:3", CampaignSelector.MainCompetition(new Dictionary<string, int> { ["campaigns:3,7"] = 50, ["campaigns:3"] = 50 }));
        Assert.Null(CampaignSelector.MainCompetition(new Dictionary<string, int>()));
    }

    [Fact]
    public void Nothing_eligible_means_no_experiment_and_nothing_shown()
    {
        var selector = new CampaignSelector([Campaign(1) with { Status = CampaignStatus.Paused }]);
        var selection = selector.Select(CampaignTriggers.OrderPaid, Context(), CampaignUsage.NoneCounted);

        Assert.False(selection.HasCandidates);
        Assert.Null(selection.ExperimentKey);
        Assert.Same(CompetitionOutcome.Nothing, selector.Compete(selection, "customer:1"));
        Assert.Null(selector.Decide(new CampaignDecisionRequest { Trigger = CampaignTriggers.OrderPaid, Context = Context(), ShopperKey = "customer:1", Usage = CampaignUsage.NoneCounted }).Campaign);
    }

    [Fact]
    public void Equal_priority_campaigns_split_traffic_by_weight_and_stick_per_shopper()
    {
        var selector = new CampaignSelector([Campaign(1) with { TrafficWeight = 3 }, Campaign(2)]);
        var selection = selector.Select(CampaignTriggers.OrderPaid, Context(), CampaignUsage.NoneCounted);

        var winners = Enumerable.Range(0, 20_000).Select(i => selector.Compete(selection, $"customer:{i}").Campaign!.Id).ToArray();

        Assert.InRange(winners.Count(id => id == 1) / 20_000.0, 0.73, 0.77);
        Assert.Equal(selector.Compete(selection, "customer:77").Campaign, selector.Compete(selection, "customer:77").Campaign);
    }

    [Fact]
    public void Competition_holdout_is_the_largest_holdout_among_the_competitors()
    {
        var selector = new CampaignSelector([Campaign(1) with { HoldoutShare = 0.1 }, Campaign(2) with { HoldoutShare = 0.3 }]);
        var selection = selector.Select(CampaignTriggers.OrderPaid, Context(), CampaignUsage.NoneCounted);

        var outcomes = Enumerable.Range(0, 20_000).Select(i => selector.Compete(selection, $"v{i}")).ToArray();

        Assert.InRange(outcomes.Count(o => o.IsHoldout) / 20_000.0, 0.28, 0.32);
        Assert.All(outcomes.Where(o => o.IsHoldout), o => Assert.Null(o.Campaign));
        Assert.All(outcomes, o => Assert.Equal("campaigns:1,2", o.ExperimentKey));
    }

    [Fact]
    public void Bandit_competition_honours_the_stored_arm_while_that_campaign_still_competes()
    {
        var selector = new CampaignSelector([Campaign(1), Campaign(2)]);
        var selection = selector.Select(CampaignTriggers.OrderPaid, Context(), CampaignUsage.NoneCounted);
        var counts = new Dictionary<string, ArmCounts> { ["1"] = new(1000, 10), ["2"] = new(1000, 200) };

        var kept = selector.Compete(selection, "customer:1", AllocationStrategy.Bandit, existingArmKey: "1", counts, new Random(5));
        Assert.Equal(1, kept.Campaign!.Id);
        Assert.False(kept.Assignment!.Value.IsNew);

        var fresh = selector.Compete(selection, "customer:2", AllocationStrategy.Bandit, existingArmKey: "99", counts, new Random(5));
        Assert.Equal(2, fresh.Campaign!.Id);
        Assert.True(fresh.Assignment!.Value.IsNew);
    }

    [Fact]
    public void Decide_picks_campaign_and_creative_and_returns_only_new_assignments()
    {
        var creatives = new CreativeSpace(
        [
            new CreativeFactor("motivation", [new CreativeLevel("save"), new CreativeLevel("share")]),
            new CreativeFactor("picture", [new CreativeLevel("gift"), new CreativeLevel("friends")]),
        ]);
        var campaign = Campaign(4) with { Version = 3, Creatives = creatives, CreativeStrategy = AllocationStrategy.Bandit };
        var selector = new CampaignSelector([campaign]);
        var request = new CampaignDecisionRequest
        {
            Trigger = CampaignTriggers.OrderPaid,
            Context = Context(),
            ShopperKey = "customer:42",
            Usage = CampaignUsage.NoneCounted,
            CreativeCounts = c => new FactorLevelCounts(selector.CreativesOf(c).Space),
            Random = new Random(8),
        };

        var first = selector.Decide(request);

        Assert.Equal(4, first.Campaign!.Id);
        Assert.NotNull(first.Creative);
        Assert.Equal("campaign:4:v3:creatives", selector.CreativesOf(campaign).ExperimentKey);
        Assert.Equal([new ExperimentAssignment("campaigns:4", "4"), new ExperimentAssignment("campaign:4:v3:creatives", first.Creative!.Key)], first.NewAssignments);

        var stored = first.NewAssignments.ToDictionary(a => a.ExperimentKey, a => a.ArmKey);
        var again = selector.Decide(request with { StoredAssignments = stored, Random = new Random(999) });

        Assert.Equal(first.Creative.Key, again.Creative!.Key);
        Assert.Empty(again.NewAssignments);
    }

    [Fact]
    public void A_held_out_shopper_is_recorded_once_under_the_holdout_arm_key()
    {
        var selector = new CampaignSelector([Campaign(1) with { HoldoutShare = 0.5 }]);
        var request = new CampaignDecisionRequest
        {
            Trigger = CampaignTriggers.OrderPaid, Context = Context(), ShopperKey = "", Usage = CampaignUsage.NoneCounted,
        };
        var heldOut = Enumerable.Range(0, 100).Select(i => request with { ShopperKey = $"customer:{i}" })
            .First(r => selector.Decide(r).Competition.IsHoldout);

        var first = selector.Decide(heldOut);
        Assert.Equal([new ExperimentAssignment("campaigns:1", ArmAssignment.HoldoutArmKey)], first.NewAssignments);

        var stored = first.NewAssignments.ToDictionary(a => a.ExperimentKey, a => a.ArmKey);
        var again = selector.Decide(heldOut with { StoredAssignments = stored });
        Assert.True(again.Competition.IsHoldout);
        Assert.Empty(again.NewAssignments);

        // A shopper first assigned to a campaign keeps that row (the first assignment is the one counted).
        var earlier = selector.Decide(heldOut with { StoredAssignments = new Dictionary<string, string> { ["campaigns:1"] = "1" } });
        Assert.Empty(earlier.NewAssignments);
    }

    [Fact]
    public void Selection_is_deterministic_and_the_top_priority_band_competes()
    {
        var campaigns = Enumerable.Range(1, 50).Select(i => Campaign(i, priority: i % 3)).ToArray();
        var selector = new CampaignSelector(campaigns);
        var a = selector.Select(CampaignTriggers.OrderPaid, Context(), CampaignUsage.NoneCounted);
        var b = selector.Select(CampaignTriggers.OrderPaid, Context(), CampaignUsage.NoneCounted);
        Assert.Equal(a.Eligible, b.Eligible);
        Assert.Equal(a.ExperimentKey, b.ExperimentKey);
        Assert.Equal(17, a.Competing.Count);
        Assert.All(a.Competing, c => Assert.Equal(2, c.Priority));
    }
}
