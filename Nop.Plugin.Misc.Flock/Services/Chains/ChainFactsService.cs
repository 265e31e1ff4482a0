using Flock.Engine.Chains;
using Flock.Engine.Messaging;
using Nop.Core.Domain.Common;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Messages;
using Nop.Core.Domain.Orders;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Factories;
using Nop.Services.Helpers;

namespace Nop.Plugin.Misc.Flock.Services.Chains;

//inside the namespace: linq2db's async helpers win over nopCommerce's same-named ones
using LinqToDB;

/// <summary>
/// The live facts of an enrolled customer, read from nopCommerce right before a step is decided and again right before
/// a message is handed to the queue — never a copy synced earlier: orders since entry by the customer <b>and</b> by any
/// guest order with the same email, marketing consent (the store's newsletter subscription), reachability, the time
/// zone, the latest activity and the messages already sent.
/// </summary>
public class ChainFactsService
{
    /// <summary>How far back sends are read for contact pressure: the longest cap window allowed.</summary>
    public static readonly TimeSpan SendHistory = FrequencyCap.MaxWindow;

    protected readonly IDateTimeHelper _dateTimeHelper;
    protected readonly IRepository<Address> _addressRepository;
    protected readonly IRepository<FlockChainAction> _actionRepository;
    protected readonly IRepository<NewsLetterSubscription> _subscriptionRepository;
    protected readonly IRepository<Order> _orderRepository;
    protected readonly SnapshotFactory _snapshotFactory;
    protected readonly Behaviour.ActivityService _activityService;

    public ChainFactsService(IDateTimeHelper dateTimeHelper,
        IRepository<Address> addressRepository,
        IRepository<FlockChainAction> actionRepository,
        IRepository<NewsLetterSubscription> subscriptionRepository,
        IRepository<Order> orderRepository,
        SnapshotFactory snapshotFactory,
        Behaviour.ActivityService activityService)
    {
        _dateTimeHelper = dateTimeHelper;
        _addressRepository = addressRepository;
        _actionRepository = actionRepository;
        _subscriptionRepository = subscriptionRepository;
        _orderRepository = orderRepository;
        _snapshotFactory = snapshotFactory;
        _activityService = activityService;
    }

    /// <summary>Orders placed after <paramref name="sinceUtc"/> by the customer or by any guest with the same email (not deleted, not cancelled).</summary>
    public virtual async Task<int> OrdersSinceAsync(Customer customer, DateTime sinceUtc)
    {
        var email = await RecipientEmailAsync(customer);
        var cancelled = (int)OrderStatus.Cancelled;
        var orders = from order in _orderRepository.Table
                     join billing in _addressRepository.Table on order.BillingAddressId equals billing.Id
                     where !order.Deleted && order.OrderStatusId != cancelled && order.CreatedOnUtc > sinceUtc
                        && (order.CustomerId == customer.Id || (email != null && billing.Email == email))
                     select order.Id;
        return await orders.CountAsync();
    }

    /// <summary>Where the customer's email goes: their account's email, or for a guest the email given at checkout (billing address).</summary>
    public virtual async Task<string> RecipientEmailAsync(Customer customer)
    {
        if (customer is null || customer.Deleted)
            return null;
        if (!string.IsNullOrWhiteSpace(customer.Email))
            return customer.Email;
        if (customer.BillingAddressId is not { } billingId)
            return null;
        return await _addressRepository.Table.Where(a => a.Id == billingId).Select(a => a.Email).FirstOrDefaultAsync();
    }

    public virtual async Task<bool> MarketingConsentAsync(Customer customer, int storeId)
    {
        var email = await RecipientEmailAsync(customer);
        if (string.IsNullOrEmpty(email))
            return false;
        return await _subscriptionRepository.Table.AnyAsync(s => s.Email == email && s.StoreId == storeId && s.Active);
    }

    /// <summary>The customer's sends (recorded or done) across every chain, oldest first, for contact pressure.</summary>
    public virtual async Task<List<SentMessage>> RecentSendsAsync(int customerId, DateTime nowUtc, int exceptEnrollmentId = 0)
    {
        var since = nowUtc - SendHistory;
        var rows = await _actionRepository.Table
            .Where(a => a.CustomerId == customerId && a.Kind == ChainActionKinds.Send && a.CreatedOnUtc >= since
                && (a.State == ChainActionStates.Done || a.State == ChainActionStates.Pending))
            .Select(a => new { a.Channel, a.Priority, At = a.DoneOnUtc ?? a.CreatedOnUtc }).ToListAsync();
        return rows.OrderBy(r => r.At).Select(r => new SentMessage((Channel)r.Channel, (MessagePriority)r.Priority, DateTime.SpecifyKind(r.At, DateTimeKind.Utc))).ToList();
    }

    public virtual async Task<ChainFacts> ReadAsync(CompiledChain chain, FlockChain chainRow, FlockEnrollment enrollment, Customer customer)
    {
        var lastActivity = await _activityService.GetLatestAsync([enrollment.CustomerId], [(int)chain.Definition.Trigger.Kind]);
        return new ChainFacts
        {
            Lifecycle = chainRow is null ? ChainLifecycle.Archived : (ChainLifecycle)chainRow.Lifecycle,
            OrdersSinceEntry = customer is null ? 0 : await OrdersSinceAsync(customer, enrollment.EnrolledOnUtc),
            MarketingConsent = await MarketingConsentAsync(customer, enrollment.StoreId),
            Reachable = string.IsNullOrEmpty(await RecipientEmailAsync(customer)) ? ChannelSet.None : ChannelSet.Email,
            RecipientZone = customer is null ? _dateTimeHelper.DefaultStoreTimeZone : await _dateTimeHelper.GetCustomerTimeZoneAsync(customer),
            LastActivityAt = lastActivity.TryGetValue((enrollment.CustomerId, (int)chain.Definition.Trigger.Kind), out var at)
                ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null,
            Context = chain.NeedsContext && customer is not null ? await ReadContextAsync(customer, enrollment.StoreId) : null,
        };
    }

    /// <summary>The decision context of the customer now, for entry conditions, branches and rule goals.</summary>
    public virtual Task<global::Flock.Engine.Snapshots.DecisionContext> ReadContextAsync(Customer customer, int storeId) =>
        _snapshotFactory.ContextAsync(customer, storeId, null);
}
