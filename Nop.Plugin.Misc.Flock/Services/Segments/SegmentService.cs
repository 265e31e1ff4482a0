using Flock.Engine.Segments;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Data;
using Nop.Services.Helpers;

namespace Nop.Plugin.Misc.Flock.Services.Segments;

//inside the namespace: linq2db's async helpers win over nopCommerce's same-named ones
using LinqToDB;

/// <summary>
/// RFM segments of the store's customers (T3): the inputs read with one grouped query over paid orders (payment status
/// Paid, not deleted, not cancelled — the same orders as the snapshot's order count), the quintiles and names from the
/// engine (<see cref="RfmModel"/>, <see cref="RfmSegments"/>). One customer is scored against the cached model without a
/// query of its own (their history is in the snapshot already), so a segment is current the moment their orders change.
/// </summary>
public class SegmentService
{
    protected readonly IDateTimeHelper _dateTimeHelper;
    protected readonly IRepository<Order> _orderRepository;
    protected readonly RfmModelCache _cache;

    public SegmentService(IDateTimeHelper dateTimeHelper, IRepository<Order> orderRepository, RfmModelCache cache)
    {
        _dateTimeHelper = dateTimeHelper;
        _orderRepository = orderRepository;
        _cache = cache;
    }

    /// <summary>One customer's RFM input: paid orders, their sum, the last order, as of <paramref name="now"/>.</summary>
    public readonly record struct Row(int CustomerId, int Orders, decimal Total, DateTime LastUtc);

    /// <summary>Every customer with a paid order, in one grouped query.</summary>
    public virtual Task<IList<Row>> ReadAllAsync() => ReadAsync(_ => true);

    /// <summary>The orders RFM and the date triggers count: paid, not deleted, not cancelled.</summary>
    public virtual IQueryable<Order> PaidOrders()
    {
        var paid = (int)PaymentStatus.Paid;
        var cancelled = (int)OrderStatus.Cancelled;
        return _orderRepository.Table.Where(o => !o.Deleted && o.PaymentStatusId == paid && o.OrderStatusId != cancelled);
    }

    /// <summary>The store of each customer's last paid order (where a segment or date trigger of theirs happens); customers without one are not listed.</summary>
    public virtual async Task<Dictionary<int, int>> StoresOfLastOrderAsync(IReadOnlyCollection<int> customerIds)
    {
        var result = new Dictionary<int, int>();
        foreach (var ids in customerIds.Chunk(1000))
        {
            var rows = await PaidOrders().Where(o => ids.Contains(o.CustomerId))
                .GroupBy(o => new { o.CustomerId, o.StoreId }).Select(g => new { g.Key.CustomerId, g.Key.StoreId, Last = g.Max(o => o.CreatedOnUtc) }).ToListAsync();
            foreach (var customer in rows.GroupBy(r => r.CustomerId))
                result[customer.Key] = customer.MaxBy(r => r.Last)!.StoreId;
        }
        return result;
    }

    /// <summary>Each customer's latest order that is not deleted or cancelled, whatever its payment (pending, authorized, refunded): an order the customer placed.</summary>
    public virtual async Task<Dictionary<int, DateTime>> LatestOrdersAsync(IReadOnlyCollection<int> customerIds)
    {
        var cancelled = (int)OrderStatus.Cancelled;
        var result = new Dictionary<int, DateTime>();
        foreach (var ids in customerIds.Chunk(1000))
            foreach (var row in await _orderRepository.Table.Where(o => ids.Contains(o.CustomerId) && !o.Deleted && o.OrderStatusId != cancelled)
                .GroupBy(o => o.CustomerId).Select(g => new { CustomerId = g.Key, Last = g.Max(o => o.CreatedOnUtc) }).ToListAsync())
                result[row.CustomerId] = row.Last;
        return result;
    }

    /// <summary>These customers' rows (customers without a paid order have none), in one grouped query.</summary>
    public virtual Task<IList<Row>> ReadCustomersAsync(IReadOnlyCollection<int> customerIds) => ReadAsync(o => customerIds.Contains(o.CustomerId));

    protected virtual async Task<IList<Row>> ReadAsync(System.Linq.Expressions.Expression<Func<Order, bool>> which)
    {
        return await PaidOrders().Where(which)
            .GroupBy(o => o.CustomerId)
            .Select(g => new Row(g.Key, g.Count(), g.Sum(o => o.OrderTotal), g.Max(o => o.CreatedOnUtc)))
            .ToListAsync();
    }

    /// <summary>One customer's score against the cached model from their paid orders (one grouped query); null while no model is built.</summary>
    public virtual async Task<RfmScore?> ScoreOfAsync(int customerId)
    {
        if (_cache.Current is null)
            return null;
        var row = (await ReadAsync(o => o.CustomerId == customerId)).FirstOrDefault();
        return ScoreFromCache(customerId, row.Orders, row.Total, row.Orders == 0 ? null : row.LastUtc);
    }

    /// <summary>The model, built now when there is none or it is due. For the chains task and the admin, never for a shopper's request.</summary>
    public virtual Task<RfmModel> EnsureModelAsync() =>
        _cache.GetOrBuildAsync(async () => Build(await ReadAllAsync(), Now()), Now());

    /// <summary>Throws the model away and builds a new one from the orders of this moment.</summary>
    public virtual Task<RfmModel> RebuildAsync()
    {
        _cache.Reset();
        return EnsureModelAsync();
    }

    /// <summary>The segment of a customer with this history against the cached model; null while no model is built yet.</summary>
    public virtual RfmScore? ScoreFromCache(int customerId, int orders, decimal total, DateTime? lastUtc)
    {
        var model = _cache.Current;
        if (model is null)
            return null;
        return model.Score(Input(customerId, orders, total, lastUtc, Now()), Now());
    }

    protected virtual RfmModel Build(IList<Row> rows, DateTimeOffset now)
    {
        var inputs = rows.Select(r => Input(r.CustomerId, r.Orders, r.Total, r.LastUtc, now)).ToArray();
        return RfmModel.Build(inputs, now, RfmOptions.Default);
    }

    /// <summary>Recency in calendar days of the store's time zone; refunds can take a total below zero, which counts as nothing spent.</summary>
    public virtual CustomerRfmInput Input(int customerId, int orders, decimal total, DateTime? lastUtc, DateTimeOffset now)
    {
        if (orders <= 0 || lastUtc is not { } last)
            return new CustomerRfmInput(customerId, 0, 0, 0);
        var lastLocal = new DateTimeOffset(DateTime.SpecifyKind(last, DateTimeKind.Utc)).ToOffset(now.Offset);
        var days = Math.Max(0, (now.Date - lastLocal.Date).Days);
        return new CustomerRfmInput(customerId, days, orders, Math.Max(0, total));
    }

    protected virtual DateTimeOffset Now()
    {
        var utc = DateTime.UtcNow;
        var zone = _dateTimeHelper.DefaultStoreTimeZone ?? TimeZoneInfo.Utc;
        return new DateTimeOffset(utc).ToOffset(zone.GetUtcOffset(utc));
    }
}
