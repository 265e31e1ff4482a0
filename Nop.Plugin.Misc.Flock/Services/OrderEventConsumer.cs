using Flock.Engine.Campaigns;
using Flock.Engine.Rewards;
using Flock.Engine.Rewards.Ledger;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Gdpr;
using Nop.Core.Domain.Messages;
using Nop.Core.Domain.Orders;
using Nop.Plugin.Misc.Flock.Factories;
using Nop.Services.Customers;
using Nop.Services.Events;
using Nop.Services.Logging;

namespace Nop.Plugin.Misc.Flock.Services;

/// <summary>
/// nopCommerce events → the referral loop. Handlers run inside the request and nopCommerce swallows their exceptions,
/// so each one is short, idempotent (unique keys) and logs its failures.
/// </summary>
public class OrderEventConsumer :
    IConsumer<OrderPlacedEvent>,
    IConsumer<OrderPaidEvent>,
    IConsumer<OrderStatusChangedEvent>,
    IConsumer<OrderRefundedEvent>,
    IConsumer<OrderVoidedEvent>,
    IConsumer<CustomerRegisteredEvent>,
    IConsumer<EmailSubscribedEvent>,
    IConsumer<CustomerPermanentlyDeleted>
{
    protected readonly ICustomerService _customerService;
    protected readonly ILogger _logger;
    protected readonly BuyerIdentityService _buyerIdentityService;
    protected readonly CustomerDataService _customerDataService;
    protected readonly FriendOrderService _friendOrderService;
    protected readonly RewardLedgerService _rewardLedgerService;
    protected readonly ShareWidgetService _shareWidgetService;
    protected readonly SnapshotFactory _snapshotFactory;

    protected readonly OfferDiscountService _offerDiscountService;

    public OrderEventConsumer(ICustomerService customerService,
        ILogger logger,
        BuyerIdentityService buyerIdentityService,
        CustomerDataService customerDataService,
        OfferDiscountService offerDiscountService,
        FriendOrderService friendOrderService,
        RewardLedgerService rewardLedgerService,
        ShareWidgetService shareWidgetService,
        SnapshotFactory snapshotFactory)
    {
        _customerService = customerService;
        _logger = logger;
        _buyerIdentityService = buyerIdentityService;
        _customerDataService = customerDataService;
        _offerDiscountService = offerDiscountService;
        _friendOrderService = friendOrderService;
        _rewardLedgerService = rewardLedgerService;
        _shareWidgetService = shareWidgetService;
        _snapshotFactory = snapshotFactory;
    }

    /// <summary>The one judgement of the order; its buyer identities (for "new customer" checks); a used reward coupon retires.</summary>
    public async Task HandleEventAsync(OrderPlacedEvent eventMessage)
    {
        var order = eventMessage.Order;
        if (order is null)
            return;
        await SafeAsync($"order {order.Id} identities", async () =>
            await _buyerIdentityService.RecordOrderAsync(order, await _customerService.GetCustomerByIdAsync(order.CustomerId)));
        await SafeAsync($"order {order.Id} placed", () => _friendOrderService.JudgeAsync(order));
        await SafeAsync($"order {order.Id} reward coupons", () => _offerDiscountService.RetireUsedRewardCouponsAsync(order.Id));
    }

    /// <summary>Payment confirms the placement's judgement (made now only if the placement event was missed).</summary>
    public Task HandleEventAsync(OrderPaidEvent eventMessage) =>
        SafeAsync($"order {eventMessage.Order?.Id} paid", async () =>
        {
            var order = eventMessage.Order;
            await _friendOrderService.JudgeAsync(order, late: true);
            var paidAt = _snapshotFactory.InStoreZone(order.PaidDateUtc ?? DateTime.UtcNow);
            await _rewardLedgerService.ApplyOrderEventAsync(new OrderPaid { OrderId = order.Id, At = paidAt }, _snapshotFactory.Now());
        });

    public Task HandleEventAsync(OrderStatusChangedEvent eventMessage)
    {
        if (eventMessage.Order?.OrderStatus != OrderStatus.Cancelled)
            return Task.CompletedTask;

        return SafeAsync($"order {eventMessage.Order.Id} cancelled", () =>
            _rewardLedgerService.ApplyOrderEventAsync(new OrderCancelled { OrderId = eventMessage.Order.Id, At = _snapshotFactory.Now() }, _snapshotFactory.Now()));
    }

    public Task HandleEventAsync(OrderRefundedEvent eventMessage) =>
        SafeAsync($"order {eventMessage.Order?.Id} refunded", () =>
            _rewardLedgerService.ApplyOrderEventAsync(new OrderRefunded
            {
                OrderId = eventMessage.Order.Id,
                RefundedTotal = eventMessage.Order.RefundedAmount, //cumulative, so a replay is harmless
                At = _snapshotFactory.Now()
            }, _snapshotFactory.Now()));

    public Task HandleEventAsync(OrderVoidedEvent eventMessage) =>
        SafeAsync($"order {eventMessage.Order?.Id} voided", () =>
            _rewardLedgerService.ApplyOrderEventAsync(new OrderCancelled { OrderId = eventMessage.Order.Id, Voided = true, At = _snapshotFactory.Now() }, _snapshotFactory.Now()));

    /// <summary>Registration is a useful action: decide the widget now so the code exists and the account page shows it.</summary>
    public Task HandleEventAsync(CustomerRegisteredEvent eventMessage) =>
        SafeAsync($"customer {eventMessage.Customer?.Id} registered", () =>
            _shareWidgetService.EnsureReferrerAsync(eventMessage.Customer, CampaignTriggers.Registered));

    public Task HandleEventAsync(EmailSubscribedEvent eventMessage) =>
        SafeAsync("newsletter subscription", async () =>
        {
            var customer = await _customerService.GetCustomerByEmailAsync(eventMessage.Subscription?.Email);
            if (customer is not null)
                await _shareWidgetService.EnsureReferrerAsync(customer, CampaignTriggers.NewsletterSubscribed);
        });

    public Task HandleEventAsync(CustomerPermanentlyDeleted eventMessage) =>
        SafeAsync($"customer {eventMessage.CustomerId} erased", () => _customerDataService.EraseAsync(eventMessage.CustomerId));

    protected virtual async Task SafeAsync(string what, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception exception)
        {
            await _logger.ErrorAsync($"Flock: handling {what} failed: {exception.Message}", exception);
        }
    }
}
