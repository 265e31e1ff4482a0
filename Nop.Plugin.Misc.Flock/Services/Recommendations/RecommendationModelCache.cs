using Flock.Engine.Recommendations;

namespace Nop.Plugin.Misc.Flock.Services.Recommendations;

/// <summary>
/// This node's recommendation model: the catalog, the bought-together model and every customer's paid baskets, in
/// memory. Built from the orders at start (a million order lines build in well under a second; the database read is
/// the cost), then kept current from the inbox every node shares (<see cref="RecommendationDataService.ReadChangedCustomersAsync"/>):
/// a changed customer's baskets are read again and only the difference is applied, so two web-farm nodes converge on
/// the same model whichever of them handled the order. Shoppers' requests only read, under a read lock; one writer at a
/// time (the worker), each write a short exclusive section.
/// </summary>
public class RecommendationModelCache
{
    protected readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    protected readonly SemaphoreSlim _writer = new(1, 1);
    protected RecommendationCatalog _catalog = RecommendationCatalog.Empty;
    protected CoPurchaseModel _model;
    protected Dictionary<int, PurchasedBasket[]> _baskets = [];
    protected int _watermark;

    /// <summary>How far back a catch-up reads the inbox again, below the watermark (inserts that committed late).</summary>
    public static readonly TimeSpan OutOfOrderWindow = TimeSpan.FromMinutes(1);

    /// <summary>How the bought-together model counts purchases (decay, wholesale orders); changing it needs a rebuild.</summary>
    public static CoPurchaseOptions ModelOptions { get; } = CoPurchaseOptions.Default;

    public bool IsReady => _model is not null;

    public DateTime? BuiltOnUtc { get; protected set; }

    public TimeSpan BuildDuration { get; protected set; }

    public DateTime? CatalogReadOnUtc { get; protected set; }

    public DateTime? CaughtUpOnUtc { get; protected set; }

    /// <summary>Runs <paramref name="read"/> against the model under the read lock; default when the model is not built yet.</summary>
    public virtual T Read<T>(Func<RecommendationCatalog, CoPurchaseModel, T> read, T notReady = default)
    {
        _lock.EnterReadLock();
        try
        {
            return _model is null ? notReady : read(_catalog, _model);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>A customer's paid baskets as the model holds them (empty when none).</summary>
    public virtual PurchasedBasket[] BasketsOf(int customerId) => Read((_, _) => _baskets.GetValueOrDefault(customerId, []), []);

    /// <summary>The full build: catalog, baskets and model read anew and swapped in at once.</summary>
    public virtual async Task BuildAsync(RecommendationDataService data, DateTime nowUtc)
    {
        await _writer.WaitAsync();
        try
        {
            var started = DateTime.UtcNow;
            //changes recorded while the orders are read are applied again on the next catch-up (a replay is a no-op)
            var watermark = await data.LatestChangeAsync();
            var baskets = await data.ReadAllBasketsAsync();
            var catalog = await data.ReadCatalogAsync(nowUtc);
            var model = CoPurchaseModel.Build(baskets.Values, ModelOptions, new DateTimeOffset(nowUtc, TimeSpan.Zero));
            Write(() =>
            {
                _catalog = catalog;
                _model = model;
                _baskets = baskets;
                _watermark = watermark;
            });
            BuiltOnUtc = CatalogReadOnUtc = nowUtc;
            CaughtUpOnUtc = started;
            BuildDuration = DateTime.UtcNow - started;
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>The catalog read anew (prices, stock, publication, mappings), the model kept.</summary>
    public virtual async Task RefreshCatalogAsync(RecommendationDataService data, DateTime nowUtc)
    {
        await _writer.WaitAsync();
        try
        {
            var catalog = await data.ReadCatalogAsync(nowUtc);
            Write(() => _catalog = catalog);
            CatalogReadOnUtc = nowUtc;
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>Applies the customers changed since the last catch-up; the number of customers applied.</summary>
    public virtual async Task<int> CatchUpAsync(RecommendationDataService data, DateTime nowUtc)
    {
        if (!IsReady)
            return 0;
        await _writer.WaitAsync();
        try
        {
            //a minute of overlap with the previous catch-up: inbox inserts commit out of id order under concurrency
            var since = (CaughtUpOnUtc ?? nowUtc) - OutOfOrderWindow;
            var (customers, latest) = await data.ReadChangedCustomersAsync(_watermark, since);
            var after = customers.Count == 0 ? [] : await data.ReadBasketsAsync(customers);
            Write(() =>
            {
                foreach (var (customerId, baskets) in after)
                {
                    _model.ReplaceCustomer(_baskets.GetValueOrDefault(customerId, []), baskets);
                    if (baskets.Length == 0)
                        _baskets.Remove(customerId);
                    else
                        _baskets[customerId] = baskets;
                }

                _watermark = latest;
            });
            var applied = after.Count;
            CaughtUpOnUtc = nowUtc;
            return applied;
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>True when the model's time decay needs a new epoch (years after the build).</summary>
    public virtual bool NeedsRebuild(DateTime nowUtc) => Read((_, model) => model.NeedsRebuild(new DateTimeOffset(nowUtc, TimeSpan.Zero)), false);

    protected virtual void Write(Action write)
    {
        _lock.EnterWriteLock();
        try
        {
            write();
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }
}
