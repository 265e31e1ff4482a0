using Flock.Engine.Chains;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Filters;
using Nop.Core;
using Nop.Core.Domain.Customers;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Services.Configuration;
using Nop.Services.Logging;
using Nop.Web.Models.Catalog;

namespace Nop.Plugin.Misc.Flock.Services.Behaviour;

/// <summary>
/// Product views, category views and searches (terms and result count) of nopCommerce's public catalog, captured after
/// the page was built: one compact row into <see cref="ActivityBuffer"/> (no database write on the request), and only
/// while a live chain starts on that kind of event. Everything else passes untouched; a failure never reaches the shopper.
/// </summary>
public class BehaviourCaptureFilter : IAsyncActionFilter
{
    protected readonly ILogger _logger;
    protected readonly ISettingService _settingService;
    protected readonly IStoreContext _storeContext;
    protected readonly IWorkContext _workContext;
    protected readonly ActivityBuffer _buffer;
    protected readonly Chains.ChainService _chainService;

    public BehaviourCaptureFilter(ILogger logger, ISettingService settingService, IStoreContext storeContext, IWorkContext workContext,
        ActivityBuffer buffer, Chains.ChainService chainService)
    {
        _logger = logger;
        _settingService = settingService;
        _storeContext = storeContext;
        _workContext = workContext;
        _buffer = buffer;
        _chainService = chainService;
    }

    /// <summary>The catalog action a request is, if it is one Flock captures.</summary>
    public static ChainTriggerKind? KindOf(ActionExecutingContext context) =>
        context.ActionDescriptor is ControllerActionDescriptor { ControllerTypeInfo.Namespace: "Nop.Web.Controllers" } action
        && context.HttpContext.Request.Method == "GET"
            ? (action.ControllerName, action.ActionName) switch
            {
                ("Product", "ProductDetails") => ChainTriggerKind.ProductViewed,
                ("Catalog", "Category") => ChainTriggerKind.CategoryViewed,
                ("Catalog", "Search") => ChainTriggerKind.SearchPerformed,
                _ => null
            }
            : null;

    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var kind = KindOf(context);
        var executed = await next();
        if (kind is not { } captured || executed.Exception is not null || executed.Result is not ViewResult view)
            return;
        try
        {
            if (!await _chainService.AnyLiveForAsync(captured))
                return;
            var store = await _storeContext.GetCurrentStoreAsync();
            if (!(await _settingService.LoadSettingAsync<FlockSettings>(store.Id)).Enabled)
                return;
            var customer = await _workContext.GetCurrentCustomerAsync();
            if (customer is null || customer.IsSearchEngineAccount() || customer.IsBackgroundTaskAccount())
                return;
            (int EntityId, string Text) row = captured switch
            {
                ChainTriggerKind.ProductViewed => (IdOf(context, "productId"), null),
                ChainTriggerKind.CategoryViewed => (IdOf(context, "categoryId"), null),
                _ => view.Model is SearchModel search && !string.IsNullOrWhiteSpace(search.q)
                    ? (search.CatalogProductsModel?.TotalItems ?? 0, search.q.Trim())
                    : (-1, null)
            };
            var (entityId, text) = row;
            if (entityId < 0 || (captured != ChainTriggerKind.SearchPerformed && entityId == 0))
                return; //an empty search or a page without its id is no signal
            _buffer.Add(new FlockActivity
            {
                CustomerId = customer.Id, StoreId = store.Id, Kind = (int)captured, EntityId = entityId,
                Text = text is { Length: > 200 } ? text[..200] : text, CreatedOnUtc = DateTime.UtcNow
            });
        }
        catch (Exception exception)
        {
            await _logger.WarningAsync($"Flock: a {captured} activity could not be captured: {exception.Message}");
        }
    }

    protected static int IdOf(ActionExecutingContext context, string name) =>
        context.ActionArguments.TryGetValue(name, out var value) && value is int id ? id : 0;
}
