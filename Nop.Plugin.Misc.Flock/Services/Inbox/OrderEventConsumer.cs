using System.Globalization;
using System.Text.Json;
using Flock.Engine.Referrals.AntiAbuse;
using Microsoft.AspNetCore.Http;
using Nop.Core;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Gdpr;
using Nop.Core.Domain.Messages;
using Nop.Core.Domain.Orders;
using Nop.Services.Configuration;
using Nop.Services.Customers;
using Nop.Services.Events;
using Nop.Services.Logging;

namespace Nop.Plugin.Misc.Flock.Services.Inbox;

/// <summary>
/// nopCommerce events → Flock's durable inbox. A handler only records the event (one insert, unique per event) with
/// what its own request knew, and rings this node's worker, which carries it out at once off the request
/// (<see cref="InboxProcessor"/>) and retries it until done. nopCommerce swallows handler exceptions: when even the
/// insert fails, the settle task's sweeps (undated rewards, identity backfill) still find the order later.
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
    protected static readonly TimeSpan DeviceCookieLife = TimeSpan.FromDays(730);

    protected readonly ICustomerService _customerService;
    protected readonly IHttpContextAccessor _httpContextAccessor;
    protected readonly ILogger _logger;
    protected readonly ISettingService _settingService;
    protected readonly IStoreContext _storeContext;
    protected readonly IWorkContext _workContext;
    protected readonly InboxService _inboxService;
    protected readonly InboxSignal _inboxSignal;
    protected readonly Referrals.PreparedBlockMemory _preparedMemory;

    public OrderEventConsumer(ICustomerService customerService,
        IHttpContextAccessor httpContextAccessor,
        ILogger logger,
        ISettingService settingService,
        IStoreContext storeContext,
        IWorkContext workContext,
        InboxService inboxService,
        InboxSignal inboxSignal,
        Referrals.PreparedBlockMemory preparedMemory)
    {
        _preparedMemory = preparedMemory;
        _customerService = customerService;
        _httpContextAccessor = httpContextAccessor;
        _logger = logger;
        _settingService = settingService;
        _storeContext = storeContext;
        _workContext = workContext;
        _inboxService = inboxService;
        _inboxSignal = inboxSignal;
    }

    /// <summary>The placement, with its request's referral cookie, device cookie (set now when the browser has none) and requester.</summary>
    public async Task HandleEventAsync(OrderPlacedEvent eventMessage)
    {
        var order = eventMessage.Order;
        if (order is null)
            return;
        await RecordAsync(InboxKinds.OrderPlaced, order.Id, payload: async () =>
        {
            var request = _httpContextAccessor.HttpContext?.Request;
            var enabled = (await _settingService.LoadSettingAsync<FlockSettings>(order.StoreId)).Enabled;
            //staff placing an order as the customer: their browser is not the customer's device
            var device = enabled && _workContext.OriginalCustomerIfImpersonated is null ? EnsureDeviceCookie() : null;
            var facts = new PlacementFacts(request?.Cookies[FlockDefaults.ReferralCookieName], device,
                (await _workContext.GetCurrentCustomerAsync())?.Id ?? 0, enabled);
            return JsonSerializer.Serialize(facts);
        }, rung: () => _preparedMemory.ExpectPreparation(order.Id, DateTime.UtcNow));
    }

    public Task HandleEventAsync(OrderPaidEvent eventMessage) =>
        eventMessage.Order is null ? Task.CompletedTask : RecordAsync(InboxKinds.OrderPaid, eventMessage.Order.Id);

    public Task HandleEventAsync(OrderStatusChangedEvent eventMessage) =>
        eventMessage.Order?.OrderStatus != OrderStatus.Cancelled ? Task.CompletedTask : RecordAsync(InboxKinds.OrderCancelled, eventMessage.Order.Id);

    /// <summary>One item per refunded total (cumulative): a second partial refund is a new fact, a replay of one is not.</summary>
    public Task HandleEventAsync(OrderRefundedEvent eventMessage) =>
        eventMessage.Order is null ? Task.CompletedTask
            : RecordAsync(InboxKinds.OrderRefunded, eventMessage.Order.Id, eventMessage.Order.RefundedAmount.ToString("0.0000", CultureInfo.InvariantCulture));

    public Task HandleEventAsync(OrderVoidedEvent eventMessage) =>
        eventMessage.Order is null ? Task.CompletedTask : RecordAsync(InboxKinds.OrderVoided, eventMessage.Order.Id);

    /// <summary>Registration is a useful action: the worker decides the widget so the code exists and the account page shows it.</summary>
    public Task HandleEventAsync(CustomerRegisteredEvent eventMessage) =>
        eventMessage.Customer is null ? Task.CompletedTask
            : RecordAsync(InboxKinds.CustomerRegistered, eventMessage.Customer.Id, payload: MomentAsync);

    public async Task HandleEventAsync(EmailSubscribedEvent eventMessage)
    {
        var customer = await _customerService.GetCustomerByEmailAsync(eventMessage.Subscription?.Email);
        if (customer is not null)
            await RecordAsync(InboxKinds.NewsletterSubscribed, customer.Id, payload: MomentAsync);
    }

    public Task HandleEventAsync(CustomerPermanentlyDeleted eventMessage) =>
        RecordAsync(InboxKinds.CustomerErased, eventMessage.CustomerId);

    protected virtual async Task<string> MomentAsync() => JsonSerializer.Serialize(new CustomerMoment(
        (await _storeContext.GetCurrentStoreAsync()).Id, (await _workContext.GetWorkingLanguageAsync()).Id));

    /// <summary>The browser's device cookie (Flock's own, random), issued now when it has none; null outside a request.</summary>
    protected virtual string EnsureDeviceCookie()
    {
        var context = _httpContextAccessor.HttpContext;
        if (context is null)
            return null;
        var existing = context.Request.Cookies[FlockDefaults.DeviceCookieName];
        if (DeviceIds.IsWellFormed(existing))
            return existing.Trim().ToLowerInvariant();
        var issued = DeviceIds.New();
        if (!context.Response.HasStarted)
            context.Response.Cookies.Append(FlockDefaults.DeviceCookieName, issued, new CookieOptions
            {
                HttpOnly = true,
                Secure = context.Request.IsHttps,
                SameSite = SameSiteMode.Lax,
                IsEssential = false,
                Expires = DateTimeOffset.UtcNow.Add(DeviceCookieLife)
            });
        return issued;
    }

    protected virtual async Task RecordAsync(string kind, int entityId, string discriminator = "", Func<Task<string>> payload = null, Action rung = null)
    {
        try
        {
            var item = await _inboxService.EnqueueAsync(kind, entityId, discriminator, payload is null ? null : await payload());
            if (item is not null)
            {
                rung?.Invoke();
                _inboxSignal.Ring(item.Id);
            }
        }
        catch (Exception exception)
        {
            await _logger.ErrorAsync($"Flock: recording {kind} {entityId} failed: {exception.Message}", exception);
        }
    }
}
