using Flock.Engine.Chains;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Messages;
using Nop.Core.Domain.Orders;
using Nop.Core.Events;
using Nop.Services.Configuration;
using Nop.Services.Customers;
using Nop.Services.Events;
using Nop.Services.Logging;

namespace Nop.Plugin.Misc.Flock.Services.Behaviour;

/// <summary>
/// Shopper behaviour → one <see cref="Domain.FlockActivity"/> row per event, nothing else on the request, and only while
/// a live chain starts on that kind of event (<see cref="Chains.ChainService.AnyLiveForAsync"/>): cart changes
/// (the shopping cart only, not the wishlist; guests included; additions and quantity changes — removing a line, or
/// nopCommerce emptying the cart at checkout, is no sign of a cart left behind), paid orders, registrations and sign-ups. The chain
/// scheduler decides what they start. A failure is logged and never breaks the shopper's request.
/// </summary>
public class BehaviourEventConsumer :
    IConsumer<EntityInsertedEvent<ShoppingCartItem>>,
    IConsumer<EntityUpdatedEvent<ShoppingCartItem>>,
    IConsumer<OrderPaidEvent>,
    IConsumer<CustomerRegisteredEvent>,
    IConsumer<EmailSubscribedEvent>
{
    /// <summary>The triggers this store's capture feeds; a chain on any other trigger would never start, so it cannot be launched yet.</summary>
    public static readonly IReadOnlySet<ChainTriggerKind> CapturedTriggers = new HashSet<ChainTriggerKind>
    {
        ChainTriggerKind.CartChanged, ChainTriggerKind.OrderPaid, ChainTriggerKind.Registered, ChainTriggerKind.Subscribed,
        ChainTriggerKind.ProductViewed, ChainTriggerKind.CategoryViewed, ChainTriggerKind.SearchPerformed, //BehaviourCaptureFilter
        ChainTriggerKind.LastOrderAged, ChainTriggerKind.FirstOrderAnniversary, ChainTriggerKind.Birthday, ChainTriggerKind.PointsExpiring, //Chains.DateTriggerService
        ChainTriggerKind.PriceDropped, ChainTriggerKind.BackInStock, //Chains.ProductTriggerService
        ChainTriggerKind.SegmentEntered //Segments.SegmentEntryService
    };

    protected readonly ICustomerService _customerService;
    protected readonly ILogger _logger;
    protected readonly ISettingService _settingService;
    protected readonly ActivityService _activityService;
    protected readonly Chains.ChainService _chainService;

    public BehaviourEventConsumer(ICustomerService customerService, ILogger logger, ISettingService settingService, ActivityService activityService,
        Chains.ChainService chainService)
    {
        _chainService = chainService;
        _customerService = customerService;
        _logger = logger;
        _settingService = settingService;
        _activityService = activityService;
    }

    public Task HandleEventAsync(EntityInsertedEvent<ShoppingCartItem> eventMessage) => CartAsync(eventMessage.Entity);

    public Task HandleEventAsync(EntityUpdatedEvent<ShoppingCartItem> eventMessage) => CartAsync(eventMessage.Entity);


    public Task HandleEventAsync(OrderPaidEvent eventMessage) =>
        eventMessage.Order is { } order ? RecordAsync(order.CustomerId, order.StoreId, ChainTriggerKind.OrderPaid, order.Id) : Task.CompletedTask;

    public Task HandleEventAsync(CustomerRegisteredEvent eventMessage) =>
        eventMessage.Customer is { } customer ? RecordAsync(customer.Id, customer.RegisteredInStoreId, ChainTriggerKind.Registered) : Task.CompletedTask;

    public async Task HandleEventAsync(EmailSubscribedEvent eventMessage)
    {
        var subscription = eventMessage.Subscription;
        if (subscription is null)
            return;
        var customer = await _customerService.GetCustomerByEmailAsync(subscription.Email);
        if (customer is not null)
            await RecordAsync(customer.Id, subscription.StoreId, ChainTriggerKind.Subscribed);
    }

    protected virtual Task CartAsync(ShoppingCartItem item) =>
        item is { ShoppingCartType: ShoppingCartType.ShoppingCart }
            ? RecordAsync(item.CustomerId, item.StoreId, ChainTriggerKind.CartChanged, item.ProductId)
            : Task.CompletedTask;

    protected virtual async Task RecordAsync(int customerId, int storeId, ChainTriggerKind kind, int entityId = 0)
    {
        try
        {
            //a paid order can also move its customer into a segment a chain starts on: the task rescores them at once
            var wanted = await _chainService.AnyLiveForAsync(kind);
            if (!wanted || !(await _settingService.LoadSettingAsync<FlockSettings>(storeId)).Enabled)
                return;
            await _activityService.RecordAsync(customerId, storeId, kind, entityId);
        }
        catch (Exception exception)
        {
            await _logger.WarningAsync($"Flock: a {kind} activity could not be recorded: {exception.Message}");
        }
    }
}
