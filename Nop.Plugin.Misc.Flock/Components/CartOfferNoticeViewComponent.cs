using Microsoft.AspNetCore.Mvc;
using Nop.Core;
using Nop.Plugin.Misc.Flock.Services;
using Nop.Services.Customers;
using Nop.Services.Logging;
using Nop.Web.Framework.Components;
using Nop.Plugin.Misc.Flock.Services.Referrals;

namespace Nop.Plugin.Misc.Flock.Components;

/// <summary>
/// In the cart's order summary: when the shopper holds a Flock friend-offer code, says whether it applies and, when it
/// does not, why (minimum order, new customers only, expired, used...) — the engine's verdict, the same one nopCommerce's
/// discount requirement gets, so the shopper never wonders where the friend's discount went.
/// </summary>
public class CartOfferNoticeViewComponent : NopViewComponent
{
    protected readonly ICustomerService _customerService;
    protected readonly ILogger _logger;
    protected readonly IStoreContext _storeContext;
    protected readonly IWorkContext _workContext;
    protected readonly FlockSettings _flockSettings;
    protected readonly FriendOfferRequirementService _friendOfferRequirementService;
    protected readonly OfferDiscountService _offerDiscountService;

    public CartOfferNoticeViewComponent(ICustomerService customerService,
        ILogger logger,
        IStoreContext storeContext,
        IWorkContext workContext,
        FlockSettings flockSettings,
        FriendOfferRequirementService friendOfferRequirementService,
        OfferDiscountService offerDiscountService)
    {
        _customerService = customerService;
        _logger = logger;
        _storeContext = storeContext;
        _workContext = workContext;
        _flockSettings = flockSettings;
        _friendOfferRequirementService = friendOfferRequirementService;
        _offerDiscountService = offerDiscountService;
    }

    public async Task<IViewComponentResult> InvokeAsync(string widgetZone, object additionalData)
    {
        if (!_flockSettings.Enabled)
            return Content(string.Empty);
        try
        {
            var customer = await _workContext.GetCurrentCustomerAsync();
            var codes = await _customerService.ParseAppliedDiscountCouponCodesAsync(customer);
            if (codes.Length == 0)
                return Content(string.Empty);
            var offer = await _offerDiscountService.GetFriendOfferByCouponCodeAsync(codes);
            if (offer is null || !await _offerDiscountService.IsActiveAsync(offer.DiscountId))
                return Content(string.Empty);

            var store = await _storeContext.GetCurrentStoreAsync();
            var verdict = await _friendOfferRequirementService.JudgeFriendOfferAsync(offer, customer, store.Id);
            return View("~/Plugins/Misc.Flock/Views/CartOfferNotice.cshtml", verdict);
        }
        catch (Exception exception)
        {
            await _logger.ErrorAsync("Flock: the cart offer notice failed", exception);
            return Content(string.Empty);
        }
    }
}
