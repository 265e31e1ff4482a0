using Nop.Services.Localization;
using Nop.Services.Plugins;
using Nop.Services.Security;
using Nop.Web.Framework.Events;
using Nop.Web.Framework.Menu;

namespace Nop.Plugin.Misc.Flock.Services;

/// <summary>Adds "Flock" under Promotions (after Campaigns). Each item carries its permission; nopCommerce hides what the admin may not see.</summary>
public class AdminMenuEventConsumer : BaseAdminMenuCreatedEventConsumer
{
    protected readonly ILocalizationService _localizationService;
    protected readonly IPermissionService _permissionService;

    public AdminMenuEventConsumer(IPluginManager<IPlugin> pluginManager,
        ILocalizationService localizationService,
        IPermissionService permissionService) : base(pluginManager)
    {
        _localizationService = localizationService;
        _permissionService = permissionService;
    }

    protected override string PluginSystemName => FlockDefaults.SystemName;

    protected override MenuItemInsertType InsertType => MenuItemInsertType.TryAfterThanBefore;

    protected override string AfterMenuSystemName => "Campaigns";

    protected override string BeforeMenuSystemName => "Newsletter subscriptions";

    protected override async Task<bool> CheckAccessAsync()
    {
        foreach (var permission in FlockDefaults.Permissions.All)
            if (await _permissionService.AuthorizeAsync(permission))
                return true;
        return false;
    }

    protected override async Task<AdminMenuItem> GetAdminMenuItemAsync(IPlugin plugin)
    {
        async Task<AdminMenuItem> Item(string systemName, string resource, string url, string permission) => new()
        {
            SystemName = systemName,
            Title = await _localizationService.GetResourceAsync($"{FlockDefaults.ResourcePrefix}.{resource}"),
            Url = url,
            IconClass = "far fa-dot-circle",
            PermissionNames = new List<string> { permission }
        };

        return new AdminMenuItem
        {
            SystemName = "Flock",
            Title = await _localizationService.GetResourceAsync($"{FlockDefaults.ResourcePrefix}.Menu.Root"),
            IconClass = "fas fa-share-alt",
            ChildNodes = new List<AdminMenuItem>
            {
                await Item("Flock.Dashboard", "Menu.Dashboard", "/Admin/Flock/Dashboard", FlockDefaults.Permissions.ViewReports),
                await Item("Flock.Campaigns", "Menu.Campaigns", "/Admin/Flock/Campaigns", FlockDefaults.Permissions.ManageCampaigns),
                await Item("Flock.Referrals", "Menu.Referrals", "/Admin/Flock/Referrals", FlockDefaults.Permissions.ViewReports),
                await Item("Flock.Rewards", "Menu.Rewards", "/Admin/Flock/Rewards", FlockDefaults.Permissions.ManageRewards),
                await Item("Flock.Chains", "Menu.Chains", "/Admin/Flock/Chains", FlockDefaults.Permissions.ManageCampaigns),
                await Item("Flock.Segments", "Menu.Segments", "/Admin/Flock/Segments", FlockDefaults.Permissions.ViewReports),
                await Item("Flock.Recommendations", "Menu.Recommendations", "/Admin/Flock/Recommendations", FlockDefaults.Permissions.ViewReports),
                await Item("Flock.Settings", "Menu.Settings", "/Admin/Flock/Configure", FlockDefaults.Permissions.ManageSettings),
            }
        };
    }
}
