using Flock.Engine.Referrals.Campaigns;
using Flock.Engine.Referrals.Programme;
using static Flock.Engine.Tests.Referrals.Programme.ProgrammeFixtures;

namespace Flock.Engine.Tests.Referrals.Programme;

public class ProgrammeBuilderTests
{
    private static StoredCampaign Row(CampaignConfig config, string? status = null, string? json = null) => new()
    {
        Id = config.Id,
        Name = config.Name,
        Status = status ?? config.Status.ToString(),
        Priority = config.Priority,
        Version = config.Version,
        // the stored document may lack id and name: the row's columns go in
        ConfigJson = json ?? CampaignConfigJson.Write(config with { Id = 0, Name = "" }),
    };

    private static CampaignConfig C(int id, string slug, CampaignStatus status = CampaignStatus.Active, int priority = 0) =>
        DefaultCampaign.Create(id, $"Campaign {id}") with { Slug = slug, Status = status, Priority = priority };

    private static readonly CampaignConfig[] Mixed =
    [
        C(1, "spring", CampaignStatus.Draft),          // a draft with the slug of a live campaign: the live one wins
        C(2, "spring", priority: 1),
        C(3, "autumn", priority: 5),
        C(4, "autumn", priority: 9),                   // two live campaigns, one slug: the higher priority wins
        C(5, "winter", CampaignStatus.Archived),
        C(6, "summer", CampaignStatus.Paused),
    ];

    [Fact]
    public void Storefront_rows_and_admin_configs_give_the_same_live_set_and_the_same_exclusions()
    {
        var fromRows = ProgrammeBuilder.Build(Mixed.Select(c => Row(c)).Reverse().ToArray(), Settings());
        var fromConfigs = ProgrammeBuilder.Build(Mixed, Settings());

        Assert.Equal([2, 4], fromRows.Live.Select(c => c.Id).Order());
        Assert.Equal(fromRows.Live.Select(c => c.Id).Order(), fromConfigs.Live.Select(c => c.Id).Order());
        Assert.Equal(fromRows.Programme.Campaigns.Select(c => c.Id).Order(), fromConfigs.Programme.Campaigns.Select(c => c.Id).Order());
        Assert.Equal([2, 4, 6], fromConfigs.Programme.Campaigns.Select(c => c.Id).Order());

        foreach (var build in new[] { fromRows, fromConfigs })
        {
            var excluded = build.Excluded.ToDictionary(e => e.Id);
            Assert.Equal([1, 3, 5], excluded.Keys.Order());
            Assert.Equal(ExclusionReason.DuplicateSlug, excluded[1].Reason);
            Assert.Equal(2, excluded[1].ConflictsWith);
            Assert.Equal("slug", Assert.Single(excluded[1].Problems).Path);
            Assert.Equal(ExclusionReason.DuplicateSlug, excluded[3].Reason);
            Assert.Equal(4, excluded[3].ConflictsWith);
            Assert.Equal(ExclusionReason.Archived, excluded[5].Reason);
        }
    }

    [Fact]
    public void Invalid_rows_are_excluded_with_their_problems_and_the_rest_still_builds()
    {
        var rows = new[]
        {
            Row(C(1, "ok")),
            Row(C(2, "broken-json"), json: "{ \"slug\": "),
            Row(C(3, "bad-status"), status: "Live"),
            Row(C(4, "bad-offer") with { }, json: CampaignConfigJson.Write(C(4, "bad-offer")).Replace("\"value\":5", "\"value\":500")),
        };

        var build = ProgrammeBuilder.Build(rows, Settings());

        Assert.Equal(1, Assert.Single(build.Programme.Campaigns).Id);
        var excluded = build.Excluded.ToDictionary(e => e.Id);
        Assert.All(excluded.Values, e => Assert.Equal(ExclusionReason.Invalid, e.Reason));
        Assert.Contains("malformed JSON", excluded[2].ToString());
        Assert.Equal("status", Assert.Single(excluded[3].Problems).Path);
        Assert.Contains(excluded[4].Problems, p => p.Path.StartsWith("creatives.motivations[0].friendOffer", StringComparison.Ordinal));
    }

    [Fact]
    public void The_row_columns_are_authoritative()
    {
        var stored = C(7, "seven") with { Priority = 1, Version = 2 };
        var row = Row(stored) with { Name = "Renamed", Status = "paused", Priority = 4, Version = 3 };

        var loaded = row.Load();

        Assert.True(loaded.IsValid, string.Join("; ", loaded.Problems));
        Assert.Equal((7, "Renamed", CampaignStatus.Paused, 4, 3),
            (loaded.Config!.Id, loaded.Config.Name, loaded.Config.Status, loaded.Config.Priority, loaded.Config.Version));
        Assert.False((row with { Version = 0 }).Load().IsValid);
        Assert.False((row with { Status = "1" }).Load().IsValid);
    }

    [Fact]
    public void Problems_in_programme_name_the_slug_a_kept_campaign_uses()
    {
        var others = Mixed;
        var problems = ProgrammeBuilder.ProblemsInProgramme(C(10, "autumn"), others);
        var problem = Assert.Single(problems);
        Assert.Equal("slug", problem.Path);
        Assert.Contains("campaign 4", problem.Message);

        Assert.Empty(ProgrammeBuilder.ProblemsInProgramme(C(10, "winter"), others)); // only an archived campaign had it
        // editing campaign 4: its own row is ignored, but campaign 3 shares its slug
        Assert.Contains("campaign 3", Assert.Single(ProgrammeBuilder.ProblemsInProgramme(C(4, "autumn"), others)).Message);
        Assert.Empty(ProgrammeBuilder.ProblemsInProgramme(C(6, "summer"), others));
        Assert.Empty(ProgrammeBuilder.ProblemsInProgramme(C(11, "autumn", CampaignStatus.Archived), others));
    }

    [Fact]
    public void Invalid_settings_are_the_only_error()
    {
        var ex = Assert.Throws<Flock.Engine.Common.FlockValidationException>(() => ProgrammeBuilder.Build(Mixed, Settings() with { ReferralRoutePrefix = "no/pe" }));
        Assert.All(ex.Problems, p => Assert.StartsWith("settings.", p.Path));
    }
}
