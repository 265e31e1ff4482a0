namespace Flock.Engine.Analytics;

/// <summary>
/// The measures of one slice (everything, one campaign, or one variant) for the period. Each formula:
/// <list type="bullet">
/// <item><b>Shares</b>: share events; <b>SharesByChannel</b> splits them (sums to Shares).</item>
/// <item><b>Referrers</b>: distinct referrers with at least one share.</item>
/// <item><b>Visits</b>/<b>VisitsByChannel</b>: referral-link visits; <b>UniqueVisitors</b>: distinct visitor keys
/// (per channel in <b>UniqueVisitorsByChannel</b>; a visitor on two channels counts once in the total).</item>
/// <item><b>FriendOrders</b>: friend orders not cancelled and not fully refunded; <b>NewCustomers</b>: distinct friends among them.</item>
/// <item><b>FriendRevenue</b>: Σ (revenue − refunds) of those orders.</item>
/// <item><b>RewardCost</b>: Σ (granted − reversed) per reward cause; <b>DiscountCost</b>: Σ discount of counted friend orders;
/// <b>TotalCost</b> = RewardCost + DiscountCost.</item>
/// <item><b>InvitesPerReferrer</b> = Shares ÷ Referrers; <b>Conversion</b> = NewCustomers ÷ Shares;
/// <b>KFactor</b> = InvitesPerReferrer × Conversion = NewCustomers ÷ Referrers (null without referrers).</item>
/// <item><b>Roi</b> = (FriendRevenue − TotalCost) ÷ TotalCost (null when TotalCost is 0).</item>
/// <item><b>MedianReturnDays</b>: for each referrer, the "invitation order" is their last own order at or before their
/// first share in the period; return days = time to their next own order (up to AsOf), in days; the median over
/// referrers who returned (null when none). <b>ReturnedReferrers</b> counts them, <b>InvitedReferrers</b> counts
/// referrers who had an invitation order.</item>
/// <item><b>ArpuBefore</b>/<b>ArpuAfter</b>: for referrers whose first share in the period is at least one window
/// before AsOf (<b>ArpuReferrers</b>), Σ own-order revenue in [first share − window, first share) and
/// [first share, first share + window), divided by their number (null when none).</item>
/// </list>
/// Ratios are rounded to 4 decimals, days to 2.
/// </summary>
public sealed record KpiFigures
{
    public int Shares { get; init; }
    public IReadOnlyDictionary<string, int> SharesByChannel { get; init; } = new Dictionary<string, int>();
    public int Referrers { get; init; }
    public int Visits { get; init; }
    public IReadOnlyDictionary<string, int> VisitsByChannel { get; init; } = new Dictionary<string, int>();
    public int UniqueVisitors { get; init; }
    public IReadOnlyDictionary<string, int> UniqueVisitorsByChannel { get; init; } = new Dictionary<string, int>();
    public int FriendOrders { get; init; }
    public int NewCustomers { get; init; }
    public decimal FriendRevenue { get; init; }
    public decimal RewardCost { get; init; }
    public decimal DiscountCost { get; init; }
    public decimal TotalCost => RewardCost + DiscountCost;
    public decimal? InvitesPerReferrer { get; init; }
    public decimal? Conversion { get; init; }
    public decimal? KFactor { get; init; }
    public decimal? Roi { get; init; }
    public decimal? MedianReturnDays { get; init; }
    public int InvitedReferrers { get; init; }
    public int ReturnedReferrers { get; init; }
    public decimal? ArpuBefore { get; init; }
    public decimal? ArpuAfter { get; init; }
    public int ArpuReferrers { get; init; }
}

/// <summary>One A/B variant of a campaign ("" for an unsplit campaign).</summary>
public sealed record VariantKpis(string Variant, KpiFigures Figures);

/// <summary>One campaign: its totals and each variant's.</summary>
public sealed record CampaignKpis(int CampaignId, KpiFigures Figures, IReadOnlyList<VariantKpis> Variants);

/// <summary>One calendar day of the period, for charts (all campaigns together).</summary>
public sealed record DailyKpis(DateOnly Day, int Shares, int Visits, int UniqueVisitors, int FriendOrders, decimal FriendRevenue, decimal RewardCost, decimal DiscountCost);

/// <summary>The KPIs of a period: overall, per campaign and variant (ordered by id and name), and per day.</summary>
public sealed record KpiReport(KpiQuery Query, KpiFigures Total, IReadOnlyList<CampaignKpis> Campaigns, IReadOnlyList<DailyKpis> Daily);
