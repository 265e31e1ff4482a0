using Flock.Engine.Analytics;
using Flock.Engine.Referrals.Offers;
using Flock.Engine.Referrals.Rewards;
using Flock.Engine.Referrals.Rewards.Ledger;

namespace Flock.Engine.Tests.Analytics;

/// <summary>A ledger entry's grant and every reversal as KPI cost events, worked out by hand.</summary>
public sealed class RewardCostEventsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private const int Order = 801;

    private static RewardEntry Entry(RewardValue reward, decimal amount = 1000m) =>
        RewardEntry.FromIntent(new RewardIntent
        {
            CauseKey = CauseKeys.FriendOrder(Order, "p", 7),
            PolicyId = "p",
            BeneficiaryCustomerId = 7,
            Role = BeneficiaryRole.Referrer,
            Reward = reward,
            EarnedAt = T0,
            OrderId = Order,
            OrderAmount = amount,
            ReturnWindowDays = 0,
        }, T0);

    private static RewardEntry Apply(RewardEntry entry, LedgerEvent e) => RewardTransitions.Apply(entry, e, e.At).Entry;

    private static RewardEntry Granted(RewardValue reward, decimal amount = 1000m) =>
        Apply(Entry(reward, amount), new OrderPaid { OrderId = Order, At = T0 });

    private static OrderRefunded Refund(decimal total, int days) => new() { OrderId = Order, RefundedTotal = total, At = T0.AddDays(days) };

    private static readonly KpiQuery November = new(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Two_partial_refunds_are_two_reversals_of_the_same_cause_and_both_count()
    {
        // 100 points at 0.5 each = 50; refund 300 of 1000 → 70 points (15 back); refund 600 → 40 points (15 back). Kept: 20.
        var entry = Apply(Apply(Granted(new PointsReward(100)), Refund(300m, 3)), Refund(600m, 5));
        Assert.Equal(RewardState.PartiallyRevoked, entry.State);

        var events = RewardCostEvents.FromEntry(entry, 4, "m1-t1", pointValue: 0.5m);

        Assert.Equal(3, events.Count);
        Assert.All(events, e => Assert.Equal(entry.CauseKey, e.Cause));
        var grant = Assert.Single(events, e => e.Kind == RewardCostKind.Granted);
        Assert.Equal(50m, grant.Amount);
        Assert.Equal(T0, grant.At);
        var reversals = events.Where(e => e.Kind == RewardCostKind.Reversed).ToArray();
        Assert.Equal([15m, 15m], reversals.Select(r => r.Amount));
        Assert.Equal([T0.AddDays(3), T0.AddDays(5)], reversals.Select(r => r.At));
        Assert.Equal(2, reversals.Select(r => r.Key).Distinct().Count());
        Assert.All(events, e => Assert.Equal((4, "m1-t1", 7), (e.CampaignId, e.Variant, e.ReferrerId)));

        var total = KpiCalculator.Compute(new AnalyticsEvents { RewardCosts = events }, November).Total;
        Assert.Equal(20m, total.RewardCost);
    }

    [Fact]
    public void A_cancel_after_a_partial_refund_takes_back_the_rest()
    {
        var entry = Apply(Apply(Granted(new CouponReward(DiscountKind.FixedAmount, 200m, 30)), Refund(250m, 2)),
            new OrderCancelled { OrderId = Order, At = T0.AddDays(4) });
        Assert.Equal(RewardState.Revoked, entry.State);

        var events = RewardCostEvents.FromEntry(entry, 4, "", pointValue: 1m);

        Assert.Equal([200m, 50m, 150m], events.Select(e => e.Amount));
        Assert.Equal([RewardCostKind.Granted, RewardCostKind.Reversed, RewardCostKind.Reversed], events.Select(e => e.Kind));
        Assert.Equal(0m, KpiCalculator.Compute(new AnalyticsEvents { RewardCosts = events }, November).Total.RewardCost);
        // a replay of the same events changes nothing
        Assert.Equal(0m, KpiCalculator.Compute(new AnalyticsEvents { RewardCosts = [.. events, .. events] }, November).Total.RewardCost);
    }

    [Fact]
    public void A_percent_coupon_is_valued_on_the_order_within_its_cap()
    {
        // 10 % of 1000 = 100, capped at 60; refund half → 5 % = 50 (still 50 under the cap): 10 back.
        var entry = Apply(Granted(new CouponReward(DiscountKind.Percent, 10m, 30, MaximumDiscount: 60m)), Refund(500m, 2));

        var events = RewardCostEvents.FromEntry(entry, 1, "", pointValue: 1m);

        Assert.Equal([60m, 10m], events.Select(e => e.Amount));
    }

    [Fact]
    public void A_reward_never_granted_costs_nothing_and_has_no_events()
    {
        var pending = Entry(new PointsReward(100));
        var revokedBeforeGrant = Apply(pending, new OrderCancelled { OrderId = Order, At = T0.AddDays(1) });

        Assert.Empty(RewardCostEvents.FromEntry(pending, 1, "", 1m));
        Assert.Empty(RewardCostEvents.FromEntry(revokedBeforeGrant, 1, "", 1m));
    }

    [Fact]
    public void An_unreadable_reason_moves_the_amount_to_the_next_reversal_and_the_total_stays_exact()
    {
        var entry = Apply(Apply(Granted(new PointsReward(100)), Refund(300m, 3)), Refund(600m, 5));
        var history = entry.History.ToArray();
        var rewritten = RewardHistory.Empty;
        foreach (var t in history)
            rewritten = rewritten.Append(t.To == RewardState.PartiallyRevoked && t.From == RewardState.Granted ? t with { Reason = "changed by hand" } : t);

        var events = RewardCostEvents.FromEntry(entry with { History = rewritten }, 1, "", 1m);

        Assert.Equal([100m, 0m, 60m], events.Select(e => e.Amount));
    }
}
