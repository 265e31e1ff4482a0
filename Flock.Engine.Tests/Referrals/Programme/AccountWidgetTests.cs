using Flock.Engine.Referrals.Campaigns;
using Flock.Engine.Referrals.Programme;
using Flock.Engine.Snapshots;
using static Flock.Engine.Tests.Referrals.Programme.ProgrammeFixtures;

namespace Flock.Engine.Tests.Referrals.Programme;

public class AccountWidgetTests
{
    private static AccountWidgetRequest RequestFor(int customerId, int? referrerCampaignId = null, string? variant = null) => new()
    {
        Context = new DecisionContext { Customer = Customer(customerId, "Anna"), Now = Now, StoreId = 1, LanguageCode = "en" },
        ShopperKey = $"shopper-{customerId}",
        ReferrerCampaignId = referrerCampaignId,
        ReferrerVariantKey = variant,
        Usage = CampaignUsage.NoneCounted,
        Bandit = BanditObservations.NoDataYet,
    };

    [Fact]
    public void A_referrer_keeps_the_campaign_and_variant_their_link_was_issued_under()
    {
        var decision = BuildProgramme().DecideForAccount(RequestFor(5, referrerCampaignId: 1, variant: "old-variant"));

        Assert.True(decision.Show);
        Assert.Equal(1, decision.CampaignId);
        Assert.Equal("old-variant", decision.VariantKey);
        Assert.Empty(decision.NewAssignments);
    }

    [Fact]
    public void A_shopper_without_a_code_gets_a_campaign_that_reacts_only_to_a_later_moment()
    {
        var paidOnly = DefaultCampaign.Create() with { Triggers = new TriggerConfig { OrderPaid = true } };

        var decision = BuildProgramme(paidOnly).DecideForAccount(RequestFor(6, referrerCampaignId: 99));

        Assert.True(decision.Show);
        Assert.Equal(1, decision.CampaignId);
        Assert.NotEmpty(decision.NewAssignments);
    }

    [Fact]
    public void A_holdout_shopper_sees_nothing_at_any_moment()
    {
        var programme = BuildProgramme(DefaultCampaign.Create() with { HoldoutShare = 0.5 });

        var decisions = Enumerable.Range(1, 100).Select(i => programme.DecideForAccount(RequestFor(i))).ToArray();
        var heldOut = decisions.First(d => d.IsHoldout);

        Assert.False(heldOut.Show);
        Assert.Null(heldOut.CampaignId);
        Assert.Contains(decisions, d => d.Show);
    }

    [Fact]
    public void No_active_campaign_means_no_block()
    {
        var paused = DefaultCampaign.Create() with { Status = CampaignStatus.Paused };
        Assert.False(BuildProgramme(paused).DecideForAccount(RequestFor(7)).Show);
    }
}
