using Microsoft.AspNetCore.Mvc;
using Nop.Core;
using Nop.Plugin.Misc.Flock.Services;
using Nop.Services.Common;
using Nop.Web.Framework.Components;

namespace Nop.Plugin.Misc.Flock.Components;

/// <summary>Tells a friend who arrived by a referral link who invited them and what they got — once.</summary>
public class LandingBannerViewComponent : NopViewComponent
{
    protected readonly IGenericAttributeService _genericAttributeService;
    protected readonly IStoreContext _storeContext;
    protected readonly IWorkContext _workContext;
    protected readonly FlockSettings _flockSettings;

    public LandingBannerViewComponent(IGenericAttributeService genericAttributeService,
        IStoreContext storeContext,
        IWorkContext workContext,
        FlockSettings flockSettings)
    {
        _genericAttributeService = genericAttributeService;
        _storeContext = storeContext;
        _workContext = workContext;
        _flockSettings = flockSettings;
    }

    public async Task<IViewComponentResult> InvokeAsync(string widgetZone, object additionalData)
    {
        if (!_flockSettings.Enabled || !_flockSettings.ShowLandingBanner)
            return Content(string.Empty);

        var customer = await _workContext.GetCurrentCustomerAsync();
        var store = await _storeContext.GetCurrentStoreAsync();
        var greeting = await _genericAttributeService.GetAttributeAsync<string>(customer, LandingService.GreetingAttribute, store.Id);
        if (string.IsNullOrEmpty(greeting))
            return Content(string.Empty);

        await _genericAttributeService.SaveAttributeAsync<string>(customer, LandingService.GreetingAttribute, null, store.Id);
        return View("~/Plugins/Misc.Flock/Views/LandingBanner.cshtml", greeting);
    }
}
