using Flock.Engine.Referrals.Programme;

namespace Flock.Engine.Tests.Referrals.Programme;

public class CampaignRevisionTests
{
    private static readonly CampaignConfig Stored = DefaultCampaign.Create() with { Version = 3 };

    [Fact]
    public void Editing_outside_the_creatives_keeps_the_version()
    {
        var edited = Stored with { Name = "Renamed", Priority = 7 };
        Assert.Equal(3, edited.AsRevisionOf(Stored, 3).Version);
    }

    [Fact]
    public void Changing_the_creatives_starts_a_new_version()
    {
        var motivations = Stored.Creatives.Motivations;
        var edited = Stored with { Creatives = Stored.Creatives with { Motivations = [.. motivations, motivations[0] with { Id = "big", Label = "Big" }] } };
        Assert.Equal(4, edited.AsRevisionOf(Stored, 3).Version);
    }

    [Fact]
    public void An_unreadable_stored_document_counts_as_changed_and_versions_never_go_below_one()
    {
        Assert.Equal(4, Stored.AsRevisionOf(null, 3).Version);
        Assert.Equal(1, Stored.AsRevisionOf(Stored, 0).Version);
    }
}
