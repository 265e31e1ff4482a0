using Nop.Core;

namespace Nop.Plugin.Misc.Flock.Domain;

/// <summary>
/// One customer's way through one version of a chain (<see cref="Flock.Engine.Chains.Enrollment"/>). Unique per
/// (chain, customer, trigger occurrence): two nodes seeing the same trigger enroll it once. The scheduler claims due rows
/// with a lease (conditional update) and writes the new state back only under its lease and the row's revision.
/// </summary>
public class FlockEnrollment : BaseEntity
{
    public string ChainKey { get; set; }

    public int Version { get; set; }

    public int CustomerId { get; set; }

    public string TriggerKey { get; set; }

    /// <summary>The store the trigger happened in: messages, links and coupons are that store's.</summary>
    public int StoreId { get; set; }

    public DateTime EnrolledOnUtc { get; set; }

    public bool IsHoldout { get; set; }

    public int StepIndex { get; set; }

    public DateTime StepEnteredOnUtc { get; set; }

    /// <summary><see cref="Flock.Engine.Chains.EnrollmentStatus"/> as an int.</summary>
    public int Status { get; set; }

    /// <summary><see cref="Flock.Engine.Chains.ChainReason"/> as an int.</summary>
    public int EndReason { get; set; }

    public DateTime? EndedOnUtc { get; set; }

    /// <summary>When the scheduler is to look at it next; null while it waits for something other than time (a paused chain) or has ended.</summary>
    public DateTime? DueOnUtc { get; set; }

    public string LeaseToken { get; set; }

    public DateTime? LeaseUntilUtc { get; set; }

    /// <summary>Incremented by every write of the state; a write that does not find the revision it read changes nothing.</summary>
    public int Revision { get; set; }
}
