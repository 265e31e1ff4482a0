using System.Reflection;
using FluentMigrator.Runner;
using Microsoft.Extensions.DependencyInjection;
using Nop.Core;
using Nop.Core.Configuration;
using Nop.Core.Events;
using Nop.Services.Events;
using Nop.Core.Infrastructure;
using Nop.Plugin.Misc.Flock.Data.Migrations;
using Nop.Plugin.Misc.Flock.Infrastructure;
using Nop.Services.Configuration;
using Nop.Services.Plugins;
using Nop.Tests;
using Nop.Plugin.Misc.Flock.Services.Referrals;
using Nop.Plugin.Misc.Flock.Services.Inbox;

namespace Nop.Plugin.Misc.Flock.Tests.Infrastructure;

/// <summary>
/// nopCommerce's own test base (every service real, one in-memory SQLite database per test run with nopCommerce's
/// required and sample data installed — or, with FLOCK_TEST_PG, a PostgreSQL database of the run's own, see
/// <see cref="TestDatabase"/>) plus what the running store adds for a plugin: the plugin's NopStartup
/// registrations, its event consumers, its settings, and its install/uninstall as PluginService performs them.
/// </summary>
public sealed class NopTestHost : BaseNopTest
{
    private static readonly Lazy<NopTestHost> _instance = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    public static NopTestHost Instance => _instance.Value;

    public static Assembly PluginAssembly => typeof(FlockPlugin).Assembly;

    private readonly ServiceProvider _services;

    private NopTestHost()
    {
        _services = TestDatabase.IsPostgres ? PostgresNop.Start(base.ServiceProvider) : base.ServiceProvider;
    }

    /// <summary>nopCommerce's container: the test base's own (SQLite), or the same registrations on PostgreSQL (FLOCK_TEST_PG).</summary>
    public new ServiceProvider ServiceProvider => _services;

    private static NopTestHost Create()
    {
        // BaseNopTest finds Presentation/Nop.Web from the current directory ("<...>/bin" -> ../../Presentation/Nop.Web),
        // so it is initialised from nopCommerce's own test output folder.
        var nopRoot = typeof(NopTestHost).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .First(a => a.Key == "NopRoot").Value;
        var nopTestBin = Path.Combine(nopRoot!, "Tests", "Nop.Tests", "bin", "Release", "net9.0");
        var cwd = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(nopTestBin);
        try
        {
            var host = new NopTestHost();
            EngineContext.Replace(new NopTestEngine(new FlockServiceProvider(host.ServiceProvider)));
            RegisterPluginDescriptor();
            return host;
        }
        finally
        {
            Directory.SetCurrentDirectory(cwd);
        }
    }

    /// <summary>
    /// The store's plugin registry as the running store has it after the install: Flock's descriptor, installed, so
    /// nopCommerce's plugin managers find it — DiscountService loads the discount requirement rule "Misc.Flock" from it.
    /// </summary>
    private static void RegisterPluginDescriptor()
    {
        var info = Singleton<IPluginsInfo>.Instance ?? new PluginsInfo(CommonHelper.DefaultFileProvider);
        info.PluginDescriptors ??= new List<(PluginDescriptor pluginDescriptor, bool needToDeploy)>();
        info.InstalledPlugins ??= new List<PluginDescriptorBaseInfo>();
        var descriptor = PluginDescriptor.GetPluginDescriptorFromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "plugin.json")));
        descriptor.PluginType = typeof(FlockPlugin);
        descriptor.ReferencedAssembly = PluginAssembly;
        descriptor.Installed = true;
        info.PluginDescriptors.Add((descriptor, false));
        Singleton<IPluginsInfo>.Instance = info;
    }

    /// <summary>A fresh "request": plugin services are scoped to it, nopCommerce's come from its container.</summary>
    public FlockServiceProvider NewRequest() => new(ServiceProvider);

    public static T Get<T>() where T : class => EngineContext.Current.Resolve<T>();

    public static FlockPlugin NewPlugin(IServiceProvider services)
    {
        var plugin = ActivatorUtilities.CreateInstance<FlockPlugin>(services);
        plugin.PluginDescriptor = PluginDescriptor.GetPluginDescriptorFromText(
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "plugin.json")));
        plugin.PluginDescriptor.PluginType = typeof(FlockPlugin);
        return plugin;
    }

    /// <summary>
    /// Install as nopCommerce's PluginService does it: the plugin's migrations up, then FlockPlugin.InstallAsync.
    /// (The test base's migration runner scans only assemblies with ForwardOnlyMigration, so the plugin's migration
    /// is run through the same FluentMigrator runner directly.)
    /// </summary>
    public async Task InstallPluginAsync()
    {
        RunMigration(runner => runner.Up(new SchemaMigration()));
        await NewPlugin(NewRequest()).InstallAsync();
        ClearSettingsCache();
    }

    /// <summary>Uninstall as PluginService does it: FlockPlugin.UninstallAsync, then the plugin's migrations down.</summary>
    public async Task UninstallPluginAsync()
    {
        await NewPlugin(NewRequest()).UninstallAsync();
        RunMigration(runner => runner.Down(new SchemaMigration()));
        ClearSettingsCache();
    }

    /// <summary>Runs the plugin's schedule task the way nopCommerce's task runner does: the task type from the task row.</summary>
    public static async Task RunSettleTaskAsync(FlockServiceProvider requests)
    {
        var row = await requests.Get<Nop.Services.ScheduleTasks.IScheduleTaskService>().GetTaskByTypeAsync(FlockDefaults.SettleRewardsTask.Type);
        var type = PluginAssembly.GetType(row.Type, throwOnError: true);
        var task = (Nop.Services.ScheduleTasks.IScheduleTask)requests.GetService(type);
        await task.ExecuteAsync();
    }

    private void RunMigration(Action<IMigrationRunner> action)
    {
        using var scope = ServiceProvider.CreateScope();
        action(scope.ServiceProvider.GetRequiredService<IMigrationRunner>());
    }

    public void ClearSettingsCache() => ServiceProvider.GetRequiredService<ISettingService>().ClearCacheAsync().Wait();
}

/// <summary>
/// The plugin's services on top of the test base's container, as the store's NopStartup would register them: the
/// types of <see cref="NopStartup"/> (one instance per provider, i.e. per request) and its factory registrations (the
/// plugin's Lazy&lt;T&gt;s, run with this provider as the request's scope), the plugin's other classes
/// (plugin, consumers, tasks, view components) built with their dependencies, settings loaded through ISettingService,
/// and IConsumer lists that include the plugin's consumers. Everything else is nopCommerce's real registration.
/// </summary>
public sealed class FlockServiceProvider : IServiceProvider
{
    private static readonly Dictionary<Type, Type> _registrations = ReadRegistrations(out _singletonTypes, out _factories);
    private static readonly HashSet<Type> _singletonTypes;
    private static readonly Dictionary<Type, Func<IServiceProvider, object>> _factories;
    private static readonly Dictionary<Type, object> _singletons = new();
    private readonly IServiceProvider _nop;
    private readonly Dictionary<Type, object> _scoped = new();

    public FlockServiceProvider(IServiceProvider nop) => _nop = nop;

    /// <summary>
    /// NopStartup's registrations, with the inbox's doorbell replaced by <see cref="ImmediateInboxSignal"/> (the store's
    /// hosted worker does not run here: a rung item is carried out at once, in a request of its own). The hosted worker
    /// itself is left out.
    /// </summary>
    private static Dictionary<Type, Type> ReadRegistrations(out HashSet<Type> singletons, out Dictionary<Type, Func<IServiceProvider, object>> factories)
    {
        var services = new ServiceCollection();
        new NopStartup().ConfigureServices(services, null);
        //registrations made by a factory (the plugin's Lazy<T>s), scoped like the rest: run with this provider as the scope
        factories = services.Where(d => d.ImplementationFactory is not null && d.Lifetime == ServiceLifetime.Scoped)
            .ToDictionary(d => d.ServiceType, d => d.ImplementationFactory);
        var plugin = services.Where(d => d.ImplementationType is not null && d.ServiceType != typeof(Microsoft.Extensions.Hosting.IHostedService)).ToList();
        singletons = plugin.Where(d => d.Lifetime == ServiceLifetime.Singleton).Select(d => d.ServiceType).ToHashSet();
        var registrations = plugin.ToDictionary(d => d.ServiceType, d => d.ImplementationType);
        registrations[typeof(Services.Inbox.InboxSignal)] = typeof(ImmediateInboxSignal);
        return registrations;
    }

    public T Get<T>() => (T)GetService(typeof(T))!;

    public object GetService(Type serviceType)
    {
        if (serviceType == typeof(IServiceProvider))
            return this;

        if (_registrations.TryGetValue(serviceType, out var implementation))
        {
            if (_singletonTypes.Contains(serviceType))
            {
                lock (_singletons)
                {
                    if (!_singletons.TryGetValue(serviceType, out var single))
                        _singletons[serviceType] = single = ActivatorUtilities.CreateInstance(NopTestHost.Instance.NewRequest(), implementation);
                    return single;
                }
            }
            lock (_scoped)
            {
                if (_scoped.TryGetValue(serviceType, out var existing))
                    return existing;
            }
            var created = ActivatorUtilities.CreateInstance(this, implementation);
            lock (_scoped)
                _scoped[serviceType] = created;
            return created;
        }

        if (_factories.TryGetValue(serviceType, out var factory))
        {
            lock (_scoped)
            {
                if (_scoped.TryGetValue(serviceType, out var existing))
                    return existing;
                return _scoped[serviceType] = factory(this);
            }
        }

        if (serviceType.IsGenericType && serviceType.GetGenericTypeDefinition() == typeof(IEnumerable<>))
        {
            var element = serviceType.GetGenericArguments()[0];
            if (element.IsGenericType && element.GetGenericTypeDefinition() == typeof(IConsumer<>))
                return Consumers(element);
        }

        if (serviceType.Assembly == NopTestHost.PluginAssembly)
        {
            if (typeof(ISettings).IsAssignableFrom(serviceType))
                return _nop.GetRequiredService<ISettingService>().LoadSettingAsync(serviceType).Result;
            if (!serviceType.IsAbstract && !serviceType.IsInterface)
                return ActivatorUtilities.CreateInstance(this, serviceType);
        }

        return _nop.GetService(serviceType);
    }

    /// <summary>Every consumer of the event (nopCommerce registers them all as transient, found by the type finder).</summary>
    private object Consumers(Type consumerInterface)
    {
        var typeFinder = _nop.GetRequiredService<ITypeFinder>();
        var list = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(consumerInterface))!;
        foreach (var type in typeFinder.FindClassesOfType(consumerInterface).Distinct())
            list.Add(ActivatorUtilities.CreateInstance(this, type));
        return list;
    }
}

/// <summary>
/// The test stand-in for the store's inbox worker: a rung item is carried out at once in a fresh request (as the worker
/// does right after the event), so a test sees the effect when the event returns. <see cref="Paused"/> leaves rung items
/// in the inbox, for tests of the inbox itself (the sweep, retries, leases).
/// </summary>
public sealed class ImmediateInboxSignal : Services.Inbox.InboxSignal
{
    public static bool Paused { get; set; }

    public override void Ring(int itemId)
    {
        if (Paused)
            return;
        NopTestHost.Instance.NewRequest().Get<Services.Inbox.InboxProcessor>().ProcessAsync(itemId).GetAwaiter().GetResult();
    }
}
