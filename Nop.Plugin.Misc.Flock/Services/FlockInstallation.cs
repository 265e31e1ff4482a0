using Microsoft.Extensions.DependencyInjection;
using Nop.Data;
using Nop.Services.Plugins;

namespace Nop.Plugin.Misc.Flock.Services;

/// <summary>Whether Flock is installed in this store: background workers stay idle until it is.</summary>
public static class FlockInstallation
{
    public static async Task<bool> IsInstalledAsync(IServiceProvider services)
    {
        if (!DataSettingsManager.IsDatabaseInstalled())
            return false;
        var plugins = services.GetRequiredService<IPluginService>();
        return await plugins.GetPluginDescriptorBySystemNameAsync<IPlugin>(FlockDefaults.SystemName, LoadPluginsMode.InstalledOnly) is not null;
    }
}
