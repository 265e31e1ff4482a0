using Flock.Engine.Segments;

namespace Nop.Plugin.Misc.Flock.Services.Segments;

/// <summary>
/// The store's RFM model, one per node (a singleton): built from all customers by <see cref="SegmentService.EnsureModelAsync"/>
/// (the chains task, the segments page), read by requests without ever building it there — a shopper's page never waits
/// for a scan of the order table. Nodes build their own from the same orders, so they agree.
/// </summary>
public class RfmModelCache
{
    private readonly SemaphoreSlim _building = new(1, 1);
    private volatile RfmModel _model;

    /// <summary>The model built last; null before the first build.</summary>
    public virtual RfmModel Current => _model;

    /// <summary>The current model, rebuilt first when there is none or it is due (a day old by default).</summary>
    public virtual async Task<RfmModel> GetOrBuildAsync(Func<Task<RfmModel>> build, DateTimeOffset now)
    {
        var model = _model;
        if (model is not null && !model.NeedsRebuild(now, model.CustomerCount + model.ProspectCount))
            return model;
        await _building.WaitAsync();
        try
        {
            model = _model;
            if (model is null || model.NeedsRebuild(now, model.CustomerCount + model.ProspectCount))
                _model = model = await build();
            return model;
        }
        finally
        {
            _building.Release();
        }
    }

    /// <summary>Forgets the model (the admin's "recompute now"); the next read builds a new one.</summary>
    public virtual void Reset() => _model = null;
}
