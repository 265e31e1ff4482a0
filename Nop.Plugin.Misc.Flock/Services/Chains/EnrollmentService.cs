using Flock.Engine.Chains;
using Nop.Core.Domain.Customers;
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
    protected readonly IRepository<Customer> _customerRepository;
    protected readonly IRepository<Nop.Core.Domain.Discounts.Discount> _discountRepository;
    protected readonly IRepository<FlockChainAction> _actionRepository;
    protected readonly IRepository<FlockChainDecision> _decisionRepository;
    protected readonly IRepository<FlockContactGate> _gateRepository;
    protected readonly IRepository<FlockEnrollment> _enrollmentRepository;

    public EnrollmentService(IRepository<Customer> customerRepository,
        IRepository<Nop.Core.Domain.Discounts.Discount> discountRepository,
        IRepository<FlockChainAction> actionRepository,
        IRepository<FlockChainDecision> decisionRepository,
        IRepository<FlockContactGate> gateRepository,
        IRepository<FlockEnrollment> enrollmentRepository)
    {
        _customerRepository = customerRepository;
        _discountRepository = discountRepository;
        _actionRepository = actionRepository;
        _decisionRepository = decisionRepository;
        _gateRepository = gateRepository;
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
        //a conditional update: of two nodes reading the same due rows, each row goes to exactly one, and only while it is still due
        await _enrollmentRepository.Table
            .Where(e => due.Contains(e.Id) && e.Status == active && e.DueOnUtc != null && e.DueOnUtc <= nowUtc
                && (e.LeaseUntilUtc == null || e.LeaseUntilUtc < nowUtc))
            .Set(e => e.LeaseToken, token).Set(e => e.LeaseUntilUtc, nowUtc.Add(lease)).UpdateAsync();
        return await _enrollmentRepository.Table.Where(e => due.Contains(e.Id) && e.LeaseToken == token).OrderBy(e => e.DueOnUtc).ToListAsync();
    }

    /// <summary>
    /// Records what an advance decided, inside the caller's transaction (<see cref="FlockTransaction"/>): the actions
    /// (each once by its key), the state only under the lease and revision read, the log. False when the row was no
    /// longer this writer's: the caller then does not complete the transaction, and the actions go with it.
    /// </summary>
    public virtual async Task<bool> SaveAsync(FlockEnrollment row, string token, ChainAdvance advance, string recipientKey = null)
    {
        var now = DateTime.UtcNow;
        foreach (var action in advance.Actions)
            await InsertActionOnceAsync(row, action, now, recipientKey);
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
        //one insert per row: nopCommerce's list insert takes identities as MAX(Id)+1 on SQL Server and MySQL, which two
        //nodes logging at once would collide on; a call logs a handful of rows
        foreach (var row in rows)
            await _decisionRepository.InsertAsync(row, publishEvent: false);
    }

    /// <summary>A customer's decision log, oldest first (for explanations and the timeline).</summary>
    public virtual async Task<IList<ChainDecision>> GetDecisionsAsync(int customerId, int max = 1000)
    {
        var rows = await _decisionRepository.Table.Where(d => d.CustomerId == customerId).OrderByDescending(d => d.Id).Take(max).ToListAsync();
        return rows.OrderBy(d => d.Id).Select(d => new ChainDecision(d.ChainKey, d.Version, d.CustomerId, d.TriggerKey, d.StepId,
            new DateTimeOffset(DateTime.SpecifyKind(d.CreatedOnUtc, DateTimeKind.Utc)), (ChainReason)d.Reason, d.Detail)).ToList();
    }

    /// <summary>
    /// GDPR: the customer's enrollments, recorded actions (pending ones are never carried out) and decision log go with
    /// them. <paramref name="keepAddressHistory"/> (a record nopCommerce deleted, not an erasure): their sent messages'
    /// address keys (HMACs, no address) stay for the same-address rule.
    /// </summary>
    public virtual async Task EraseCustomerAsync(int customerId, bool keepAddressHistory = false)
    {
        var done = ChainActionStates.Done;
        var send = ChainActionKinds.Send;
        if (keepAddressHistory)
            await _actionRepository.DeleteAsync(a => a.CustomerId == customerId && !(a.Kind == send && a.State == done && a.RecipientKey != null));
        else
            await _actionRepository.DeleteAsync(a => a.CustomerId == customerId);
        await _decisionRepository.DeleteAsync(d => d.CustomerId == customerId);
        await _enrollmentRepository.DeleteAsync(e => e.CustomerId == customerId);
        await _gateRepository.DeleteAsync(g => g.CustomerId == customerId);
    }

    /// <summary>The customer's enrollments, oldest first (a sign-in joins a guest's to the account).</summary>
    public virtual async Task<IList<FlockEnrollment>> GetOfCustomerAsync(int customerId) =>
        await _enrollmentRepository.Table.Where(e => e.CustomerId == customerId).OrderBy(e => e.Id).ToListAsync();

    public virtual async Task<FlockEnrollment> GetByIdAsync(int id) =>
        await _enrollmentRepository.Table.FirstOrDefaultAsync(e => e.Id == id);

    /// <summary>
    /// Carries out <see cref="AccountJoin.JoinOf"/> for one of the guest's enrollments, as it was read: one conditional
    /// update on its revision (false, changing nothing, when a node advanced it meanwhile: read it again and decide again).
    /// Moving takes its actions (the account becomes the holder of its coupons) and its decision log along; ending leaves
    /// its pending actions to the executor, which stops them (<see cref="ChainFacts.EndedBySignIn"/>) and withdraws an
    /// undelivered coupon as for any stop.
    /// </summary>
    public virtual async Task<bool> JoinToAccountAsync(FlockEnrollment row, GuestEnrollmentJoin join, int accountId, DateTime nowUtc)
    {
        var (id, guestId, revision, chainKey, triggerKey) = (row.Id, row.CustomerId, row.Revision, row.ChainKey, row.TriggerKey);
        var active = (int)EnrollmentStatus.Active;
        var holder = join.MovesToAccount ? accountId : guestId;
        var query = _enrollmentRepository.Table.Where(e => e.Id == id && e.CustomerId == guestId && e.Revision == revision)
            .Set(e => e.CustomerId, holder).Set(e => e.Revision, revision + 1);
        if (join.Ends)
            query = query.Set(e => e.Status, (int)EnrollmentStatus.Exited).Set(e => e.EndReason, (int)ChainReason.JoinedAccount)
                .Set(e => e.EndedOnUtc, nowUtc).Set(e => e.DueOnUtc, (DateTime?)null);
        if (await query.UpdateAsync() != 1)
            return false;
        if (join.MovesToAccount)
        {
            await _actionRepository.Table.Where(a => a.EnrollmentId == id).Set(a => a.CustomerId, accountId).UpdateAsync();
            await _decisionRepository.Table.Where(d => d.CustomerId == guestId && d.ChainKey == chainKey && d.TriggerKey == triggerKey)
                .Set(d => d.CustomerId, accountId).UpdateAsync();
        }
        var now = new DateTimeOffset(nowUtc, TimeSpan.Zero);
        if (join.Ends)
            await LogAsync([AccountJoin.Ended(chainKey, row.Version, triggerKey, holder, guestId, accountId, now)]);
        else if (join.MovesToAccount && row.Status == active)
            await LogAsync([AccountJoin.TakenOver(chainKey, row.Version, triggerKey, guestId, accountId, now)]);
        return true;
    }

    /// <summary>
    /// A resumed or archived chain: its held enrollments (due at their next hourly re-check at the latest) are due now.
    /// Enrollments in longer waits keep their moment; a leased row is left to its holder, whose save keeps it due soon.
    /// </summary>
    public virtual async Task<int> ReArmAsync(string chainKey, DateTime nowUtc)
    {
        var active = (int)EnrollmentStatus.Active;
        var heldUntil = nowUtc.Add(ChainMachine.HoldRecheck);
        return await _enrollmentRepository.Table.Where(e => e.ChainKey == chainKey && e.Status == active
                && (e.DueOnUtc == null || (e.DueOnUtc > nowUtc && e.DueOnUtc <= heldUntil)) && (e.LeaseUntilUtc == null || e.LeaseUntilUtc < nowUtc))
            .Set(e => e.DueOnUtc, nowUtc).UpdateAsync();
    }

    /// <summary>
    /// Retention, in batches of <paramref name="batch"/> (at most <paramref name="maxBatches"/> per call, so no statement
    /// holds a big lock and a run ends): finished actions and decisions older than <paramref name="days"/> days — a
    /// coupon's row only once its discount is no longer active, since the requirement reads it; ended enrollments of the
    /// chains in <paramref name="keepEnrollmentDays"/> older than their window (a chain missing there keeps them: a
    /// "once ever" chain needs them to know who was in); and everything of customers nopCommerce deleted for good.
    /// Pending actions and their enrollments are never purged. Returns the rows removed.
    /// </summary>
    public virtual async Task<int> PurgeAsync(DateTime nowUtc, int days, IReadOnlyDictionary<string, int> keepEnrollmentDays = null,
        int batch = 1000, int maxBatches = 20)
    {
        var before = nowUtc.AddDays(-days);
        var removed = 0;
        var active = (int)EnrollmentStatus.Active;
        var pending = ChainActionStates.Pending;
        var coupon = ChainActionKinds.Coupon;

        async Task<int> InBatchesAsync(Func<Task<List<int>>> next, Func<List<int>, Task<int>> delete)
        {
            var total = 0;
            for (var round = 0; round < maxBatches; round++)
            {
                var ids = await next();
                if (ids.Count > 0)
                    total += await delete(ids);
                if (ids.Count < batch)
                    break;
            }
            return total;
        }

        //a send that remembers its address (RecipientKey) is what "this address already got the chain" reads: it stays
        //as long as its chain's re-entry window, like the enrollments below
        removed += await InBatchesAsync(
            () => _actionRepository.Table.Where(a => a.State != pending && (a.DoneOnUtc ?? a.CreatedOnUtc) < before && a.RecipientKey == null
                    && (a.Kind != coupon || !_discountRepository.Table.Any(d => d.Id == a.ResultId && d.IsActive)))
                .OrderBy(a => a.Id).Select(a => a.Id).Take(batch).ToListAsync(),
            ids => _actionRepository.DeleteAsync(a => ids.Contains(a.Id)));

        removed += await InBatchesAsync(
            () => _decisionRepository.Table.Where(d => d.CreatedOnUtc < before).OrderBy(d => d.Id).Select(d => d.Id).Take(batch).ToListAsync(),
            ids => _decisionRepository.DeleteAsync(d => ids.Contains(d.Id)));

        foreach (var (chainKey, keepDays) in keepEnrollmentDays ?? new Dictionary<string, int>())
        {
            var endedBefore = nowUtc.AddDays(-Math.Max(days, keepDays));
            removed += await InBatchesAsync(
                () => _enrollmentRepository.Table.Where(e => e.ChainKey == chainKey && e.Status != active && e.EndedOnUtc != null && e.EndedOnUtc < endedBefore
                        && !_actionRepository.Table.Any(a => a.EnrollmentId == e.Id && a.State == pending))
                    .OrderBy(e => e.Id).Select(e => e.Id).Take(batch).ToListAsync(),
                ids => _enrollmentRepository.DeleteAsync(e => ids.Contains(e.Id)));
            removed += await InBatchesAsync(
                () => _actionRepository.Table.Where(a => a.ChainKey == chainKey && a.RecipientKey != null && a.State != pending
                        && (a.DoneOnUtc ?? a.CreatedOnUtc) < endedBefore)
                    .OrderBy(a => a.Id).Select(a => a.Id).Take(batch).ToListAsync(),
                ids => _actionRepository.DeleteAsync(a => ids.Contains(a.Id)));
        }

        //customers nopCommerce deleted for good (its guest clean-up, mostly; an erasure comes as its own event): everything
        //of theirs goes but the sends that remember an address, so a new guest session with it is still known
        var orphans = await _enrollmentRepository.Table.Where(e => !_customerRepository.Table.Any(c => c.Id == e.CustomerId))
            .Select(e => e.CustomerId).Distinct().Take(batch).ToListAsync();
        foreach (var customerId in orphans)
            await EraseCustomerAsync(customerId, keepAddressHistory: true);
        return removed + orphans.Count;
    }

    protected virtual async Task InsertActionOnceAsync(FlockEnrollment row, ChainAction action, DateTime now, string recipientKey)
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
                entity.RecipientKey = recipientKey; //the address it is for, from the moment it is recorded (re-read when sent)
                break;
            case IssueCouponAction:
                entity.Kind = ChainActionKinds.Coupon;
                break;
            case GrantPointsAction:
                entity.Kind = ChainActionKinds.Points;
                break;
        }
        //recorded by an earlier attempt: it is carried out from that row. The look-up runs under the enrollment's lease
        //and the customer's gate; the unique key stays the last word (a violation rolls the whole advance back, retried)
        var key = entity.Key;
        if (!await _actionRepository.Table.AnyAsync(a => a.Key == key))
            await _actionRepository.InsertAsync(entity, publishEvent: false);
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
