using Flock.Engine.Referrals;

namespace Flock.Engine.Tests.Referrals;

public class ReferralCookieTests
{
    private const string Secret = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTMyYnl0ZXM=";
    private static readonly DateTimeOffset At = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_written_cookie_reads_back()
    {
        var value = ReferralCookie.Write("ABCD2345", At, 77, Secret);

        Assert.True(ReferralCookie.TryRead(value, Secret, out var cookie));
        Assert.Equal(new ReferralCookieValue("ABCD2345", At, 77), cookie);
    }

    [Theory]
    [InlineData("ABCD2345:1764583200")]                 // the unsigned 1.0 format
    [InlineData("ABCD2345:1764583200:77")]
    [InlineData("ABCD2345:1764583200:77:00000000000000000000000000000000")]
    [InlineData("")]
    [InlineData("::::")]
    public void Unsigned_malformed_and_forged_cookies_are_refused(string value) =>
        Assert.False(ReferralCookie.TryRead(value, Secret, out _));

    [Fact]
    public void Changing_any_part_or_the_secret_breaks_the_signature()
    {
        var value = ReferralCookie.Write("ABCD2345", At, 77, Secret);
        var parts = value.Split(':');

        Assert.False(ReferralCookie.TryRead($"WXYZ2345:{parts[1]}:{parts[2]}:{parts[3]}", Secret, out _));
        Assert.False(ReferralCookie.TryRead($"{parts[0]}:{long.Parse(parts[1]) + 1}:{parts[2]}:{parts[3]}", Secret, out _));
        Assert.False(ReferralCookie.TryRead($"{parts[0]}:{parts[1]}:78:{parts[3]}", Secret, out _));
        Assert.False(ReferralCookie.TryRead(value, Secret + "x", out _));
    }
}
