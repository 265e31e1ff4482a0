using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Services.Behaviour;

//inside the namespace: linq2db's conditional Set/UpdateAsync, and its async helpers win over nopCommerce's same-named ones
using LinqToDB;

/// <summary>What shoppers do, as compact rows: one insert per activity on the request, read in order by the chain scheduler.</summary>
public class ActivityService
{
    protected readonly IRepository<FlockActivity> _activityRepository;
    protected readonly ActivityBuffer _buffer;

    public ActivityService(IRepository<FlockActivity> activityRepository, ActivityBuffer buffer)
    {
        _activityRepository = activityRepository;
        _buffer = buffer;
    }

    /// <summary>Writes the buffered views and searches in one batch; what fails goes back to the buffer.</summary>
    public virtual async Task<int> FlushBufferAsync()
    {
        var batch = _buffer.TakeAll();
        if (batch.Count == 0)
            return 0;
        try
        {
            await _activityRepository.InsertAsync(batch, publishEvent: false);
            return batch.Count;
        }
        catch
        {
            _buffer.Return(batch);
            throw;
        }
    }

    public virtual Task RecordAsync(int customerId, int storeId, global::Flock.Engine.Chains.ChainTriggerKind kind, int entityId = 0, string text = null) =>
        _activityRepository.InsertAsync(new FlockActivity
        {
            CustomerId = customerId,
            StoreId = storeId,
            Kind = (int)kind,
            EntityId = entityId,
            Text = text is { Length: > 200 } ? text[..200] : text,
            CreatedOnUtc = DateTime.UtcNow
        }, publishEvent: false);

    /// <summary>
    /// Occurrences of the triggers no request raises (<see cref="global::Flock.Engine.Chains.ScheduledTriggers"/>), each
    /// at its own moment and in the store given, written in batches; inside the caller's transaction when there is one.
    /// </summary>
    public virtual async Task InsertOccurrencesAsync(IReadOnlyList<global::Flock.Engine.Chains.ScheduledOccurrence> occurrences, Func<global::Flock.Engine.Chains.ScheduledOccurrence, int> storeOf)
    {
        foreach (var batch in occurrences.Chunk(1000))
            await _activityRepository.InsertAsync(batch.Select(o => new FlockActivity
            {
                CustomerId = o.CustomerId, StoreId = storeOf(o), Kind = (int)o.Kind, EntityId = o.EntityId, Text = o.Text, CreatedOnUtc = o.AtUtc,
            }).ToList(), publishEvent: false);
    }

    /// <summary>The oldest activities not yet offered to the chains, in the order they happened.</summary>
    public virtual async Task<IList<FlockActivity>> GetUnhandledAsync(int max) =>
        await _activityRepository.Table.Where(a => !a.Handled).OrderBy(a => a.Id).Take(max).ToListAsync();

    /// <summary>
    /// Marks the activities offered as handled — each only while it still belongs to the customer it was read with: one a
    /// sign-in moved to the account meanwhile (<see cref="MoveToAccountAsync"/>) stays to be offered again as the account's.
    /// </summary>
    public virtual async Task MarkHandledAsync(ICollection<FlockActivity> offered)
    {
        if (offered.Count == 0)
            return;
        var ids = offered.Select(a => a.Id).ToList();
        var read = offered.Select(a => OwnedKey(a.Id, a.CustomerId)).ToList();
        await _activityRepository.Table.Where(a => ids.Contains(a.Id) && read.Contains((long)a.Id * OwnerFactor + a.CustomerId)).Set(a => a.Handled, true).UpdateAsync();
    }

    // (activity, customer) as one number the database can compare: ids are below 2^31, so the pair is exact
    private const long OwnerFactor = 1L << 31;
    private static long OwnedKey(int id, int customerId) => id * OwnerFactor + customerId;

    /// <summary>A guest signed in (<see cref="global::Flock.Engine.Chains.AccountJoin"/>): the guest's activity becomes the account's, as it is.</summary>
    public virtual async Task<int> MoveToAccountAsync(int guestId, int accountId) =>
        await _activityRepository.Table.Where(a => a.CustomerId == guestId).Set(a => a.CustomerId, accountId).UpdateAsync();

    /// <summary>GDPR: the customer's activity goes with them.</summary>
    public virtual async Task DeleteByCustomerAsync(int customerId) =>
        await _activityRepository.DeleteAsync(a => a.CustomerId == customerId);

    /// <summary>
    /// Retention: handled activity older than <paramref name="days"/> days is deleted (inactivity waits only need the
    /// latest), in batches of <paramref name="batch"/> rows so no statement holds a big lock.
    /// </summary>
    public virtual async Task<int> PurgeAsync(DateTime nowUtc, int days, int batch = 5000, int maxBatches = 40)
    {
        var before = nowUtc.AddDays(-days);
        var removed = 0;
        for (var round = 0; round < maxBatches; round++)
        {
            var ids = await _activityRepository.Table.Where(a => a.Handled && a.CreatedOnUtc < before).OrderBy(a => a.Id).Select(a => a.Id).Take(batch).ToListAsync();
            if (ids.Count > 0)
                removed += await _activityRepository.DeleteAsync(a => ids.Contains(a.Id));
            if (ids.Count < batch)
                break;
        }
        return removed;
    }

    /// <summary>The latest activity of a kind for each of the customers (for inactivity waits).</summary>
    public virtual async Task<Dictionary<(int CustomerId, int Kind), DateTime>> GetLatestAsync(IReadOnlyCollection<int> customerIds, IReadOnlyCollection<int> kinds)
    {
        if (customerIds.Count == 0 || kinds.Count == 0)
            return [];
        var rows = await _activityRepository.Table
            .Where(a => customerIds.Contains(a.CustomerId) && kinds.Contains(a.Kind))
            .GroupBy(a => new { a.CustomerId, a.Kind })
            .Select(g => new { g.Key.CustomerId, g.Key.Kind, Latest = g.Max(a => a.CreatedOnUtc) })
            .ToListAsync();
        return rows.ToDictionary(r => (r.CustomerId, r.Kind), r => r.Latest);
    }
}
