using Flock.Engine.Recommendations;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Services.Recommendations;

//inside the namespace: linq2db's async helpers win over nopCommerce's same-named ones
using LinqToDB;

/// <summary>
/// The recommendation KPIs (shown, clicked, added to cart, bought) with a holdout: exposures are written from the
/// buffer; a click or an add-to-cart counts only for a product shown to that shopper in that place in the last day;
/// "bought" is a paid (or partly refunded), not cancelled order of the shopper placed after the exposure, within
/// <see cref="AttributionDays"/>, holding the product — the same for the holdout's would-have-been products.
/// </summary>
public class RecommendationKpiService
{
    public const int AttributionDays = 30;
    public const string Click = "click";
    public const string Cart = "cart";

    protected readonly IRepository<FlockRecommendationExposure> _exposureRepository;
    protected readonly IRepository<FlockRecommendationInteraction> _interactionRepository;
    protected readonly IRepository<Order> _orderRepository;
    protected readonly IRepository<OrderItem> _orderItemRepository;
    protected readonly RecommendationExposureBuffer _buffer;

    public RecommendationKpiService(IRepository<FlockRecommendationExposure> exposureRepository,
        IRepository<FlockRecommendationInteraction> interactionRepository,
        IRepository<Order> orderRepository,
        IRepository<OrderItem> orderItemRepository,
        RecommendationExposureBuffer buffer)
    {
        _exposureRepository = exposureRepository;
        _interactionRepository = interactionRepository;
        _orderRepository = orderRepository;
        _orderItemRepository = orderItemRepository;
        _buffer = buffer;
    }

    public virtual async Task FlushAsync()
    {
        var batch = _buffer.TakeAll();
        if (batch.Count == 0)
            return;
        try
        {
            await _exposureRepository.InsertAsync(batch, false);
        }
        catch
        {
            _buffer.Return(batch);
            throw;
        }
    }

    /// <summary>
    /// Records a click (in <paramref name="place"/>) or an add-to-cart (<paramref name="place"/> null: in every place the
    /// product was shown); false (nothing recorded) unless the product was shown to the shopper there in the last day
    /// (this node's memory or the table), or it was recorded today already. Nothing is written for anyone else.
    /// </summary>
    public virtual async Task<bool> TryRecordAsync(int storeId, int customerId, string place, int productId, string kind, DateTime nowUtc)
    {
        if ((place is not null && !RecommendationPlaces.IsKnown(place)) || kind is not (Click or Cart) || productId <= 0 || customerId <= 0)
            return false;
        var since = nowUtc.AddDays(-1);
        var places = await _exposureRepository.Table
            .Where(e => e.CustomerId == customerId && e.ProductId == productId && !e.Holdout && e.CreatedOnUtc >= since && (place == null || e.Place == place))
            .Select(e => e.Place).Distinct().ToListAsync();
        foreach (var candidate in place is null ? RecommendationPlaces.All : [place])
            if (!places.Contains(candidate) && _buffer.WasShownToday(customerId, candidate, productId))
                places.Add(candidate);
        var today = nowUtc.Date;
        var recorded = false;
        foreach (var shownIn in places)
        {
            if (await _interactionRepository.Table.AnyAsync(i => i.CustomerId == customerId && i.Place == shownIn && i.ProductId == productId && i.Kind == kind && i.CreatedOnUtc >= today))
                continue;
            await _interactionRepository.InsertAsync(new FlockRecommendationInteraction
            {
                StoreId = storeId, CustomerId = customerId, Place = shownIn, ProductId = productId, Kind = kind, CreatedOnUtc = nowUtc
            }, false);
            recorded = true;
        }

        return recorded;
    }

    /// <summary>The counts of one place for exposures since <paramref name="sinceUtc"/> (grouped queries; no row per shopper is read).</summary>
    public virtual async Task<RecommendationKpiInput> ReadAsync(string place, DateTime sinceUtc, int storeId = 0)
    {
        var window = _exposureRepository.Table.Where(e => e.Place == place && e.CreatedOnUtc >= sinceUtc && (storeId == 0 || e.StoreId == storeId));
        //a shopper recorded in both groups (the holdout share changed, a per-store override) belongs to neither: no double counting
        var mixed = window.GroupBy(e => e.CustomerId).Where(g => g.Min(e => e.Holdout ? 1 : 0) != g.Max(e => e.Holdout ? 1 : 0)).Select(g => g.Key);
        var exposures = window.Where(e => !mixed.Contains(e.CustomerId));
        var shoppers = await exposures.GroupBy(e => e.Holdout).Select(g => new { Holdout = g.Key, Shoppers = g.Select(e => e.CustomerId).Distinct().Count(), Rows = g.Count() }).ToListAsync();
        var interactions = await _interactionRepository.Table.Where(i => i.Place == place && i.CreatedOnUtc >= sinceUtc && (storeId == 0 || i.StoreId == storeId) && !mixed.Contains(i.CustomerId))
            .GroupBy(i => i.Kind).Select(g => new { Kind = g.Key, Shoppers = g.Select(i => i.CustomerId).Distinct().Count() }).ToListAsync();

        var paid = (int)PaymentStatus.Paid;
        var partlyRefunded = (int)PaymentStatus.PartiallyRefunded;
        var cancelled = (int)OrderStatus.Cancelled;
        var bought = await (from e in exposures
                            join o in _orderRepository.Table on e.CustomerId equals o.CustomerId
                            where o.StoreId == e.StoreId && !o.Deleted && o.OrderStatusId != cancelled && (o.PaymentStatusId == paid || o.PaymentStatusId == partlyRefunded)
                                  && o.CreatedOnUtc >= e.CreatedOnUtc && o.CreatedOnUtc <= e.CreatedOnUtc.AddDays(AttributionDays)
                            join i in _orderItemRepository.Table on o.Id equals i.OrderId
                            where i.ProductId == e.ProductId
                            select new { e.Holdout, e.CustomerId, i.Id, i.PriceExclTax })
            .Distinct()
            .ToListAsync();
        var buyers = bought.GroupBy(b => b.Holdout).ToDictionary(g => g.Key, g => (Buyers: g.Select(b => b.CustomerId).Distinct().LongCount(),
            Revenue: g.GroupBy(b => b.Id).Sum(line => line.First().PriceExclTax)));

        long Shoppers(bool holdout) => shoppers.FirstOrDefault(s => s.Holdout == holdout)?.Shoppers ?? 0;
        long Interacted(string kind) => Math.Min(Shoppers(false), interactions.FirstOrDefault(i => i.Kind == kind)?.Shoppers ?? 0);
        return new RecommendationKpiInput
        {
            Impressions = shoppers.Where(s => !s.Holdout).Sum(s => (long)s.Rows),
            ShownShoppers = Shoppers(false),
            Clicked = Interacted(Click),
            AddedToCart = Interacted(Cart),
            ShownBuyers = Math.Min(Shoppers(false), buyers.GetValueOrDefault(false).Buyers),
            ShownRevenue = buyers.GetValueOrDefault(false).Revenue,
            HoldoutShoppers = Shoppers(true),
            HoldoutBuyers = Math.Min(Shoppers(true), buyers.GetValueOrDefault(true).Buyers),
            HoldoutRevenue = buyers.GetValueOrDefault(true).Revenue,
        };
    }

    /// <summary>Rows older than <paramref name="beforeUtc"/> go (the retention setting).</summary>
    public virtual async Task PurgeAsync(DateTime beforeUtc)
    {
        await _exposureRepository.Table.Where(e => e.CreatedOnUtc < beforeUtc).DeleteAsync();
        await _interactionRepository.Table.Where(i => i.CreatedOnUtc < beforeUtc).DeleteAsync();
    }

    /// <summary>GDPR erasure: the customer's exposures and interactions.</summary>
    public virtual async Task EraseCustomerAsync(int customerId)
    {
        await _exposureRepository.Table.Where(e => e.CustomerId == customerId).DeleteAsync();
        await _interactionRepository.Table.Where(i => i.CustomerId == customerId).DeleteAsync();
    }
}
