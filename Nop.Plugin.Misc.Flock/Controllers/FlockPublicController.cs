using Microsoft.Extensions.DependencyInjection;
using Flock.Engine.Referrals;
using Microsoft.AspNetCore.Mvc;
using Nop.Core;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Factories;
using Nop.Plugin.Misc.Flock.Services;
using Nop.Services.Customers;
using Nop.Services.Logging;
using Nop.Services.Orders;
using Nop.Web.Framework.Controllers;
using Nop.Plugin.Misc.Flock.Services.Referrals;

namespace Nop.Plugin.Misc.Flock.Controllers;

/// <summary>Storefront: the referral landing, the "Invite friends" page and share-click analytics.</summary>
[AutoValidateAntiforgeryToken]
public class FlockPublicController : BasePluginController
{
    protected readonly ICustomerService _customerService;
    protected readonly ILogger _logger;
    protected readonly IWorkContext _workContext;
    protected readonly AnalyticsEventService _analyticsEventService;
    protected readonly FlockSettings _flockSettings;
    protected readonly InviteFriendsModelFactory _inviteFriendsModelFactory;
    protected readonly LandingService _landingService;
    protected readonly ProgrammeService _programmeService;
    protected readonly IOrderService _orderService;
    protected readonly ShareWidgetService _shareWidgetService;

    public FlockPublicController(ICustomerService customerService,
        ILogger logger,
        IOrderService orderService,
        IWorkContext workContext,
        ShareWidgetService shareWidgetService,
        AnalyticsEventService analyticsEventService,
        FlockSettings flockSettings,
        InviteFriendsModelFactory inviteFriendsModelFactory,
        LandingService landingService,
        ProgrammeService programmeService)
    {
        _customerService = customerService;
        _logger = logger;
        _orderService = orderService;
        _workContext = workContext;
        _shareWidgetService = shareWidgetService;
        _analyticsEventService = analyticsEventService;
        _flockSettings = flockSettings;
        _inviteFriendsModelFactory = inviteFriendsModelFactory;
        _landingService = landingService;
        _programmeService = programmeService;
    }

    /// <summary>
    /// The thank-you block of an order whose page came before the block was prepared (the page rendered a placeholder):
    /// for the order's own customer only; waits briefly for the worker, then decides as the page would have. 204: nothing to show.
    /// </summary>
    [HttpGet]
    public async Task<IActionResult> ThankYouBlock(int orderId)
    {
        //what ASP.NET's antiforgery sets for a response carrying a token (the block has one), so it has nothing to override and log
        Response.Headers.CacheControl = "no-cache, no-store";
        Response.Headers.Pragma = "no-cache";
        if (!_flockSettings.Enabled || !_flockSettings.ShowOnCheckoutCompleted)
            return NoContent();
        try
        {
            var customer = await _workContext.GetCurrentCustomerAsync();
            var order = await _orderService.GetOrderByIdAsync(orderId);
            if (order is null || order.Deleted || order.CustomerId != customer.Id)
                return NoContent();
            var model = await _shareWidgetService.AwaitForOrderAsync(order, customer, HttpContext.RequestAborted);
            return model is null ? NoContent() : PartialView("~/Plugins/Misc.Flock/Views/ShareWidget.cshtml", model);
        }
        catch (OperationCanceledException)
        {
            return NoContent();
        }
        catch (Exception exception)
        {
            await _logger.ErrorAsync("Flock: the thank-you block failed", exception);
            return NoContent();
        }
    }

    /// <summary>
    /// The thank-you recommendation block of an order whose page came before its share block was prepared: for the order's
    /// own customer only, with the campaign's choice once known (or the store's setting after a short wait). 204: nothing.
    /// </summary>
    [HttpGet]
    public async Task<IActionResult> ThankYouRecommendations(int orderId)
    {
        Response.Headers.CacheControl = "no-cache, no-store";
        try
        {
            var customer = await _workContext.GetCurrentCustomerAsync();
            var order = await _orderService.GetOrderByIdAsync(orderId);
            if (order is null || order.Deleted || order.CustomerId != customer.Id)
                return NoContent();
            var choice = await _shareWidgetService.AwaitThankYouRecommendationsAsync(order.Id, customer, HttpContext.RequestAborted);
            return ViewComponent(typeof(Components.RecommendationsViewComponent),
                new { widgetZone = Nop.Web.Framework.Infrastructure.PublicWidgetZones.CheckoutCompletedBottom, additionalData = new Components.DeferredThankYou(order.Id, choice) });
        }
        catch (OperationCanceledException)
        {
            return NoContent();
        }
    }

    /// <summary>/{prefix}/{code}: whatever the code, the visitor lands on the store (no error page for bad codes).</summary>
    [HttpGet]
    public async Task<IActionResult> Landing()
    {
        var tags = "";
        try
        {
            tags = await _landingService.HandleAsync(Request);
        }
        catch (Exception exception)
        {
            await _logger.ErrorAsync("Flock: referral landing failed", exception);
        }
        //the shared link is short; analytics tools get the channel, campaign and creative on the redirect
        return string.IsNullOrEmpty(tags) ? RedirectToRoute("Homepage") : Redirect(Url.RouteUrl("Homepage") + tags);
    }

    [HttpGet]
    public async Task<IActionResult> InviteFriends()
    {
        var customer = await _workContext.GetCurrentCustomerAsync();
        if (!await _customerService.IsRegisteredAsync(customer))
            return Challenge();
        if (!_flockSettings.Enabled || !_flockSettings.ShowInviteFriendsInAccount)
            return RedirectToRoute("CustomerInfo");

        var model = await _inviteFriendsModelFactory.PrepareAsync(customer);
        return View("~/Plugins/Misc.Flock/Views/InviteFriends.cshtml", model);
    }

    /// <summary>
    /// The QR image of a personal link. It encodes only the public link (code, campaign, variant — no PII), so it needs
    /// no login and may be cached; invalid input gets 404 and nothing is drawn.
    /// </summary>
    [HttpGet]
    public async Task<IActionResult> QrCode(string code, int campaign, string variant)
    {
        if (!_flockSettings.Enabled || (code?.Length ?? 0) > 32 || (variant?.Length ?? 0) > 64)
            return NotFound();

        var qr = (await _programmeService.GetAsync())?.QrCode(code, campaign, variant);
        if (qr is null)
            return NotFound();

        Response.Headers.CacheControl = "public, max-age=86400";
        return File(qr.Png, "image/png");
    }

    /// <summary>A share button was used (analytics only; the current shopper is the actor).</summary>
    [HttpPost]
    public async Task<IActionResult> ShareEvent(string channel, int campaignId, string variant)
    {
        if (string.IsNullOrEmpty(channel) || channel.Length > 32 || (variant?.Length ?? 0) > 200)
            return BadRequest();

        if (!ShareChannels.TryParse(channel, out _))
            return BadRequest();

        //only a share of a widget this shopper was shown, once per channel and day: a script cannot inflate the dashboard
        var customer = await _workContext.GetCurrentCustomerAsync();
        if (await _analyticsEventService.TryRecordShareAsync(customer.Id, campaignId, variant, channel, DateTime.UtcNow))
            return Ok();
        return NoContent();
    }

    /// <summary>A recommended product was clicked or put in the cart from a block (analytics only; the current shopper is the actor).</summary>
    [HttpPost]
    public async Task<IActionResult> RecommendationEvent(string place, int productId, string kind)
    {
        //clicks only: an add-to-cart is counted by the store itself when the cart line is really added
        if (string.IsNullOrEmpty(place) || place.Length > 16 || kind != Services.Recommendations.RecommendationKpiService.Click || productId <= 0)
            return BadRequest();
        //only for a product this shopper was shown there today, once a day: a script cannot inflate the KPIs
        var customer = await _workContext.GetCurrentCustomerAsync();
        var store = await HttpContext.RequestServices.GetRequiredService<Nop.Core.IStoreContext>().GetCurrentStoreAsync();
        var kpis = HttpContext.RequestServices.GetRequiredService<Services.Recommendations.RecommendationKpiService>();
        return await kpis.TryRecordAsync(store.Id, customer.Id, place, productId, kind, DateTime.UtcNow) ? Ok() : NoContent();
    }
}
