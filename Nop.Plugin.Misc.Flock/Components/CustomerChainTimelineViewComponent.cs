using Microsoft.AspNetCore.Mvc;
using Nop.Plugin.Misc.Flock.Factories;
using Nop.Services.Security;
using Nop.Web.Areas.Admin.Models.Customers;
using Nop.Web.Framework.Components;

namespace Nop.Plugin.Misc.Flock.Components;

/// <summary>On nopCommerce's customer edit page: the customer's latest chain events, and the link to their whole timeline.</summary>
public class CustomerChainTimelineViewComponent : NopViewComponent
{
    protected readonly IPermissionService _permissionService;
    protected readonly ChainModelFactory _modelFactory;

    public CustomerChainTimelineViewComponent(IPermissionService permissionService, ChainModelFactory modelFactory)
    {
        _permissionService = permissionService;
        _modelFactory = modelFactory;
    }

    public async Task<IViewComponentResult> InvokeAsync(string widgetZone, object additionalData)
    {
        if (additionalData is not CustomerModel { Id: > 0 } customer || !await _permissionService.AuthorizeAsync(FlockDefaults.Permissions.ViewReports))
            return Content(string.Empty);
        return View("~/Plugins/Misc.Flock/Views/Admin/_CustomerTimelineCard.cshtml", await _modelFactory.PrepareTimelineAsync(customer.Id, 8));
    }
}
