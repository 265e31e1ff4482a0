using System.Text.Json.Serialization;
using Flock.Engine.Messaging;
using Flock.Engine.Targeting;

namespace Flock.Engine.Chains;

/// <summary>
/// One step of a chain. <see cref="Id"/> is unique in the chain and stable across versions; it is part of the
/// idempotency key of what the step does, so a step never acts twice for one enrollment.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(WaitStep), "wait")]
[JsonDerivedType(typeof(WaitUntilStep), "waitUntil")]
[JsonDerivedType(typeof(BranchStep), "branch")]
[JsonDerivedType(typeof(SendStep), "send")]
[JsonDerivedType(typeof(CouponStep), "coupon")]
[JsonDerivedType(typeof(PointsStep), "points")]
[JsonDerivedType(typeof(ExitStep), "exit")]
public abstract record ChainStep
{
    public required string Id { get; init; }
}

/// <summary>Where a wait is measured from.</summary>
public enum WaitFrom
{
    /// <summary>From the moment the previous step finished.</summary>
    StepStart = 0,
    /// <summary>From the customer's latest activity of the trigger's kind (a cart change, a view): an inactivity wait that restarts with each activity.</summary>
    LastActivity = 1,
}

/// <summary>Wait <see cref="Duration"/>.</summary>
public sealed record WaitStep : ChainStep
{
    public required TimeSpan Duration { get; init; }
    public WaitFrom From { get; init; } = WaitFrom.StepStart;
}

/// <summary>Wait until the recipient's wall clock next shows <see cref="LocalTime"/> (in their own time zone, DST-correct).</summary>
public sealed record WaitUntilStep : ChainStep
{
    public required TimeOnly LocalTime { get; init; }
}

/// <summary>Go to <see cref="Then"/> when <see cref="Condition"/> matches the live facts, else to <see cref="Else"/> (the next step when omitted). Only forward jumps.</summary>
public sealed record BranchStep : ChainStep
{
    public required RuleNode Condition { get; init; }
    public required string Then { get; init; }
    public string? Else { get; init; }
}

/// <summary>
/// Send the message template <see cref="Template"/> on <see cref="Channel"/>. The message is due when the step is reached
/// and may be deferred by contact pressure up to <see cref="ExpiresAfter"/>, after which it is recorded as expired.
/// </summary>
public sealed record SendStep : ChainStep
{
    public required Channel Channel { get; init; }
    /// <summary>The message template's name (for email, a nopCommerce message template).</summary>
    public required string Template { get; init; }
    /// <summary>Overrides the chain's priority for this message.</summary>
    public MessagePriority? Priority { get; init; }
    public TimeSpan ExpiresAfter { get; init; } = TimeSpan.FromDays(2);
}

/// <summary>Issue a single-use coupon of <see cref="Percent"/> off the order subtotal for the recipient, valid <see cref="ValidDays"/> (usable in the sends that follow).</summary>
public sealed record CouponStep : ChainStep
{
    public required decimal Percent { get; init; }
    public int ValidDays { get; init; } = 7;
}

/// <summary>Grant reward points.</summary>
public sealed record PointsStep : ChainStep
{
    public required int Points { get; init; }
    /// <summary>Days the points stay valid; null: as the store's reward-point settings say.</summary>
    public int? ValidDays { get; init; }
}

/// <summary>Leave the chain here.</summary>
public sealed record ExitStep : ChainStep;
