using Flock.Engine.Common;
using Flock.Engine.Referrals;

namespace Flock.Engine.Tests.Referrals;

public class ShareChannelsTests
{
    [Fact]
    public void Every_selectable_channel_round_trips_through_its_slug()
    {
        foreach (var channel in ShareChannels.All)
        {
            Assert.True(ShareChannels.TryParse(channel.Slug(), out var parsed));
            Assert.Equal(channel, parsed);
        }
        Assert.DoesNotContain(ShareChannel.Direct, ShareChannels.All);
        Assert.Equal(Enum.GetValues<ShareChannel>().Length - 1, ShareChannels.All.Count);
    }

    [Theory]
    [InlineData("Twitter", ShareChannel.X)]
    [InlineData(" TG ", ShareChannel.Telegram)]
    [InlineData("odnoklassniki", ShareChannel.Odnoklassniki)]
    [InlineData("fb", ShareChannel.Facebook)]
    public void Aliases_are_understood(string slug, ShareChannel expected)
    {
        Assert.True(ShareChannels.TryParse(slug, out var channel));
        Assert.Equal(expected, channel);
    }

    [Fact]
    public void Admin_selection_keeps_the_admin_order()
    {
        var channels = ShareChannels.ParseSelection(["telegram", "vk", "qr", "copy"]);
        Assert.Equal([ShareChannel.Telegram, ShareChannel.Vk, ShareChannel.QrCode, ShareChannel.CopyLink], channels);
    }

    [Fact]
    public void Admin_selection_reports_unknown_duplicate_and_direct_channels_with_positions()
    {
        var result = ShareChannels.TryParseSelection(["vk", "myspace", "VK", "direct", "twitter", "x"], out var channels);
        Assert.Empty(channels);
        Assert.Equal(["channels[1]", "channels[2]", "channels[3]", "channels[5]"], result.Problems.Select(p => p.Path));
        Assert.Contains("unknown share channel \"myspace\"", result.Problems[0].Message);
        Assert.Contains("repeats channels[0]", result.Problems[1].Message);
        Assert.Contains("repeats channels[4]", result.Problems[3].Message);
    }

    [Fact]
    public void Empty_selection_is_invalid()
    {
        var ex = Assert.Throws<FlockValidationException>(() => ShareChannels.ParseSelection([]));
        Assert.Equal("channels", Assert.Single(ex.Problems).Path);
    }
}
