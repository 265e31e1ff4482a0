using Flock.Engine.Messaging;

namespace Flock.Engine.Chains;

/// <summary>
/// Runs an enrollment forward as far as it can go now: applies <see cref="ChainMachine"/> step after step, holdout and
/// consent to each message, contact pressure to each send, and returns the new state with the actions and decisions
/// to record. Pure: the plugin stores the result (the enrollment by a conditional update on its old state, the actions
/// under their unique keys, the decisions), then executes the actions.
/// <list type="bullet">
/// <item>A held-out recipient goes through every step but is sent nothing and given nothing; each suppressed action is logged.</item>
/// <item>A message on a channel the recipient cannot be reached on, or a marketing message without consent, is skipped and logged.</item>
/// <item>A message contact pressure defers keeps the enrollment on its step until the deferral's moment; an expired one is logged and skipped.</item>
/// </list>
/// </summary>
public static class ChainRunner
{
    public static ChainAdvance Advance(CompiledChain chain, Enrollment enrollment, ChainFacts facts, ContactPressure pressure,
        IReadOnlyList<SentMessage> recentSends, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pressure);
        ArgumentNullException.ThrowIfNull(recentSends);
        var actions = new List<ChainAction>();
        var decisions = new List<ChainDecision>();
        var history = recentSends.ToList();
        var entered = false;
        var e = enrollment;
        // every step is passed at most once per call (branches only jump forward), plus the final look
        for (var guard = 0; guard <= chain.StepCount + 1; guard++)
        {
            var d = ChainMachine.Decide(chain, e, facts, now);
            string? stepId = d.StepIndex < chain.StepCount ? chain.Step(d.StepIndex).Id : null;
            void Log(ChainReason reason, string? detail = null) =>
                decisions.Add(new ChainDecision(e.ChainKey, e.Version, e.CustomerId, e.TriggerKey, stepId, now, reason, detail));
            void MoveTo(int next, DateTimeOffset at) { e = e with { StepIndex = next, StepEnteredAt = at }; entered = true; }

            switch (d.Kind)
            {
                case StepDecisionKind.Finished:
                    return new ChainAdvance(e, actions, decisions, null);
                case StepDecisionKind.Wait:
                    if (entered) Log(ChainReason.Waiting, $"until {d.At:yyyy-MM-dd HH:mm} UTC");
                    return new ChainAdvance(e, actions, decisions, d.At);
                case StepDecisionKind.Hold:
                    if (entered) Log(ChainReason.Paused);
                    return new ChainAdvance(e, actions, decisions, d.At);
                case StepDecisionKind.MoveOn:
                    if (d.Reason is ChainReason.BranchThen or ChainReason.BranchElse)
                        Log(d.Reason, $"to step '{(d.NextStepIndex < chain.StepCount ? chain.Step(d.NextStepIndex).Id : "end")}'");
                    MoveTo(d.NextStepIndex, d.At);
                    break;
                case StepDecisionKind.Send:
                {
                    var step = (SendStep)chain.Step(d.StepIndex);
                    var priority = step.Priority ?? chain.Definition.Priority;
                    if (e.IsHoldout) { Log(ChainReason.HoldoutSuppressed, $"{step.Channel} '{step.Template}'"); MoveTo(d.NextStepIndex, now); break; }
                    if (!facts.Reachable.Has(step.Channel)) { Log(ChainReason.ChannelUnreachable, step.Channel.ToString()); MoveTo(d.NextStepIndex, now); break; }
                    if (chain.Definition.Marketing && !facts.MarketingConsent) { Log(ChainReason.NoMarketingConsent); MoveTo(d.NextStepIndex, now); break; }
                    var deadline = d.At + step.ExpiresAfter;
                    var message = new PendingMessage(step.Channel, priority, d.At.UtcDateTime, deadline.UtcDateTime);
                    var verdict = pressure.Check(message, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(history), facts.RecipientZone, now.UtcDateTime);
                    switch (verdict.Outcome)
                    {
                        case PressureOutcome.SendNow:
                            actions.Add(new SendMessageAction(e.ActionKey(step.Id), step.Id, step.Channel, step.Template, priority, deadline));
                            history.Add(new SentMessage(step.Channel, priority, now.UtcDateTime));
                            Log(ChainReason.Sent, $"{step.Channel} '{step.Template}'");
                            MoveTo(d.NextStepIndex, now);
                            break;
                        case PressureOutcome.Deferred:
                            Log(verdict.Reason == PressureReason.QuietHours ? ChainReason.DeferredByQuietHours : ChainReason.DeferredByCap, pressure.Describe(verdict));
                            return new ChainAdvance(e, actions, decisions, new DateTimeOffset(verdict.NotBeforeUtc, TimeSpan.Zero));
                        default:
                            Log(ChainReason.Expired, pressure.Describe(verdict));
                            MoveTo(d.NextStepIndex, now);
                            break;
                    }
                    break;
                }
                case StepDecisionKind.Act:
                {
                    var step = chain.Step(d.StepIndex);
                    if (e.IsHoldout) { Log(ChainReason.HoldoutSuppressed, step is CouponStep ? "coupon" : "points"); MoveTo(d.NextStepIndex, now); break; }
                    //a coupon or points nobody can be told about are not made (a guest who never gave an address would
                    //otherwise leave a live discount behind per session)
                    if (facts.Reachable == ChannelSet.None) { Log(ChainReason.ChannelUnreachable, step is CouponStep ? "coupon" : "points"); MoveTo(d.NextStepIndex, now); break; }
                    if (chain.Definition.Marketing && !facts.MarketingConsent) { Log(ChainReason.NoMarketingConsent, step is CouponStep ? "coupon" : "points"); MoveTo(d.NextStepIndex, now); break; }
                    switch (step)
                    {
                        case CouponStep coupon:
                            actions.Add(new IssueCouponAction(e.ActionKey(step.Id), step.Id, coupon.Percent, coupon.ValidDays));
                            Log(ChainReason.CouponIssued, $"{coupon.Percent}% for {coupon.ValidDays} days");
                            break;
                        case PointsStep points:
                            actions.Add(new GrantPointsAction(e.ActionKey(step.Id), step.Id, points.Points, points.ValidDays));
                            Log(ChainReason.PointsGranted, $"{points.Points} points");
                            break;
                    }
                    MoveTo(d.NextStepIndex, now);
                    break;
                }
                case StepDecisionKind.Exit:
                    Log(d.Reason);
                    return new ChainAdvance(e with { Status = EnrollmentStatus.Exited, EndReason = d.Reason, EndedAt = now }, actions, decisions, null);
                case StepDecisionKind.Complete:
                    Log(ChainReason.EndOfChain);
                    return new ChainAdvance(e with { Status = EnrollmentStatus.Completed, EndReason = ChainReason.EndOfChain, EndedAt = now }, actions, decisions, null);
            }
        }
        throw new InvalidOperationException($"internal: chain {chain.Key} did not settle within {chain.StepCount + 2} steps");
    }
}
