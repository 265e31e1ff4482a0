namespace Flock.Engine.Templates;

/// <summary>A product the customer viewed, with whether it can be bought now (published, not deleted, in stock).</summary>
public readonly record struct ViewedProduct(int ProductId, DateTimeOffset ViewedAt, bool Available);

/// <summary>Which products a message shows: the rules, so every channel and every template shows the same ones.</summary>
public static class ProductPicks
{
    /// <summary>Cart lines listed in a message; the rest are counted as "more".</summary>
    public const int MaxCartLines = 10;
    /// <summary>Viewed products listed in a message.</summary>
    public const int MaxViewed = 4;

    /// <summary>
    /// Products to show as "viewed lately": the most recently viewed first, each once, only what can be bought now,
    /// never what is already in the cart or was bought (reminding a customer of what they own or already have in the
    /// cart wastes the message).
    /// </summary>
    public static IReadOnlyList<int> RecentlyViewed(IEnumerable<ViewedProduct> views, IReadOnlySet<int> inCart, IReadOnlySet<int> bought, int max = MaxViewed)
    {
        ArgumentNullException.ThrowIfNull(views);
        ArgumentNullException.ThrowIfNull(inCart);
        ArgumentNullException.ThrowIfNull(bought);
        if (max <= 0) return [];
        var latest = new Dictionary<int, ViewedProduct>();
        foreach (var view in views)
            if (!latest.TryGetValue(view.ProductId, out var seen) || view.ViewedAt > seen.ViewedAt)
                latest[view.ProductId] = view;
        return latest.Values
            .Where(v => v.Available && !inCart.Contains(v.ProductId) && !bought.Contains(v.ProductId))
            .OrderByDescending(v => v.ViewedAt).ThenBy(v => v.ProductId)
            .Take(max).Select(v => v.ProductId).ToArray();
    }

    /// <summary>
    /// <paramref name="picks"/> with the product the message is about first (a price drop, a return to stock — shown
    /// whether viewed, in the cart or wished for), each once, at most <paramref name="max"/>; as they are when there is none.
    /// </summary>
    public static IReadOnlyList<int> WithFeatured(IReadOnlyList<int> picks, int? featured, int max = MaxViewed)
    {
        ArgumentNullException.ThrowIfNull(picks);
        return featured is { } first ? [first, .. picks.Where(id => id != first).Take(max - 1)] : picks;
    }

    /// <summary>
    /// The cart as a message lists it: the first <see cref="MaxCartLines"/> of <paramref name="lines"/>, how many lines
    /// are not listed, and the count and total of the whole cart. <paramref name="lineCount"/> and
    /// <paramref name="itemCount"/> describe the whole cart when the caller built cards only for the listed lines; by
    /// default they are read from <paramref name="lines"/>.
    /// </summary>
    public static CartModel Cart(IReadOnlyList<ProductModel> lines, decimal? total, int? lineCount = null, int? itemCount = null, int max = MaxCartLines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        max = Math.Max(0, max);
        var listed = lines.Take(max).ToArray();
        var allLines = Math.Max(lineCount ?? lines.Count, listed.Length);
        return new CartModel
        {
            Items = listed, More = allLines - listed.Length, Total = total,
            ItemCount = Math.Max(itemCount ?? lines.Sum(l => l.Quantity), listed.Sum(l => l.Quantity)),
        };
    }
}
