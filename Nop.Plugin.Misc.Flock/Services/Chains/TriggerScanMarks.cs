using Nop.Data;
using Nop.Plugin.Misc.Flock.Data;
using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Services.Chains;

//inside the namespace: linq2db's conditional Set/UpdateAsync, and its async helpers win over nopCommerce's same-named ones
using LinqToDB;

/// <summary>How far each scan has come (<see cref="FlockTriggerScan"/>), moved on only by conditional updates: of two nodes that read the same mark, one moves it.</summary>
public class TriggerScanMarks
{
    protected readonly IRepository<FlockTriggerScan> _scanRepository;

    public TriggerScanMarks(IRepository<FlockTriggerScan> scanRepository) => _scanRepository = scanRepository;

    /// <summary>A moment as the database keeps it exactly (whole seconds), so a mark read back compares equal to the one written.</summary>
    public static DateTime Exact(DateTime utc) => DateTime.SpecifyKind(new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);

    public virtual async Task<bool> ExistsAsync(string key) => await _scanRepository.Table.AnyAsync(s => s.Key == key);

    /// <summary>The mark; null when there is none.</summary>
    public virtual async Task<DateTime?> ReadAsync(string key) =>
        await _scanRepository.Table.Where(s => s.Key == key).Select(s => (DateTime?)s.ScannedToUtc).FirstOrDefaultAsync() is { } at ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : null;

    /// <summary>Moves the mark forward to <paramref name="utc"/>, never back (a record of when something last finished, not a claim: a slower node finishing later leaves it).</summary>
    public virtual async Task AdvanceAsync(string key, DateTime utc)
    {
        utc = Exact(utc);
        await EnsureAsync(key, utc);
        await _scanRepository.Table.Where(s => s.Key == key && s.ScannedToUtc < utc).Set(s => s.ScannedToUtc, utc).UpdateAsync();
    }

    /// <summary>The mark, made at <paramref name="initialUtc"/> where there is none yet.</summary>
    public virtual async Task<DateTime> EnsureAsync(string key, DateTime initialUtc)
    {
        initialUtc = Exact(initialUtc);
        if (await _scanRepository.Table.FirstOrDefaultAsync(s => s.Key == key) is { } mark)
            return mark.ScannedToUtc;
        try
        {
            await _scanRepository.InsertAsync(new FlockTriggerScan { Key = key, ScannedToUtc = initialUtc }, publishEvent: false);
            return initialUtc;
        }
        catch (Exception exception) when (UniqueKey.IsViolation(exception))
        {
            return (await _scanRepository.Table.FirstAsync(s => s.Key == key)).ScannedToUtc;
        }
    }

    /// <summary>Moves the mark from <paramref name="readUtc"/> to <paramref name="toUtc"/>; false when another node moved it meanwhile (inside a transaction, the mover holds it to the end).</summary>
    public virtual async Task<bool> MoveAsync(string key, DateTime readUtc, DateTime toUtc) =>
        await _scanRepository.Table.Where(s => s.Key == key && s.ScannedToUtc == readUtc).Set(s => s.ScannedToUtc, Exact(toUtc)).UpdateAsync() == 1;

    /// <summary>
    /// Takes a periodic job: when the mark is missing or older than <paramref name="every"/>, it moves to now and the caller
    /// runs the job (Previous: the mark before, null the first time); otherwise, or when another node took it, not claimed.
    /// </summary>
    public virtual async Task<(bool Claimed, DateTime? Previous)> ClaimAsync(string key, DateTime nowUtc, TimeSpan every)
    {
        nowUtc = Exact(nowUtc);
        if (await _scanRepository.Table.FirstOrDefaultAsync(s => s.Key == key) is not { } mark)
        {
            try
            {
                await _scanRepository.InsertAsync(new FlockTriggerScan { Key = key, ScannedToUtc = nowUtc }, publishEvent: false);
                return (true, null);
            }
            catch (Exception exception) when (UniqueKey.IsViolation(exception))
            {
                return (false, null);
            }
        }
        if (nowUtc - mark.ScannedToUtc < every)
            return (false, mark.ScannedToUtc);
        return (await MoveAsync(key, mark.ScannedToUtc, nowUtc), mark.ScannedToUtc);
    }
}
