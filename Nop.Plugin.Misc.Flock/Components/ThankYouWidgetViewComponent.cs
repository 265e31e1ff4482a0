using Microsoft.AspNetCore.Mvc;
using Nop.Core;
using Nop.Plugin.Misc.Flock.Services;
using Nop.Services.Logging;
using Nop.Web.Framework.Components;
using Nop.Web.Models.Checkout;
using Nop.Plugin.Misc.Flock.Services.Referrals;

namespace Nop.Plugin.Misc.Flock.Components;

/// <summary>The share block on the thank-you page (checkout_completed_top), for the order's own customer only.</summary>
public class ThankYouWidgetViewComponent : NopViewComponent
{
    protected readonly ILogger _logger;
    protected readonly IWorkContext _workContext;
    protected readonly FlockSettings _flockSettings;
    protected readonly ShareWidgetService _shareWidgetService;

    public ThankYouWidgetViewComponent(ILogger logger,
        IWorkContext workContext,
        FlockSettings flockSettings,
        ShareWidgetService shareWidgetService)
    {
        _logger = logger;
        _workContext = workContext;
        _flockSettings = flockSettings;
        _shareWidgetService = shareWidgetService;
    }

    public async Task<IViewComponentResult> InvokeAsync(string widgetZone, object additionalData)
    {
        if (!_flockSettings.Enabled || !_flockSettings.ShowOnCheckoutCompleted || additionalData is not CheckoutCompletedModel completed)
            return Content(string.Empty);

        try
        {
            //nopCommerce's Completed action has found the order among the current customer's own (the prepared block is
            //checked against that customer again); one indexed read: the block prepared right after placement, or when
            //the page is faster than that, a placeholder the block fills in a moment later (its own request waits for it)
            var customer = await _workContext.GetCurrentCustomerAsync();
            var (found, model) = await _shareWidgetService.FindPreparedAsync(completed.OrderId, customer);
            if (!found)
                return View("~/Plugins/Misc.Flock/Views/ShareWidgetPending.cshtml", completed.OrderId);
            return model is null ? Content(string.Empty) : View("~/Plugins/Misc.Flock/Views/ShareWidget.cshtml", model);
        }
        catch (Exception exception)
        {
            //the thank-you page must never break because of the share block
            await _logger.ErrorAsync("Flock: the thank-you widget failed", exception);
            return Content(string.Empty);
        }
    }
}
