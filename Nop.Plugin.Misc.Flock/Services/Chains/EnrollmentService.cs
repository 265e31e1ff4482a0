using Flock.Engine.Chains;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Data;
using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Services.Chains;

//inside the namespace: linq2db's conditional Set/UpdateAsync, and its async helpers win over nopCommerce's same-named ones
using LinqToDB;

/// <summary>
/// Enrollment rows, the decision log and the recorded actions. "Only once" is the database's: an enrollment is unique
/// per (chain, customer, occurrence), an action per idempotency key; state is written back only under the writer's
/// lease and the revision it read.
/// </summary>
public class EnrollmentService
{
    protected readonly IRepository<FlockChainAction> _actionRepository;
    protected readonly IRepository<FlockChainDecision> _decisionRepository;
    protected readonly IRepository<FlockEnrollment> _enrollmentRepository;

    public EnrollmentService(IRepository<FlockChainAction> actionRepository,
        IRepository<FlockChainDecision> decisionRepository,
        IRepository<FlockEnrollment> enrollmentRepository)
    {
        _actionRepository = actionRepository;
        _decisionRepository = decisionRepository;
        _enrollmentRepository = enrollmentRepository;
    }

    /// <summary>Inserts the enrollment; false when this occurrence was enrolled already (here or on another node).</summary>
    public virtual async Task<bool> InsertOnceAsync(FlockEnrollment enrollment)
    {
        try
        {
            await _enrollmentRepository.InsertAsync(enrollment, publishEvent: false);
            return true;
        }
        catch (Exception exception) when (UniqueKey.IsViolation(exception))
        {
            return false;
        }
    }

    /// <summary>The customer's latest entry into the chain, and whether this occurrence entered already.</summary>
    public virtual async Task<(DateTime? LastEnteredUtc, bool OccurrenceEntered)> GetEntryHistoryAsync(string chainKey, int customerId, string triggerKey)
    {
        var rows = await _enrollmentRepository.Table.Where(e => e.ChainKey == chainKey && e.CustomerId == customerId)
            .Select(e => new { e.EnrolledOnUtc, e.TriggerKey }).ToListAsync();
        return (rows.Count == 0 ? null : rows.Max(r => r.EnrolledOnUtc), rows.Any(r => r.TriggerKey == triggerKey));
    }

    /// <summary>Leases up to <paramref name="max"/> due enrollments for <paramref name="token"/>; returns the leased rows, most overdue first.</summary>
    public virtual async Task<IList<FlockEnrollment>> ClaimDueAsync(DateTime nowUtc, int max, string token, TimeSpan lease)
    {
        var active = (int)EnrollmentStatus.Active;
        var due = await _enrollmentRepository.Table
            .Where(e => e.Status == active && e.DueOnUtc != null && e.DueOnUtc <= nowUtc && (e.LeaseUntilUtc == null || e.LeaseUntilUtc < nowUtc))
            .OrderBy(e => e.DueOnUtc).Select(e => e.Id).Take(max).ToListAsync();
        if (due.Count == 0)
            return [];
        //a conditional update: of two nodes reading the same due rows, each row goes to exactly one
        await _enrollmentRepository.Table
            .Where(e => due.Contains(e.Id) && e.Status == active && (e.LeaseUntilUtc == null || e.LeaseUntilUtc < nowUtc))
            .Set(e => e.LeaseToken, token).Set(e => e.LeaseUntilUtc, nowUtc.Add(lease)).UpdateAsync();
        return await _enrollmentRepository.Table.Where(e => due.Contains(e.Id) && e.LeaseToken == token).OrderBy(e => e.DueOnUtc).ToListAsync();
    }

    /// <summary>
    /// Records what an advance decided: the actions first (each once by its key, so a crash before the state is written
    /// loses nothing and a replay doubles nothing), then the state, only under the lease and revision read, then the log.
    /// False when the row was no longer this writer's.
    /// </summary>
    public virtual async Task<bool> SaveAsync(FlockEnrollment row, string token, ChainAdvance advance)
    {
        var now = DateTime.UtcNow;
        foreach (var action in advance.Actions)
            await InsertActionOnceAsync(row, action, now);
        var next = advance.Enrollment;
        var revision = row.Revision;
        var saved = await _enrollmentRepository.Table.Where(e => e.Id == row.Id && e.LeaseToken == token && e.Revision == revision)
            .Set(e => e.StepIndex, next.StepIndex)
            .Set(e => e.StepEnteredOnUtc, next.StepEnteredAt.UtcDateTime)
            .Set(e => e.Status, (int)next.Status)
            .Set(e => e.EndReason, (int)next.EndReason)
            .Set(e => e.EndedOnUtc, next.EndedAt.HasValue ? next.EndedAt.Value.UtcDateTime : (DateTime?)null)
            .Set(e => e.DueOnUtc, advance.NextDueAt.HasValue ? advance.NextDueAt.Value.UtcDateTime : (DateTime?)null)
            .Set(e => e.Revision, revision + 1)
            .Set(e => e.LeaseToken, (string)null)
            .Set(e => e.LeaseUntilUtc, (DateTime?)null)
            .UpdateAsync() == 1;
        if (saved)
            await LogAsync(advance.Decisions);
        return saved;
    }

    /// <summary>Gives a leased row back unchanged, due again at <paramref name="dueUtc"/> (a failure; retried then).</summary>
    public virtual async Task ReleaseAsync(int id, string token, DateTime dueUtc) =>
        await _enrollmentRepository.Table.Where(e => e.Id == id && e.LeaseToken == token)
            .Set(e => e.DueOnUtc, dueUtc).Set(e => e.LeaseToken, (string)null).Set(e => e.LeaseUntilUtc, (DateTime?)null).UpdateAsync();

    public virtual async Task LogAsync(IEnumerable<ChainDecision> decisions)
    {
        var rows = decisions.Select(d => new FlockChainDecision
        {
            CustomerId = d.CustomerId, ChainKey = d.ChainKey, Version = d.Version, TriggerKey = d.TriggerKey, StepId = d.StepId,
            Reason = (int)d.Reason, Detail = d.Detail is { Length: > 2000 } ? d.Detail[..2000] : d.Detail, CreatedOnUtc = d.At.UtcDateTime
        }).ToList();
        if (rows.Count > 0)
            await _decisionRepository.InsertAsync(rows, publishEvent: false);
    }

    /// <summary>A customer's decision log, oldest first (for explanations and the timeline).</summary>
    public virtual async Task<IList<ChainDecision>> GetDecisionsAsync(int customerId, int max = 1000)
    {
        var rows = await _decisionRepository.Table.Where(d => d.CustomerId == customerId).OrderByDescending(d => d.Id).Take(max).ToListAsync();
        return rows.OrderBy(d => d.Id).Select(d => new ChainDecision(d.ChainKey, d.Version, d.CustomerId, d.TriggerKey, d.StepId,
            new DateTimeOffset(DateTime.SpecifyKind(d.CreatedOnUtc, DateTimeKind.Utc)), (ChainReason)d.Reason, d.Detail)).ToList();
    }

    /// <summary>GDPR: the customer's enrollments, recorded actions (pending ones are never carried out) and decision log go with them.</summary>
    public virtual async Task EraseCustomerAsync(int customerId)
    {
        await _actionRepository.DeleteAsync(a => a.CustomerId == customerId);
        await _decisionRepository.DeleteAsync(d => d.CustomerId == customerId);
        await _enrollmentRepository.DeleteAsync(e => e.CustomerId == customerId);
    }

    protected virtual async Task InsertActionOnceAsync(FlockEnrollment row, ChainAction action, DateTime now)
    {
        var entity = new FlockChainAction
        {
            Key = action.Key, EnrollmentId = row.Id, CustomerId = row.CustomerId, StoreId = row.StoreId, ChainKey = row.ChainKey,
            StepId = action.StepId, State = ChainActionStates.Pending, NextAttemptOnUtc = now, CreatedOnUtc = now,
            PayloadJson = ChainActionPayload.Write(action)
        };
        switch (action)
        {
            case SendMessageAction send:
                entity.Kind = ChainActionKinds.Send;
                entity.Channel = (int)send.Channel;
                entity.Priority = (int)send.Priority;
                entity.DeadlineUtc = send.Deadline.UtcDateTime;
                break;
            case IssueCouponAction:
                entity.Kind = ChainActionKinds.Coupon;
                break;
            case GrantPointsAction:
                entity.Kind = ChainActionKinds.Points;
                break;
        }
        try
        {
            await _actionRepository.InsertAsync(entity, publishEvent: false);
        }
        catch (Exception exception) when (UniqueKey.IsViolation(exception))
        {
            //recorded by an earlier attempt: it is carried out from that row
        }
    }
}

public static class ChainActionKinds
{
    public const string Send = "send";
    public const string Coupon = "coupon";
    public const string Points = "points";
}

public static class ChainActionStates
{
    public const string Pending = "pending";
    public const string Done = "done";
    /// <summary>Not carried out on purpose: an exit goal was met or consent withdrawn by the moment of sending.</summary>
    public const string Cancelled = "cancelled";
    /// <summary>Its deadline passed before it could be carried out.</summary>
    public const string Expired = "expired";
}
