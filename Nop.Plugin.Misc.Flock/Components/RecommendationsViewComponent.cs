using Microsoft.AspNetCore.Mvc;
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

    public RecommendationsViewComponent(FlockSettings flockSettings,
        ILogger logger,
        IOrderService orderService,
        IProductModelFactory productModelFactory,
        IWorkContext workContext,
        RecommendationService recommendationService)
    {
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
            switch (additionalData)
            {
                case ProductDetailsModel product when settings.RecommendationsOnProductPage && widgetZone == settings.RecommendationsProductWidgetZone:
                    shown = await _recommendationService.ForProductAsync(product.Id, settings);
                    (title, place) = ("Plugins.Misc.Flock.Recommendations.ProductTitle", "product");
                    break;
                case ShoppingCartModel cart when settings.RecommendationsInCart && widgetZone == settings.RecommendationsCartWidgetZone && cart.IsEditable && cart.Items.Count > 0:
                    shown = await _recommendationService.ForCartAsync(settings);
                    (title, place) = ("Plugins.Misc.Flock.Recommendations.CartTitle", "cart");
                    break;
                case CheckoutCompletedModel completed when settings.RecommendationsOnThankYou:
                    //the thank-you page is the order's own customer's (nopCommerce's Completed action checked it); checked again
                    var order = await _orderService.GetOrderByIdAsync(completed.OrderId);
                    if (order is null || order.CustomerId != (await _workContext.GetCurrentCustomerAsync()).Id)
                        return Content(string.Empty);
                    shown = await _recommendationService.ForOrderAsync(order, settings);
                    (title, place) = ("Plugins.Misc.Flock.Recommendations.ThankYouTitle", "thankyou");
                    break;
                default:
                    return Content(string.Empty);
            }

            if (shown.Count == 0)
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
