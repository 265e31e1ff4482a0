namespace Flock.Engine.Messaging;

/// <summary>What contact pressure says about a pending message now.</summary>
public enum PressureOutcome
{
    /// <summary>Send it now.</summary>
    SendNow = 0,
    /// <summary>Keep it; look again at <see cref="PressureVerdict.NotBeforeUtc"/>.</summary>
    Deferred = 1,
    /// <summary>Its deadline has passed before it could be sent; record that and move on.</summary>
    Expired = 2,
}

/// <summary>Why a message was not sent now.</summary>
public enum PressureReason
{
    None = 0,
    /// <summary>Not due yet.</summary>
    NotDue = 1,
    /// <summary>A frequency cap is full (<see cref="PressureVerdict.CapIndex"/> names it).</summary>
    Cap = 2,
    /// <summary>The recipient's quiet hours.</summary>
    QuietHours = 3,
    /// <summary>The deadline passed.</summary>
    DeadlinePassed = 4,
}

/// <summary>
/// The outcome for one pending message. For <see cref="PressureOutcome.Deferred"/>, <see cref="NotBeforeUtc"/> is the
/// earliest moment it may go out under the policy as it stands (never later than its deadline: a message whose next
/// allowed moment lies beyond its deadline is kept until the deadline, in case the policy is relaxed, then expires).
/// <see cref="CapIndex"/> is the index of the binding cap in the policy, or -1.
/// </summary>
public readonly record struct PressureVerdict(PressureOutcome Outcome, PressureReason Reason, DateTime NotBeforeUtc, int CapIndex)
{
    public bool IsSendNow => Outcome == PressureOutcome.SendNow;
}
