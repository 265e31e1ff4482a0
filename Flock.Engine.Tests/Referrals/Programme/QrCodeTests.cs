using Flock.Engine.Referrals.Campaigns;
using Flock.Engine.Referrals.Programme;
using Flock.Engine.Referrals;
using static Flock.Engine.Tests.Referrals.Programme.ProgrammeFixtures;

namespace Flock.Engine.Tests.Referrals.Programme;

public class QrCodeTests
{
    private static readonly ReferralProgramme Programme = BuildProgramme();

    [Fact]
    public void The_served_qr_encodes_the_same_link_as_the_rendered_widget()
    {
        var decision = Programme.DecideWidget(WidgetRequestFor(Customer(7, "Anna")));
        var content = Programme.RenderWidget(decision, new WidgetRenderInput { ReferrerCode = "ABCDEFGH", FirstName = "Anna" });

        var served = Programme.QrCode("abcdefgh", decision.CampaignId!.Value, decision.VariantKey);

        Assert.NotNull(served);
        Assert.Equal(content.Qr.Link, served.Link);
        Assert.Equal(content.QrPng, served.Png);
        Assert.EndsWith("/r/ABCDEFGH/qr", served.Link);
    }

    [Theory]
    [InlineData("", 1)]
    [InlineData("<script>", 1)]
    [InlineData("ABCDEFGH", 999)]
    public void Bad_codes_or_unknown_campaigns_get_no_qr(string code, int campaignId) =>
        Assert.Null(Programme.QrCode(code, campaignId, null));

    [Fact]
    public void Images_are_drawn_only_when_asked_for()
    {
        var target = new QrCodeTarget(ShareChannel.QrCode, "https://shop.example/r/ABCDEFGH?ch=qr");
        Assert.Equal(new QrCodeTarget(ShareChannel.QrCode, "https://shop.example/r/ABCDEFGH?ch=qr"), target);
        Assert.Equal(ReferralQrCode.Png(target.Link), target.Png);
        Assert.Same(target.Png, target.Png);
    }
}
