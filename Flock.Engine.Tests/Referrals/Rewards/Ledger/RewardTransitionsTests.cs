using Flock.Engine.Common;
using Flock.Engine.Referrals.Offers;
using Flock.Engine.Referrals.Rewards;
using Flock.Engine.Referrals.Rewards.Ledger;

namespace Flock.Engine.Tests.Referrals.Rewards.Ledger;

public class RewardTransitionsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 4, 1, 9, 0, 0, TimeSpan.FromHours(3));
    private const int Order = 501;

    private static RewardEntry Entry(RewardValue? reward = null, bool manual = false, int? orderId = Order, decimal amount = 1000m) =>
        RewardEntry.FromIntent(new RewardIntent
        {
            CauseKey = CauseKeys.FriendOrder(Order, "p", 7),
            PolicyId = "p",
            BeneficiaryCustomerId = 7,
            Role = BeneficiaryRole.Referrer,
            Reward = reward ?? new PointsReward(100, ActivationDelayDays: 1, ValidDays: 30),
            EarnedAt = T0,
            OrderId = orderId,
            OrderAmount = amount,
            ReturnWindowDays = 14,
            RequiresManualApproval = manual,
        }, T0);

    private static TransitionResult Apply(RewardEntry entry, LedgerEvent e) => RewardTransitions.Apply(entry, e, e.At);

    private static OrderPaid Paid(double days = 0) => new() { OrderId = Order, At = T0.AddDays(days) };

    private static ClockTick Tick(double days) => new() { At = T0.AddDays(days) };

    private static OrderRefunded Refund(decimal total, double days = 1) => new() { OrderId = Order, RefundedTotal = total, At = T0.AddDays(days) };

    private static RewardEntry Granted(RewardValue? reward = null) =>
        Apply(Apply(Entry(reward), Paid()).Entry, Tick(14)).Entry;

    [Fact]
    public void Recording_creates_a_pending_entry_with_its_first_history_row()
    {
        var entry = Entry();

        Assert.Equal(RewardState.Pending, entry.State);
        Assert.Equal(new RewardTransition(null, RewardState.Pending, T0, "recorded", "system"), Assert.Single(entry.History));
        Assert.Null(entry.SettlesAt);
    }

    [Fact]
    public void Payment_alone_does_not_settle_until_the_return_window_passes()
    {
        var paid = Apply(Entry(), Paid(1));

        Assert.Equal(RewardState.Pending, paid.Entry.State);
        Assert.Empty(paid.Effects);
        Assert.Equal(T0.AddDays(15), paid.Entry.SettlesAt);

        var justBefore = RewardTransitions.Settle(paid.Entry, T0.AddDays(15).AddTicks(-1));
        Assert.Equal(RewardState.Pending, justBefore.Entry.State);
        Assert.Empty(justBefore.Effects);
    }

    [Fact]
    public void Exactly_at_the_end_of_the_window_the_reward_is_approved_and_granted()
    {
        var paid = Apply(Entry(), Paid(1)).Entry;

        var result = RewardTransitions.Settle(paid, T0.AddDays(15));

        Assert.Equal(RewardState.Granted, result.Entry.State);
        Assert.Equal([RewardState.Pending, RewardState.Approved, RewardState.Granted], result.Entry.History.Select(h => h.To));
        var grant = Assert.IsType<GrantReward>(Assert.Single(result.Effects));
        Assert.Equal(new PointsReward(100, 1, 30), grant.Reward);
        Assert.Equal(T0.AddDays(15), grant.At);
        Assert.Equal(T0.AddDays(16), grant.ActivatesAt);
        Assert.Equal(T0.AddDays(46), grant.ExpiresAt);
        Assert.Equal(7, grant.BeneficiaryCustomerId);
        Assert.Equal(result.Entry.Current, result.Entry.Granted);
    }

    [Fact]
    public void Window_passing_without_payment_grants_nothing()
    {
        var result = RewardTransitions.Settle(Entry(), T0.AddDays(100));

        Assert.Equal(RewardState.Pending, result.Entry.State);
        Assert.Empty(result.Effects);
    }

    [Fact]
    public void A_reward_without_an_order_is_granted_at_once()
    {
        var result = RewardTransitions.Settle(Entry(new GiftReward("rose"), orderId: null), T0);

        Assert.Equal(RewardState.Granted, result.Entry.State);
        Assert.Equal(new GiftReward("rose"), Assert.IsType<GrantReward>(Assert.Single(result.Effects)).Reward);
    }

    [Fact]
    public void A_coupon_grant_carries_what_the_plugin_needs_to_create_the_coupon()
    {
        var coupon = new CouponReward(DiscountKind.Percent, 10m, ValidDays: 60);

        var grant = (GrantReward)RewardTransitions.Settle(Entry(coupon, orderId: null), T0).Effects.Single();

        Assert.Equal(T0.AddDays(60), grant.ExpiresAt);
        var spec = ((CouponReward)grant.Reward).ToCouponSpec("REF-1", grant.At);
        Assert.Equal((true, 10m, T0, T0.AddDays(60), 1), (spec.UsePercentage, spec.Percentage, spec.StartsAt, spec.EndsAt, spec.UsageLimit));
    }

    [Fact]
    public void Manual_approval_keeps_a_settled_reward_pending_until_an_admin_approves()
    {
        var settled = Apply(Apply(Entry(manual: true), Paid()).Entry, Tick(30));
        Assert.Equal(RewardState.Pending, settled.Entry.State);

        var approved = Apply(settled.Entry, new AdminApproved { CauseKey = settled.Entry.CauseKey, Actor = "anna", Reason = "checked", At = T0.AddDays(31) });

        Assert.Equal(RewardState.Granted, approved.Entry.State);
        Assert.Contains(new RewardTransition(RewardState.Pending, RewardState.Approved, T0.AddDays(31), "checked", "anna"), approved.Entry.History);
        Assert.IsType<GrantReward>(Assert.Single(approved.Effects));
    }

    [Fact]
    public void Admin_approval_never_bypasses_the_settle_rule()
    {
        var entry = Entry();
        var approved = Apply(entry, new AdminApproved { CauseKey = entry.CauseKey, Actor = "anna", Reason = "vip", At = T0 });

        Assert.Equal(RewardState.Approved, approved.Entry.State);
        Assert.Empty(approved.Effects);

        var paid = Apply(approved.Entry, Paid(2));
        Assert.Equal(RewardState.Approved, paid.Entry.State);

        var settled = Apply(paid.Entry, Tick(16));
        Assert.Equal(RewardState.Granted, settled.Entry.State);
        Assert.Equal([RewardState.Pending, RewardState.Approved, RewardState.Granted], settled.Entry.History.Select(h => h.To));
    }

    [Theory]
    [InlineData(false, "order cancelled")]
    [InlineData(true, "payment voided")]
    public void Cancel_or_void_before_grant_revokes_without_any_effect(bool voided, string reason)
    {
        var result = Apply(Apply(Entry(), Paid()).Entry, new OrderCancelled { OrderId = Order, Voided = voided, At = T0.AddDays(3) });

        Assert.Equal(RewardState.Revoked, result.Entry.State);
        Assert.Empty(result.Effects);
        Assert.Equal(new RewardTransition(RewardState.Pending, RewardState.Revoked, T0.AddDays(3), reason, "system"), result.Entry.History[^1]);
        Assert.Null(result.Entry.Granted);
    }

    [Fact]
    public void Full_refund_before_grant_revokes_and_nothing_is_ever_granted()
    {
        var revoked = Apply(Apply(Entry(), Paid()).Entry, Refund(1000m, 2)).Entry;

        Assert.Equal(RewardState.Revoked, revoked.State);
        Assert.Empty(RewardTransitions.Settle(revoked, T0.AddDays(60)).Effects);
    }

    [Fact]
    public void Cancel_after_grant_revokes_with_a_full_reversal()
    {
        var granted = Granted();

        var result = Apply(granted, new OrderCancelled { OrderId = Order, At = T0.AddDays(20) });

        Assert.Equal(RewardState.Revoked, result.Entry.State);
        var reversal = Assert.IsType<ReverseReward>(Assert.Single(result.Effects));
        Assert.Equal(new PointsReward(100, 1, 30), reversal.Reversed);
        Assert.True(reversal.IsFull);
        Assert.Equal(100m, result.Entry.ReversedMagnitude);
    }

    [Fact]
    public void Partial_refund_before_grant_reduces_the_reward_proportionally_rounding_points_down()
    {
        var result = Apply(Apply(Entry(new PointsReward(99)), Paid()).Entry, Refund(333.33m));

        Assert.Equal(RewardState.Pending, result.Entry.State);
        Assert.Empty(result.Effects);
        Assert.Equal(new PointsReward(66), result.Entry.Current); // 99 × 0.66667 = 66.0003 → 66
        Assert.Equal(RewardState.Pending, result.Entry.History[^1].From);
        Assert.Contains("reduced from 99 to 66", result.Entry.History[^1].Reason);

        var grant = (GrantReward)RewardTransitions.Settle(result.Entry, T0.AddDays(14)).Effects.Single();
        Assert.Equal(new PointsReward(66), grant.Reward);
    }

    [Fact]
    public void Partial_refund_of_a_money_coupon_rounds_down_to_cents()
    {
        var coupon = new CouponReward(DiscountKind.FixedAmount, 10.00m, 30);

        var result = Apply(Entry(coupon, amount: 300m), Refund(100m));

        Assert.Equal(6.66m, ((CouponReward)result.Entry.Current).Value); // 10 × 2/3 = 6.666…
    }

    [Fact]
    public void Partial_refunds_after_grant_reverse_the_difference_each_time_then_a_full_refund_the_rest()
    {
        var granted = Granted();

        var first = Apply(granted, Refund(250m, 20));
        Assert.Equal(RewardState.PartiallyRevoked, first.Entry.State);
        var firstReversal = Assert.IsType<ReverseReward>(Assert.Single(first.Effects));
        Assert.Equal(25m, firstReversal.Reversed.Magnitude);
        Assert.Equal(75m, firstReversal.Remaining.Magnitude);
        Assert.False(firstReversal.IsFull);

        var second = Apply(first.Entry, Refund(500m, 21));
        Assert.Equal(RewardState.PartiallyRevoked, second.Entry.State);
        Assert.Equal(25m, Assert.IsType<ReverseReward>(Assert.Single(second.Effects)).Reversed.Magnitude);
        Assert.Equal(new RewardTransition(RewardState.PartiallyRevoked, RewardState.PartiallyRevoked, T0.AddDays(21), second.Entry.History[^1].Reason, "system"), second.Entry.History[^1]);

        var full = Apply(second.Entry, Refund(1000m, 22));
        Assert.Equal(RewardState.Revoked, full.Entry.State);
        Assert.Equal(50m, Assert.IsType<ReverseReward>(Assert.Single(full.Effects)).Reversed.Magnitude);
        Assert.Equal(100m, full.Entry.ReversedMagnitude);
    }

    [Fact]
    public void A_refund_that_rounds_the_reward_to_nothing_revokes_it()
    {
        var result = Apply(Entry(new PointsReward(1)), Refund(1m));

        Assert.Equal(RewardState.Revoked, result.Entry.State);
    }

    [Fact]
    public void A_refund_too_small_to_change_the_reward_records_the_amount_without_a_transition()
    {
        var reduced = Apply(Granted(new PointsReward(10)), Refund(50m, 20)).Entry; // 9.5 → 9 points

        var result = Apply(reduced, Refund(60m, 21)); // 9.4 → still 9 points

        Assert.Equal(RewardState.PartiallyRevoked, result.Entry.State);
        Assert.Empty(result.Effects);
        Assert.Equal(60m, result.Entry.OrderRefunded);
        Assert.Equal(new PointsReward(9), result.Entry.Current);
        Assert.Equal(reduced.History, result.Entry.History);
    }

    [Fact]
    public void Admin_revoke_of_a_pending_reward_records_actor_and_reason()
    {
        var entry = Entry();

        var result = Apply(entry, new AdminRevoked { CauseKey = entry.CauseKey, Actor = "anna", Reason = "self-referral", At = T0.AddDays(1) });

        Assert.Equal(RewardState.Revoked, result.Entry.State);
        Assert.Empty(result.Effects);
        Assert.Equal(new RewardTransition(RewardState.Pending, RewardState.Revoked, T0.AddDays(1), "self-referral", "anna"), result.Entry.History[^1]);
    }

    [Fact]
    public void Admin_revoke_of_a_partially_revoked_reward_reverses_what_is_left()
    {
        var partial = Apply(Granted(), Refund(400m, 20)).Entry;

        var result = Apply(partial, new AdminRevoked { CauseKey = partial.CauseKey, Actor = "anna", Reason = "fraud", At = T0.AddDays(21) });

        Assert.Equal(RewardState.Revoked, result.Entry.State);
        Assert.Equal(60m, Assert.IsType<ReverseReward>(Assert.Single(result.Effects)).Reversed.Magnitude);
    }

    [Fact]
    public void Approve_is_not_allowed_from_revoked()
    {
        var revoked = Apply(Entry(), new OrderCancelled { OrderId = Order, At = T0 }).Entry;

        var result = Apply(revoked, new AdminApproved { CauseKey = revoked.CauseKey, Actor = "anna", Reason = "oops", At = T0.AddDays(1) });

        Assert.True(result.IsRejected);
        Assert.Equal("state: approve is not allowed from Revoked", result.Rejection!.ToString());
        Assert.Same(revoked, result.Entry);
        Assert.Empty(result.Effects);
    }

    [Fact]
    public void Events_about_another_order_or_reward_are_rejected()
    {
        var entry = Entry();

        var otherOrder = Apply(entry, new OrderPaid { OrderId = 999, At = T0 });
        var otherKey = Apply(entry, new AdminRevoked { CauseKey = "visit:x:policy:p:beneficiary:7", Actor = "a", Reason = "r", At = T0 });
        var noOrder = Apply(Entry(orderId: null), new OrderPaid { OrderId = 999, At = T0 });

        Assert.Equal("orderId", otherOrder.Rejection?.Path);
        Assert.Equal("causeKey", otherKey.Rejection?.Path);
        Assert.Contains("tied to no order", noOrder.Rejection?.Message);
    }

    public static TheoryData<string> ReplayedEvents => ["paid", "refund", "lower refund", "approve", "cancel", "revoke", "tick"];

    [Theory]
    [MemberData(nameof(ReplayedEvents))]
    public void An_event_the_entry_already_reflects_is_a_no_op(string which)
    {
        var (entry, e) = which switch
        {
            "paid" => (Apply(Entry(), Paid()).Entry, (LedgerEvent)Paid(3)),
            "refund" => (Apply(Granted(), Refund(300m, 20)).Entry, Refund(300m, 25)),
            "lower refund" => (Apply(Granted(), Refund(300m, 20)).Entry, Refund(100m, 25)),
            "approve" => (Granted(), new AdminApproved { CauseKey = Entry().CauseKey, Actor = "a", Reason = "r", At = T0.AddDays(30) }),
            "cancel" => (Apply(Granted(), new OrderCancelled { OrderId = Order, At = T0.AddDays(20) }).Entry, new OrderCancelled { OrderId = Order, At = T0.AddDays(21) }),
            "revoke" => (Apply(Entry(), new OrderCancelled { OrderId = Order, At = T0 }).Entry, new AdminRevoked { CauseKey = Entry().CauseKey, Actor = "a", Reason = "r", At = T0.AddDays(1) }),
            _ => (Granted(), Tick(40)),
        };

        var result = Apply(entry, e);

        Assert.False(result.IsRejected);
        Assert.Equal(entry, result.Entry);
        Assert.Empty(result.Effects);
    }

    [Fact]
    public void Admin_event_without_actor_or_reason_is_bad_input()
    {
        var entry = Entry();

        var ex = Assert.Throws<FlockValidationException>(() =>
            Apply(entry, new AdminRevoked { CauseKey = entry.CauseKey, Actor = " ", Reason = "", At = T0 }));

        Assert.Equal(["actor", "reason"], ex.Problems.Select(p => p.Path));
    }

    [Fact]
    public void Negative_refund_is_bad_input()
    {
        Assert.Throws<FlockValidationException>(() => Apply(Entry(), Refund(-1m)));
    }

    [Fact]
    public void Intent_worth_nothing_cannot_be_recorded()
    {
        var ex = Assert.Throws<FlockValidationException>(() => Entry(new PointsReward(0)));
        Assert.Equal("reward", Assert.Single(ex.Problems).Path);
    }
}
