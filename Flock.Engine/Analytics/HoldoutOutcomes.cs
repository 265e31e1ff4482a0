using Flock.Engine.Common;
using Flock.Engine.Statistics;

namespace Flock.Engine.Analytics;

/// <summary>
/// Outcomes measurable for exposed and held-out shoppers alike (seed 000's loyalty metrics), per shopper, and the causal
/// uplift of each arm over the control. Definitions (every window counts from the shopper's assignment):
/// <list type="bullet">
/// <item><b>Who counts</b>: each shopper once, in the arm of their first assignment (later duplicates are ignored and
/// counted); shoppers assigned after AsOf are left out.</item>
/// <item><b>Orders that count</b>: the shopper's own paid orders strictly after the assignment (the order that prompted it
/// is before), up to AsOf; replayed orders (same id) once.</item>
/// <item><b>Maturity</b>: a windowed measure counts only shoppers whose window has fully elapsed (assigned at least
/// window days before AsOf); the others are reported as maturing.</item>
/// <item><b>Repeat-purchase rate (30/90 days)</b>: matured shoppers with at least one order in (assignment, assignment + window]
/// ÷ matured shoppers.</item>
/// <item><b>Revenue per shopper (30/90 days)</b>: Σ own revenue of those orders ÷ matured shoppers (non-buyers count as 0);
/// per 1 000 eligible buyers = × 1 000.</item>
/// <item><b>Time to next order</b>: Kaplan–Meier median of days from assignment to the first order after it; a shopper who
/// has not ordered again is censored at AsOf (or at the follow-up limit), not dropped.</item>
/// <item><b>Uplift</b>: arm − control for the repeat rate and the revenue per shopper, with the always-valid interval of
/// <see cref="SequentialComparison"/> (α split over the arms), or "N more shoppers needed".</item>
/// <item><b>Attributed friends</b> (new customers and their revenue per 1 000 matured shoppers, friend orders in the window):
/// a separate, non-causal number; the holdout has none by construction.</item>
/// </list>
/// Pure and deterministic; the order of the lists does not matter.
/// </summary>
public static class HoldoutOutcomes
{
    /// <summary>The report for these shoppers.</summary>
    /// <exception cref="FlockValidationException">A history or the query is invalid (every problem listed with its path).</exception>
    public static OutcomeReport Compute(IReadOnlyList<ShopperHistory> shoppers, OutcomeQuery query)
    {
        Validate(shoppers, query).ThrowIfInvalid("outcome input");

        var assigned = shoppers.Where(s => s.AssignedAt <= query.AsOf).ToArray();
        var distinct = assigned
            .OrderBy(s => s.AssignedAt).ThenBy(s => s.Arm, StringComparer.Ordinal)
            .DistinctBy(s => s.ShopperKey, StringComparer.Ordinal)
            .ToArray();
        var byArm = distinct.ToLookup(s => s.Arm, StringComparer.Ordinal);
        var armKeys = new[] { query.Control }
            .Concat(byArm.Select(g => g.Key).Where(k => k != query.Control).Order(StringComparer.Ordinal))
            .ToArray();

        var arms = armKeys.Select(arm =>
        {
            var members = byArm[arm].ToArray();
            return new ArmOutcomes(arm, members.Length,
                query.WindowDays.Select(days => Window(members, arm, days, query.AsOf)).ToArray(),
                TimeToNextOrder(members, query.AsOf, query.FollowUpDays));
        }).ToArray();

        // Each arm against the control, α shared out over the arms (as SequentialComparison.Analyze does with a control).
        var alpha = query.Options.Alpha / Math.Max(1, arms.Length - 1);
        var control = arms[0];
        var uplifts = arms.Skip(1).Select(arm => new ArmUplift(arm.Arm, query.Control, arm.Windows.Select((window, w) => new WindowUplift(window.Days,
            SequentialComparison.CompareAt(control.Windows[w].Sample, window.Sample, Metric.Conversion, query.Options, alpha),
            SequentialComparison.CompareAt(control.Windows[w].Sample, window.Sample, Metric.ValuePerShopper, query.Options, alpha))).ToArray())).ToArray();

        return new OutcomeReport(query, arms, uplifts, assigned.Length - distinct.Length, shoppers.Count - assigned.Length);
    }

    /// <summary>
    /// Histories from the plugin's rows: one per assignment (shopper key, arm key, time — FlockAssignment), with that
    /// shopper's own paid orders and attributed friend orders (empty when the dictionaries have none). Duplicate
    /// assignments are kept here; <see cref="Compute"/> counts each shopper once, in the first.
    /// </summary>
    public static IReadOnlyList<ShopperHistory> Histories(IEnumerable<ShopperAssignment> assignments,
        IReadOnlyDictionary<string, IReadOnlyList<ShopperOrder>> ordersByShopper,
        IReadOnlyDictionary<string, IReadOnlyList<AttributedFriendOrder>>? friendOrdersByShopper = null)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        ArgumentNullException.ThrowIfNull(ordersByShopper);
        return assignments.Select(a => new ShopperHistory
        {
            ShopperKey = a.ShopperKey,
            Arm = a.Arm,
            AssignedAt = a.AssignedAt,
            Orders = ordersByShopper.TryGetValue(a.ShopperKey, out var orders) ? orders : [],
            FriendOrders = friendOrdersByShopper is not null && friendOrdersByShopper.TryGetValue(a.ShopperKey, out var friends) ? friends : [],
        }).ToArray();
    }

    /// <summary>
    /// One arm's outcome in the <paramref name="days"/> days after assignment (see the class remarks): matured shoppers,
    /// maturing ones, the per-shopper sample (repeaters, own revenue) and the attributed friends. The shoppers are taken as
    /// given (one history per shopper, all in this arm).
    /// </summary>
    public static WindowOutcome Window(IEnumerable<ShopperHistory> shoppers, string arm, int days, DateTimeOffset asOf)
    {
        var window = TimeSpan.FromDays(days);
        long matured = 0, maturing = 0, repeaters = 0;
        double sum = 0, squares = 0;
        var friends = new HashSet<int>();
        decimal friendRevenue = 0;
        foreach (var shopper in shoppers)
        {
            if (asOf - shopper.AssignedAt < window)
            {
                maturing++;
                continue;
            }

            matured++;
            bool InWindow(DateTimeOffset at) => at > shopper.AssignedAt && at - shopper.AssignedAt <= window;
            var orders = shopper.Orders.DistinctBy(o => o.OrderId).Where(o => InWindow(o.At)).ToArray();
            if (orders.Length > 0) repeaters++;
            var revenue = (double)orders.Sum(o => o.Revenue);
            sum += revenue;
            squares += revenue * revenue;
            foreach (var friendOrder in shopper.FriendOrders.DistinctBy(o => o.OrderId).Where(o => InWindow(o.At)))
            {
                friends.Add(friendOrder.FriendCustomerId);
                friendRevenue += friendOrder.Revenue;
            }
        }

        double? Per1000(double value) => matured == 0 ? null : value * 1000 / matured;
        return new WindowOutcome(days, matured, maturing, new ArmSample(arm, matured, repeaters, sum, squares),
            new AttributedOutcome(friends.Count, friendRevenue, Per1000(friends.Count), Per1000((double)friendRevenue)));
    }

    /// <summary>
    /// Kaplan–Meier curve of days from assignment to the next own order. A shopper without an order after assignment by
    /// AsOf (or within <paramref name="followUpDays"/>) is censored there: still away, not dropped.
    /// </summary>
    public static SurvivalCurve TimeToNextOrder(IEnumerable<ShopperHistory> shoppers, DateTimeOffset asOf, int? followUpDays = null)
    {
        var observations = new List<SurvivalObservation>();
        foreach (var shopper in shoppers)
        {
            var followUp = (asOf - shopper.AssignedAt).TotalDays;
            if (followUpDays is { } limit) followUp = Math.Min(followUp, limit);
            if (followUp < 0) continue;
            var next = shopper.Orders.Where(o => o.At > shopper.AssignedAt).Select(o => (o.At - shopper.AssignedAt).TotalDays)
                .DefaultIfEmpty(double.PositiveInfinity).Min();
            observations.Add(next <= followUp ? new SurvivalObservation(next, true) : new SurvivalObservation(followUp, false));
        }

        return KaplanMeier.Estimate(observations);
    }

    /// <summary>Checks the histories and the query; paths like <c>shoppers[3].orders[0].revenue</c>.</summary>
    public static ValidationResult Validate(IReadOnlyList<ShopperHistory> shoppers, OutcomeQuery query)
    {
        var problems = new ProblemCollector();
        if (query is null) problems.Add("query", "is required");
        else
        {
            if (string.IsNullOrWhiteSpace(query.Control)) problems.Add("query.control", "is required");
            if (query.WindowDays is null || query.WindowDays.Count == 0) problems.Add("query.window_days", "at least one window is required");
            else
            {
                for (var i = 0; i < query.WindowDays.Count; i++)
                    if (query.WindowDays[i] is < 1 or > 3650) problems.Add(ProblemCollector.Index("query.window_days", i), "must be between 1 and 3650 days");
                if (query.WindowDays.Distinct().Count() != query.WindowDays.Count) problems.Add("query.window_days", "must be distinct");
            }

            if (query.FollowUpDays is < 1) problems.Add("query.follow_up_days", "must be at least 1 day");
            if (query.Options is null) problems.Add("query.options", "is required");
            else query.Options.Validate(problems, "query.options");
        }

        if (shoppers is null)
        {
            problems.Add("shoppers", "is required");
            return problems.ToResult();
        }

        for (var i = 0; i < shoppers.Count; i++)
        {
            var path = ProblemCollector.Index("shoppers", i);
            var s = shoppers[i];
            if (s is null) { problems.Add(path, "is null"); continue; }
            if (string.IsNullOrWhiteSpace(s.ShopperKey)) problems.Add(ProblemCollector.Join(path, "shopper_key"), "is required");
            if (string.IsNullOrWhiteSpace(s.Arm)) problems.Add(ProblemCollector.Join(path, "arm"), "is required");
            if (s.Orders is null) problems.Add(ProblemCollector.Join(path, "orders"), "is required (use an empty list)");
            else
                for (var j = 0; j < s.Orders.Count; j++)
                    if (s.Orders[j] is null) problems.Add(ProblemCollector.Index(ProblemCollector.Join(path, "orders"), j), "is null");
                    else if (s.Orders[j].Revenue < 0) problems.Add(ProblemCollector.Join(ProblemCollector.Index(ProblemCollector.Join(path, "orders"), j), "revenue"), "must not be negative");
            if (s.FriendOrders is null) problems.Add(ProblemCollector.Join(path, "friend_orders"), "is required (use an empty list)");
            else
                for (var j = 0; j < s.FriendOrders.Count; j++)
                    if (s.FriendOrders[j] is null) problems.Add(ProblemCollector.Index(ProblemCollector.Join(path, "friend_orders"), j), "is null");
                    else if (s.FriendOrders[j].Revenue < 0) problems.Add(ProblemCollector.Join(ProblemCollector.Index(ProblemCollector.Join(path, "friend_orders"), j), "revenue"), "must not be negative");
        }

        return problems.ToResult();
    }
}
