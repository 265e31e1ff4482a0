namespace Flock.Engine.Referrals.AntiAbuse;

/// <summary>What the guard says about a referral; ordered by severity.</summary>
public enum AbuseDecision
{
    /// <summary>Reward as usual.</summary>
    Allow = 0,

    /// <summary>Hold the reward until an admin looks.</summary>
    Review = 1,

    /// <summary>No reward; the admin sees why.</summary>
    Block = 2,
}

/// <summary>Stable reason codes of <see cref="AbuseFinding"/> (store them, localise them, filter by them).</summary>
public static class AbuseReasons
{
    public const string SameCustomer = "self.customer";
    public const string SameEmail = "self.email";
    public const string SamePhone = "self.phone";
    public const string SameAddress = "self.address";
    public const string SameDevice = "self.device";
    public const string DeviceReused = "device.reused";
    public const string SharedIp = "ip.shared";
    public const string IpLimit = "ip.limit";
    public const string VelocityDay = "velocity.day";
    public const string VelocityWeek = "velocity.week";
    public const string FriendNotNew = "friend.not-new";
    public const string LeakBurst = "leak.burst";
    public const string LeakNoClick = "leak.no-click";
}

/// <summary>Who someone is, as far as abuse checks care. Everything but the customer id is optional.</summary>
public sealed record PartyIdentity
{
    public required int CustomerId { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }

    /// <summary>Shipping (or billing) address on one line.</summary>
    public string? Address { get; init; }

    public string? Ip { get; init; }

    /// <summary>A first-party device cookie or fingerprint id set by the plugin.</summary>
    public string? DeviceId { get; init; }

    /// <summary>Other devices the party is known to have used (e.g. those of the referrer's own orders).</summary>
    public IReadOnlyList<string> KnownDeviceIds { get; init; } = [];
}

/// <summary>One of the referrer's earlier accepted referrals.</summary>
public sealed record PastReferral
{
    public required int FriendCustomerId { get; init; }
    public required DateTimeOffset At { get; init; }
    public string? Ip { get; init; }
    public string? DeviceId { get; init; }
}

/// <summary>One earlier redemption of the referrer's code (by anyone).</summary>
public sealed record CodeRedemption
{
    public required DateTimeOffset At { get; init; }

    /// <summary>Whether that shopper clicked a referral link before redeeming; aggregator-site leaks show none.</summary>
    public bool HadLinkClick { get; init; }
}

/// <summary>Everything the guard looks at for one friend's order.</summary>
public sealed record AbuseCheckRequest
{
    public required PartyIdentity Referrer { get; init; }
    public required PartyIdentity Friend { get; init; }

    /// <summary>The friend's paid orders before this one.</summary>
    public int FriendPreviousPaidOrders { get; init; }

    /// <summary>Whether the friend clicked a referral link before this order.</summary>
    public bool FriendHadLinkClick { get; init; }

    /// <summary>The referrer's earlier referrals (at least the longest window's worth); this friend's own entry, if replayed, is ignored.</summary>
    public IReadOnlyList<PastReferral> ReferrerHistory { get; init; } = [];

    /// <summary>Earlier redemptions of the code (at least the leak windows' worth), this order excluded.</summary>
    public IReadOnlyList<CodeRedemption> CodeRedemptions { get; init; } = [];

    /// <summary>Country for national phone numbers (ISO alpha-2); null when unknown (national numbers are compared by digits only).</summary>
    public required string? CountryCode { get; init; }

    public required DateTimeOffset Now { get; init; }
}

/// <summary>One rule's observation: a stable <see cref="Code"/> (see <see cref="AbuseReasons"/>), its decision and a sentence for the admin.</summary>
public sealed record AbuseFinding(string Code, AbuseDecision Decision, string Message);

/// <summary>The overall decision (the most severe finding) and every finding, in rule order.</summary>
public sealed record AbuseVerdict(AbuseDecision Decision, IReadOnlyList<AbuseFinding> Findings)
{
    /// <summary>The findings that drove the decision, as one text; "no abuse signals" when allowed without notes.</summary>
    public string Reason => Findings.Count == 0
        ? "no abuse signals"
        : string.Join(" ", Findings.Where(f => f.Decision == Decision).Select(f => f.Message));

    /// <summary>True when a finding with <paramref name="code"/> is present.</summary>
    public bool Has(string code) => Findings.Any(f => f.Code == code);
}
