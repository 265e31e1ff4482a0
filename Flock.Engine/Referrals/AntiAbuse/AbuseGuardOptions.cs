using Flock.Engine.Common;

namespace Flock.Engine.Referrals.AntiAbuse;

/// <summary>Limits and actions of the anti-abuse rules. Defaults suit a small-to-medium store.</summary>
public sealed record AbuseGuardOptions
{
    /// <summary>Friends of one referrer allowed from one IP (or IPv6 /64) within <see cref="SameIpWindow"/>, the referrer's own IP included. Default 2 (a household).</summary>
    public int MaxFriendsPerIp { get; init; } = 2;

    public TimeSpan SameIpWindow { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Friends per referrer per rolling 24 hours. Default 5.</summary>
    public int MaxFriendsPerDay { get; init; } = 5;

    /// <summary>Friends per referrer per rolling 7 days. Default 20.</summary>
    public int MaxFriendsPerWeek { get; init; } = 20;

    public AbuseDecision VelocityDecision { get; init; } = AbuseDecision.Block;

    /// <summary>Same address as the referrer: Block by default; Review suits stores where families share an address.</summary>
    public AbuseDecision SameAddressDecision { get; init; } = AbuseDecision.Block;

    /// <summary>Friends who already bought cannot be referred. Default true.</summary>
    public bool RequireNewFriend { get; init; } = true;

    /// <summary>More than this many redemptions of one code within <see cref="BurstWindow"/> (this one included) is a burst. Default 10.</summary>
    public int BurstMaxRedemptions { get; init; } = 10;

    public TimeSpan BurstWindow { get; init; } = TimeSpan.FromMinutes(60);

    public AbuseDecision BurstDecision { get; init; } = AbuseDecision.Review;

    /// <summary>Redemptions within <see cref="NoClickWindow"/> needed before the no-click share is judged. Default 5.</summary>
    public int NoClickMinRedemptions { get; init; } = 5;

    /// <summary>Share (0–1] of redemptions without a preceding link click that signals a leaked code. Default 0.8.</summary>
    public double NoClickMaxShare { get; init; } = 0.8;

    public TimeSpan NoClickWindow { get; init; } = TimeSpan.FromDays(7);

    public AbuseDecision NoClickDecision { get; init; } = AbuseDecision.Review;

    /// <summary>Every problem with these options.</summary>
    public ValidationResult Validate()
    {
        var problems = new ProblemCollector();
        void Positive(string path, int value)
        {
            if (value < 1) problems.Add(path, $"must be at least 1 (was {value})");
        }
        void PositiveSpan(string path, TimeSpan value)
        {
            if (value <= TimeSpan.Zero) problems.Add(path, $"must be positive (was {value})");
        }
        void Decision(string path, AbuseDecision value)
        {
            if (!Enum.IsDefined(value)) problems.Add(path, $"unknown decision {(int)value}");
        }
        Positive("maxFriendsPerIp", MaxFriendsPerIp);
        PositiveSpan("sameIpWindow", SameIpWindow);
        Positive("maxFriendsPerDay", MaxFriendsPerDay);
        Positive("maxFriendsPerWeek", MaxFriendsPerWeek);
        if (MaxFriendsPerWeek < MaxFriendsPerDay)
            problems.Add("maxFriendsPerWeek", $"must be at least maxFriendsPerDay ({MaxFriendsPerDay}) (was {MaxFriendsPerWeek})");
        Decision("velocityDecision", VelocityDecision);
        Decision("sameAddressDecision", SameAddressDecision);
        Positive("burstMaxRedemptions", BurstMaxRedemptions);
        PositiveSpan("burstWindow", BurstWindow);
        Decision("burstDecision", BurstDecision);
        Positive("noClickMinRedemptions", NoClickMinRedemptions);
        if (double.IsNaN(NoClickMaxShare) || NoClickMaxShare is <= 0 or > 1)
            problems.Add("noClickMaxShare", $"must be in (0, 1] (was {NoClickMaxShare})");
        PositiveSpan("noClickWindow", NoClickWindow);
        Decision("noClickDecision", NoClickDecision);
        return problems.ToResult();
    }
}
