using Flock.Engine.Common;
using Flock.Engine.Statistics;

namespace Flock.Engine.Analytics;

/// <summary>
/// Computes referral KPIs (see <see cref="KpiFigures"/> for every formula) from stored events. Pure and
/// deterministic: same events and query, same report; event order in the lists does not matter.
/// Replayed events are counted once (orders by id, grants by cause, reversals and adjustments by key). Counts of
/// shoppers (exposed, sharing, converted) are distinct customers, never renders or orders.
/// </summary>
public static class KpiCalculator
{
    /// <summary>Unknown channel name used for blank channels.</summary>
    public const string UnknownChannel = "unknown";

    /// <summary>Computes the report. Empty events give zeros and nulls.</summary>
    /// <exception cref="FlockValidationException">The query or an event is invalid (every problem listed with its path).</exception>
    public static KpiReport Compute(AnalyticsEvents events, KpiQuery query)
    {
        Validate(events, query).ThrowIfInvalid("KPI input");

        bool InPeriod(DateTimeOffset at) => at >= query.From && at < query.To;
        var counted = CountedOrders(events).ToArray();
        var data = new Slice(
            events.Exposures.Where(e => InPeriod(e.At)).Select(e => e with { Variant = e.Variant ?? "" }).ToArray(),
            events.Shares.Where(s => InPeriod(s.At)).Select(s => s with { Channel = Channel(s.Channel), Variant = s.Variant ?? "" }).ToArray(),
            events.Visits.Where(v => InPeriod(v.At)).Select(v => v with { Channel = Channel(v.Channel), Variant = v.Variant ?? "" }).ToArray(),
            counted.Where(o => InPeriod(o.At)).ToArray(),
            counted.Where(o => o.At >= query.From && o.At < query.EffectiveAsOf).ToArray(),
            NetRewards(events).Where(r => InPeriod(r.At)).ToArray());
        var ownOrders = events.ReferrerOrders
            .OrderBy(o => o.At).ThenBy(o => o.OrderId)
            .DistinctBy(o => o.OrderId)
            .GroupBy(o => o.CustomerId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<ReferrerOrderEvent>)g.ToArray());

        var campaigns = data.Exposures.Select(e => e.CampaignId)
            .Concat(data.Shares.Select(s => s.CampaignId))
            .Concat(data.Visits.Where(v => v.CampaignId.HasValue).Select(v => v.CampaignId!.Value))
            .Concat(data.Orders.Select(o => o.CampaignId))
            .Concat(data.Rewards.Select(r => r.CampaignId))
            .Distinct().Order()
            .Select(id =>
            {
                var campaign = data.Where((c, _) => c == id);
                var variants = campaign.Variants()
                    .Select(variant => new VariantKpis(variant, Figures(campaign.Where((_, v) => v == variant), ownOrders, query)))
                    .ToArray();
                return new CampaignKpis(id, Figures(campaign, ownOrders, query), variants);
            })
            .ToArray();

        return new KpiReport(query, Figures(data, ownOrders, query), campaigns, Daily(data, query));
    }

    /// <summary>Checks the query and every event; the problems have paths like <c>friend_orders[3].revenue</c>.</summary>
    public static ValidationResult Validate(AnalyticsEvents events, KpiQuery query)
    {
        var problems = new ProblemCollector();
        if (query is null)
        {
            problems.Add("query", "is required");
        }
        else
        {
            if (query.To <= query.From) problems.Add("query.to", "must be after query.from");
            else if ((query.To - query.From).TotalDays > KpiQuery.MaxDays) problems.Add("query.to", $"the period may not exceed {KpiQuery.MaxDays} days");
            if (query.ArpuWindow <= TimeSpan.Zero) problems.Add("query.arpu_window", "must be positive");
        }

        if (events is null)
        {
            problems.Add("events", "is required");
            return problems.ToResult();
        }

        void Each<T>(IReadOnlyList<T>? list, string name, Action<T, string> check)
        {
            if (list is null) { problems.Add(name, "is required (use an empty list)"); return; }
            for (var i = 0; i < list.Count; i++)
            {
                var path = ProblemCollector.Index(name, i);
                if (list[i] is null) problems.Add(path, "is null");
                else check(list[i], path);
            }
        }

        void NotNegative(decimal value, string path) { if (value < 0) problems.Add(path, "must not be negative"); }
        void Required(string? value, string path) { if (string.IsNullOrWhiteSpace(value)) problems.Add(path, "is required"); }

        Each(events.Exposures, "exposures", (_, _) => { });
        Each(events.Shares, "shares", (_, _) => { });
        Each(events.Visits, "visits", (v, path) => Required(v.VisitorKey, ProblemCollector.Join(path, "visitor_key")));
        Each(events.FriendOrders, "friend_orders", (o, path) =>
        {
            NotNegative(o.Revenue, ProblemCollector.Join(path, "revenue"));
            NotNegative(o.DiscountGiven, ProblemCollector.Join(path, "discount_given"));
            if (o.CostOfGoods is { } cost) NotNegative(cost, ProblemCollector.Join(path, "cost_of_goods"));
            NotNegative(o.Tax, ProblemCollector.Join(path, "tax"));
        });
        Each(events.Adjustments, "adjustments", (a, path) =>
        {
            Required(a.Key, ProblemCollector.Join(path, "key"));
            NotNegative(a.Amount, ProblemCollector.Join(path, "amount"));
        });
        Each(events.RewardCosts, "reward_costs", (r, path) =>
        {
            Required(r.Cause, ProblemCollector.Join(path, "cause"));
            NotNegative(r.Amount, ProblemCollector.Join(path, "amount"));
        });
        Each(events.ReferrerOrders, "referrer_orders", (o, path) => NotNegative(o.Amount, ProblemCollector.Join(path, "amount")));
        return problems.ToResult();
    }

    private sealed record CountedOrder(int FriendCustomerId, int ReferrerId, int CampaignId, string Variant, decimal Revenue, decimal Discount,
        decimal? CostOfGoods, DateTimeOffset At, decimal Tax);

    private sealed record NetReward(int CampaignId, string Variant, decimal Cost, DateTimeOffset At);

    // Orders: counted friend orders in the period; CohortOrders: counted friend orders from the period's start to AsOf
    // (the k-factor cohort's friends).
    private sealed record Slice(IReadOnlyList<ExposureEvent> Exposures, IReadOnlyList<ShareEvent> Shares, IReadOnlyList<VisitEvent> Visits,
        IReadOnlyList<CountedOrder> Orders, IReadOnlyList<CountedOrder> CohortOrders, IReadOnlyList<NetReward> Rewards)
    {
        public Slice Where(Func<int, string, bool> include) => new(
            Exposures.Where(e => include(e.CampaignId, e.Variant)).ToArray(),
            Shares.Where(s => include(s.CampaignId, s.Variant)).ToArray(),
            Visits.Where(v => v.CampaignId is { } id && include(id, v.Variant)).ToArray(),
            Orders.Where(o => include(o.CampaignId, o.Variant)).ToArray(),
            CohortOrders.Where(o => include(o.CampaignId, o.Variant)).ToArray(),
            Rewards.Where(r => include(r.CampaignId, r.Variant)).ToArray());

        public IEnumerable<string> Variants() => Exposures.Select(e => e.Variant)
            .Concat(Shares.Select(s => s.Variant))
            .Concat(Visits.Select(v => v.Variant))
            .Concat(Orders.Select(o => o.Variant))
            .Concat(Rewards.Select(r => r.Variant))
            .Distinct().Order(StringComparer.Ordinal);
    }

    /// <summary>Friend orders in their final state: one per order id, cancelled and fully refunded ones dropped.</summary>
    private static IEnumerable<CountedOrder> CountedOrders(AnalyticsEvents events)
    {
        var adjustments = events.Adjustments
            .OrderBy(a => a.At).ThenBy(a => a.Key, StringComparer.Ordinal)
            .DistinctBy(a => a.Key)
            .ToLookup(a => a.OrderId);
        foreach (var order in events.FriendOrders.OrderBy(o => o.At).ThenBy(o => o.OrderId).DistinctBy(o => o.OrderId))
        {
            var changes = adjustments[order.OrderId].ToArray();
            if (changes.Any(a => a.Kind == FriendOrderAdjustmentKind.Cancelled)) continue;
            var refunded = changes.Where(a => a.Kind == FriendOrderAdjustmentKind.Refunded).Sum(a => a.Amount);
            if (refunded > 0 && refunded >= order.Revenue) continue;
            var kept = order.Revenue - refunded;
            var cost = order.CostOfGoods is { } c && order.Revenue > 0 ? c * kept / order.Revenue : order.CostOfGoods;
            var tax = order.Revenue > 0 ? order.Tax * kept / order.Revenue : 0m;
            yield return new CountedOrder(order.FriendCustomerId, order.ReferrerId, order.CampaignId, order.Variant ?? "",
                kept, order.DiscountGiven, cost, order.At, tax);
        }
    }

    /// <summary>One grant per cause, less every reversal of that cause (replays by key once), never below zero, dated at the grant.</summary>
    private static IEnumerable<NetReward> NetRewards(AnalyticsEvents events)
    {
        var byTime = events.RewardCosts.OrderBy(r => r.At).ThenBy(r => r.Cause, StringComparer.Ordinal).ToArray();
        var reversed = byTime.Where(r => r.Kind == RewardCostKind.Reversed)
            .DistinctBy(r => r.Key ?? FormattableString.Invariant($"{r.Cause}\u0001{r.Amount}\u0001{r.At.UtcTicks}"), StringComparer.Ordinal)
            .GroupBy(r => r.Cause, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(r => r.Amount), StringComparer.Ordinal);
        return byTime.Where(r => r.Kind == RewardCostKind.Granted).DistinctBy(r => r.Cause, StringComparer.Ordinal)
            .Select(g => new NetReward(g.CampaignId, g.Variant ?? "", Math.Max(0, g.Amount - reversed.GetValueOrDefault(g.Cause)), g.At));
    }

    private static KpiFigures Figures(Slice slice, IReadOnlyDictionary<int, IReadOnlyList<ReferrerOrderEvent>> ownOrders, KpiQuery query)
    {
        var referrers = slice.Shares.GroupBy(s => s.ReferrerId).ToDictionary(g => g.Key, g => g.Min(s => s.At));
        var newCustomers = slice.Orders.Select(o => o.FriendCustomerId).Distinct().Count();
        var cohortNewCustomers = slice.CohortOrders
            .Where(o => referrers.TryGetValue(o.ReferrerId, out var firstShare) && o.At >= firstShare)
            .Select(o => o.FriendCustomerId).Distinct().Count();
        var revenue = slice.Orders.Sum(o => o.Revenue);
        var withoutCost = slice.Orders.Count(o => o.CostOfGoods is null);
        var basis = slice.Orders.Count > 0 && withoutCost == 0 ? RoiBasis.Margin : RoiBasis.Revenue;
        decimal? costOfGoods = basis == RoiBasis.Margin ? slice.Orders.Sum(o => o.CostOfGoods!.Value) : null;
        //on margin: the tax included in what friends paid is not the store's, and the product cost excludes it
        var margin = basis == RoiBasis.Margin ? revenue - slice.Orders.Sum(o => o.Tax) - costOfGoods!.Value : revenue;
        var rewardCost = slice.Rewards.Sum(r => r.Cost);
        var discountCost = slice.Orders.Sum(o => o.Discount);
        var cost = rewardCost + discountCost;
        var (exposed, sharing, converted) = Shoppers(slice);
        var returns = ReturnTimes(referrers, ownOrders, query.EffectiveAsOf);
        var (arpuReferrers, arpuBefore, arpuAfter) = Arpu(referrers, ownOrders, query);

        return new KpiFigures
        {
            ExposedShoppers = exposed,
            SharingShoppers = sharing,
            ConvertedShoppers = converted,
            ShareRate = Ratio(sharing, exposed),
            ShopperConversion = Ratio(converted, exposed),
            Shares = slice.Shares.Count,
            SharesByChannel = CountBy(slice.Shares.Select(s => s.Channel)),
            Referrers = referrers.Count,
            Visits = slice.Visits.Count,
            VisitsByChannel = CountBy(slice.Visits.Select(v => v.Channel)),
            UniqueVisitors = slice.Visits.Select(v => v.VisitorKey).Distinct(StringComparer.Ordinal).Count(),
            UniqueVisitorsByChannel = CountBy(slice.Visits.DistinctBy(v => (v.Channel, v.VisitorKey)).Select(v => v.Channel)),
            FriendOrders = slice.Orders.Count,
            NewCustomers = newCustomers,
            CohortNewCustomers = cohortNewCustomers,
            FriendRevenue = revenue,
            CostOfGoods = costOfGoods,
            OrdersWithoutCost = withoutCost,
            RoiBasis = basis,
            FriendMargin = margin,
            RewardCost = rewardCost,
            DiscountCost = discountCost,
            InvitesPerReferrer = Ratio(slice.Shares.Count, referrers.Count),
            Conversion = Ratio(newCustomers, slice.Shares.Count),
            KFactor = Ratio(cohortNewCustomers, referrers.Count),
            Roi = Ratio(margin - rewardCost, cost),
            InvitedReferrers = returns.Subjects,
            ReturnedReferrers = returns.Events,
            StillAwayReferrers = returns.Censored,
            MedianReturnDays = returns.Median is { } median ? Math.Round((decimal)median, 2, MidpointRounding.AwayFromZero) : null,
            ArpuReferrers = arpuReferrers,
            ArpuBefore = arpuReferrers == 0 ? null : Math.Round(arpuBefore / arpuReferrers, 4, MidpointRounding.AwayFromZero),
            ArpuAfter = arpuReferrers == 0 ? null : Math.Round(arpuAfter / arpuReferrers, 4, MidpointRounding.AwayFromZero),
        };
    }

    /// <summary>Distinct exposed shoppers, and those of them who shared / brought a counted friend order at or after their first exposure.</summary>
    private static (int Exposed, int Sharing, int Converted) Shoppers(Slice slice)
    {
        var firstExposure = slice.Exposures.GroupBy(e => e.CustomerId).ToDictionary(g => g.Key, g => g.Min(e => e.At));
        bool After(int customer, DateTimeOffset at) => firstExposure.TryGetValue(customer, out var first) && at >= first;
        var sharing = slice.Shares.Where(s => After(s.ReferrerId, s.At)).Select(s => s.ReferrerId).Distinct().Count();
        var converted = slice.Orders.Where(o => After(o.ReferrerId, o.At)).Select(o => o.ReferrerId).Distinct().Count();
        return (firstExposure.Count, sharing, converted);
    }

    /// <summary>Kaplan–Meier curve of days from each referrer's invitation order to their next own order, censored at AsOf.</summary>
    private static SurvivalCurve ReturnTimes(
        Dictionary<int, DateTimeOffset> firstShares, IReadOnlyDictionary<int, IReadOnlyList<ReferrerOrderEvent>> ownOrders, DateTimeOffset asOf)
    {
        var observations = new List<SurvivalObservation>();
        foreach (var (referrer, firstShare) in firstShares)
        {
            if (!ownOrders.TryGetValue(referrer, out var orders)) continue;
            var invitation = orders.LastOrDefault(o => o.At <= firstShare);
            if (invitation is null || asOf < invitation.At) continue;
            var next = orders.FirstOrDefault(o => o.At > invitation.At && o.At <= asOf);
            observations.Add(next is not null
                ? new SurvivalObservation((next.At - invitation.At).TotalDays, true)
                : new SurvivalObservation((asOf - invitation.At).TotalDays, false));
        }

        return KaplanMeier.Estimate(observations);
    }

    private static (int Referrers, decimal Before, decimal After) Arpu(
        Dictionary<int, DateTimeOffset> firstShares, IReadOnlyDictionary<int, IReadOnlyList<ReferrerOrderEvent>> ownOrders, KpiQuery query)
    {
        var window = query.ArpuWindow;
        int count = 0;
        decimal before = 0, after = 0;
        foreach (var (referrer, firstShare) in firstShares)
        {
            // Differences rather than sums of dates: they cannot overflow near DateTimeOffset.MinValue/MaxValue.
            if (query.EffectiveAsOf - firstShare < window) continue;
            count++;
            if (!ownOrders.TryGetValue(referrer, out var orders)) continue;
            before += orders.Where(o => o.At < firstShare && firstShare - o.At <= window).Sum(o => o.Amount);
            after += orders.Where(o => o.At >= firstShare && o.At - firstShare < window).Sum(o => o.Amount);
        }

        return (count, before, after);
    }

    private static IReadOnlyList<DailyKpis> Daily(Slice data, KpiQuery query)
    {
        var offset = query.From.Offset;
        DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(offset).DateTime);
        var first = DayOf(query.From);
        var last = DayOf(query.To.AddTicks(-1));
        var shares = data.Shares.ToLookup(s => DayOf(s.At));
        var visits = data.Visits.ToLookup(v => DayOf(v.At));
        var orders = data.Orders.ToLookup(o => DayOf(o.At));
        var rewards = data.Rewards.ToLookup(r => DayOf(r.At));
        var days = new List<DailyKpis>();
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            days.Add(new DailyKpis(day,
                shares[day].Count(),
                visits[day].Count(),
                visits[day].Select(v => v.VisitorKey).Distinct(StringComparer.Ordinal).Count(),
                orders[day].Count(),
                orders[day].Sum(o => o.Revenue),
                rewards[day].Sum(r => r.Cost),
                orders[day].Sum(o => o.Discount)));
        }

        return days;
    }

    private static IReadOnlyDictionary<string, int> CountBy(IEnumerable<string> channels) =>
        new SortedDictionary<string, int>(channels.GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count()), StringComparer.Ordinal);

    private static string Channel(string? channel) =>
        string.IsNullOrWhiteSpace(channel) ? UnknownChannel : channel.Trim().ToLowerInvariant();

    private static decimal? Ratio(decimal numerator, decimal denominator) =>
        denominator == 0 ? null : Math.Round(numerator / denominator, 4, MidpointRounding.AwayFromZero);
}
