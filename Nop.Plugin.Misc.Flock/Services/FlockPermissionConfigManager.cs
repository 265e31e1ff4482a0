using Nop.Core.Domain.Customers;
using Nop.Services.Security;

namespace Nop.Plugin.Misc.Flock.Services;

/// <summary>Flock's admin permissions; nopCommerce installs them (IPermissionService.InsertPermissionsAsync) for administrators.</summary>
public class FlockPermissionConfigManager : IPermissionConfigManager
{
    public IList<PermissionConfig> AllConfigs => new List<PermissionConfig>
    {
        new("Admin area. Flock. Manage campaigns", FlockDefaults.Permissions.ManageCampaigns, FlockDefaults.Permissions.Category, NopCustomerDefaults.AdministratorsRoleName),
        new("Admin area. Flock. Manage rewards (approve, revoke)", FlockDefaults.Permissions.ManageRewards, FlockDefaults.Permissions.Category, NopCustomerDefaults.AdministratorsRoleName),
        new("Admin area. Flock. View reports", FlockDefaults.Permissions.ViewReports, FlockDefaults.Permissions.Category, NopCustomerDefaults.AdministratorsRoleName),
        new("Admin area. Flock. Manage settings", FlockDefaults.Permissions.ManageSettings, FlockDefaults.Permissions.Category, NopCustomerDefaults.AdministratorsRoleName),
    };
}
