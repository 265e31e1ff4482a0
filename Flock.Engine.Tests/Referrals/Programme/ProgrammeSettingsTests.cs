using Flock.Engine.Referrals.Programme;
using Flock.Engine.Referrals;
using static Flock.Engine.Tests.Referrals.Programme.ProgrammeFixtures;

namespace Flock.Engine.Tests.Referrals.Programme;

public class ProgrammeSettingsTests
{
    private static IReadOnlyList<string> PathsOf(ProgrammeSettings settings) => settings.Validate().Problems.Select(p => p.Path).ToArray();

    [Theory]
    [InlineData("r", true)]
    [InlineData("invite_Friends-2", true)]
    [InlineData("/r/", true)]
    [InlineData("", false)]
    [InlineData("a b", false)]
    [InlineData("ä", false)]
    [InlineData("a/b", false)]
    public void The_route_prefix_has_one_rule(string prefix, bool valid)
    {
        Assert.Equal(valid, ReferralLinkOptions.IsRoutePrefix(prefix));
        Assert.Equal(valid, !PathsOf(Settings() with { ReferralRoutePrefix = prefix }).Contains("referralRoutePrefix"));
    }

    [Fact]
    public void The_route_prefix_limit_is_the_engine_constant()
    {
        Assert.Empty(PathsOf(Settings() with { ReferralRoutePrefix = new string('r', ReferralLinkOptions.MaxRoutePrefixLength) }));
        Assert.Equal(["referralRoutePrefix"], PathsOf(Settings() with { ReferralRoutePrefix = new string('r', ReferralLinkOptions.MaxRoutePrefixLength + 1) }));
    }

    [Fact]
    public void Code_length_limits_are_the_engine_constants_and_every_valid_length_makes_a_working_generator()
    {
        Assert.Equal(["referralCodeLength"], PathsOf(Settings() with { ReferralCodeLength = ReferralCodeOptions.MinCodeLength - 1 }));
        Assert.Equal(["referralCodeLength"], PathsOf(Settings() with { ReferralCodeLength = ReferralCodeOptions.MaxCodeLength + 1 }));
        for (var length = ReferralCodeOptions.MinCodeLength; length <= ReferralCodeOptions.MaxCodeLength; length++)
        {
            var settings = Settings() with { ReferralCodeLength = length };
            Assert.Empty(PathsOf(settings));
            Assert.True(settings.ReferralCodes.Validate().IsValid);
            Assert.Equal(length, new ReferralCodeGenerator(settings.ReferralCodes).Generate(_ => false).Length);
        }
    }

    [Theory]
    [InlineData("US", true)]
    [InlineData(null, true)]
    [InlineData("USA", false)]
    [InlineData("1A", false)]
    public void The_default_country_is_an_iso_code_or_explicitly_unknown(string? country, bool valid) =>
        Assert.Equal(valid, !PathsOf(Settings() with { DefaultCountryCode = country }).Contains("defaultCountryCode"));
}
