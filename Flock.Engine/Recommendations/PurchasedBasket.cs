using Flock.Engine.Common;

namespace Flock.Engine.Recommendations;

/// <summary>
/// The products of one paid, not refunded order (nopCommerce: payment status Paid, not deleted, not cancelled, not fully
/// refunded; a product bought in any quantity counts once). A customer's baskets are all such orders of theirs, guest
/// orders of the same address included when the plugin can join them.
/// </summary>
public sealed record PurchasedBasket(DateTimeOffset PlacedAt, IReadOnlyList<int> ProductIds)
{
    internal void Validate(ProblemCollector problems, string path)
    {
        if (PlacedAt == default) problems.Add(ProblemCollector.Join(path, "placedAt"), "must be set");
        if (ProductIds is null)
        {
            problems.Add(ProblemCollector.Join(path, "productIds"), "must be a list");
            return;
        }

        for (var i = 0; i < ProductIds.Count; i++)
            if (ProductIds[i] <= 0) problems.Add(ProblemCollector.Index(ProblemCollector.Join(path, "productIds"), i), "must be a positive product id");
    }

    internal static void ThrowIfInvalid(IReadOnlyList<PurchasedBasket> baskets, string what)
    {
        ArgumentNullException.ThrowIfNull(baskets);
        var problems = new ProblemCollector();
        for (var i = 0; i < baskets.Count; i++)
        {
            var path = ProblemCollector.Index("baskets", i);
            if (baskets[i] is { } basket) basket.Validate(problems, path);
            else problems.Add(path, "must not be null");
        }

        problems.ToResult().ThrowIfInvalid(what);
    }
}
