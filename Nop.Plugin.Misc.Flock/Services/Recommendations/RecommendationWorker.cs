using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nop.Data;
using Nop.Services.Logging;
using Nop.Services.Plugins;

namespace Nop.Plugin.Misc.Flock.Services.Recommendations;

/// <summary>
/// Keeps this node's <see cref="RecommendationModelCache"/> current, off shoppers' requests: builds it when the store
/// starts (Flock installed), applies changed customers from the shared inbox every few seconds, reads the catalog again
/// every few minutes and rebuilds everything once a day (orders deleted by an admin raise no event). Idle while Flock is
/// not installed. Each node runs its own; nothing here writes to the database.
/// </summary>
public class RecommendationWorker : BackgroundService
{
    public static readonly TimeSpan CatchUpEvery = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan CatalogEvery = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan RebuildEvery = TimeSpan.FromDays(1);

    protected readonly IServiceScopeFactory _scopeFactory;
    protected readonly RecommendationModelCache _cache;

    public RecommendationWorker(IServiceScopeFactory scopeFactory, RecommendationModelCache cache)
    {
        _scopeFactory = scopeFactory;
        _cache = cache;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextCatalog = DateTime.MaxValue;
        var nextRebuild = DateTime.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_cache.IsReady ? CatchUpEvery : TimeSpan.FromSeconds(2), stoppingToken);
                using var scope = _scopeFactory.CreateScope();
                if (!await InstalledAsync(scope.ServiceProvider))
                {
                    await Task.Delay(TimeSpan.FromSeconds(30), stoppingToken);
                    continue;
                }

                var data = scope.ServiceProvider.GetRequiredService<RecommendationDataService>();
                var now = DateTime.UtcNow;
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

    protected virtual async Task<bool> InstalledAsync(IServiceProvider services)
    {
        if (!DataSettingsManager.IsDatabaseInstalled())
            return false;
        var plugins = services.GetRequiredService<IPluginService>();
        return await plugins.GetPluginDescriptorBySystemNameAsync<IPlugin>(FlockDefaults.SystemName, LoadPluginsMode.InstalledOnly) is not null;
    }

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
