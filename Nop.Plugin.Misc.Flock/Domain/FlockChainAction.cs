using Nop.Core;

namespace Nop.Plugin.Misc.Flock.Domain;

/// <summary>
/// Something a chain step does (a message, a coupon, points), recorded under its unique idempotency key in the same
/// transaction as the enrollment's new state, then carried out and marked done; a failure is retried with back-off from
/// this row, never lost and never doubled.
/// </summary>
public class FlockChainAction : BaseEntity
{
    /// <summary>Unique: (chain, step, customer, trigger occurrence) — <see cref="Flock.Engine.Chains.ChainActionKeys"/>.</summary>
    public string Key { get; set; }

    public int EnrollmentId { get; set; }

    public int CustomerId { get; set; }

    public int StoreId { get; set; }

    public string ChainKey { get; set; }

    public string StepId { get; set; }

    /// <summary>send, coupon or points.</summary>
    public string Kind { get; set; }

    /// <summary><see cref="Flock.Engine.Messaging.Channel"/> of a send; 0 otherwise.</summary>
    public int Channel { get; set; }

    /// <summary><see cref="Flock.Engine.Messaging.MessagePriority"/> of a send.</summary>
    public int Priority { get; set; }

    /// <summary>The action's details (template, percent, points…) as JSON.</summary>
    public string PayloadJson { get; set; }

    /// <summary>pending, done, failed (retried), expired (its deadline passed before it could be carried out).</summary>
    public string State { get; set; }

    public int Attempts { get; set; }

    public DateTime NextAttemptOnUtc { get; set; }

    /// <summary>A send is worthless after this moment.</summary>
    public DateTime? DeadlineUtc { get; set; }

    public DateTime CreatedOnUtc { get; set; }

    public DateTime? DoneOnUtc { get; set; }

    /// <summary>What nopCommerce made of it: the queued email's id, the discount's id, the points history entry's id.</summary>
    public int ResultId { get; set; }

    public string LastError { get; set; }

    public string LeaseToken { get; set; }

    public DateTime? LeaseUntilUtc { get; set; }

    /// <summary>Of a sent message: the HMAC of the normalised address it went to (no address stored), for "this address already got the chain".</summary>
    public string RecipientKey { get; set; }

    /// <summary>A sent message was first opened (its picture loaded, or a link followed); set once.</summary>
    public DateTime? OpenedOnUtc { get; set; }

    /// <summary>A tracked link of a sent message was first followed; set once.</summary>
    public DateTime? ClickedOnUtc { get; set; }
}
