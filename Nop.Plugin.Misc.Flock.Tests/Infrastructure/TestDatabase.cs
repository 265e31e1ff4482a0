using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using FluentMigrator.Runner;
using FluentMigrator.Runner.Processors;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nop.Core;
using Nop.Core.Caching;
using Nop.Core.Configuration;
using Nop.Core.Infrastructure;
using Nop.Data;
using Nop.Data.Configuration;
using Nop.Data.Migrations;
using Nop.Services.Authentication;
using Nop.Services.Common;
using Nop.Services.Installation;
using Nop.Services.Security;
using Nop.Tests;
using Npgsql;

namespace Nop.Plugin.Misc.Flock.Tests.Infrastructure;

/// <summary>
/// Which database this test run's nopCommerce lives on. By default nopCommerce's test base as it is: one in-memory
/// SQLite database shared over one connection. With <c>FLOCK_TEST_PG</c> set, the whole run is on PostgreSQL instead —
/// the database the store runs on — in a database of its own, created for the run and dropped after it:
/// <code>FLOCK_TEST_PG="Host=127.0.0.1;Port=5432;Username=flock_test;Password=..."</code>
/// The role needs CREATEDB. Database, if given, is only the name's prefix and must start with <c>flock_test</c> (a
/// run never opens a database it did not create); FLOCK_TEST_PG_KEEP=1 keeps the database after the run. The run holds
/// at most <see cref="MaxPoolSize"/> connections unless the string sets Max Pool Size (and waits up to 120 s for one,
/// unless it sets Timeout).
/// build/test.sh sets all this up when a local PostgreSQL is present.
/// </summary>
public static class TestDatabase
{
    public const string Variable = "FLOCK_TEST_PG";
    public const string KeepVariable = "FLOCK_TEST_PG_KEEP";
    public const string NamePrefix = "flock_test";

    /// <summary>Connections this run may hold at once, unless FLOCK_TEST_PG says otherwise (Max Pool Size).</summary>
    public const int MaxPoolSize = 20;

    public static string ServerConnection => Environment.GetEnvironmentVariable(Variable);

    public static bool IsPostgres => !string.IsNullOrWhiteSpace(ServerConnection);

    public static string Name => IsPostgres ? "PostgreSQL" : "SQLite";

    /// <summary>The database this run created (PostgreSQL only).</summary>
    public static string DatabaseName { get; private set; }

    /// <summary>The run's own database: a name nobody else uses, on the server of <see cref="ServerConnection"/>.</summary>
    internal static string NewDatabaseConnectionString()
    {
        var builder = new NpgsqlConnectionStringBuilder(ServerConnection);
        var prefix = string.IsNullOrEmpty(builder.Database) ? NamePrefix : builder.Database;
        if (!prefix.StartsWith(NamePrefix, StringComparison.Ordinal))
            throw new InvalidOperationException(
                $"{Variable}: Database={prefix} is not a test database name; a test run creates its own database named {NamePrefix}..., " +
                "so leave Database out (or give a prefix starting with flock_test).");
        var name = $"{prefix}_{DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}_{Environment.ProcessId}".ToLowerInvariant();
        builder.Database = DatabaseName = name;
        // the server may be the store's, whose own pool holds many of its connection slots: this run takes at most
        // MaxPoolSize of them, and a racer waits for a free one (on a busy machine, longer than Npgsql's 15 s)
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = ServerConnection }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "").ToLowerInvariant()).ToList();
        if (!given.Any(k => k is "maxpoolsize" or "maximumpoolsize"))
            builder.MaxPoolSize = MaxPoolSize;
        if (!given.Any(k => k is "timeout"))
            builder.Timeout = 120;
        return _connectionString = builder.ConnectionString;
    }

    private static string _connectionString;

    /// <summary>
    /// Ends every other connection to the run's database (their transactions roll back, their commands fail) and empties
    /// the pools, so work stuck past a test's limit lets go of its connections; the number ended (0 on SQLite).
    /// </summary>
    internal static int EndOtherConnections()
    {
        if (_connectionString is null)
            return 0;
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(_connectionString) { Pooling = false, Timeout = 15 };
            using var connection = new NpgsqlConnection(builder.ConnectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()";
            var ended = Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
            NpgsqlConnection.ClearAllPools();
            return ended;
        }
        catch (Exception exception)
        {
            Console.Error.WriteLine($"Flock tests: the connections to {DatabaseName} could not be ended: {exception.Message}");
            return 0;
        }
    }

    /// <summary>Drops the run's database (every pooled connection closed first); keeps it when FLOCK_TEST_PG_KEEP=1.</summary>
    internal static void DropDatabase()
    {
        if (DatabaseName is null || Environment.GetEnvironmentVariable(KeepVariable) == "1")
            return;
        try
        {
            NpgsqlConnection.ClearAllPools();
            var builder = new NpgsqlConnectionStringBuilder(ServerConnection) { Database = "postgres", Pooling = false };
            using var connection = new NpgsqlConnection(builder.ConnectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)";
            command.ExecuteNonQuery();
        }
        catch (Exception exception)
        {
            Console.Error.WriteLine($"Flock tests: the test database {DatabaseName} could not be dropped: {exception.Message}");
        }
    }
}

/// <summary>
/// nopCommerce's services on PostgreSQL, from nopCommerce's own test base: the very registrations BaseNopTest made (read
/// back from its built container), except what is tied to the test base's SQLite — the store's PostgreSQL migration
/// processor (the test base pins SQLite's), the signed-in customer read from this container, and fresh caches (nothing cached from the SQLite database) — then a new
/// database created and installed by nopCommerce's own data provider, migrations and installation service (required
/// data, sample data, permissions), exactly as BaseNopTest does it on SQLite.
/// </summary>
internal static class PostgresNop
{
    public static ServiceProvider Start(ServiceProvider testBase)
    {
        var watch = Stopwatch.StartNew();
        var dataConfig = Singleton<DataConfig>.Instance;
        dataConfig.DataProvider = DataProviderType.PostgreSQL;
        dataConfig.ConnectionString = TestDatabase.NewDatabaseConnectionString();
        Singleton<AppSettings>.Instance.Update(new List<IConfig> { dataConfig });
        // nopCommerce keeps one linq2db mapping schema per process, made for the first provider that asked (SQLite's)
        Singleton<LinqToDB.Mapping.MappingSchema>.Instance = null;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TestDatabase.DropDatabase();

        var replaced = new HashSet<Type>
        {
            typeof(IMemoryCache), typeof(IDistributedCache), typeof(DistributedCacheLocker), typeof(IProcessorAccessor),
            typeof(IAuthenticationService)
        };
        var services = new ServiceCollection();
        foreach (var descriptor in RegistrationsOf(testBase).Where(d => !replaced.Contains(d.ServiceType)))
            ((ICollection<ServiceDescriptor>)services).Add(descriptor);
        services.AddSingleton<IMemoryCache>(new MemoryCache(new MemoryCacheOptions()));
        var distributedCache = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));
        services.AddSingleton<IDistributedCache>(distributedCache);
        services.AddSingleton(new DistributedCacheLocker(distributedCache));
        // the store's migration setup (NopDbStartup): FluentMigrator's Postgres92 processor and generator (serial ids, as the
        // store's tables have them; the test base registers only AddPostgres(), PostgreSQL 15's identity columns), chosen
        // by nopCommerce's own processor accessor from the data settings
        services.ConfigureRunner(runner => runner.AddPostgres92());
        // and its generator named, as FluentMigrator 8 will not pick one of several by itself
        services.AddOptions<FluentMigrator.Runner.Generators.SelectingGeneratorAccessorOptions>().Configure(o => o.GeneratorId = "Postgres92");
        services.AddScoped<IProcessorAccessor, NopProcessorAccessor>();
        // the test base's TestAuthenticationService reads the signed-in customer from its own (SQLite) container
        services.AddTransient<IAuthenticationService, PostgresAuthenticationService>();
        var provider = services.BuildServiceProvider();

        // BaseNopTest.Init, on PostgreSQL (the data provider and the permission service resolve through EngineContext)
        EngineContext.Replace(new BaseNopTest.NopTestEngine(provider));
        try
        {
            Install(provider);
        }
        catch
        {
            TestDatabase.DropDatabase();
            throw;
        }
        Console.WriteLine($"Flock tests: nopCommerce installed on PostgreSQL ({TestDatabase.DatabaseName}) in {watch.Elapsed.TotalSeconds:0.0} s");
        return provider;
    }

    private static void Install(ServiceProvider provider)
    {
        var dataProvider = provider.GetRequiredService<IDataProviderManager>().DataProvider;
        if (dataProvider.GetType().Name != "PostgreSqlDataProvider")
            throw new InvalidOperationException($"expected nopCommerce's PostgreSQL data provider, got {dataProvider.GetType().FullName}");
        var installation = provider.GetRequiredService<IInstallationService>();
#if NOP_490_OR_GREATER
        // 4.90: one InstallAsync with the wizard's settings, as its BaseNopTest.Init does
        dataProvider.CreateDatabase();
        dataProvider.InitializeDatabase();
        installation.InstallAsync(new InstallationSettings
        {
            AdminEmail = NopTestsDefaults.AdminEmail, AdminPassword = NopTestsDefaults.AdminPassword,
            LanguagePackDownloadLink = string.Empty, LanguagePackProgress = 0,
            RegionInfo = new RegionInfo(NopCommonDefaults.DefaultLanguageCulture),
            CultureInfo = new CultureInfo(NopCommonDefaults.DefaultLanguageCulture), InstallSampleData = true
        }).Wait();
#else
        dataProvider.CreateDatabase(null);
        dataProvider.InitializeDatabase();
        installation.InstallRequiredDataAsync(NopTestsDefaults.AdminEmail, NopTestsDefaults.AdminPassword, (string.Empty, 0),
            new RegionInfo(NopCommonDefaults.DefaultLanguageCulture), new CultureInfo(NopCommonDefaults.DefaultLanguageCulture)).Wait();
        installation.InstallSampleDataAsync(NopTestsDefaults.AdminEmail).Wait();
#endif
        provider.GetRequiredService<IPermissionService>().InsertPermissionsAsync().Wait();
    }

    /// <summary>
    /// The service descriptors a built container was made from. Microsoft.Extensions.DependencyInjection keeps them in its
    /// call-site factory and has no public way to list them; the test base builds its container in a static constructor
    /// and exposes only the result.
    /// </summary>
    private static IReadOnlyList<ServiceDescriptor> RegistrationsOf(ServiceProvider provider)
    {
        const BindingFlags internals = BindingFlags.Instance | BindingFlags.NonPublic;
        var factory = typeof(ServiceProvider).GetProperty("CallSiteFactory", internals)?.GetValue(provider);
        var descriptors = factory?.GetType().GetField("_descriptors", internals)?.GetValue(factory) as ServiceDescriptor[];
        return descriptors ?? throw new InvalidOperationException(
            "cannot read the test base's service registrations (ServiceProvider.CallSiteFactory._descriptors): this " +
            $"Microsoft.Extensions.DependencyInjection ({typeof(ServiceProvider).Assembly.GetName().Version}) keeps them elsewhere");
    }
}


/// <summary>The test base's TestAuthenticationService (the admin is signed in), reading the customer from this run's database.</summary>
public class PostgresAuthenticationService : IAuthenticationService
{
    private readonly Nop.Services.Customers.ICustomerService _customerService;

    public PostgresAuthenticationService(Nop.Services.Customers.ICustomerService customerService) => _customerService = customerService;

    public Task SignInAsync(Nop.Core.Domain.Customers.Customer customer, bool isPersistent) => Task.CompletedTask;

    public Task SignOutAsync() => Task.CompletedTask;

    public Task<Nop.Core.Domain.Customers.Customer> GetAuthenticatedCustomerAsync() =>
        _customerService.GetCustomerByEmailAsync(NopTestsDefaults.AdminEmail);
}
