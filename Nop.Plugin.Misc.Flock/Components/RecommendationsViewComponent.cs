using Flock.Engine.Recommendations;
using Microsoft.AspNetCore.Mvc;
using Nop.Core.Domain.Customers;
using Nop.Core;
using Nop.Plugin.Misc.Flock.Models;
using Nop.Plugin.Misc.Flock.Services.Recommendations;
using Nop.Services.Logging;
using Nop.Services.Orders;
using Nop.Web.Factories;
using Nop.Web.Framework.Components;
using Nop.Web.Models.Catalog;
using Nop.Web.Models.Checkout;
using Nop.Web.Models.ShoppingCart;

namespace Nop.Plugin.Misc.Flock.Components;

/// <summary>
/// Flock's recommendation block (P1–P2) in the zone the admin chose: "bought together" on the product page, a personal
/// blend in the cart, "you may also like" on the thank-you page. Rendered with the theme's own product boxes, each with
/// its reason. Never breaks the page it is on.
/// </summary>
public class RecommendationsViewComponent : NopViewComponent
{
    protected readonly FlockSettings _flockSettings;
    protected readonly ILogger _logger;
    protected readonly IOrderService _orderService;
    protected readonly IProductModelFactory _productModelFactory;
    protected readonly IWorkContext _workContext;
    protected readonly RecommendationService _recommendationService;
    protected readonly RecommendationExposureBuffer _exposures;
    protected readonly IStoreContext _storeContext;
    protected readonly Services.Referrals.ShareWidgetService _shareWidgetService;

    public RecommendationsViewComponent(FlockSettings flockSettings,
        ILogger logger,
        IOrderService orderService,
        IProductModelFactory productModelFactory,
        IWorkContext workContext,
        RecommendationService recommendationService,
        RecommendationExposureBuffer exposures,
        IStoreContext storeContext,
        Services.Referrals.ShareWidgetService shareWidgetService)
    {
        _shareWidgetService = shareWidgetService;
        _exposures = exposures;
        _storeContext = storeContext;
        _flockSettings = flockSettings;
        _logger = logger;
        _orderService = orderService;
        _productModelFactory = productModelFactory;
        _workContext = workContext;
        _recommendationService = recommendationService;
    }

    public async Task<IViewComponentResult> InvokeAsync(string widgetZone, object additionalData)
    {
        try
        {
            var settings = _flockSettings;
            IList<RecommendationService.Shown> shown;
            string title;
            string place;
            int anchor;
            switch (additionalData)
            {
                case ProductDetailsModel product when settings.RecommendationsOnProductPage && widgetZone == settings.RecommendationsProductWidgetZone:
                    shown = await _recommendationService.ForProductAsync(product.Id, settings);
                    (title, place, anchor) = ("Plugins.Misc.Flock.Recommendations.ProductTitle", RecommendationPlaces.Product, product.Id);
                    break;
                case ShoppingCartModel cart when settings.RecommendationsInCart && widgetZone == settings.RecommendationsCartWidgetZone && cart.IsEditable && cart.Items.Count > 0:
                    shown = await _recommendationService.ForCartAsync(settings);
                    (title, place, anchor) = ("Plugins.Misc.Flock.Recommendations.CartTitle", RecommendationPlaces.Cart, 0);
                    break;
                case CheckoutCompletedModel completed when settings.RecommendationsOnThankYou:
                    //the thank-you page is the order's own customer's (nopCommerce's Completed action checked it); checked again
                    var order = await _orderService.GetOrderByIdAsync(completed.OrderId);
                    var buyer = await _workContext.GetCurrentCustomerAsync();
                    if (order is null || order.CustomerId != buyer.Id)
                        return Content(string.Empty);
                    //the campaign of the order's share block may choose otherwise than the store (a count, or none); while that
                    //block is still being prepared, this block waits in a placeholder fetched by its own request
                    int? campaignChoice = null;
                    if (_flockSettings.Enabled && _flockSettings.ShowOnCheckoutCompleted)
                    {
                        var (known, choice) = await _shareWidgetService.ThankYouRecommendationsOfAsync(order.Id, buyer);
                        if (!known)
                            return View("~/Plugins/Misc.Flock/Views/RecommendationsPending.cshtml", order.Id);
                        campaignChoice = choice;
                    }

                    if (campaignChoice == 0)
                        return Content(string.Empty);
                    shown = await _recommendationService.ForOrderAsync(order, settings, campaignChoice);
                    (title, place, anchor) = ("Plugins.Misc.Flock.Recommendations.ThankYouTitle", RecommendationPlaces.ThankYou, order.Id);
                    break;
                case DeferredThankYou deferred when settings.RecommendationsOnThankYou:
                    //the placeholder's own request, for the order's own customer (checked by the route), with the campaign's choice
                    if (deferred.Choice == 0 || await _orderService.GetOrderByIdAsync(deferred.OrderId) is not { } deferredOrder)
                        return Content(string.Empty);
                    shown = await _recommendationService.ForOrderAsync(deferredOrder, settings, deferred.Choice);
                    (title, place, anchor) = ("Plugins.Misc.Flock.Recommendations.ThankYouTitle", RecommendationPlaces.ThankYou, deferredOrder.Id);
                    break;
                default:
                    return Content(string.Empty);
            }

            if (shown.Count == 0)
                return Content(string.Empty);
            //a stable share of shoppers sees nothing; what they would have seen is recorded all the same (the KPIs' holdout)
            var customer = await _workContext.GetCurrentCustomerAsync();
            var holdout = RecommendationHoldout.IsHeldOut(customer.CustomerGuid, settings.RecommendationsHoldoutPercent / 100.0);
            if (!customer.IsSearchEngineAccount() && !customer.IsBackgroundTaskAccount())
                _exposures.Add((await _storeContext.GetCurrentStoreAsync()).Id, customer.Id, place, anchor, shown.Select(s => s.Product.Id), holdout, DateTime.UtcNow);
            if (holdout)
                return Content(string.Empty);
            var boxes = await _productModelFactory.PrepareProductOverviewModelsAsync(shown.Select(s => s.Product), true, true);
            var model = new RecommendationBlockModel
            {
                Title = title,
                Place = place,
                Items = boxes.Zip(shown, (box, s) => new RecommendationBlockModel.Item(box, s.ReasonText, s.Reason.Kind.ToString())).ToList()
            };
            return View("~/Plugins/Misc.Flock/Views/Recommendations.cshtml", model);
        }
        catch (Exception exception)
        {
            await _logger.ErrorAsync("Flock: the recommendation block failed", exception);
            return Content(string.Empty);
        }
    }
}

/// <summary>The thank-you block asked by its placeholder once the campaign's choice is known.</summary>
public sealed record DeferredThankYou(int OrderId, int? Choice);
