namespace Flock.Engine.Referrals.Rewards.Ledger;

/// <summary>
/// What nopCommerce must hold for a ledger entry, as a target state rather than a list of steps (feature B3): the
/// plugin compares it with what it has carried out and does the difference, so a replay, a retry after a crash or a
/// second web-farm node converges on the same result instead of repeating a grant.
/// </summary>
/// <param name="Granted">The reward as granted (null: never granted, so nothing is created).</param>
/// <param name="GrantedAt">When it was granted (coupon validity, points activation).</param>
/// <param name="Remaining">What is left after partial revocations (zero magnitude when revoked).</param>
public sealed record FulfilmentTarget(RewardValue? Granted, DateTimeOffset? GrantedAt, RewardValue Remaining)
{
    /// <summary>A coupon must exist: granted as a coupon and something is left (a coupon revoked before it was made is never made).</summary>
    public bool CouponWanted => Granted is CouponReward && Remaining.Magnitude > 0m;

    /// <summary>The coupon's value now (percent or amount).</summary>
    public decimal CouponValue => Remaining.Magnitude;

    /// <summary>The net reward points the beneficiary must hold from this entry.</summary>
    public int Points => Granted is PointsReward && Remaining is PointsReward points ? points.Points : 0;
}

/// <summary>Pure rules for carrying the ledger out and scheduling it.</summary>
public static class RewardFulfilment
{
    /// <summary>The target state of <paramref name="entry"/>.</summary>
    public static FulfilmentTarget Target(RewardEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        DateTimeOffset? grantedAt = null;
        foreach (var transition in entry.History)
            if (transition.To == RewardState.Granted && grantedAt is null)
                grantedAt = transition.At;
        return new FulfilmentTarget(entry.Granted, entry.Granted is null ? null : grantedAt ?? entry.RecordedAt, entry.Current);
    }

    /// <summary>
    /// When the settle task must look at the entry next: its settle moment while it can still be granted without an
    /// admin; null when it waits for an event (payment, an admin's approval) or is granted or revoked.
    /// </summary>
    public static DateTimeOffset? DueAt(RewardEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.State switch
        {
            RewardState.Pending when !entry.RequiresManualApproval => entry.SettlesAt,
            RewardState.Approved => entry.SettlesAt,
            _ => null,
        };
    }

    /// <summary>The points entry to write to move from <paramref name="applied"/> to the target (0: nothing to do).</summary>
    public static int PointsDelta(FulfilmentTarget target, int applied) => target.Points - applied;
}

/// <summary>
/// What nopCommerce holds for an entry right now, as the plugin read it from the store (not from memory):
/// the reward coupon (by its reserved code) and the reward points Flock wrote (by their markers).
/// </summary>
/// <param name="CouponExists">A discount with the reserved coupon code exists.</param>
/// <param name="CouponValue">Its value (percent or amount) when it exists.</param>
/// <param name="CouponActive">It is active.</param>
/// <param name="PointsApplied">Net points Flock's entries for this reward add up to.</param>
/// <param name="CouponUsed">An order used the coupon (a used coupon is spent: never switched on again).</param>
public sealed record FulfilmentState(bool CouponExists, decimal CouponValue, bool CouponActive, int PointsApplied, bool CouponUsed = false)
{
    public static readonly FulfilmentState Nothing = new(false, 0m, false, 0);
}

/// <summary>One step that moves nopCommerce towards the target.</summary>
public abstract record FulfilmentStep;

/// <summary>Create the reward coupon from <see cref="FulfilmentTarget.Granted"/> at <see cref="FulfilmentTarget.GrantedAt"/>, with the target value.</summary>
public sealed record CreateCoupon(CouponReward Reward, decimal Value, DateTimeOffset GrantedAt) : FulfilmentStep;

/// <summary>Change the coupon's value (after a partial refund).</summary>
public sealed record SetCouponValue(decimal Value) : FulfilmentStep;

/// <summary>Deactivate the coupon (revoked; a used coupon stays in the order history).</summary>
public sealed record DeactivateCoupon : FulfilmentStep;

/// <summary>Switch on a coupon that was made but never switched on (the node died between guarding it and activating it).</summary>
public sealed record ActivateCoupon : FulfilmentStep;

/// <summary>Write one reward-points entry of <see cref="Points"/> (negative to reverse), activating and expiring as given.</summary>
public sealed record AddPoints(int Points, DateTimeOffset? ActivatesAt, DateTimeOffset? ExpiresAt) : FulfilmentStep;

public static class FulfilmentPlanner
{
    /// <summary>
    /// The steps from <paramref name="state"/> to <paramref name="target"/>: empty when they agree. Safe to plan again
    /// after any crash, because the state is read back from the store: a coupon that exists is never created twice,
    /// points already written are counted.
    /// </summary>
    public static IReadOnlyList<FulfilmentStep> Plan(FulfilmentTarget target, FulfilmentState state)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(state);
        var steps = new List<FulfilmentStep>(2);
        if (target.Granted is CouponReward coupon)
        {
            if (target.CouponWanted)
            {
                if (!state.CouponExists)
                    steps.Add(new CreateCoupon(coupon, target.CouponValue, target.GrantedAt!.Value));
                else
                {
                    if (state.CouponValue != target.CouponValue)
                        steps.Add(new SetCouponValue(target.CouponValue));
                    if (!state.CouponActive && !state.CouponUsed)
                        steps.Add(new ActivateCoupon());
                }
            }
            else if (state.CouponExists && state.CouponActive)
                steps.Add(new DeactivateCoupon());
        }

        var delta = target.Points - state.PointsApplied;
        if (delta != 0)
        {
            //the first grant carries the reward's activation delay and validity; later corrections take effect at once
            steps.Add(delta > 0 && state.PointsApplied == 0 && target is { Granted: PointsReward points, GrantedAt: { } at }
                ? new AddPoints(delta, points.ActivatesAt(at), points.ExpiresAt(at))
                : new AddPoints(delta, null, null));
        }

        return steps;
    }
}
