using Flock.Engine.Referrals.Offers;

namespace Flock.Engine.Referrals.Rewards.Ledger;

/// <summary>
/// The money a reward-ledger entry costs the store, in its primary currency: the one definition behind a campaign's
/// reward budget (<see cref="Campaigns.CampaignUsage.RewardCostSpent"/>, <see cref="Campaigns.CampaignBudget.MaxTotalRewardCost"/>)
/// and the cost columns of the admin. Pure.
/// </summary>
public static class RewardCost
{
    /// <summary>
    /// What <paramref name="entry"/> costs: 0 when revoked; otherwise its <see cref="RewardEntry.Current"/> value (what
    /// is owed before the grant, or kept after partial refunds), so pending and approved rewards count as committed:
    /// <list type="bullet">
    /// <item>fixed-amount coupon: its amount;</item>
    /// <item>percent coupon: that percent of the friend's order subtotal (<see cref="RewardEntry.OrderAmount"/>), capped by its maximum discount;</item>
    /// <item>points: points × <paramref name="pointValue"/>;</item>
    /// <item>gift: 0 (a gift carries no money value here; cap gift campaigns by participants).</item>
    /// </list>
    /// Rounded to cents.
    /// </summary>
    /// <param name="entry">The ledger entry.</param>
    /// <param name="pointValue">What one reward point is worth in the primary currency (nopCommerce <c>RewardPointsSettings.ExchangeRate</c>).</param>
    public static decimal Of(RewardEntry entry, decimal pointValue)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (pointValue < 0) throw new ArgumentOutOfRangeException(nameof(pointValue), pointValue, "must be zero or more");
        if (entry.State == RewardState.Revoked) return 0m;
        var cost = entry.Current switch
        {
            CouponReward { Kind: DiscountKind.FixedAmount } coupon => coupon.Value,
            CouponReward coupon => Math.Min(entry.OrderAmount * coupon.Value / 100m, coupon.MaximumDiscount ?? decimal.MaxValue),
            PointsReward points => points.Points * pointValue,
            _ => 0m,
        };
        return Math.Round(Math.Max(0m, cost), 2, MidpointRounding.AwayFromZero);
    }
}
