using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Services.Logging;
using Nop.Services.Plugins;
using Nop.Plugin.Misc.Flock.Services.Referrals;

namespace Nop.Plugin.Misc.Flock.Services.Inbox;

/// <summary>
/// The inbox's worker, one per store process (web-farm nodes each run one; leases keep them apart): carries out the
/// items this node's handlers ring for at once, each in its own service scope (like nopCommerce's own task runs), writes
/// buffered exposures and catalog activity about every second, and sweeps the inbox every few seconds for what is due — retries, rings
/// that were lost, items of a node that died holding them. Idle while Flock is not installed.
/// </summary>
public class InboxWorker : BackgroundService
{
    protected static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    protected static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(5);
    protected static readonly TimeSpan PurgeEvery = TimeSpan.FromHours(1);
    protected static readonly TimeSpan KeepDone = TimeSpan.FromDays(7);
    protected static readonly TimeSpan KeepPrepared = TimeSpan.FromDays(30);

    protected readonly IServiceScopeFactory _scopeFactory;
    protected readonly InboxSignal _signal;
    protected readonly ExposureBuffer _exposures;
    protected readonly Behaviour.ActivityBuffer _activities;
    protected readonly Infrastructure.ShopperTraffic _traffic;

    /// <summary>The longest the worker defers an item to shoppers' requests, from its ring, before it carries it out anyway.</summary>
    public static readonly TimeSpan MaxDeferral = TimeSpan.FromMilliseconds(750);

    public InboxWorker(IServiceScopeFactory scopeFactory, InboxSignal signal, ExposureBuffer exposures, Behaviour.ActivityBuffer activities,
        Infrastructure.ShopperTraffic traffic)
    {
        _traffic = traffic;
        _scopeFactory = scopeFactory;
        _signal = signal;
        _exposures = exposures;
        _activities = activities;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextSweep = DateTime.MinValue;
        var nextPurge = DateTime.UtcNow.AddMinutes(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _signal.WaitAsync(Tick, stoppingToken);
                if (!await InstalledAsync())
                {
                    while (_signal.TryTake(out _, out _)) { }
                    await Task.Delay(TimeSpan.FromSeconds(30), stoppingToken);
                    continue;
                }

                var rung = new List<int>();
                var firstRungAtMs = long.MaxValue;
                while (_signal.TryTake(out var itemId, out var rungAtMs))
                {
                    rung.Add(itemId);
                    firstRungAtMs = Math.Min(firstRungAtMs, rungAtMs);
                }
                if (rung.Count > 0)
                {
                    //the page that follows a placement is being served right now: let it finish first (the thank-you
                    //block's own request waits for this), but never hold an item longer than MaxDeferral after its ring
                    var left = firstRungAtMs + (long)MaxDeferral.TotalMilliseconds - Environment.TickCount64;
                    if (left > 0)
                        await _traffic.WaitForLullAsync(TimeSpan.FromMilliseconds(left), stoppingToken);
                    foreach (var itemId in rung)
                        await InScopeAsync(p => p.GetRequiredService<InboxProcessor>().ProcessAsync(itemId));
                }

                if (!_exposures.IsEmpty)
                    await InScopeAsync(p => p.GetRequiredService<AnalyticsEventService>().FlushExposuresAsync());
                if (!_activities.IsEmpty)
                    await InScopeAsync(p => p.GetRequiredService<Behaviour.ActivityService>().FlushBufferAsync());

                var now = DateTime.UtcNow;
                if (now >= nextSweep)
                {
                    nextSweep = now + SweepEvery;
                    await InScopeAsync(p => p.GetRequiredService<InboxProcessor>().ProcessDueAsync());
                }
                if (now >= nextPurge)
                {
                    nextPurge = now + PurgeEvery;
                    await InScopeAsync(p => p.GetRequiredService<InboxService>().PurgeDoneAsync(now - KeepDone));
                    await InScopeAsync(p => p.GetRequiredService<ShareWidgetService>().PurgePreparedAsync(now - KeepPrepared));
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                //the item's own failure is recorded on its row; this is the worker's (e.g. the database is down)
                await LogAsync(exception);
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            if ((!_exposures.IsEmpty || !_activities.IsEmpty) && await InstalledAsync())
            {
                await InScopeAsync(p => p.GetRequiredService<AnalyticsEventService>().FlushExposuresAsync());
                await InScopeAsync(p => p.GetRequiredService<Behaviour.ActivityService>().FlushBufferAsync());
            }
        }
        catch
        {
            //shutting down: the exposures of the last second are lost, nothing else
        }
    }

    protected virtual async Task InScopeAsync(Func<IServiceProvider, Task> work)
    {
        using var scope = _scopeFactory.CreateScope();
        await work(scope.ServiceProvider);
    }

    protected virtual async Task<bool> InstalledAsync()
    {
        using var scope = _scopeFactory.CreateScope();
        return await FlockInstallation.IsInstalledAsync(scope.ServiceProvider);
    }

    protected virtual async Task LogAsync(Exception exception)
    {
        try
        {
            using var scope = _scopeFactory.CreateScope();
            await scope.ServiceProvider.GetRequiredService<ILogger>().ErrorAsync($"Flock: the inbox worker failed: {exception.Message}", exception);
        }
        catch
        {
            //nowhere to log to (the database is down): the next tick tries again
        }
    }
}
