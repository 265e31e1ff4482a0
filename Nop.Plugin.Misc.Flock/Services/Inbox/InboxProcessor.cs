using System.Text.Json;
using Flock.Engine.Referrals.Campaigns;
using Flock.Engine.Common;
using Flock.Engine.Referrals.Rewards.Ledger;
using Nop.Core.Domain.Orders;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Factories;
using Nop.Services.Customers;
using Nop.Services.Logging;
using Nop.Services.Orders;
using Nop.Plugin.Misc.Flock.Services.Referrals;

namespace Nop.Plugin.Misc.Flock.Services.Inbox;

/// <summary>
/// Carries out one inbox item under its lease: what each nopCommerce event means for Flock. Every step is idempotent
/// (unique keys, conditional updates), so an item that failed half-way is simply carried out again; an item is done
/// only when every step succeeded, and a failure is retried on <see cref="RetrySchedule"/> until it succeeds.
/// </summary>
public class InboxProcessor
{
    protected static readonly TimeSpan LeaseTime = TimeSpan.FromMinutes(2);

    /// <summary>An order's payment (or cancellation) waits up to this long for its placement to be handled first.</summary>
    protected static readonly TimeSpan PlacementGrace = TimeSpan.FromMinutes(2);

    protected readonly ICustomerService _customerService;
    protected readonly ILogger _logger;
    protected readonly IOrderService _orderService;
    protected readonly BuyerIdentityService _buyerIdentityService;
    protected readonly CustomerDataService _customerDataService;
    protected readonly FriendOrderService _friendOrderService;
    protected readonly InboxService _inboxService;
    protected readonly OfferDiscountService _offerDiscountService;
    protected readonly RewardLedgerService _rewardLedgerService;
    protected readonly ShareWidgetService _shareWidgetService;
    protected readonly SnapshotFactory _snapshotFactory;

    public InboxProcessor(ICustomerService customerService,
        ILogger logger,
        IOrderService orderService,
        BuyerIdentityService buyerIdentityService,
        CustomerDataService customerDataService,
        FriendOrderService friendOrderService,
        InboxService inboxService,
        OfferDiscountService offerDiscountService,
        RewardLedgerService rewardLedgerService,
        ShareWidgetService shareWidgetService,
        SnapshotFactory snapshotFactory)
    {
        _customerService = customerService;
        _logger = logger;
        _orderService = orderService;
        _buyerIdentityService = buyerIdentityService;
        _customerDataService = customerDataService;
        _friendOrderService = friendOrderService;
        _inboxService = inboxService;
        _offerDiscountService = offerDiscountService;
        _rewardLedgerService = rewardLedgerService;
        _shareWidgetService = shareWidgetService;
        _snapshotFactory = snapshotFactory;
    }

    /// <summary>What became of an attempt.</summary>
    public enum Outcome { Done, NotTaken, Postponed, Failed }

    /// <summary>Takes the item (unless done or held elsewhere) and carries it out.</summary>
    public virtual async Task<Outcome> ProcessAsync(int itemId)
    {
        var token = Guid.NewGuid().ToString("N");
        var now = DateTime.UtcNow;
        if (!await _inboxService.TryLeaseAsync(itemId, token, now, now.Add(LeaseTime)))
            return Outcome.NotTaken;

        var item = await _inboxService.GetByIdAsync(itemId);
        try
        {
            if (await HandleAsync(item) is DateTime notBefore)
            {
                //waiting for its placement: looked at again when that is next due (at least 5 s from now)
                var soonest = DateTime.UtcNow.AddSeconds(5);
                await _inboxService.PostponeAsync(item.Id, token, notBefore > soonest ? notBefore : soonest);
                return Outcome.Postponed;
            }
            await _inboxService.CompleteAsync(item.Id, token);
            return Outcome.Done;
        }
        catch (Exception exception)
        {
            var next = RetrySchedule.Default.NextAttempt(item.Attempts + 1, DateTimeOffset.UtcNow).UtcDateTime;
            await _inboxService.FailAsync(item.Id, token, $"{exception.GetType().Name}: {exception.Message}", next);
            //the event stays in the inbox; the log only says where to look (no customer data in it)
            await _logger.WarningAsync($"Flock: inbox item {item.Id} ({item.Kind} {item.EntityId}) failed, attempt {item.Attempts + 1}; retried at {next:u}: {exception.Message}");
            return Outcome.Failed;
        }
    }

    /// <summary>Every item that is due (a sweep: missed rings, retries, other nodes' crashed leases). Returns how many were done.</summary>
    public virtual async Task<int> ProcessDueAsync(int max = 100)
    {
        var done = 0;
        foreach (var id in await _inboxService.GetDueIdsAsync(DateTime.UtcNow, max))
            if (await ProcessAsync(id) == Outcome.Done)
                done++;
        return done;
    }

    /// <summary>Null: done. A moment: not ready before it (postponed without counting a failure).</summary>
    protected virtual async Task<DateTime?> HandleAsync(FlockInboxItem item)
    {
        switch (item.Kind)
        {
            case InboxKinds.OrderPlaced:
                await PlacedAsync(item);
                return null;
            case InboxKinds.OrderPaid:
                return await AfterPlacementAsync(item, async order =>
                {
                    //payment confirms the placement's judgement; it judges only when the placement was never recorded
                    await _friendOrderService.JudgeAsync(order, facts: null);
                    var paidAt = _snapshotFactory.InStoreZone(order.PaidDateUtc ?? item.CreatedOnUtc);
                    await _rewardLedgerService.ApplyOrderEventAsync(new OrderPaid { OrderId = order.Id, At = paidAt }, _snapshotFactory.Now());
                });
            case InboxKinds.OrderCancelled:
                return await AfterPlacementAsync(item, order => _rewardLedgerService.ApplyOrderEventAsync(
                    new OrderCancelled { OrderId = order.Id, At = _snapshotFactory.InStoreZone(item.CreatedOnUtc) }, _snapshotFactory.Now()));
            case InboxKinds.OrderVoided:
                return await AfterPlacementAsync(item, order => _rewardLedgerService.ApplyOrderEventAsync(
                    new OrderCancelled { OrderId = order.Id, Voided = true, At = _snapshotFactory.InStoreZone(item.CreatedOnUtc) }, _snapshotFactory.Now()));
            case InboxKinds.OrderRefunded:
                return await AfterPlacementAsync(item, order => _rewardLedgerService.ApplyOrderEventAsync(new OrderRefunded
                {
                    OrderId = order.Id,
                    RefundedTotal = decimal.Parse(item.Discriminator, System.Globalization.CultureInfo.InvariantCulture), //cumulative
                    At = _snapshotFactory.InStoreZone(item.CreatedOnUtc)
                }, _snapshotFactory.Now()));
            case InboxKinds.CustomerRegistered:
            case InboxKinds.NewsletterSubscribed:
                var customer = await _customerService.GetCustomerByIdAsync(item.EntityId);
                var moment = item.Payload is null ? null : JsonSerializer.Deserialize<CustomerMoment>(item.Payload);
                if (customer is not null && !customer.Deleted)
                    await _shareWidgetService.EnsureReferrerAsync(customer,
                        item.Kind == InboxKinds.CustomerRegistered ? CampaignTriggers.Registered : CampaignTriggers.NewsletterSubscribed, moment);
                return null;
            case InboxKinds.CustomerErased:
                await _customerDataService.EraseAsync(item.EntityId);
                return null;
            default:
                throw new InvalidOperationException($"unknown inbox item kind '{item.Kind}'");
        }
    }

    /// <summary>
    /// The order's placement, handled once: the thank-you block prepared, its buyer identities (device included), the
    /// one judgement with the placement's own evidence, a used reward coupon retired.
    /// </summary>
    protected virtual async Task PlacedAsync(FlockInboxItem item)
    {
        var order = await _orderService.GetOrderByIdAsync(item.EntityId);
        if (order is null || order.Deleted)
            return;
        var facts = item.Payload is null ? null : JsonSerializer.Deserialize<PlacementFacts>(item.Payload);
        var customer = await _customerService.GetCustomerByIdAsync(order.CustomerId);
        var erased = customer is null || customer.Deleted;
        //the shopper's thank-you page is waiting for this one: first — but it is no money, so its failure holds nothing
        //back (the page's placeholder decides by itself after its wait)
        if (!erased)
        {
            try
            {
                await _shareWidgetService.PrepareForOrderAsync(order, customer);
            }
            catch (Exception exception)
            {
                await _logger.WarningAsync($"Flock: the thank-you block of order {order.Id} could not be prepared: {exception.Message}");
            }
            await _buyerIdentityService.RecordOrderAsync(order, customer, facts?.DeviceId);
        }
        await _friendOrderService.JudgeAsync(order, facts ?? new PlacementFacts(null, null, 0));
        await _offerDiscountService.RetireUsedRewardCouponsAsync(order.Id);
    }

    /// <summary>
    /// An order event after placement: waits (postponed) while the order's placement item is still open, or, when none
    /// was recorded, for a short grace (nopCommerce raises "paid" before "placed" for orders paid at checkout).
    /// While it waits, the settle task's re-read of the live order keeps a cancelled or refunded order from being rewarded.
    /// </summary>
    protected virtual async Task<DateTime?> AfterPlacementAsync(FlockInboxItem item, Func<Order, Task> handle)
    {
        var order = await _orderService.GetOrderByIdAsync(item.EntityId);
        if (order is null)
            return null;
        //the placement (judgement with its cookies) always comes first: until it is done the order has no reward rows for
        //this event to change, and a payment must not judge it without the placement's evidence; without any placement
        //row (its event was lost) the event waits a short grace, then the payment judges from durable facts
        var placement = await _inboxService.GetAsync(InboxKinds.OrderPlaced, order.Id);
        if (placement is null && DateTime.UtcNow - order.CreatedOnUtc < PlacementGrace)
            return DateTime.UtcNow; //its placement event is likely a moment away
        if (placement is not null && placement.DoneOnUtc is null)
            return placement.DueOnUtc;
        await handle(order);
        return null;
    }
}
