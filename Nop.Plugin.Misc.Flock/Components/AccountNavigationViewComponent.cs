using Microsoft.AspNetCore.Mvc;
using Nop.Core;
using Nop.Services.Customers;
using Nop.Web.Framework.Components;
using Nop.Web.Models.Customer;

namespace Nop.Plugin.Misc.Flock.Components;

/// <summary>"Invite friends" in the customer account menu (registered customers only).</summary>
public class AccountNavigationViewComponent : NopViewComponent
{
    public const int InviteFriendsTabId = 4200;

    protected readonly ICustomerService _customerService;
    protected readonly IWorkContext _workContext;
    protected readonly FlockSettings _flockSettings;

    public AccountNavigationViewComponent(ICustomerService customerService, IWorkContext workContext, FlockSettings flockSettings)
    {
        _customerService = customerService;
        _workContext = workContext;
        _flockSettings = flockSettings;
    }

    public async Task<IViewComponentResult> InvokeAsync(string widgetZone, object additionalData)
    {
        if (!_flockSettings.Enabled || !_flockSettings.ShowInviteFriendsInAccount)
            return Content(string.Empty);
        if (!await _customerService.IsRegisteredAsync(await _workContext.GetCurrentCustomerAsync()))
            return Content(string.Empty);

        var selected = additionalData is CustomerNavigationModel navigation && navigation.SelectedTab == InviteFriendsTabId;
        return View("~/Plugins/Misc.Flock/Views/AccountNavigationItem.cshtml", selected);
    }
}
