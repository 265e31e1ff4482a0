using System.Globalization;
using Flock.Engine.Common;

namespace Flock.Engine.Referrals.Rewards.Ledger;

/// <summary>The outcome of one event on one entry: the new entry, what the plugin must do, or why it was refused.</summary>
public sealed record TransitionResult(RewardEntry Entry, IReadOnlyList<RewardEffect> Effects, Problem? Rejection)
{
    public bool IsRejected => Rejection is not null;
}

/// <summary>
/// The reward state machine as pure functions (feature R7). Rules:
/// <list type="bullet">
/// <item>Settle: a reward tied to a friend's order is approved and granted only once the order is paid and
/// <see cref="RewardEntry.ReturnWindowDays"/> have passed since payment; other rewards at once. A policy requiring
/// manual approval waits in Pending for <see cref="AdminApproved"/>, which never bypasses the settle rule.</item>
/// <item>Cancel, void or full refund: revoked; after the grant, with a <see cref="ReverseReward"/> of what is left.</item>
/// <item>Partial refund: the reward becomes <see cref="RewardEntry.Earned"/> scaled by the unrefunded share of the order,
/// rounded down (money and percents to cents, points and gifts to whole units); after the grant the difference is
/// reversed and the state becomes PartiallyRevoked; a reward reduced to nothing is revoked.</item>
/// <item>Idempotent: an event the entry already reflects (a second payment, a refund total not above the last one,
/// anything on a revoked entry, an approval of an approved entry) returns the entry unchanged with no effect.</item>
/// </list>
/// </summary>
public static class RewardTransitions
{
    private static readonly IReadOnlyList<RewardEffect> NoEffects = [];

    /// <summary>
    /// Applies <paramref name="ledgerEvent"/> to <paramref name="entry"/> at <paramref name="now"/>, then settles.
    /// Throws <see cref="FlockValidationException"/> for a malformed event; returns a rejection for an event that does not
    /// concern this entry or a transition not allowed from its state.
    /// </summary>
    public static TransitionResult Apply(RewardEntry entry, LedgerEvent ledgerEvent, DateTimeOffset now) =>
        Apply(entry, ledgerEvent, now, settle: true);

    /// <summary>As the public overload; <paramref name="settle"/> false lets the ledger apply several facts before settling once.</summary>
    internal static TransitionResult Apply(RewardEntry entry, LedgerEvent ledgerEvent, DateTimeOffset now, bool settle)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(ledgerEvent);
        ValidateEvent(ledgerEvent).ThrowIfInvalid("ledger event");

        switch (ledgerEvent)
        {
            case OrderLedgerEvent order when order.OrderId != entry.OrderId:
                return Reject(entry, "orderId", entry.OrderId is { } tied
                    ? $"the event concerns order {order.OrderId}; this reward is tied to order {tied}"
                    : $"the event concerns order {order.OrderId}; this reward is tied to no order");
            case AdminLedgerEvent admin when admin.CauseKey != entry.CauseKey:
                return Reject(entry, "causeKey", $"the event concerns '{admin.CauseKey}', not '{entry.CauseKey}'");
            case AdminApproved when entry.IsTerminal:
                return Reject(entry, "state", $"approve is not allowed from {entry.State}");
        }

        if (entry.IsTerminal)
            return new TransitionResult(entry, NoEffects, null);

        var step = new Step(entry, now);
        switch (ledgerEvent)
        {
            case OrderPaid paid when entry.OrderPaidAt is null:
                step.Entry = step.Entry with { OrderPaidAt = paid.At };
                break;
            case OrderRefunded refund:
                ApplyRefund(step, refund.RefundedTotal);
                break;
            case OrderCancelled cancel:
                Revoke(step, cancel.Voided ? "payment voided" : "order cancelled", RewardEntry.SystemActor);
                break;
            case AdminApproved approve when entry.State == RewardState.Pending:
                step.MoveTo(RewardState.Approved, approve.Reason, approve.Actor);
                break;
            case AdminRevoked revoke:
                Revoke(step, revoke.Reason, revoke.Actor);
                break;
        }

        if (settle)
            SettleStep(step);
        return step.ToResult();
    }

    /// <summary>Approves and grants the entry if its settle rule is met at <paramref name="now"/> (a clock tick).</summary>
    public static TransitionResult Settle(RewardEntry entry, DateTimeOffset now) =>
        Apply(entry, new ClockTick { At = now }, now);

    private static void ApplyRefund(Step step, decimal refundedTotal)
    {
        var entry = step.Entry;
        if (refundedTotal <= entry.OrderRefunded)
            return;
        step.Entry = entry with { OrderRefunded = refundedTotal };
        if (refundedTotal >= entry.OrderAmount)
        {
            Revoke(step, $"order fully refunded ({Format(refundedTotal)})", RewardEntry.SystemActor);
            return;
        }

        var remainingShare = (entry.OrderAmount - refundedTotal) / entry.OrderAmount;
        var reduced = entry.Earned.ScaledBy(remainingShare);
        if (reduced.Magnitude >= entry.Current.Magnitude)
            return;

        var reason = $"order partially refunded ({Format(refundedTotal)} of {Format(entry.OrderAmount)}); reward reduced from {Format(entry.Current.Magnitude)} to {Format(reduced.Magnitude)}";
        if (reduced.Magnitude == 0m)
        {
            Revoke(step, reason, RewardEntry.SystemActor);
            return;
        }

        if (entry.IsGranted)
        {
            var reversed = entry.Current.Magnitude - reduced.Magnitude;
            step.Effects.Add(new ReverseReward
            {
                CauseKey = entry.CauseKey,
                BeneficiaryCustomerId = entry.BeneficiaryCustomerId,
                At = step.Now,
                Reversed = entry.Current.WithMagnitude(reversed),
                Remaining = reduced,
            });
            step.Entry = step.Entry with { Current = reduced, ReversedMagnitude = entry.ReversedMagnitude + reversed };
            step.MoveTo(RewardState.PartiallyRevoked, reason, RewardEntry.SystemActor);
        }
        else
        {
            step.Entry = step.Entry with { Current = reduced };
            step.MoveTo(entry.State, reason, RewardEntry.SystemActor);
        }
    }

    private static void Revoke(Step step, string reason, string actor)
    {
        var entry = step.Entry;
        var nothing = entry.Current.WithMagnitude(0m);
        if (entry.IsGranted && entry.Current.Magnitude > 0m)
        {
            step.Effects.Add(new ReverseReward
            {
                CauseKey = entry.CauseKey,
                BeneficiaryCustomerId = entry.BeneficiaryCustomerId,
                At = step.Now,
                Reversed = entry.Current,
                Remaining = nothing,
            });
            step.Entry = entry with { ReversedMagnitude = entry.ReversedMagnitude + entry.Current.Magnitude };
        }

        step.Entry = step.Entry with { Current = nothing };
        step.MoveTo(RewardState.Revoked, reason, actor);
    }

    private static void SettleStep(Step step)
    {
        var settlesAt = step.Entry.SettlesAt;
        var settled = settlesAt is { } at && step.Now >= at;
        if (!settled)
            return;

        if (step.Entry is { State: RewardState.Pending, RequiresManualApproval: false })
            step.MoveTo(RewardState.Approved, step.Entry.OrderId is null ? "approved automatically" : "order paid and return window passed", RewardEntry.SystemActor);

        if (step.Entry.State == RewardState.Approved)
        {
            var reward = step.Entry.Current;
            step.Effects.Add(new GrantReward
            {
                CauseKey = step.Entry.CauseKey,
                BeneficiaryCustomerId = step.Entry.BeneficiaryCustomerId,
                At = step.Now,
                Reward = reward,
                ActivatesAt = reward.ActivatesAt(step.Now),
                ExpiresAt = reward.ExpiresAt(step.Now),
            });
            step.Entry = step.Entry with { Granted = reward };
            step.MoveTo(RewardState.Granted, "granted", RewardEntry.SystemActor);
        }
    }

    private static TransitionResult Reject(RewardEntry entry, string path, string message) =>
        new(entry, NoEffects, new Problem(path, message));

    internal static ValidationResult ValidateEvent(LedgerEvent ledgerEvent)
    {
        var problems = new ProblemCollector();
        switch (ledgerEvent)
        {
            case OrderLedgerEvent { OrderId: < 1 }:
                problems.Add("orderId", "must be positive");
                break;
            case OrderRefunded { RefundedTotal: < 0m }:
                problems.Add("refundedTotal", "must not be negative");
                break;
            case AdminLedgerEvent admin:
                if (string.IsNullOrWhiteSpace(admin.CauseKey))
                    problems.Add("causeKey", "is required");
                if (string.IsNullOrWhiteSpace(admin.Actor))
                    problems.Add("actor", "is required");
                if (string.IsNullOrWhiteSpace(admin.Reason))
                    problems.Add("reason", "is required");
                break;
        }

        return problems.ToResult();
    }

    internal static ValidationResult ValidateIntent(RewardIntent intent)
    {
        var problems = new ProblemCollector();
        if (string.IsNullOrWhiteSpace(intent.CauseKey))
            problems.Add("causeKey", "is required");
        if (string.IsNullOrWhiteSpace(intent.PolicyId))
            problems.Add("policyId", "is required");
        if (intent.BeneficiaryCustomerId < 1)
            problems.Add("beneficiaryCustomerId", "must be positive");
        if (intent.Reward is null)
            problems.Add("reward", "is required");
        else if (intent.Reward.Magnitude <= 0m)
            problems.Add("reward", "must be worth something");
        if (intent.OrderId is < 1)
            problems.Add("orderId", "must be positive");
        if (intent.OrderAmount < 0m)
            problems.Add("orderAmount", "must not be negative");
        if (intent.ReturnWindowDays < 0)
            problems.Add("returnWindowDays", "must not be negative");
        return problems.ToResult();
    }

    private static string Format(decimal amount) => amount.ToString("0.##", CultureInfo.InvariantCulture);

    private sealed class Step(RewardEntry entry, DateTimeOffset now)
    {
        public RewardEntry Entry { get; set; } = entry;
        public DateTimeOffset Now { get; } = now;
        public List<RewardEffect> Effects { get; } = [];

        public void MoveTo(RewardState to, string reason, string actor) =>
            Entry = Entry with { State = to, History = Entry.History.Append(new RewardTransition(Entry.State, to, Now, reason, actor)) };

        public TransitionResult ToResult() => new(Entry, Effects.Count == 0 ? NoEffects : Effects.ToArray(), null);
    }
}
