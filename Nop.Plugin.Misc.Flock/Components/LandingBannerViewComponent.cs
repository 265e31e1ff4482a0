using Flock.Engine.Referrals.Campaigns;
using Microsoft.AspNetCore.Mvc;
using Nop.Core;
using Nop.Core.Domain.Customers;
using Nop.Plugin.Misc.Flock.Services;
using Nop.Services.Common;
using Nop.Services.Logging;
using Nop.Web.Framework.Components;
using Nop.Plugin.Misc.Flock.Services.Referrals;

namespace Nop.Plugin.Misc.Flock.Components;

/// <summary>
/// Runs at the end of every page (body_end_html_tag_before): tells a friend who arrived by a referral link who invited
/// them and what they got (once), and after a useful action that has no thank-you page of its own — the registration
/// result and the newsletter activation page — invites the shopper to share (R1), as a closable popup.
/// </summary>
public class LandingBannerViewComponent : NopViewComponent
{
    protected readonly IGenericAttributeService _genericAttributeService;
    protected readonly IStoreContext _storeContext;
    protected readonly IWorkContext _workContext;
    protected readonly FlockSettings _flockSettings;
    protected readonly ILogger _logger;
    protected readonly ShareWidgetService _shareWidgetService;

    public LandingBannerViewComponent(IGenericAttributeService genericAttributeService,
        IStoreContext storeContext,
        IWorkContext workContext,
        FlockSettings flockSettings,
        ILogger logger,
        ShareWidgetService shareWidgetService)
    {
        _logger = logger;
        _shareWidgetService = shareWidgetService;
        _genericAttributeService = genericAttributeService;
        _storeContext = storeContext;
        _workContext = workContext;
        _flockSettings = flockSettings;
    }

    public async Task<IViewComponentResult> InvokeAsync(string widgetZone, object additionalData)
    {
        if (!_flockSettings.Enabled)
            return Content(string.Empty);

        var customer = await _workContext.GetCurrentCustomerAsync();
        if (UsefulActionOfThisPage() is { } action)
            return await SharePopupAsync(customer, action.Trigger, action.Placement);

        if (!Request.Cookies.ContainsKey(FlockDefaults.GreetingCookieName))
            return Content(string.Empty); //no landing since the last page: no greeting to read
        if (!HttpContext.Response.HasStarted)
            HttpContext.Response.Cookies.Delete(FlockDefaults.GreetingCookieName);

        var store = await _storeContext.GetCurrentStoreAsync();
        var greeting = await _genericAttributeService.GetAttributeAsync<string>(customer, LandingService.GreetingAttribute, store.Id);
        if (string.IsNullOrEmpty(greeting))
            return Content(string.Empty);

        if (!_flockSettings.ShowLandingBanner)
            return Content(string.Empty);

        await _genericAttributeService.SaveAttributeAsync<string>(customer, LandingService.GreetingAttribute, null, store.Id);
        return View("~/Plugins/Misc.Flock/Views/LandingBanner.cshtml", greeting);
    }

    /// <summary>The registration result page and a successful newsletter activation are the pages of those actions.</summary>
    protected virtual (CampaignTriggers Trigger, string Placement)? UsefulActionOfThisPage()
    {
        var route = ViewContext.RouteData.Values;
        string Value(string key) => route.TryGetValue(key, out var value) ? value?.ToString() : null;
        var controller = Value("controller");
        var action = Value("action");

        if (string.Equals(controller, "Customer", StringComparison.OrdinalIgnoreCase) && string.Equals(action, "RegisterResult", StringComparison.OrdinalIgnoreCase))
            return (CampaignTriggers.Registered, "registration");
        if (string.Equals(controller, "Newsletter", StringComparison.OrdinalIgnoreCase) && string.Equals(action, "SubscriptionActivation", StringComparison.OrdinalIgnoreCase)
            && bool.TryParse(Value("active"), out var active) && active)
            return (CampaignTriggers.NewsletterSubscribed, "newsletter");
        return null;
    }

    protected virtual async Task<IViewComponentResult> SharePopupAsync(Customer customer, CampaignTriggers trigger, string placement)
    {
        try
        {
            var model = await _shareWidgetService.PrepareAsync(customer, trigger, placement);
            return model is null ? Content(string.Empty) : View("~/Plugins/Misc.Flock/Views/SharePopup.cshtml", model);
        }
        catch (Exception exception)
        {
            //a page must never break because of the share block
            await _logger.ErrorAsync($"Flock: the share popup ({placement}) failed", exception);
            return Content(string.Empty);
        }
    }
}
