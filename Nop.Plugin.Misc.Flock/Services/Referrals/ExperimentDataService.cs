using Flock.Engine.Analytics;
using Flock.Engine.Referrals.Campaigns;
using Flock.Engine.Statistics;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Services.Referrals;

/// <summary>
/// What the Experiments page compares, read set-based: the assignment rows of an experiment (FlockAssignment: shopper
/// key = the customer's GUID in "N" format, arm key = a campaign id, a creative combination or "holdout", and when),
/// those shoppers' own purchases in nopCommerce's Order table, and the friend orders attributed to them. A few queries per
/// page whatever the number of shoppers: keys and ids go in IN lists of <see cref="ChunkSize"/>.
/// </summary>
public class ExperimentDataService
{
    /// <summary>Keys or ids per IN list.</summary>
    public const int ChunkSize = 1000;

    protected readonly IRepository<Customer> _customerRepository;
    protected readonly IRepository<FlockAssignment> _assignmentRepository;
    protected readonly IRepository<FlockEvent> _eventRepository;
    protected readonly IRepository<FlockReferral> _referralRepository;
    protected readonly IRepository<Order> _orderRepository;

    public ExperimentDataService(IRepository<Customer> customerRepository,
        IRepository<FlockAssignment> assignmentRepository,
        IRepository<FlockEvent> eventRepository,
        IRepository<FlockReferral> referralRepository,
        IRepository<Order> orderRepository)
    {
        _customerRepository = customerRepository;
        _assignmentRepository = assignmentRepository;
        _eventRepository = eventRepository;
        _referralRepository = referralRepository;
        _orderRepository = orderRepository;
    }


    /// <summary>
    /// The competition experiments (<c>campaigns:3,7</c>) campaign <paramref name="campaignId"/> took part in, as stored
    /// assignments show, with how many shoppers each holds (one grouped query; for <see cref="CampaignSelector.MainCompetition"/>).
    /// </summary>
    public virtual async Task<IReadOnlyDictionary<string, int>> CompetitionsOfAsync(int campaignId)
    {
        var counts = await _assignmentRepository.Table.Where(a => a.ExperimentKey.StartsWith(CampaignSelector.CompetitionKeyPrefix))
            .GroupBy(a => a.ExperimentKey).Select(g => new { Key = g.Key, Count = g.Count() }).ToListAsync();
        return counts.Where(c => CampaignSelector.CampaignIdsOf(c.Key).Contains(campaignId)).ToDictionary(c => c.Key, c => c.Count, StringComparer.Ordinal);
    }

    /// <summary>
    /// Shoppers of <paramref name="key"/> who also took part in any other competition (held out in one, shown a widget in
    /// another): their treatment is mixed, so they are left out of the comparison.
    /// </summary>
    public virtual async Task<HashSet<string>> ShoppersOfOtherCompetitionsAsync(string key)
    {
        var others = await _assignmentRepository.Table
            .Where(a => a.ExperimentKey.StartsWith(CampaignSelector.CompetitionKeyPrefix) && a.ExperimentKey != key
                && _assignmentRepository.Table.Any(b => b.ExperimentKey == key && b.ShopperKey == a.ShopperKey))
            .Select(a => a.ShopperKey).Distinct().ToListAsync();
        return others.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The assignment rows of these experiments made by <paramref name="asOfUtc"/>, as the engine's records.</summary>
    public virtual async Task<IList<ShopperAssignment>> AssignmentsAsync(IReadOnlyCollection<string> experimentKeys, DateTime asOfUtc)
    {
        if (experimentKeys.Count == 0)
            return [];
        var keys = experimentKeys.Distinct().ToArray();
        return (await _assignmentRepository.Table.Where(a => keys.Contains(a.ExperimentKey) && a.CreatedOnUtc <= asOfUtc)
                .Select(a => new { a.ShopperKey, a.ArmKey, a.CreatedOnUtc }).ToListAsync())
            .Select(a => new ShopperAssignment(a.ShopperKey, a.ArmKey, UtcTime.Of(a.CreatedOnUtc))).ToList();
    }

    /// <summary>The customer id of each shopper key (ShareWidgetService.ShopperKey: the customer's GUID, "N" format) that names a customer.</summary>
    public virtual async Task<IReadOnlyDictionary<string, int>> CustomerIdsAsync(IEnumerable<string> shopperKeys)
    {
        var guids = shopperKeys.Distinct(StringComparer.Ordinal)
            .Select(k => Guid.TryParseExact(k, "N", out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).ToArray();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var chunk in guids.Chunk(ChunkSize))
            foreach (var c in await _customerRepository.Table.Where(c => chunk.Contains(c.CustomerGuid)).Select(c => new { c.Id, c.CustomerGuid }).ToListAsync())
                ids[c.CustomerGuid.ToString("N")] = c.Id;
        return ids;
    }

    /// <summary>
    /// Each customer's own purchases placed in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>] (paid, not cancelled,
    /// not fully refunded, not deleted: <see cref="KpiEventService.PurchasesOf"/>), revenue net of refunds, by customer id;
    /// only orders of <paramref name="storeIds"/> when given (null or empty: every store).
    /// </summary>
    public virtual async Task<IReadOnlyDictionary<int, IReadOnlyList<ShopperOrder>>> PurchasesAsync(IReadOnlyCollection<int> customerIds, DateTime fromUtc, DateTime toUtc,
        IReadOnlyCollection<int> storeIds = null)
    {
        //a campaign of some stores is judged on the orders of those stores (customers are shared between stores)
        var stores = storeIds?.Distinct().ToArray() ?? [];
        var orders = new List<(int CustomerId, ShopperOrder Order)>();
        foreach (var chunk in customerIds.Distinct().Chunk(ChunkSize))
            orders.AddRange((await KpiEventService.PurchasesOf(_orderRepository.Table.Where(o => chunk.Contains(o.CustomerId) && (stores.Length == 0 || stores.Contains(o.StoreId))), fromUtc, toUtc)
                    .Select(o => new { o.Id, o.CustomerId, o.OrderTotal, o.RefundedAmount, o.CreatedOnUtc }).ToListAsync())
                .Select(o => (o.CustomerId, new ShopperOrder(o.Id, UtcTime.Of(o.CreatedOnUtc), Math.Max(0m, o.OrderTotal - o.RefundedAmount)))));
        return orders.GroupBy(o => o.CustomerId).ToDictionary(g => g.Key, g => (IReadOnlyList<ShopperOrder>)g.Select(o => o.Order).ToList());
    }

    /// <summary>
    /// Accepted referrals (not blocked, attributed; their order not cancelled, deleted or fully refunded) of these referrers in these campaigns placed in
    /// [<paramref name="fromUtc"/>, <paramref name="toUtc"/>]: the friend orders attributed to the shoppers.
    /// </summary>
    public virtual async Task<IList<FlockReferral>> AcceptedReferralsAsync(IReadOnlyCollection<int> referrerCustomerIds, IReadOnlyCollection<int> campaignIds,
        DateTime fromUtc, DateTime toUtc)
    {
        var campaigns = campaignIds.Distinct().ToArray();
        var cancelled = (int)OrderStatus.Cancelled;
        var referrals = new List<FlockReferral>();
        foreach (var chunk in referrerCustomerIds.Distinct().Chunk(ChunkSize))
            referrals.AddRange(await (from r in _referralRepository.Table
                                      join o in _orderRepository.Table on r.OrderId equals o.Id
                                      where chunk.Contains(r.ReferrerCustomerId) && campaigns.Contains(r.CampaignId)
                                          && r.Decision != ReferralDecisions.Blocked && r.Decision != ReferralDecisions.NotAttributed
                                          && r.CreatedOnUtc >= fromUtc && r.CreatedOnUtc <= toUtc
                                          //the friend order still stands (as the dashboard counts it): not deleted, cancelled or fully refunded
                                          && !o.Deleted && o.OrderStatusId != cancelled && (o.RefundedAmount < o.OrderTotal || o.OrderTotal == 0m)
                                      select r).ToListAsync());
        return referrals;
    }

    /// <summary>
    /// Flock 1.2 and earlier kept no assignment row for a held-out shopper, only a HoldoutSkipped event per decision (campaign
    /// id 0, the experiment key in Variant). This gives each such shopper and experiment the row the engine now stores — arm
    /// "holdout", dated at their first HoldoutSkipped event — unless they already have one (their first assignment stays).
    /// Idempotent: a second run finds nothing to add. Returns the rows added.
    /// </summary>
    public virtual async Task<int> BackfillHoldoutAssignmentsAsync()
    {
        var firsts = await _eventRepository.Table
            .Where(e => e.Kind == FlockEventKinds.HoldoutSkipped && e.CustomerId > 0 && e.Variant != null && e.Variant != "")
            .GroupBy(e => new { e.CustomerId, e.Variant })
            .Select(g => new { g.Key.CustomerId, ExperimentKey = g.Key.Variant, At = g.Min(e => e.CreatedOnUtc) })
            .ToListAsync();
        if (firsts.Count == 0)
            return 0;

        var keys = new Dictionary<int, string>();
        foreach (var chunk in firsts.Select(f => f.CustomerId).Distinct().Chunk(ChunkSize))
            foreach (var c in await _customerRepository.Table.Where(c => chunk.Contains(c.Id)).Select(c => new { c.Id, c.CustomerGuid }).ToListAsync())
                keys[c.Id] = c.CustomerGuid.ToString("N");

        var existing = new HashSet<(string, string)>();
        foreach (var chunk in keys.Values.Distinct().Chunk(ChunkSize))
            foreach (var a in await _assignmentRepository.Table.Where(a => chunk.Contains(a.ShopperKey)).Select(a => new { a.ShopperKey, a.ExperimentKey }).ToListAsync())
                existing.Add((a.ShopperKey, a.ExperimentKey));

        var missing = firsts
            .Where(f => keys.ContainsKey(f.CustomerId) && !existing.Contains((keys[f.CustomerId], f.ExperimentKey)))
            .DistinctBy(f => (keys[f.CustomerId], f.ExperimentKey))
            .Select(f => new FlockAssignment
            {
                ShopperKey = keys[f.CustomerId],
                ExperimentKey = f.ExperimentKey,
                ArmKey = ArmSamples.Holdout,
                CreatedOnUtc = f.At
            })
            .ToList();
        foreach (var chunk in missing.Chunk(ChunkSize))
            await _assignmentRepository.InsertAsync(chunk, false);
        return missing.Count;
    }
}
