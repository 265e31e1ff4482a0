using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nop.Data;
using Nop.Services.Logging;
using Nop.Services.Plugins;

namespace Nop.Plugin.Misc.Flock.Services.Recommendations;

/// <summary>
/// Keeps this node's <see cref="RecommendationModelCache"/> current, off shoppers' requests: builds it when the store
/// starts (Flock installed), applies changed customers from the shared inbox every few seconds, reads the catalog again
/// every few minutes and rebuilds everything once a day (orders deleted by an admin raise no event); writes the buffered
/// KPI exposures about every second and purges old ones hourly. Idle while Flock is not installed. Each node runs its own.
/// </summary>
public class RecommendationWorker : BackgroundService
{
    public static readonly TimeSpan FlushEvery = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan CatchUpEvery = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan PurgeEvery = TimeSpan.FromHours(1);
    public static readonly TimeSpan CatalogEvery = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan RebuildEvery = TimeSpan.FromDays(1);

    protected readonly IServiceScopeFactory _scopeFactory;
    protected readonly RecommendationModelCache _cache;
    protected readonly RecommendationExposureBuffer _exposures;

    public RecommendationWorker(IServiceScopeFactory scopeFactory, RecommendationModelCache cache, RecommendationExposureBuffer exposures)
    {
        _exposures = exposures;
        _scopeFactory = scopeFactory;
        _cache = cache;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextCatalog = DateTime.MaxValue;
        var nextRebuild = DateTime.MinValue;
        var nextCatchUp = DateTime.MinValue;
        var nextPurge = DateTime.UtcNow.AddMinutes(2);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(FlushEvery, stoppingToken);
                using var scope = _scopeFactory.CreateScope();
                if (!await InstalledAsync(scope.ServiceProvider))
                {
                    await Task.Delay(TimeSpan.FromSeconds(30), stoppingToken);
                    continue;
                }

                var now = DateTime.UtcNow;
                //the KPI rows and the model fail apart: a failing write never stalls the model, nor the model the writes
                try
                {
                    if (!_exposures.IsEmpty)
                        await scope.ServiceProvider.GetRequiredService<RecommendationKpiService>().FlushAsync();
                    if (now >= nextPurge)
                    {
                        nextPurge = now + PurgeEvery;
                        var retention = (await scope.ServiceProvider.GetRequiredService<Nop.Services.Configuration.ISettingService>().LoadSettingAsync<FlockSettings>()).ActivityRetentionDays;
                        await scope.ServiceProvider.GetRequiredService<RecommendationKpiService>().PurgeAsync(now.AddDays(-Math.Max(1, retention)));
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    await LogAsync(exception);
                }

                if (now < nextCatchUp)
                    continue;
                nextCatchUp = now + CatchUpEvery;
                var data = scope.ServiceProvider.GetRequiredService<RecommendationDataService>();
                if (!_cache.IsReady || now >= nextRebuild || _cache.NeedsRebuild(now))
                {
                    await _cache.BuildAsync(data, now);
                    nextRebuild = now + RebuildEvery;
                    nextCatalog = now + CatalogEvery;
                    continue;
                }

                await _cache.CatchUpAsync(data, now);
                if (now >= nextCatalog)
                {
                    await _cache.RefreshCatalogAsync(data, now);
                    nextCatalog = now + CatalogEvery;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                //the model stays as it was (shoppers keep their lists); the next round tries again
                await LogAsync(exception);
                await Task.Delay(TimeSpan.FromSeconds(30), stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
            }
        }
    }

    protected virtual Task<bool> InstalledAsync(IServiceProvider services) => FlockInstallation.IsInstalledAsync(services);

    protected virtual async Task LogAsync(Exception exception)
    {
        try
        {
            using var scope = _scopeFactory.CreateScope();
            await scope.ServiceProvider.GetRequiredService<ILogger>().ErrorAsync($"Flock: the recommendation model could not be updated: {exception.Message}", exception);
        }
        catch
        {
            //nowhere to log to (the database is down): the next round tries again
        }
    }
}
