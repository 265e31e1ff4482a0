using Flock.Engine.Chains;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;
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
    //one instance for the whole store and every action passes here: nothing is resolved from the container until the action
    //is one Flock captures, so every other page pays one type test

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
        var services = context.HttpContext.RequestServices;
        try
        {
            if (!await services.GetRequiredService<Chains.ChainService>().AnyLiveForAsync(captured))
                return;
            var store = await services.GetRequiredService<IStoreContext>().GetCurrentStoreAsync();
            if (!(await services.GetRequiredService<ISettingService>().LoadSettingAsync<FlockSettings>(store.Id)).Enabled)
                return;
            var customer = await services.GetRequiredService<IWorkContext>().GetCurrentCustomerAsync();
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
            services.GetRequiredService<ActivityBuffer>().Add(new FlockActivity
            {
                CustomerId = customer.Id, StoreId = store.Id, Kind = (int)captured, EntityId = entityId,
                Text = text is { Length: > 200 } ? text[..200] : text, CreatedOnUtc = DateTime.UtcNow
            });
        }
        catch (Exception exception)
        {
            await services.GetRequiredService<ILogger>().WarningAsync($"Flock: a {captured} activity could not be captured: {exception.Message}");
        }
    }

    protected static int IdOf(ActionExecutingContext context, string name) =>
        context.ActionArguments.TryGetValue(name, out var value) && value is int id ? id : 0;
}
