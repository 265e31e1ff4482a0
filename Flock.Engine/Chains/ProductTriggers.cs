namespace Flock.Engine.Chains;

/// <summary>
/// A product as the store offers it now: its price, whether it can be bought from stock, and whether its price is what
/// every customer is shown (<see cref="OwnPrice"/>: no discount applied to the product, no tier prices; otherwise a
/// change of it is recorded but never told).
/// </summary>
public readonly record struct ProductState(int ProductId, decimal Price, bool InStock, bool OwnPrice = true);

/// <summary>
/// A product as the last scan saw it (<see cref="State"/>), the price a drop is measured from
/// (<see cref="ReferencePrice"/>) and since when it is (<see cref="PriceSinceUtc"/>), since when the stock state has held.
/// </summary>
public readonly record struct RecordedProduct(ProductState State, decimal ReferencePrice, DateTime PriceSinceUtc, DateTime StockSinceUtc);

/// <summary>
/// A change of a product worth telling the customers who wanted it: a price drop or a return to stock, found at
/// <see cref="AtUtc"/>. It happened after <see cref="LookedBeforeUtc"/>, the last scan that saw the product as it was:
/// only an interest shown between <see cref="SeenSinceUtc"/> and then saw the product as it was before (the higher
/// price, the empty shelf) — one shown later may already have seen the change — so only such a customer is told.
/// </summary>
public readonly record struct ProductChange(ChainTriggerKind Kind, int ProductId, DateTime AtUtc, DateTime SeenSinceUtc, DateTime LookedBeforeUtc, decimal FromPrice, decimal ToPrice)
{
    /// <summary>Names the occurrence: the product and the moment ("price:42:20261207101500"), the same for every customer it reaches.</summary>
    public string InstanceKey => $"{(Kind == ChainTriggerKind.PriceDropped ? "price" : "stock")}:{ProductId}:{AtUtc:yyyyMMddHHmmss}";
}

/// <summary>
/// One customer's interest in one product: the last moment they viewed it or had it in their cart or wishlist, the last
/// order of theirs that holds it (null: none), and whether a cart or wishlist line of it is there now (<see cref="Standing"/>:
/// they still want it, whenever they put it there).
/// </summary>
public readonly record struct ProductInterest(int CustomerId, int ProductId, DateTime LastInterestUtc, DateTime? LastBoughtUtc, bool Standing = false);

/// <summary>
/// <see cref="ChainTriggerKind.PriceDropped"/> and <see cref="ChainTriggerKind.BackInStock"/>: the chain task compares
/// each product with the state it recorded last (<see cref="Compare"/>) and tells the customers who wanted it
/// (<see cref="Reaches"/>). Honest by construction: a customer is told of a drop only when the price now is below the
/// one they saw — a rise makes the new price the reference again, drops too small to tell keep the old reference, and
/// a look after the last scan that saw the old state may already have seen the new one — and only while the product
/// can be bought; of a return to stock only when they looked while it was out or still hold it in their cart or
/// wishlist. Nobody is told about a product they bought within <see cref="InterestWindow"/> of their last look. The first recording, or one after the scans paused for
/// longer than <see cref="FreshFor"/>, is a baseline that tells nobody (a chain launched today does not announce last
/// month's price cut) and starts every record afresh. A state shown for less than the time between two scans may be missed.
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

    /// <summary>The product an enrollment's trigger key names ("price:42:…", "stock:42:…"): the one its messages are about; null for other keys.</summary>
    public static int? ProductOf(string? triggerKey) =>
        (ScheduledOccurrence.Parse(ChainTriggerKind.PriceDropped, 0, triggerKey, default) ?? ScheduledOccurrence.Parse(ChainTriggerKind.BackInStock, 0, triggerKey, default))
            is { EntityId: > 0 and var product } ? product : null;

    /// <summary>The product triggers live chains start on (empty: the product scan has nothing to do).</summary>
    public static IReadOnlySet<ChainTriggerKind> Listened(IEnumerable<ChainTrigger> triggers) => triggers.Select(t => t.Kind).Where(IsProduct).ToHashSet();

    /// <summary>Whether a scan at <paramref name="nowUtc"/> after one at <paramref name="previousScanUtc"/> (null: never) only records.</summary>
    public static bool IsBaseline(DateTime? previousScanUtc, DateTime nowUtc) => previousScanUtc is not { } previous || nowUtc - previous > FreshFor;

    /// <summary>
    /// The record after this scan and the changes to tell (none in a baseline). Unchanged parts keep their since; a price
    /// above the reference, or dropped enough to tell, becomes the reference from now; a drop too small to tell keeps the
    /// old reference (every price shown since it stays above the next drop told, so nobody is told of a price they beat).
    /// </summary>
    /// <remarks><paramref name="verifiedUtc"/> is the last scan that read every product (the recorded state held then): a change happened after it.</remarks>
    public static (RecordedProduct Next, IReadOnlyList<ProductChange> Changes) Compare(RecordedProduct? recorded, ProductState current, DateTime nowUtc, bool baseline, DateTime verifiedUtc)
    {
        //a baseline starts afresh: what happened while nobody scanned is unknown, so nobody is known to have seen the old state
        if (baseline || recorded is not { } before || before.State.ProductId != current.ProductId)
            return (Afresh(current, nowUtc), []);
        var changes = new List<ProductChange>(2);
        var was = before.State;
        var (reference, priceSince) = (before.ReferencePrice, before.PriceSinceUtc);
        //a price that is not the product's own (a discount, tier prices), or stops or starts being so, was not what everyone
        //saw: it becomes the reference, silently
        if (current.Price > reference || current.OwnPrice != was.OwnPrice || !current.OwnPrice && current.Price != reference)
            (reference, priceSince) = (current.Price, nowUtc);
        else if (current.Price < reference && IsDropWorthTelling(reference, current.Price))
        {
            //a drop while it cannot be bought is not news: the return to stock is, at the new price
            if (current.InStock)
                changes.Add(new ProductChange(ChainTriggerKind.PriceDropped, current.ProductId, nowUtc, before.PriceSinceUtc, verifiedUtc, reference, current.Price));
            (reference, priceSince) = (current.Price, nowUtc);
        }
        var stockSince = before.StockSinceUtc;
        if (current.InStock != was.InStock)
        {
            if (current.InStock)
            {
                //back at a lower price: one message, the return (its message shows the price now)
                changes.RemoveAll(c => c.Kind == ChainTriggerKind.PriceDropped);
                changes.Add(new ProductChange(ChainTriggerKind.BackInStock, current.ProductId, nowUtc, before.StockSinceUtc, verifiedUtc, was.Price, current.Price));
            }
            stockSince = nowUtc;
        }
        return (new RecordedProduct(current, reference, priceSince, stockSince), changes);
    }

    /// <summary>A record that starts now: the state as it is is the reference, seen since now (a baseline does this to every record).</summary>
    public static RecordedProduct Afresh(ProductState current, DateTime nowUtc) => new(current, current.Price, nowUtc, nowUtc);

    /// <summary>Whether <paramref name="to"/> is a real price at least <see cref="MinimumDrop"/> below <paramref name="from"/>.</summary>
    public static bool IsDropWorthTelling(decimal from, decimal to) => from > 0 && to > 0 && to <= from * (1 - MinimumDrop);

    /// <summary>
    /// The occurrence of the change for the customer, or null: they looked within <see cref="InterestWindow"/> of it,
    /// between the change's "seen since" and the last scan that saw the old state (or, for a return to stock, still hold
    /// it in their cart or wishlist), and have not bought it within the window before their last look or since.
    /// </summary>
    public static ScheduledOccurrence? Reaches(in ProductChange change, in ProductInterest interest)
    {
        if (interest.ProductId != change.ProductId)
            return null;
        var looked = interest.LastInterestUtc;
        if (looked < change.AtUtc - InterestWindow || looked > change.AtUtc)
            return null;
        var waited = looked >= change.SeenSinceUtc && looked < change.LookedBeforeUtc;
        if (!waited && !(change.Kind == ChainTriggerKind.BackInStock && interest.Standing))
            return null;
        if (interest.LastBoughtUtc is { } bought && bought >= looked - InterestWindow)
            return null;
        return new ScheduledOccurrence(change.Kind, interest.CustomerId, change.InstanceKey, change.AtUtc, EntityId: change.ProductId);
    }
}
