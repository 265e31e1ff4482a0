using Nop.Core.Domain.Orders;
using Nop.Core.Events;
using Nop.Services.Events;
using Nop.Services.Logging;

namespace Nop.Plugin.Misc.Flock.Services.Recommendations;

/// <summary>
/// "Added to cart" of the recommendation KPIs: a cart line really added (nopCommerce's insert, after its own checks of
/// attributes, stock and limits) of a product a block showed this shopper in the last day, in every place it was shown.
/// </summary>
public class RecommendationCartConsumer : IConsumer<EntityInsertedEvent<ShoppingCartItem>>
{
    protected readonly ILogger _logger;
    protected readonly RecommendationKpiService _kpiService;

    public RecommendationCartConsumer(ILogger logger, RecommendationKpiService kpiService)
    {
        _logger = logger;
        _kpiService = kpiService;
    }

    public async Task HandleEventAsync(EntityInsertedEvent<ShoppingCartItem> eventMessage)
    {
        if (eventMessage.Entity is not { ShoppingCartType: ShoppingCartType.ShoppingCart } item)
            return;
        try
        {
            await _kpiService.TryRecordAsync(item.StoreId, item.CustomerId, null, item.ProductId, RecommendationKpiService.Cart, DateTime.UtcNow);
        }
        catch (Exception exception)
        {
            //analytics: never in the way of the cart
            await _logger.WarningAsync($"Flock: an add-to-cart of the recommendation KPIs was not recorded: {exception.Message}", exception);
        }
    }
}
