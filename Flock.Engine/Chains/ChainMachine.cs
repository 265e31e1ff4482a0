using Flock.Engine.Common;

namespace Flock.Engine.Chains;

/// <summary>
/// The enrollment state machine as a pure function: (chain version, enrollment, live facts, now) → what to do with the
/// current step and when. Rules, in the order they are checked on every call:
/// <list type="number">
/// <item>An ended enrollment is finished.</item>
/// <item>An archived chain lets everyone out; exit goals (a purchase since entry, withdrawn consent, a goal rule
/// matching the live facts) end the enrollment <i>before</i> anything else, so a goal met just before a send stops it.</item>
/// <item>A paused chain holds everyone where they are (looked at again after <see cref="HoldRecheck"/>, and at once on resume).</item>
/// <item>Past the last step: complete. Otherwise the step decides: a wait runs out <see cref="WaitStep.Duration"/> after
/// the step began (or after the latest activity, for an inactivity wait) and the next step begins at that moment, not
/// at the moment the task noticed; a wait-until runs out when the recipient's wall clock next shows its time; a branch
/// jumps by its condition; a send is due at once (contact pressure then says now or later); a coupon or points step acts;
/// an exit step ends.</item>
/// </list>
/// Holdout, consent and the idempotency of actions are the caller's part of a step (<see cref="ChainRunner"/>).
/// No allocation unless a rule's evaluation allocates (compiled rules do not).
/// </summary>
public static class ChainMachine
{
    /// <summary>How soon a held enrollment is looked at again: resuming re-arms it at once; this is the backstop.</summary>
    public static readonly TimeSpan HoldRecheck = TimeSpan.FromHours(1);

    public static StepDecision Decide(CompiledChain chain, Enrollment enrollment, in ChainFacts facts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(enrollment);
        var index = enrollment.StepIndex;
        if (!enrollment.IsActive) return new StepDecision(StepDecisionKind.Finished, index, index, now, enrollment.EndReason);
        if (enrollment.Version != chain.Version || !string.Equals(enrollment.ChainKey, chain.Key, StringComparison.Ordinal))
            throw new ArgumentException($"the enrollment follows {enrollment.ChainKey} version {enrollment.Version}, not {chain.Key} version {chain.Version}", nameof(enrollment));
        if (index < 0 || index > chain.StepCount)
            throw new ArgumentException($"step {index} is outside the chain's {chain.StepCount} steps", nameof(enrollment));
        if (facts.CustomerGone) return Exit(index, now, ChainReason.CustomerGone);
        if (facts.Lifecycle == ChainLifecycle.Archived) return Exit(index, now, ChainReason.ChainArchived);
        if (chain.ExitOnPurchase && facts.OrdersSinceEntry > 0) return Exit(index, now, ChainReason.GoalPurchase);
        if (CartEmptied(chain, facts)) return Exit(index, now, ChainReason.GoalCartEmptied);
        if (facts.AddressTakenByAnother) return Exit(index, now, ChainReason.AddressAlreadyServed);
        //no address known yet (a guest before checkout) is no answer about consent: only a known address without it leaves
        if (chain.ExitOnUnsubscribe && chain.Definition.Marketing && !facts.MarketingConsent && facts.Reachable != ChannelSet.None)
            return Exit(index, now, ChainReason.GoalUnsubscribed);
        if (chain.NeedsContext && facts.Context is null)
            throw new ArgumentException("the chain has a branch or a rule goal: the live facts need a decision context", nameof(facts));
        foreach (var goal in chain.RuleGoals)
            if (goal.Matches(facts.Context!)) return Exit(index, now, ChainReason.GoalRule);
        if (facts.Lifecycle == ChainLifecycle.Paused) return new StepDecision(StepDecisionKind.Hold, index, index, now + HoldRecheck, ChainReason.Paused);
        if (index == chain.StepCount) return new StepDecision(StepDecisionKind.Complete, index, index, now, ChainReason.EndOfChain);

        switch (chain.Step(index))
        {
            case WaitStep wait:
                var from = enrollment.StepEnteredAt;
                if (wait.From == WaitFrom.LastActivity && facts.LastActivityAt is { } activity && activity > from) from = activity;
                return RunsOut(index, from + wait.Duration, now);
            case WaitUntilStep until:
                return RunsOut(index, NextLocalTime(enrollment.StepEnteredAt, until.LocalTime, facts.RecipientZone), now);
            case BranchStep:
                return chain.BranchRule(index).Matches(facts.Context!)
                    ? new StepDecision(StepDecisionKind.MoveOn, index, chain.Then(index), now, ChainReason.BranchThen)
                    : new StepDecision(StepDecisionKind.MoveOn, index, chain.Else(index), now, ChainReason.BranchElse);
            case SendStep:
                return new StepDecision(StepDecisionKind.Send, index, index + 1, enrollment.StepEnteredAt, ChainReason.None);
            case CouponStep:
                return new StepDecision(StepDecisionKind.Act, index, index + 1, now, ChainReason.CouponIssued);
            case PointsStep:
                return new StepDecision(StepDecisionKind.Act, index, index + 1, now, ChainReason.PointsGranted);
            case ExitStep:
                return Exit(index, now, ChainReason.ExitStep);
            default:
                throw new InvalidOperationException($"internal: unknown step {chain.Step(index).GetType().Name}");
        }
    }

    /// <summary>
    /// The last word on a recorded action at the moment it is carried out, from facts read again right then: null to go
    /// ahead; <see cref="ChainReason.Paused"/> to wait (the chain is paused: try again later); any other reason cancels it
    /// for good. A message (<paramref name="channel"/> given) needs the recipient reachable there, a coupon or points
    /// (no channel) reachable at all; on a marketing chain each needs their consent, and each stops once a goal is met.
    /// </summary>
    public static ChainReason? StopBeforeActing(CompiledChain chain, in ChainFacts facts, Messaging.Channel? channel)
    {
        ArgumentNullException.ThrowIfNull(chain);
        if (facts.CustomerGone) return ChainReason.CustomerGone;
        if (facts.EndedBySignIn) return ChainReason.JoinedAccount;
        if (facts.Lifecycle == ChainLifecycle.Archived) return ChainReason.ChainArchived;
        if (chain.ExitOnPurchase && facts.OrdersSinceEntry > 0) return ChainReason.GoalPurchase;
        if (CartEmptied(chain, facts)) return ChainReason.GoalCartEmptied;
        if (facts.AddressTakenByAnother) return ChainReason.AddressAlreadyServed;
        if (channel is { } message ? !facts.Reachable.Has(message) : facts.Reachable == ChannelSet.None) return ChainReason.ChannelUnreachable;
        if (chain.Definition.Marketing && !facts.MarketingConsent) return ChainReason.NoMarketingConsent;
        if (chain.RuleGoals.Length > 0)
        {
            if (facts.Context is null)
                throw new ArgumentException("the chain has a rule goal: the live facts need a decision context", nameof(facts));
            foreach (var goal in chain.RuleGoals)
                if (goal.Matches(facts.Context)) return ChainReason.GoalRule;
        }
        if (facts.Lifecycle == ChainLifecycle.Paused) return ChainReason.Paused;
        return null;
    }

    /// <summary>The first moment at or after <paramref name="from"/> when the recipient's wall clock shows <paramref name="time"/>.</summary>
    public static DateTimeOffset NextLocalTime(DateTimeOffset from, TimeOnly time, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var fromUtc = from.UtcDateTime;
        var local = LocalClock.ToLocal(fromUtc, zone);
        var day = local.Date;
        for (var attempt = 0; attempt < 3; attempt++, day = day.AddDays(1))
        {
            var candidate = LocalClock.ToUtc(day + time.ToTimeSpan(), zone, fromUtc);
            if (candidate >= fromUtc) return new DateTimeOffset(candidate, TimeSpan.Zero);
        }
        return new DateTimeOffset(fromUtc, TimeSpan.Zero);
    }

    private static bool CartEmptied(CompiledChain chain, in ChainFacts facts)
    {
        if (!chain.ExitOnCartEmptied) return false;
        if (facts.CartItems is not { } items)
            throw new ArgumentException("the chain ends on an emptied cart: the live facts need the cart's item count", nameof(facts));
        return items <= 0;
    }

    private static StepDecision RunsOut(int index, DateTimeOffset due, DateTimeOffset now) =>
        due > now
            ? new StepDecision(StepDecisionKind.Wait, index, index, due, ChainReason.Waiting)
            : new StepDecision(StepDecisionKind.MoveOn, index, index + 1, due, ChainReason.WaitOver);

    private static StepDecision Exit(int index, DateTimeOffset now, ChainReason reason) =>
        new(StepDecisionKind.Exit, index, index, now, reason);
}
