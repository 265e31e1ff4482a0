using Flock.Engine.Common;

namespace Flock.Engine.Segments;

/// <summary>
/// A category's typical repurchase gap across the store's customers, to time a "time to buy again" nudge. Each customer
/// contributes once: the median of their own gaps between purchase occasions that included the category (orders placed by
/// now); the category's figure is the median of those customer medians, so one very frequent buyer does not set it.
/// </summary>
public static class RepurchaseGaps
{
    /// <summary>The gap of every category bought at least once in <paramref name="histories"/>, by category id.</summary>
    /// <exception cref="FlockValidationException">Invalid options or history, or a customer listed twice.</exception>
    public static IReadOnlyList<CategoryRepurchaseGap> ByCategory(IEnumerable<CustomerOrderHistory> histories, DateTimeOffset now, RepurchaseGapOptions options) =>
        Compute(histories, now, options, only: null);

    /// <summary>The gap of <paramref name="categoryId"/> (no median and no customers when nobody bought it twice).</summary>
    /// <exception cref="FlockValidationException">Invalid options or history, or a customer listed twice.</exception>
    public static CategoryRepurchaseGap ForCategory(IEnumerable<CustomerOrderHistory> histories, int categoryId, DateTimeOffset now, RepurchaseGapOptions options) =>
        Compute(histories, now, options, only: categoryId).SingleOrDefault() ?? new CategoryRepurchaseGap(categoryId, null, 0, 0);

    private static IReadOnlyList<CategoryRepurchaseGap> Compute(IEnumerable<CustomerOrderHistory> histories, DateTimeOffset now, RepurchaseGapOptions options, int? only)
    {
        ArgumentNullException.ThrowIfNull(histories);
        ArgumentNullException.ThrowIfNull(options);
        var all = histories.ToArray();
        var problems = new ProblemCollector();
        options.Validate(problems, "options");
        var seen = new HashSet<int>();
        for (var i = 0; i < all.Length; i++)
        {
            var path = ProblemCollector.Index("histories", i);
            if (all[i] is not { } history)
            {
                problems.Add(path, "must not be null");
                continue;
            }

            history.Validate(problems, path);
            if (!seen.Add(history.CustomerId)) problems.Add(ProblemCollector.Join(path, "customerId"), $"customer {history.CustomerId} is listed more than once");
        }

        problems.ToResult().ThrowIfInvalid("repurchase gap input");

        var medians = new Dictionary<int, List<double>>();
        var gapCounts = new Dictionary<int, int>();
        foreach (var history in all)
        {
            var orders = history.OrdersUntil(now);
            var categories = orders.SelectMany(o => o.CategoryIds).Distinct().Where(c => only is null || c == only);
            foreach (var category in categories)
            {
                gapCounts.TryAdd(category, 0);
                if (!medians.ContainsKey(category)) medians[category] = [];
                var starts = RepeatIntervals.OccasionStarts(orders.Where(o => o.CategoryIds.Contains(category)), options.MinIntervalDays);
                if (starts.Count < 2) continue;
                var gaps = RepeatIntervals.Intervals(starts);
                medians[category].Add(RepeatIntervals.Median(gaps));
                gapCounts[category] += gaps.Length;
            }
        }

        return medians.OrderBy(m => m.Key)
            .Select(m => new CategoryRepurchaseGap(m.Key, m.Value.Count >= options.MinCustomers ? RepeatIntervals.Median(m.Value.ToArray()) : null,
                m.Value.Count, gapCounts[m.Key]))
            .ToArray();
    }
}
