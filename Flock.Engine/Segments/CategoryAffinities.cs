using Flock.Engine.Common;

namespace Flock.Engine.Segments;

/// <summary>A customer's favourite categories: share of their (recent) purchases, per category.</summary>
public static class CategoryAffinities
{
    /// <summary>
    /// The <see cref="AffinityOptions.Top"/> categories of <paramref name="history"/> with the largest share, as of
    /// <paramref name="now"/>: each order placed by then gives its total (or 1, by order count) times
    /// ½^(age in days ÷ half-life), split equally between its distinct categories; a category's share is its sum ÷ the sum
    /// over all categories. Orders without categories are left out of both. Largest share first, then lower category id.
    /// Empty when nothing is left (no categorised order, or only free ones by spend).
    /// </summary>
    /// <exception cref="FlockValidationException">Invalid options or history.</exception>
    public static IReadOnlyList<CategoryAffinity> Top(CustomerOrderHistory history, DateTimeOffset now, AffinityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(history);
        var problems = new ProblemCollector();
        options.Validate(problems, "options");
        history.Validate(problems, "history");
        problems.ToResult().ThrowIfInvalid("category affinity input");

        var weights = new Dictionary<int, (double Weight, int Orders)>();
        var total = 0.0;
        foreach (var order in history.Orders)
        {
            if (order.PlacedAt > now) continue;
            var categories = order.CategoryIds.Distinct().ToArray();
            if (categories.Length == 0) continue;
            var amount = options.Basis == AffinityBasis.Spend ? (double)order.Total : 1.0;
            if (options.HalfLifeDays is { } halfLife) amount *= Math.Pow(0.5, (now - order.PlacedAt).TotalDays / halfLife);
            total += amount;
            var each = amount / categories.Length;
            foreach (var category in categories)
            {
                weights.TryGetValue(category, out var sum);
                weights[category] = (sum.Weight + each, sum.Orders + 1);
            }
        }

        if (!(total > 0)) return [];
        return weights
            .Where(w => w.Value.Weight > 0)
            .OrderByDescending(w => w.Value.Weight).ThenBy(w => w.Key)
            .Take(options.Top)
            .Select(w => new CategoryAffinity(w.Key, w.Value.Weight / total, w.Value.Weight, w.Value.Orders))
            .ToArray();
    }
}
