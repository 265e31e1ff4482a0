using Flock.Engine.Analytics;
using Flock.Engine.Referrals.Rewards.Ledger;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Services.Referrals;

/// <summary>
/// Flock's tables and nopCommerce's orders as the engine's analytics events (the input of KpiCalculator). It only
/// translates: every definition is the engine's (KpiReport, KpiDefinitions). Set-based: a handful of queries per report,
/// id lists sent in chunks of <see cref="ChunkSize"/>, so a big store costs a few more queries, never one per row.
/// </summary>
public class KpiEventService
{
    /// <summary>Ids per IN list.</summary>
    public const int ChunkSize = 1000;

    /// <summary>How far before the period a referrer's own orders are read (the order before their first share).</summary>
    public const int ReferrerOrdersLookbackDays = 365;

    protected readonly IRepository<FlockEvent> _eventRepository;
    protected readonly IRepository<FlockVisit> _visitRepository;
    protected readonly IRepository<FlockReferral> _referralRepository;
    protected readonly IRepository<FlockReward> _rewardRepository;
    protected readonly IRepository<Order> _orderRepository;
    protected readonly IRepository<OrderItem> _orderItemRepository;
    protected readonly RewardPointsSettings _rewardPointsSettings;

    public KpiEventService(IRepository<FlockEvent> eventRepository,
        IRepository<FlockVisit> visitRepository,
        IRepository<FlockReferral> referralRepository,
        IRepository<FlockReward> rewardRepository,
        IRepository<Order> orderRepository,
        IRepository<OrderItem> orderItemRepository,
        RewardPointsSettings rewardPointsSettings)
    {
        _eventRepository = eventRepository;
        _visitRepository = visitRepository;
        _referralRepository = referralRepository;
        _rewardRepository = rewardRepository;
        _orderRepository = orderRepository;
        _orderItemRepository = orderItemRepository;
        _rewardPointsSettings = rewardPointsSettings;
    }


    /// <summary>
    /// The events of the period [<paramref name="fromUtc"/>, <paramref name="toUtc"/>) for a report made at
    /// <paramref name="asOfUtc"/> ("now"): exposures (first widget render per shopper, campaign and variant), shares,
    /// visits, friend orders placed from the period's start up to AsOf (the k-factor's cohort may bring friends after the
    /// period) with their cancellations, refunds and product cost, every grant and reversal of the rewards, and the own
    /// paid orders of the period's referrers (for their return time). <paramref name="campaignId"/> 0: all campaigns.
    /// </summary>
    public virtual async Task<AnalyticsEvents> EventsAsync(DateTime fromUtc, DateTime toUtc, DateTime asOfUtc, int campaignId = 0)
    {
        var loadTo = asOfUtc > toUtc ? asOfUtc : toUtc;
        var shareKinds = new[] { FlockEventKinds.ShareClicked, FlockEventKinds.LinkCopied };
        var shown = _eventRepository.Table.Where(e => e.Kind == FlockEventKinds.WidgetShown && e.CreatedOnUtc >= fromUtc && e.CreatedOnUtc < toUtc);
        var eq = _eventRepository.Table.Where(e => shareKinds.Contains(e.Kind) && e.CreatedOnUtc >= fromUtc && e.CreatedOnUtc < toUtc);
        var vq = _visitRepository.Table.Where(v => v.CreatedOnUtc >= fromUtc && v.CreatedOnUtc < toUtc);
        var rq = _referralRepository.Table.Where(r => r.Decision != ReferralDecisions.Blocked && r.Decision != ReferralDecisions.NotAttributed && r.CreatedOnUtc >= fromUtc && r.CreatedOnUtc < loadTo);
        var rewardStates = new[] { nameof(RewardState.Granted), nameof(RewardState.PartiallyRevoked), nameof(RewardState.Revoked) };
        //a grant in the period changed its row at or after the period's start
        var wq = _rewardRepository.Table.Where(w => rewardStates.Contains(w.State) && w.UpdatedOnUtc >= fromUtc && w.CreatedOnUtc < loadTo);
        if (campaignId > 0)
        {
            shown = shown.Where(e => e.CampaignId == campaignId);
            eq = eq.Where(e => e.CampaignId == campaignId);
            vq = vq.Where(v => v.CampaignId == campaignId);
            rq = rq.Where(r => r.CampaignId == campaignId);
            wq = wq.Where(w => w.CampaignId == campaignId);
        }

        //renders are many; the engine counts distinct shoppers after their first exposure, so the first one per shopper is enough
        var exposures = await shown.GroupBy(e => new { e.CampaignId, e.Variant, e.CustomerId })
            .Select(g => new { g.Key.CampaignId, g.Key.Variant, g.Key.CustomerId, At = g.Min(e => e.CreatedOnUtc) })
            .ToListAsync();
        var shares = await eq.ToListAsync();
        var visits = await vq.ToListAsync();
        var referrals = await rq.ToListAsync();
        var rewards = await wq.ToListAsync();

        var orderIds = referrals.Select(r => r.OrderId).Distinct().ToArray();
        var friendOrders = new List<(int Id, OrderStatus Status, decimal Refunded, DateTime CreatedOnUtc, decimal Tax)>();
        var lines = new List<(int OrderId, int Quantity, decimal Cost)>();
        foreach (var chunk in orderIds.Chunk(ChunkSize))
        {
            friendOrders.AddRange((await _orderRepository.Table.Where(o => chunk.Contains(o.Id))
                    .Select(o => new { o.Id, o.OrderStatusId, o.RefundedAmount, o.CreatedOnUtc,
                        o.OrderSubtotalInclTax, o.OrderSubtotalExclTax, o.OrderSubTotalDiscountInclTax, o.OrderSubTotalDiscountExclTax }).ToListAsync())
                .Select(o => (o.Id, (OrderStatus)o.OrderStatusId, o.RefundedAmount, o.CreatedOnUtc,
                    //the tax in the friend's subtotal after its discount (the referral's revenue): not the store's money
                    Tax: Math.Max(0m, o.OrderSubtotalInclTax - o.OrderSubTotalDiscountInclTax - (o.OrderSubtotalExclTax - o.OrderSubTotalDiscountExclTax)))));
            lines.AddRange((await _orderItemRepository.Table.Where(i => chunk.Contains(i.OrderId))
                    .Select(i => new { i.OrderId, i.Quantity, i.OriginalProductCost }).ToListAsync())
                .Select(i => (i.OrderId, i.Quantity, i.OriginalProductCost)));
        }

        var adjustments = new List<FriendOrderAdjustment>();
        foreach (var o in friendOrders)
        {
            if (o.Status == OrderStatus.Cancelled)
                adjustments.Add(new FriendOrderAdjustment($"cancel:{o.Id}", o.Id, FriendOrderAdjustmentKind.Cancelled, 0, UtcTime.Of(o.CreatedOnUtc)));
            else if (o.Refunded > 0)
                adjustments.Add(new FriendOrderAdjustment($"refund:{o.Id}", o.Id, FriendOrderAdjustmentKind.Refunded, o.Refunded, UtcTime.Of(o.CreatedOnUtc)));
        }
        var costOfGoods = CostOfGoods(lines);
        var taxes = friendOrders.ToDictionary(o => o.Id, o => o.Tax);

        //the period's referrers (those who shared) and the referrers of its friend orders: their own orders, for the return time
        var referrerIds = shares.Select(e => e.CustomerId).Concat(referrals.Select(r => r.ReferrerCustomerId)).Where(id => id > 0).Distinct().ToArray();
        var ownFrom = fromUtc.AddDays(-ReferrerOrdersLookbackDays);
        var ownOrders = new List<ReferrerOrderEvent>();
        foreach (var chunk in referrerIds.Chunk(ChunkSize))
            ownOrders.AddRange((await PurchasesOf(_orderRepository.Table.Where(o => chunk.Contains(o.CustomerId)), ownFrom, asOfUtc)
                    .Select(o => new { o.CustomerId, o.Id, o.OrderTotal, o.RefundedAmount, o.CreatedOnUtc }).ToListAsync())
                .Select(o => new ReferrerOrderEvent(o.CustomerId, o.Id, Math.Max(0m, o.OrderTotal - o.RefundedAmount), UtcTime.Of(o.CreatedOnUtc))));

        //a reward's variant is its referral's, read for the rewards at hand (their referrals may be older than the period)
        var referralIds = rewards.Where(w => w.ReferralId is > 0).Select(w => w.ReferralId ?? 0).Distinct().ToArray();
        var variants = new Dictionary<int, string>();
        foreach (var chunk in referralIds.Chunk(ChunkSize))
            foreach (var r in await _referralRepository.Table.Where(r => chunk.Contains(r.Id)).Select(r => new { r.Id, r.Variant }).ToListAsync())
                variants[r.Id] = r.Variant ?? "";

        var pointValue = Math.Max(0m, _rewardPointsSettings.ExchangeRate);
        var costs = new List<RewardCostEvent>();
        foreach (var w in rewards)
        {
            RewardEntry entry;
            try { entry = RewardEntryJson.Read(w.EntryJson); } catch (FormatException) { continue; }
            costs.AddRange(RewardCostEvents.FromEntry(entry, w.CampaignId, w.ReferralId is { } id ? variants.GetValueOrDefault(id, "") : "", pointValue));
        }

        return new AnalyticsEvents
        {
            Exposures = exposures.Select(e => new ExposureEvent(e.CampaignId, e.Variant ?? "", e.CustomerId, UtcTime.Of(e.At))).ToList(),
            Shares = shares.Select(e => new ShareEvent(e.CampaignId, e.Variant ?? "", e.CustomerId, e.Channel ?? "copy", UtcTime.Of(e.CreatedOnUtc))).ToList(),
            Visits = visits.Select(v => new VisitEvent($"referrer-{v.ReferrerId}", v.CampaignId, v.Variant ?? "", v.Channel ?? "direct",
                v.VisitorCustomerId > 0 ? $"c{v.VisitorCustomerId}" : $"ip{v.IpAddress}", UtcTime.Of(v.CreatedOnUtc))).ToList(),
            FriendOrders = referrals.Select(r => new FriendOrderEvent(r.OrderId, r.FriendCustomerId, r.ReferrerCustomerId, r.CampaignId, r.Variant ?? "",
                r.OrderSubtotal, r.DiscountAmount, UtcTime.Of(r.CreatedOnUtc), costOfGoods.GetValueOrDefault(r.OrderId), taxes.GetValueOrDefault(r.OrderId))).ToList(),
            Adjustments = adjustments,
            RewardCosts = costs,
            ReferrerOrders = ownOrders,
        };
    }

    /// <summary>
    /// The product cost of each order: Σ quantity × the product cost nopCommerce copied onto the line
    /// (OrderItem.OriginalProductCost); null for an order with a line whose cost is not set (0), or without lines.
    /// </summary>
    public static Dictionary<int, decimal?> CostOfGoods(IEnumerable<(int OrderId, int Quantity, decimal Cost)> lines) =>
        lines.GroupBy(l => l.OrderId).ToDictionary(g => g.Key,
            g => g.Any(l => l.Cost <= 0m) ? (decimal?)null : g.Sum(l => l.Quantity * l.Cost));

    /// <summary>
    /// A shopper's own purchases among <paramref name="orders"/>: placed in [from, to], not deleted, not cancelled, paid or
    /// partly refunded (a fully refunded order is no purchase). Their revenue is OrderTotal − RefundedAmount.
    /// </summary>
    public static IQueryable<Order> PurchasesOf(IQueryable<Order> orders, DateTime fromUtc, DateTime toUtc) =>
        orders.Where(o => !o.Deleted && o.OrderStatusId != (int)OrderStatus.Cancelled
            && (o.PaymentStatusId == (int)PaymentStatus.Paid || o.PaymentStatusId == (int)PaymentStatus.PartiallyRefunded)
            && (o.RefundedAmount < o.OrderTotal || o.OrderTotal == 0m)
            && o.CreatedOnUtc >= fromUtc && o.CreatedOnUtc <= toUtc);
}
