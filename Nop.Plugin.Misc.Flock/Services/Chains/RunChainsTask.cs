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

    public RunChainsTask(FlockSettings flockSettings, ChainScheduler chainScheduler)
    {
        _flockSettings = flockSettings;
        _chainScheduler = chainScheduler;
    }

    public async Task ExecuteAsync()
    {
        if (_flockSettings.Enabled)
            await _chainScheduler.RunAsync();
    }
}
