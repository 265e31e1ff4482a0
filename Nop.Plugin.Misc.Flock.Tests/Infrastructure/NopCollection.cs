using Nop.Core.Infrastructure;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Nop.Plugin.Misc.Flock.Tests.Infrastructure;

/// <summary>Every suite shares nopCommerce's one in-memory database, so they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class NopCollection : ICollectionFixture<NopFixture>
{
    public const string Name = "nopCommerce";
}

/// <summary>Starts nopCommerce's test base once (installs its data), then the plugin; on PostgreSQL, drops the run's database at the end.</summary>
public sealed class NopFixture : IDisposable
{
    public NopFixture()
    {
        Host = NopTestHost.Instance;
    }

    public NopTestHost Host { get; }

    public void Dispose() => TestDatabase.DropDatabase();

    public async Task<bool> IsInstalledAsync()
    {
        var tables = await Schema.FlockTablesAsync();
        return tables.Contains(nameof(FlockCampaign));
    }

    /// <summary>Installs the plugin unless it is installed (suites that need it call this first).</summary>
    public async Task EnsureInstalledAsync()
    {
        if (!await IsInstalledAsync())
            await Host.InstallPluginAsync();
    }
}

/// <summary>What the database really holds (SQLite's catalogue, or PostgreSQL's).</summary>
public static class Schema
{
    public static async Task<IList<string>> FlockTablesAsync() =>
        await EngineContext.Current.Resolve<INopDataProvider>().QueryAsync<string>(TestDatabase.IsPostgres
            ? "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'Flock%' ORDER BY tablename"
            : "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'Flock%' ORDER BY name");

    public static async Task<IList<string>> FlockIndexesAsync() =>
        await EngineContext.Current.Resolve<INopDataProvider>().QueryAsync<string>(TestDatabase.IsPostgres
            ? "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname LIKE 'IX_Flock%' ORDER BY indexname"
            : "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'IX_Flock%' ORDER BY name");
}
