using Nop.Data;
using Nop.Plugin.Misc.Flock.Data;
using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Services.Inbox;

//inside the namespace: linq2db's conditional Set/UpdateAsync, and its async helpers win over nopCommerce's same-named ones
using LinqToDB;

/// <summary>
/// Rows of the durable inbox. Every change is conditional: an item is taken by one holder at a time (a lease that
/// expires, so a crashed node's item is taken again), finished or failed only by its holder.
/// </summary>
public class InboxService
{
    protected readonly IRepository<FlockInboxItem> _inboxRepository;

    public InboxService(IRepository<FlockInboxItem> inboxRepository)
    {
        _inboxRepository = inboxRepository;
    }

    /// <summary>Records the event; null when the same (kind, entity, discriminator) is recorded already (a replay).</summary>
    public virtual async Task<FlockInboxItem> EnqueueAsync(string kind, int entityId, string discriminator = "", string payload = null)
    {
        var now = DateTime.UtcNow;
        var item = new FlockInboxItem
        {
            Kind = kind,
            EntityId = entityId,
            Discriminator = discriminator ?? "",
            Payload = payload,
            CreatedOnUtc = now,
            DueOnUtc = now
        };
        try
        {
            await _inboxRepository.InsertAsync(item, false);
            return item;
        }
        catch (Exception exception) when (UniqueKey.IsViolation(exception))
        {
            return null;
        }
    }

    public virtual Task<FlockInboxItem> GetByIdAsync(int id) => _inboxRepository.Table.FirstOrDefaultAsync(i => i.Id == id);

    public virtual Task<FlockInboxItem> GetAsync(string kind, int entityId, string discriminator = "") =>
        _inboxRepository.Table.FirstOrDefaultAsync(i => i.Kind == kind && i.EntityId == entityId && i.Discriminator == (discriminator ?? ""));

    /// <summary>Takes the item when it is not done and nobody holds it (or its holder's lease ran out).</summary>
    public virtual async Task<bool> TryLeaseAsync(int id, string token, DateTime nowUtc, DateTime untilUtc) =>
        await _inboxRepository.Table
            .Where(i => i.Id == id && i.DoneOnUtc == null && (i.LeaseUntilUtc == null || i.LeaseUntilUtc < nowUtc))
            .Set(i => i.LeaseToken, token)
            .Set(i => i.LeaseUntilUtc, untilUtc)
            .UpdateAsync() == 1;

    public virtual async Task<bool> CompleteAsync(int id, string token) =>
        await _inboxRepository.Table.Where(i => i.Id == id && i.LeaseToken == token)
            .Set(i => i.DoneOnUtc, DateTime.UtcNow)
            .Set(i => i.LeaseToken, (string)null)
            .Set(i => i.LeaseUntilUtc, (DateTime?)null)
            .Set(i => i.LastError, (string)null)
            .UpdateAsync() == 1;

    /// <summary>The holder failed: counted, the error kept, tried again at <paramref name="nextUtc"/>.</summary>
    public virtual async Task FailAsync(int id, string token, string error, DateTime nextUtc) =>
        await _inboxRepository.Table.Where(i => i.Id == id && i.LeaseToken == token)
            .Set(i => i.Attempts, i => i.Attempts + 1)
            .Set(i => i.LastError, error == null ? null : error.Length > 1000 ? error[..1000] : error)
            .Set(i => i.DueOnUtc, nextUtc)
            .Set(i => i.LeaseToken, (string)null)
            .Set(i => i.LeaseUntilUtc, (DateTime?)null)
            .UpdateAsync();

    /// <summary>The holder found the item not ready yet (it waits for another item): due again later, not counted as a failure.</summary>
    public virtual async Task PostponeAsync(int id, string token, DateTime nextUtc) =>
        await _inboxRepository.Table.Where(i => i.Id == id && i.LeaseToken == token)
            .Set(i => i.DueOnUtc, nextUtc)
            .Set(i => i.LeaseToken, (string)null)
            .Set(i => i.LeaseUntilUtc, (DateTime?)null)
            .UpdateAsync();

    /// <summary>Items due now and free, oldest due first (index on done, due).</summary>
    public virtual async Task<IList<int>> GetDueIdsAsync(DateTime nowUtc, int max) =>
        await _inboxRepository.Table
            .Where(i => i.DoneOnUtc == null && i.DueOnUtc <= nowUtc && (i.LeaseUntilUtc == null || i.LeaseUntilUtc < nowUtc))
            .OrderBy(i => i.DueOnUtc).ThenBy(i => i.Id)
            .Select(i => i.Id).Take(max).ToListAsync();

    /// <summary>Items not done: how many, and how many failed at least <paramref name="stuckAfter"/> times (for the admin).</summary>
    public virtual async Task<(int Pending, int Stuck)> CountOpenAsync(int stuckAfter)
    {
        var pending = await _inboxRepository.Table.CountAsync(i => i.DoneOnUtc == null);
        var stuck = pending == 0 ? 0 : await _inboxRepository.Table.CountAsync(i => i.DoneOnUtc == null && i.Attempts >= stuckAfter);
        return (pending, stuck);
    }

    public virtual async Task<IList<FlockInboxItem>> GetStuckAsync(int stuckAfter, int max) =>
        await _inboxRepository.Table.Where(i => i.DoneOnUtc == null && i.Attempts >= stuckAfter)
            .OrderBy(i => i.Id).Take(max).ToListAsync();

    /// <summary>GDPR: the placement facts recorded from this customer's requests (device and referral cookies) go.</summary>
    public virtual Task<int> ForgetRequestsOfCustomerAsync(int customerId)
    {
        var marker = $"\"RequestCustomerId\":{customerId},";
        return _inboxRepository.Table.Where(i => i.Payload != null && i.Payload.Contains(marker))
            .Set(i => i.Payload, (string)null).UpdateAsync();
    }

    /// <summary>Done items older than <paramref name="beforeUtc"/> go (the rows they produced stay).</summary>
    public virtual Task<int> PurgeDoneAsync(DateTime beforeUtc) =>
        _inboxRepository.Table.Where(i => i.DoneOnUtc != null && i.DoneOnUtc < beforeUtc).DeleteAsync();
}
