namespace Flock.Engine.Analytics;

/// <summary>Which profit a <see cref="KpiFigures.Roi"/> was computed on.</summary>
public enum RoiBasis
{
    /// <summary>Friend revenue minus cost of goods: every counted friend order had its product cost.</summary>
    Margin,

    /// <summary>Friend revenue: some (or all) counted friend orders had no product cost, so none is deducted.</summary>
    Revenue,
}

/// <summary>
/// The measures of one slice (everything, one campaign, or one variant) for the period. One definition each; the
/// dashboard shows it next to the number:
/// <list type="bullet">
/// <item><b>ExposedShoppers</b>: distinct shoppers shown the widget in the period (renders are not counted twice).
/// <b>SharingShoppers</b>: those of them who shared at or after their first exposure in the period; <b>ShareRate</b> =
/// SharingShoppers ÷ ExposedShoppers. <b>ConvertedShoppers</b>: exposed shoppers who brought at least one counted friend
/// order at or after their first exposure in the period; <b>ShopperConversion</b> = ConvertedShoppers ÷ ExposedShoppers.
/// Both numerators are subsets of the exposed shoppers, so they never exceed them (null without exposures).</item>
/// <item><b>Shares</b>: share events (activity, not shoppers); <b>SharesByChannel</b> splits them (sums to Shares).</item>
/// <item><b>Referrers</b>: distinct referrers with at least one share in the period: the period's <b>cohort</b>.</item>
/// <item><b>Visits</b>/<b>VisitsByChannel</b>: referral-link visits; <b>UniqueVisitors</b>: distinct visitor keys
/// (per channel in <b>UniqueVisitorsByChannel</b>; a visitor on two channels counts once in the total).</item>
/// <item><b>FriendOrders</b>: friend orders in the period not cancelled and not fully refunded; <b>NewCustomers</b>: distinct
/// friends among them.</item>
/// <item><b>FriendRevenue</b>: Σ (revenue − refunds) of those orders; revenue is already net of the friend discount.</item>
/// <item><b>CostOfGoods</b>: Σ product cost of those orders (scaled by the share of the order not refunded), only when every
/// one of them has it (else null, and <b>OrdersWithoutCost</b> says how many lack it). <b>FriendMargin</b> = FriendRevenue −
/// CostOfGoods on the <see cref="RoiBasis.Margin"/> basis, = FriendRevenue on the <see cref="RoiBasis.Revenue"/> basis
/// (<b>RoiBasis</b>).</item>
/// <item><b>RewardCost</b>: Σ over the period's grants of (granted − Σ every reversal of the same cause), never below zero;
/// <b>DiscountCost</b>: Σ friend discount of counted friend orders; <b>TotalCost</b> = RewardCost + DiscountCost, what the
/// programme gave away.</item>
/// <item><b>Roi</b> = (FriendMargin − RewardCost) ÷ TotalCost (null when TotalCost is 0). The friend discount is counted
/// once: it is already missing from the friend revenue, so it is not subtracted again — it only sits in the denominator,
/// as part of what was invested. Equivalently (gross margin − discount − rewards) ÷ (discount + rewards).</item>
/// <item><b>KFactor</b> = CohortNewCustomers ÷ Referrers, per customer of the period's cohort: <b>CohortNewCustomers</b>
/// are distinct friends with a counted order brought by a cohort referrer at or after that referrer's first share in the
/// period and before AsOf (friends of shares made before the period do not count); null without referrers.
/// <b>InvitesPerReferrer</b> = Shares ÷ Referrers; <b>Conversion</b> = NewCustomers ÷ Shares (new customers per share, an
/// activity ratio, not a probability).</item>
/// <item><b>MedianReturnDays</b>: Kaplan–Meier median of the referrer's return time. For each cohort referrer the
/// "invitation order" is their last own order at or before their first share in the period (<b>InvitedReferrers</b> have
/// one); the return time is the days to their next own order. <b>ReturnedReferrers</b> have returned by AsOf;
/// <b>StillAwayReferrers</b> have not and are censored at AsOf — counted as "not back yet", not dropped. Null while more
/// than half are still away.</item>
/// <item><b>ArpuBefore</b>/<b>ArpuAfter</b>/<b>ArpuReferrers</b> — obsolete, not causal (it includes the order that
/// prompted the share and has no control group): replaced by the holdout comparison of revenue per shopper in
/// <see cref="HoldoutOutcomes"/>. Still computed as before so existing callers compile; do not show it.</item>
/// </list>
/// Ratios are rounded to 4 decimals, days to 2.
/// </summary>
public sealed record KpiFigures
{
    public int ExposedShoppers { get; init; }
    public int SharingShoppers { get; init; }
    public int ConvertedShoppers { get; init; }
    public decimal? ShareRate { get; init; }
    public decimal? ShopperConversion { get; init; }
    public int Shares { get; init; }
    public IReadOnlyDictionary<string, int> SharesByChannel { get; init; } = new Dictionary<string, int>();
    public int Referrers { get; init; }
    public int Visits { get; init; }
    public IReadOnlyDictionary<string, int> VisitsByChannel { get; init; } = new Dictionary<string, int>();
    public int UniqueVisitors { get; init; }
    public IReadOnlyDictionary<string, int> UniqueVisitorsByChannel { get; init; } = new Dictionary<string, int>();
    public int FriendOrders { get; init; }
    public int NewCustomers { get; init; }
    public int CohortNewCustomers { get; init; }
    public decimal FriendRevenue { get; init; }
    public decimal? CostOfGoods { get; init; }
    public int OrdersWithoutCost { get; init; }
    public RoiBasis RoiBasis { get; init; } = RoiBasis.Revenue;
    public decimal FriendMargin { get; init; }
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
    public int StillAwayReferrers { get; init; }

    /// <summary>Obsolete: see the class remarks (not causal; use the holdout comparison).</summary>
    public decimal? ArpuBefore { get; init; }

    /// <summary>Obsolete: see the class remarks (not causal; use the holdout comparison).</summary>
    public decimal? ArpuAfter { get; init; }

    /// <summary>Obsolete: see the class remarks.</summary>
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
