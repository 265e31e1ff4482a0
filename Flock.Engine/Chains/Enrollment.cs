namespace Flock.Engine.Chains;

public enum EnrollmentStatus
{
    Active = 0,
    /// <summary>Ran to the end of its steps.</summary>
    Completed = 1,
    /// <summary>Left early: a goal was met, an exit step, consent withdrawn, the chain archived.</summary>
    Exited = 2,
}

/// <summary>
/// One customer's way through one version of a chain, as the plugin stores it. The unique key of an enrollment is
/// (chain, customer, trigger occurrence); <see cref="Version"/> is the chain version it follows until it ends.
/// </summary>
public sealed record Enrollment
{
    public required string ChainKey { get; init; }
    public required int Version { get; init; }
    public required int CustomerId { get; init; }
    /// <summary>The trigger occurrence that started it (<see cref="ChainTriggerEvent.InstanceKey"/>).</summary>
    public required string TriggerKey { get; init; }
    public required DateTimeOffset EnrolledAt { get; init; }
    /// <summary>Held out: goes through the chain, is never messaged (T6).</summary>
    public bool IsHoldout { get; init; }
    /// <summary>The step it stands on; equal to the step count once past the last one.</summary>
    public int StepIndex { get; init; }
    /// <summary>When it reached <see cref="StepIndex"/> (for a message: when the message fell due).</summary>
    public required DateTimeOffset StepEnteredAt { get; init; }
    public EnrollmentStatus Status { get; init; } = EnrollmentStatus.Active;
    public ChainReason EndReason { get; init; }
    public DateTimeOffset? EndedAt { get; init; }

    public bool IsActive => Status == EnrollmentStatus.Active;

    /// <summary>The key under which step <paramref name="stepId"/> acts for this enrollment; the same in every chain version.</summary>
    public string ActionKey(string stepId) => ChainActionKeys.For(ChainKey, stepId, CustomerId, TriggerKey);
}

/// <summary>Idempotency keys of chain actions: one per (chain, step, customer, trigger occurrence).</summary>
public static class ChainActionKeys
{
    public static string For(string chainKey, string stepId, int customerId, string triggerKey) =>
        $"chain:{chainKey}:{stepId}:c{customerId}:{triggerKey}";
}
