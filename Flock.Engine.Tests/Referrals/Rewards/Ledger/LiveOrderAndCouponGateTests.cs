using Flock.Engine.Referrals.Offers;
using Flock.Engine.Referrals.Rewards;
using Flock.Engine.Referrals.Rewards.Ledger;

namespace Flock.Engine.Tests.Referrals.Rewards.Ledger;

public class LiveOrderAndCouponGateTests
{
    private static readonly DateTimeOffset Now = LedgerScenario.Start.AddDays(20);

    [Fact]
    public void A_gone_cancelled_or_voided_order_revokes_and_never_settles()
    {
        foreach (var order in new[]
                 {
                     new LiveOrder(1, Exists: false, false, false, true, 0m, null),
                     new LiveOrder(1, true, Cancelled: true, false, true, 0m, null),
                     new LiveOrder(1, true, false, Voided: true, false, 0m, null),
                 })
        {
            var facts = LiveOrderReconciliation.Facts(order, Now);
            Assert.False(facts.MaySettle);
            var cancel = Assert.IsType<OrderCancelled>(Assert.Single(facts.Events));
            Assert.Equal(order.Exists && order.Voided, cancel.Voided);
        }
    }

    [Fact]
    public void A_paid_order_confirms_payment_and_its_refunds_before_settling_and_an_unpaid_one_waits()
    {
        var paidAt = Now.AddDays(-15);
        var facts = LiveOrderReconciliation.Facts(new LiveOrder(1, true, false, false, true, 12.5m, paidAt), Now);
        Assert.True(facts.MaySettle);
        Assert.Equal(12.5m, Assert.IsType<OrderRefunded>(facts.Events[0]).RefundedTotal);
        Assert.Equal(paidAt, Assert.IsType<OrderPaid>(facts.Events[1]).At);

        var unpaid = LiveOrderReconciliation.Facts(new LiveOrder(1, true, false, false, false, 0m, null), Now);
        Assert.False(unpaid.MaySettle);
        Assert.Empty(unpaid.Events);
    }

    [Fact]
    public void A_reward_coupon_is_for_its_beneficiary_while_granted_and_from_its_minimum()
    {
        var t0 = LedgerScenario.Start;
        var intent = LedgerScenario.Intents[3] with { Reward = new CouponReward(DiscountKind.Percent, 10m, 30, MinimumSubtotal: 50m) };
        var entry = RewardEntry.FromIntent(intent, t0);
        var granted = RewardTransitions.Apply(entry, new OrderPaid { OrderId = 2, At = t0 }, t0.AddDays(20)).Entry;
        var beneficiary = intent.BeneficiaryCustomerId;

        Assert.Null(RewardCouponGate.Check(granted, beneficiary, 50m));
        Assert.Equal(RewardCouponRefusal.NotYours, RewardCouponGate.Check(granted, beneficiary + 1, 100m)!.Value.Refusal);
        Assert.Equal((RewardCouponRefusal.BelowMinimum, 50m), RewardCouponGate.Check(granted, beneficiary, 49.99m));
        Assert.Equal(RewardCouponRefusal.Revoked, RewardCouponGate.Check(entry, beneficiary, 100m)!.Value.Refusal);
        var revoked = RewardTransitions.Apply(granted, new OrderCancelled { OrderId = 2, At = t0.AddDays(21) }, t0.AddDays(21)).Entry;
        Assert.Equal(RewardCouponRefusal.Revoked, RewardCouponGate.Check(revoked, beneficiary, 100m)!.Value.Refusal);
    }
}
