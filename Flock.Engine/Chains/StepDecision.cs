namespace Flock.Engine.Chains;

/// <summary>What the machine says about an enrollment's current step.</summary>
public enum StepDecisionKind
{
    /// <summary>The enrollment is over; nothing to do.</summary>
    Finished = 0,
    /// <summary>Look again at <see cref="StepDecision.At"/>.</summary>
    Wait = 1,
    /// <summary>The chain is paused: stay; look again when it is live.</summary>
    Hold = 2,
    /// <summary>Go to <see cref="StepDecision.NextStepIndex"/>, entering it at <see cref="StepDecision.At"/> (a wait that ran out, a branch, a skipped step).</summary>
    MoveOn = 3,
    /// <summary>The current step is a message that is due: apply contact pressure, then send or defer it.</summary>
    Send = 4,
    /// <summary>The current step issues a coupon or grants points: record it under its key, then move on.</summary>
    Act = 5,
    /// <summary>Leave the chain (<see cref="StepDecision.Reason"/> says why).</summary>
    Exit = 6,
    /// <summary>Past the last step: completed.</summary>
    Complete = 7,
}

/// <summary>The outcome of <see cref="ChainMachine.Decide"/>; a value, so deciding allocates nothing.</summary>
public readonly record struct StepDecision(StepDecisionKind Kind, int StepIndex, int NextStepIndex, DateTimeOffset At, ChainReason Reason);
