using Flock.Engine.Chains;
using Flock.Engine.Messaging;
using Flock.Engine.Referrals.Attribution;
using Nop.Core.Domain.Common;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Messages;
using Nop.Core.Domain.Orders;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Factories;
using Nop.Services.Helpers;
using Nop.Services.Orders;

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
    protected readonly Messaging.NewsletterConsentService _consentService;
    protected readonly IRepository<Order> _orderRepository;
    protected readonly IRepository<ShoppingCartItem> _cartRepository;
    protected readonly IRepository<Nop.Core.Domain.Catalog.Product> _productRepository;
    protected readonly ShoppingCartSettings _shoppingCartSettings;
    protected readonly FlockSettings _flockSettings;
    protected readonly SnapshotFactory _snapshotFactory;
    protected readonly Behaviour.ActivityService _activityService;

    public ChainFactsService(IDateTimeHelper dateTimeHelper,
        IRepository<Address> addressRepository,
        IRepository<FlockChainAction> actionRepository,
        Messaging.NewsletterConsentService consentService,
        IRepository<Order> orderRepository,
        IRepository<ShoppingCartItem> cartRepository,
        IRepository<Nop.Core.Domain.Catalog.Product> productRepository,
        ShoppingCartSettings shoppingCartSettings,
        FlockSettings flockSettings,
        SnapshotFactory snapshotFactory,
        Behaviour.ActivityService activityService)
    {
        _dateTimeHelper = dateTimeHelper;
        _addressRepository = addressRepository;
        _actionRepository = actionRepository;
        _consentService = consentService;
        _orderRepository = orderRepository;
        _cartRepository = cartRepository;
        _productRepository = productRepository;
        _shoppingCartSettings = shoppingCartSettings;
        _flockSettings = flockSettings;
        _snapshotFactory = snapshotFactory;
        _activityService = activityService;
    }

    /// <summary>Orders placed after <paramref name="sinceUtc"/> by the customer or by any guest with the same email (not deleted, not cancelled).</summary>
    public virtual async Task<int> OrdersSinceAsync(Customer customer, DateTime sinceUtc) =>
        await OrdersSinceAsync(customer, await RecipientEmailAsync(customer), sinceUtc);

    protected virtual async Task<int> OrdersSinceAsync(Customer customer, string email, DateTime sinceUtc)
    {
        if (customer is null)
            return 0;
        var cancelled = (int)OrderStatus.Cancelled;
        //the orders since the moment (few: the date bounds the scan), then whose they are
        var recent = _orderRepository.Table.Where(o => !o.Deleted && o.OrderStatusId != cancelled && o.CreatedOnUtc > sinceUtc);
        if (await recent.AnyAsync(o => o.CustomerId == customer.Id))
            return await recent.CountAsync(o => o.CustomerId == customer.Id);
        if (string.IsNullOrEmpty(email))
            return 0;
        //addresses are compared as people type them: Ann@Example.com is ann@example.com (PostgreSQL compares case-sensitively)
        var lowered = email.Trim().ToLowerInvariant();
        return await (from order in recent
                      join billing in _addressRepository.Table on order.BillingAddressId equals billing.Id
                      where billing.Email.ToLower() == lowered
                      select order.Id).CountAsync();
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

    public virtual async Task<bool> MarketingConsentAsync(Customer customer, int storeId) =>
        await ConsentOfAsync(await RecipientEmailAsync(customer), storeId);

    protected virtual Task<bool> ConsentOfAsync(string email, int storeId) => _consentService.IsSubscribedAsync(email, storeId);

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

    /// <summary>Everything the engine decides a step (or a recorded action) on, read now; one read of the recipient's address.</summary>
    public virtual async Task<ChainFacts> ReadAsync(CompiledChain chain, FlockChain chainRow, FlockEnrollment enrollment, Customer customer)
    {
        var gone = customer is null || customer.Deleted;
        var email = gone ? null : await RecipientEmailAsync(customer);
        var served = !gone && await AddressServedElsewhereAsync(chain, enrollment, email);
        var kind = (int)chain.Definition.Trigger.Kind;
        var lastActivity = gone ? new Dictionary<(int CustomerId, int Kind), DateTime>() : await _activityService.GetLatestAsync([enrollment.CustomerId], [kind]);
        return new ChainFacts
        {
            CustomerGone = gone,
            EndedBySignIn = enrollment.EndReason == (int)ChainReason.JoinedAccount,
            Lifecycle = chainRow is null ? ChainLifecycle.Archived : (ChainLifecycle)chainRow.Lifecycle,
            OrdersSinceEntry = gone ? 0 : await OrdersSinceAsync(customer, email, enrollment.EnrolledOnUtc),
            MarketingConsent = await ConsentOfAsync(email, enrollment.StoreId),
            Reachable = string.IsNullOrEmpty(email) ? ChannelSet.None : ChannelSet.Email,
            RecipientZone = gone ? _dateTimeHelper.DefaultStoreTimeZone : await _dateTimeHelper.GetCustomerTimeZoneAsync(customer),
            LastActivityAt = lastActivity.TryGetValue((enrollment.CustomerId, kind), out var at)
                ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null,
            Context = chain.NeedsContext && !gone ? await ReadContextAsync(customer, enrollment.StoreId) : null,
            CartItems = chain.ExitOnCartEmptied && !gone ? await CartItemCountAsync(customer, enrollment.StoreId) : null,
            AddressServedElsewhere = served,
            SentAlready = served && await SentAlreadyAsync(enrollment),
        };
    }

    /// <summary>The key a sent message records of its address: HMAC of the normalised address (no address stored); null without a secret or an address.</summary>
    public virtual string RecipientKey(string email) =>
        string.IsNullOrEmpty(_flockSettings.EmailHashSecret) || string.IsNullOrWhiteSpace(email)
            ? null : new EmailHasher(Convert.FromBase64String(_flockSettings.EmailHashSecret)).Hash(email);

    /// <summary>
    /// Whether another customer record already got (or is about to get: recorded, not yet carried out) this chain's
    /// messages at the same address within the re-entry window. The address gate
    /// (<see cref="Messaging.ContactGateService.AddressGateId"/>) makes the other record's send visible here.
    /// </summary>
    protected virtual async Task<bool> AddressServedElsewhereAsync(CompiledChain chain, FlockEnrollment enrollment, string email)
    {
        if (chain.Definition.ReEntry.SameAddressSince(DateTimeOffset.UtcNow) is not { } since || RecipientKey(email) is not { } key)
            return false;
        var from = since == DateTimeOffset.MinValue ? DateTime.MinValue : since.UtcDateTime;
        var chainKey = enrollment.ChainKey;
        var customerId = enrollment.CustomerId;
        return await LiveSends().AnyAsync(a => a.RecipientKey == key && a.ChainKey == chainKey && a.CustomerId != customerId
            && (a.DoneOnUtc ?? a.CreatedOnUtc) >= from);
    }

    /// <summary>Whether this enrollment has a message recorded or sent.</summary>
    protected virtual Task<bool> SentAlreadyAsync(FlockEnrollment enrollment)
    {
        var enrollmentId = enrollment.Id;
        return LiveSends().AnyAsync(a => a.EnrollmentId == enrollmentId);
    }

    /// <summary>Sends recorded (pending) or carried out: what counts as messaging an address.</summary>
    protected IQueryable<FlockChainAction> LiveSends()
    {
        var done = ChainActionStates.Done;
        var pending = ChainActionStates.Pending;
        var send = ChainActionKinds.Send;
        return _actionRepository.Table.Where(a => a.Kind == send && (a.State == done || a.State == pending));
    }

    /// <summary>
    /// Items in the customer's cart now that a message could show (sum of quantities; the same lines as
    /// <see cref="ChainContentService.ShowableCartAsync"/>: product not deleted and published, this store's cart unless
    /// carts are shared), for the emptied-cart goal. One query: it runs for every due step of a cart chain, inside the
    /// step's transaction.
    /// </summary>
    public virtual async Task<int> CartItemCountAsync(Customer customer, int storeId)
    {
        var cartType = (int)ShoppingCartType.ShoppingCart;
        var shared = _shoppingCartSettings.CartsSharedBetweenStores;
        var customerId = customer.Id;
        return await (from item in _cartRepository.Table
                      join product in _productRepository.Table on item.ProductId equals product.Id
                      where item.CustomerId == customerId && item.ShoppingCartTypeId == cartType && (shared || item.StoreId == storeId)
                          && !product.Deleted && product.Published
                      select item).SumAsync(item => (int?)item.Quantity) ?? 0;
    }

    /// <summary>The decision context of the customer now, for entry conditions, branches and rule goals.</summary>
    public virtual Task<global::Flock.Engine.Snapshots.DecisionContext> ReadContextAsync(Customer customer, int storeId) =>
        _snapshotFactory.ContextAsync(customer, storeId, null);
}
