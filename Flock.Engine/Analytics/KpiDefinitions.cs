namespace Flock.Engine.Analytics;

/// <summary>
/// The one definition of every number the dashboard and the Experiments page show, in plain English, keyed by the
/// property name of <see cref="KpiFigures"/> or, for the holdout comparison, of <see cref="WindowOutcome"/> and
/// <see cref="ArmOutcomes"/>, and <see cref="Attributed"/> + the property name for <see cref="AttributedOutcome"/>. The plugin shows (or translates) the sentence next to the
/// number, so the admin always knows which definition they are reading. The XML documentation of those types says the same.
/// </summary>
public static class KpiDefinitions
{
    /// <summary>
    /// The key prefix of <see cref="AttributedOutcome"/>'s numbers (<c>Attributed.RevenuePer1000</c>): their property names
    /// repeat <see cref="WindowOutcome"/>'s, and attributed revenue must never be read under the causal one's name.
    /// </summary>
    public const string Attributed = "Attributed.";

    private static readonly Dictionary<string, string> Definitions = new(StringComparer.Ordinal)
    {
        [nameof(KpiFigures.ExposedShoppers)] = "Distinct shoppers shown the share widget in the period (several views count once).",
        [nameof(KpiFigures.SharingShoppers)] = "Exposed shoppers who shared at or after their first exposure in the period.",
        [nameof(KpiFigures.ConvertedShoppers)] = "Exposed shoppers who brought at least one friend order (not cancelled, not fully refunded) at or after their first exposure in the period.",
        [nameof(KpiFigures.ShareRate)] = "Sharing shoppers ÷ exposed shoppers.",
        [nameof(KpiFigures.ShopperConversion)] = "Converted shoppers ÷ exposed shoppers.",
        [nameof(KpiFigures.Shares)] = "Share button uses and link copies in the period (actions, not shoppers).",
        [nameof(KpiFigures.SharesByChannel)] = "Shares split by channel; the channels add up to the shares.",
        [nameof(KpiFigures.Referrers)] = "Distinct referrers who shared in the period: the period's cohort.",
        [nameof(KpiFigures.Visits)] = "Visits of referral links in the period.",
        [nameof(KpiFigures.VisitsByChannel)] = "Visits split by channel.",
        [nameof(KpiFigures.UniqueVisitors)] = "Distinct visitors of referral links in the period.",
        [nameof(KpiFigures.UniqueVisitorsByChannel)] = "Distinct visitors per channel (a visitor on two channels counts in both).",
        [nameof(KpiFigures.FriendOrders)] = "Friend orders placed in the period, not cancelled and not fully refunded.",
        [nameof(KpiFigures.NewCustomers)] = "Distinct friends with a friend order in the period.",
        [nameof(KpiFigures.CohortNewCustomers)] = "Distinct friends brought by the period's referrers, ordering after the referrer's first share in the period (and before the report date).",
        [nameof(KpiFigures.FriendRevenue)] = "What friends paid for those orders, after the friend discount and refunds.",
        [nameof(KpiFigures.CostOfGoods)] = "Product cost of those orders (less the refunded share), when every order has it; otherwise not known.",
        [nameof(KpiFigures.OrdersWithoutCost)] = "Friend orders without a product cost; while any lacks it, ROI is on revenue.",
        [nameof(KpiFigures.RoiBasis)] = "Margin when every friend order has its product cost, otherwise revenue.",
        [nameof(KpiFigures.FriendMargin)] = "Friend revenue − the tax in it − product cost (margin basis), or friend revenue (revenue basis).",
        [nameof(KpiFigures.RewardCost)] = "Referrer rewards granted for the period, less every reversal of each reward (never below zero).",
        [nameof(KpiFigures.DiscountCost)] = "Friend discounts on the counted friend orders.",
        [nameof(KpiFigures.TotalCost)] = "Reward cost + discount cost: what the programme gave away.",
        [nameof(KpiFigures.InvitesPerReferrer)] = "Shares ÷ referrers.",
        [nameof(KpiFigures.Conversion)] = "New customers ÷ shares (new customers per share; not a probability).",
        [nameof(KpiFigures.KFactor)] = "New customers brought by the period's referrers ÷ those referrers (friends of shares made before the period do not count).",
        [nameof(KpiFigures.Roi)] = "(Friend margin − reward cost) ÷ (reward cost + discount cost). The discount is already out of the friend revenue, so it is taken off once.",
        [nameof(KpiFigures.MedianReturnDays)] = "Kaplan–Meier median days from a referrer's order before their first share to their next order; those not back yet count as still away. Empty while more than half are away.",
        [nameof(KpiFigures.InvitedReferrers)] = "Referrers of the cohort with an order before their first share (whose return is measured).",
        [nameof(KpiFigures.ReturnedReferrers)] = "Of them, those who have ordered again by the report date.",
        [nameof(KpiFigures.StillAwayReferrers)] = "Of them, those who have not ordered again yet (censored, not dropped).",
        [nameof(KpiFigures.ArpuBefore)] = "Obsolete and not causal: use the holdout comparison of revenue per shopper.",
        [nameof(KpiFigures.ArpuAfter)] = "Obsolete and not causal: use the holdout comparison of revenue per shopper.",
        [nameof(KpiFigures.ArpuReferrers)] = "Obsolete: referrers counted by ARPU before/after.",

        [nameof(WindowOutcome.Matured)] = "Shoppers whose whole window after their assignment has passed; only they count in the window's rates.",
        [nameof(WindowOutcome.Maturing)] = "Shoppers assigned too recently for the window to have passed; not counted yet.",
        [nameof(WindowOutcome.RepeatRate)] = "Matured shoppers with an own paid order in the window after their assignment ÷ matured shoppers.",
        [nameof(WindowOutcome.RevenuePerShopper)] = "Own paid revenue in the window after assignment ÷ matured shoppers (those who bought nothing count as 0).",
        [nameof(WindowOutcome.RevenuePer1000)] = "Revenue per shopper × 1 000: revenue per 1 000 eligible buyers.",
        [nameof(ArmOutcomes.MedianDaysToNextOrder)] = "Kaplan–Meier median days from assignment to the next own order; those not back yet count as still away.",
        [Attributed + nameof(AttributedOutcome.NewCustomersPer1000)] = "Attributed, not causal: distinct friends with an attributed order in the window, per 1 000 matured shoppers.",
        [Attributed + nameof(AttributedOutcome.RevenuePer1000)] = "Attributed, not causal: revenue of attributed friend orders in the window, per 1 000 matured shoppers.",
        ["Uplift"] = "Arm − holdout, with its always-valid interval (safe to look at any time); a difference is declared only when the interval excludes 0. Below the minimum sample: how many more shoppers are needed.",
    };

    /// <summary>Every definition, by key.</summary>
    public static IReadOnlyDictionary<string, string> All => Definitions;

    /// <summary>The definition of <paramref name="key"/> (a property name such as <c>nameof(KpiFigures.Roi)</c>), or null.</summary>
    public static string? Of(string key) => Definitions.GetValueOrDefault(key);
}
