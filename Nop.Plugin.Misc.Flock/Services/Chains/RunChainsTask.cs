using Nop.Services.ScheduleTasks;

namespace Nop.Plugin.Misc.Flock.Services.Chains;

/// <summary>
/// The schedule task "Flock: run chains": one <see cref="ChainScheduler"/> run. Runs may overlap (nopCommerce's task lock
/// is not atomic and every node runs its timers); every step of a run is safe for that by itself.
/// </summary>
public class RunChainsTask : IScheduleTask
{
    protected readonly FlockSettings _flockSettings;
    protected readonly ChainScheduler _chainScheduler;
    protected readonly Segments.SegmentService _segmentService;

    public RunChainsTask(FlockSettings flockSettings, ChainScheduler chainScheduler, Segments.SegmentService segmentService)
    {
        _flockSettings = flockSettings;
        _chainScheduler = chainScheduler;
        _segmentService = segmentService;
    }

    public async Task ExecuteAsync()
    {
        if (!_flockSettings.Enabled)
            return;
        //the RFM model is built here (daily), never in a shopper's request: conditions and messages read it from memory
        await _segmentService.EnsureModelAsync();
        await _chainScheduler.RunAsync();
    }
}
