namespace Flock.Engine.Chains;

/// <summary>A product as the store offers it now: its price and whether its stock can be bought.</summary>
public readonly record struct ProductState(int ProductId, decimal Price, bool InStock);

/// <summary>
/// A product as the last scan recorded it, with since when each part has held: <see cref="PriceSinceUtc"/> is when the
/// recorded price became the reference a drop is measured from, <see cref="StockSinceUtc"/> when the stock state began.
/// </summary>
public readonly record struct RecordedProduct(ProductState State, DateTime PriceSinceUtc, DateTime StockSinceUtc);

/// <summary>
/// A change of a product worth telling the customers who wanted it: a price drop or a return to stock, found at
/// <see cref="AtUtc"/>. Only an interest shown at or after <see cref="SeenSinceUtc"/> saw the product as it was before
/// (the higher price, the empty shelf), so only such a customer is told.
/// </summary>
public readonly record struct ProductChange(ChainTriggerKind Kind, int ProductId, DateTime AtUtc, DateTime SeenSinceUtc, decimal FromPrice, decimal ToPrice)
{
    /// <summary>Names the occurrence: the product and the moment ("price:42:20261207101500"), the same for every customer it reaches.</summary>
    public string InstanceKey => $"{(Kind == ChainTriggerKind.PriceDropped ? "price" : "stock")}:{ProductId}:{AtUtc:yyyyMMddHHmmss}";
}

/// <summary>
/// One customer's interest in one product: the last moment they viewed it or had it in their cart or wishlist, and the
/// last paid order of theirs that holds it (null: none).
/// </summary>
public readonly record struct ProductInterest(int CustomerId, int ProductId, DateTime LastInterestUtc, DateTime? LastBoughtUtc);

/// <summary>
/// <see cref="ChainTriggerKind.PriceDropped"/> and <see cref="ChainTriggerKind.BackInStock"/>: the chain task compares
/// each product with the state it recorded last (<see cref="Compare"/>) and tells the customers who wanted it
/// (<see cref="Reaches"/>). Honest by construction: a customer is told of a drop only when the price now is below the
/// one they saw — a rise makes the new price the reference again, drops too small to tell keep the old reference — and
/// of a return to stock only when they looked while it was out. The first recording, or one after the scans paused for
/// longer than <see cref="FreshFor"/>, is a baseline that tells nobody (a chain launched today does not announce last
/// month's price cut).
/// </summary>
public static class ProductTriggers
{
    /// <summary>The smallest drop worth a message: 1 % (below it, a rounding or a currency re-rate is not news).</summary>
    public const decimal MinimumDrop = 0.01m;

    /// <summary>How long an interest lasts: a product viewed more than 30 days ago is no longer wanted.</summary>
    public static readonly TimeSpan InterestWindow = TimeSpan.FromDays(30);

    /// <summary>How old the previous scan may be for its records to still be compared; older, the scan is a baseline.</summary>
    public static readonly TimeSpan FreshFor = TimeSpan.FromHours(1);

    public static bool IsProduct(ChainTriggerKind kind) => kind is ChainTriggerKind.PriceDropped or ChainTriggerKind.BackInStock;

    /// <summary>Whether any of the triggers needs the product scan.</summary>
    public static bool AnyListened(IEnumerable<ChainTrigger> triggers) => triggers.Any(t => IsProduct(t.Kind));

    /// <summary>Whether a scan at <paramref name="nowUtc"/> after one at <paramref name="previousScanUtc"/> (null: never) only records.</summary>
    public static bool IsBaseline(DateTime? previousScanUtc, DateTime nowUtc) => previousScanUtc is not { } previous || nowUtc - previous > FreshFor;

    /// <summary>
    /// The record after this scan and the changes to tell (none in a baseline). Unchanged parts keep their since; a price
    /// that rose, or dropped enough to tell, becomes the reference from now; a drop too small to tell keeps the old reference.
    /// </summary>
    public static (RecordedProduct Next, IReadOnlyList<ProductChange> Changes) Compare(RecordedProduct? recorded, ProductState current, DateTime nowUtc, bool baseline)
    {
        if (recorded is not { } before || before.State.ProductId != current.ProductId)
            return (new RecordedProduct(current, nowUtc, nowUtc), []);
        var changes = new List<ProductChange>(2);
        var was = before.State;
        var (price, priceSince) = (was.Price, before.PriceSinceUtc);
        if (current.Price > was.Price || baseline && current.Price != was.Price)
            (price, priceSince) = (current.Price, nowUtc);
        else if (current.Price < was.Price && IsDropWorthTelling(was.Price, current.Price))
        {
            changes.Add(new ProductChange(ChainTriggerKind.PriceDropped, current.ProductId, nowUtc, before.PriceSinceUtc, was.Price, current.Price));
            (price, priceSince) = (current.Price, nowUtc);
        }
        var stockSince = before.StockSinceUtc;
        if (current.InStock != was.InStock)
        {
            if (current.InStock && !baseline)
                changes.Add(new ProductChange(ChainTriggerKind.BackInStock, current.ProductId, nowUtc, before.StockSinceUtc, was.Price, current.Price));
            stockSince = nowUtc;
        }
        return (new RecordedProduct(current with { Price = price }, priceSince, stockSince), changes);
    }

    /// <summary>Whether <paramref name="to"/> is at least <see cref="MinimumDrop"/> below <paramref name="from"/>.</summary>
    public static bool IsDropWorthTelling(decimal from, decimal to) => from > 0 && to >= 0 && to <= from * (1 - MinimumDrop);

    /// <summary>
    /// The occurrence of the change for the customer, or null: they looked at or after the change's "seen since", within
    /// <see cref="InterestWindow"/> of it and before it was found (a look at that moment may already have seen the change), and have not bought the product since they last looked.
    /// </summary>
    public static ScheduledOccurrence? Reaches(in ProductChange change, in ProductInterest interest)
    {
        if (interest.ProductId != change.ProductId)
            return null;
        var looked = interest.LastInterestUtc;
        if (looked < change.SeenSinceUtc || looked < change.AtUtc - InterestWindow || looked >= change.AtUtc)
            return null;
        if (interest.LastBoughtUtc is { } bought && bought >= looked)
            return null;
        return new ScheduledOccurrence(change.Kind, interest.CustomerId, change.InstanceKey, change.AtUtc, EntityId: change.ProductId);
    }
}
