using Microsoft.AspNetCore.Mvc;
using Nop.Plugin.Misc.Flock.Services.Chains;
using Nop.Services.Customers;
using Nop.Plugin.Misc.Flock.Services.Messaging;
using Nop.Web.Framework.Controllers;

namespace Nop.Plugin.Misc.Flock.Controllers;

/// <summary>
/// Unsubscribe from Flock's marketing messages (T8). GET shows a confirmation with one button; POST unsubscribes — it is
/// also the RFC 8058 one-click target (a mail provider posts <c>List-Unsubscribe=One-Click</c> with no cookie or token, so
/// the signed link is the only credential). Unsubscribing deactivates the customer's newsletter subscriptions in every
/// store (of every type, on 4.90: see NewsletterConsentService), which nopCommerce reports as
/// <c>EmailUnsubscribedEvent</c> and every marketing chain treats as withdrawn consent.
/// </summary>
public class FlockUnsubscribeController : BasePluginController
{
    protected readonly ICustomerService _customerService;
    protected readonly NewsletterConsentService _consentService;
    protected readonly ChainFactsService _factsService;
    protected readonly UnsubscribeLinks _unsubscribeLinks;

    public FlockUnsubscribeController(ICustomerService customerService,
        NewsletterConsentService consentService,
        ChainFactsService factsService,
        UnsubscribeLinks unsubscribeLinks)
    {
        _customerService = customerService;
        _consentService = consentService;
        _factsService = factsService;
        _unsubscribeLinks = unsubscribeLinks;
    }

    [HttpGet]
    [ActionName("Unsubscribe")]
    public async Task<IActionResult> Confirm(int customerId, string signature)
    {
        if (await EmailOfAsync(customerId, signature) is null)
            return NotFound();
        return View("~/Plugins/Misc.Flock/Views/Unsubscribe.cshtml", false);
    }

    [HttpPost]
    [IgnoreAntiforgeryToken]
    public async Task<IActionResult> Unsubscribe(int customerId, string signature)
    {
        var email = await EmailOfAsync(customerId, signature);
        if (email is null)
            return NotFound();
        await _consentService.UnsubscribeEverywhereAsync(email);
        //one-click posts from mail providers want a plain 200, people a page
        return Request.HasFormContentType && Request.Form.ContainsKey("List-Unsubscribe") ? Ok() : View("~/Plugins/Misc.Flock/Views/Unsubscribe.cshtml", true);
    }

    protected virtual async Task<string> EmailOfAsync(int customerId, string signature)
    {
        var customer = await _customerService.GetCustomerByIdAsync(customerId);
        var email = await _factsService.RecipientEmailAsync(customer);
        return _unsubscribeLinks.IsValid(customerId, email, signature) ? email : null;
    }
}
