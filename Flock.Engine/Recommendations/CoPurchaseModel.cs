using Flock.Engine.Common;

namespace Flock.Engine.Recommendations;

/// <summary>
/// "Bought together", counted per customer: how many customers bought each product, and each pair of products in one
/// order, each count also kept as a time-decayed weight. A customer counts once per product and once per pair however
/// often they bought it, at their latest such purchase, so one enthusiastic buyer (or one account buying a pair twenty
/// times) is one customer, and only customers who bought a pair <b>in the same order</b> make it a pair.
/// <para>
/// Scores are normalised for popularity: <see cref="Cosine(int, int)"/> = w(a,b) / (w(a)^0.75 · w(b)^0.25) (a damped cosine,
/// see <see cref="PartnerDamping"/>), which for a fixed product ranks partners by co-purchases over the fourth root of the
/// partner's popularity, so a bestseller does not become everybody's partner the way raw co-purchase counts
/// (nopCommerce's "also purchased") make it. Decay multiplies every weight by the same factor as
/// time passes, which the ratio cancels, so weights are stored growing with purchase time instead (2^(time since the
/// model's epoch ÷ half-life)) and nothing is ever re-decayed.
/// </para>
/// <para>
/// Incremental: <see cref="ReplaceCustomer"/> takes a customer's baskets before and after a change (a new paid order, a
/// refund, an erasure) and applies exactly the difference, so the model always equals a rebuild from the same baskets.
/// Not thread-safe: one writer at a time, and no reads during a write (the plugin guards it with a reader-writer lock).
/// </para>
/// </summary>
public sealed class CoPurchaseModel
{
    /// <summary>
    /// Weights count at most this many half-lives either side of <see cref="Epoch"/>: a customer leaving subtracts their
    /// weight from sums that may hold others 2^40 times smaller, and this keeps that cancellation within 2^-12 of the
    /// smallest. Purchases further out count as if at the edge; <see cref="NeedsRebuild"/> says when to move the epoch.
    /// </summary>
    internal const double MaxHalfLives = 20;

    /// <summary>
    /// How much a partner's own popularity discounts it: the score is w(a,b) / (w(a)^(1−d) · w(b)^d). 0 would be the plain
    /// share of a's buyers who also bought b (a bestseller partners everything); 0.5 is the cosine, which on held-out
    /// orders loses real partners that happen to be popular. 0.25 measured best on the synthetic store (README.md).
    /// </summary>
    internal const double PartnerDamping = 0.25;

    private readonly Dictionary<int, ItemStats> _items = [];
    private readonly double _halfLifeDays;

    // scratch for one customer's contribution (single writer)
    private readonly Dictionary<int, DateTimeOffset> _latestItem = [];
    private readonly Dictionary<long, DateTimeOffset> _latestPair = [];
    private readonly HashSet<int> _distinct = [];

    private CoPurchaseModel(CoPurchaseOptions options, DateTimeOffset epoch)
    {
        Options = options;
        _halfLifeDays = options.HalfLifeDays ?? double.PositiveInfinity;
        Epoch = epoch;
    }

    public CoPurchaseOptions Options { get; }

    /// <summary>The moment decay is counted from (a build's "now"); weights of purchases at it are 1.</summary>
    public DateTimeOffset Epoch { get; }

    /// <summary>
    /// True when <paramref name="now"/> is ten half-lives or more from <see cref="Epoch"/> (with the default 180 days, about
    /// five years): rebuild then, so new purchases keep outweighing old ones. Never without decay.
    /// </summary>
    public bool NeedsRebuild(DateTimeOffset now) =>
        !double.IsPositiveInfinity(_halfLifeDays) && Math.Abs((now - Epoch).TotalDays) >= MaxHalfLives / 2 * _halfLifeDays;

    /// <summary>Products bought by at least one customer.</summary>
    public int ProductCount => _items.Count;

    /// <summary>Distinct pairs bought together in one order by at least one customer.</summary>
    public long PairCount { get; private set; }

    /// <summary>Customers with at least one basket counted.</summary>
    public int CustomerCount { get; private set; }

    /// <summary>An empty model (a new store); <see cref="ReplaceCustomer"/> fills it order by order.</summary>
    /// <exception cref="FlockValidationException">Invalid options.</exception>
    public static CoPurchaseModel Empty(CoPurchaseOptions options, DateTimeOffset epoch)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate().ThrowIfInvalid("co-purchase options");
        return new CoPurchaseModel(options, epoch);
    }

    /// <summary>The full rebuild: every customer's baskets (one list per customer, each customer once).</summary>
    /// <exception cref="FlockValidationException">Invalid options or baskets (nothing is built).</exception>
    public static CoPurchaseModel Build(IEnumerable<IReadOnlyList<PurchasedBasket>> customers, CoPurchaseOptions options, DateTimeOffset epoch)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var model = Empty(options, epoch);
        foreach (var baskets in customers)
        {
            PurchasedBasket.ThrowIfInvalid(baskets, "purchased baskets");
            model.Apply(baskets, +1);
        }

        return model;
    }

    /// <summary>
    /// One customer's baskets changed from <paramref name="before"/> to <paramref name="after"/> (add a new paid order:
    /// after = before + it; a refund: the order left out of after; an erasure: after empty).
    /// </summary>
    /// <exception cref="FlockValidationException">Invalid baskets (nothing is changed).</exception>
    public void ReplaceCustomer(IReadOnlyList<PurchasedBasket> before, IReadOnlyList<PurchasedBasket> after)
    {
        PurchasedBasket.ThrowIfInvalid(before, "baskets before the change");
        PurchasedBasket.ThrowIfInvalid(after, "baskets after the change");
        Apply(before, -1);
        Apply(after, +1);
    }

    /// <summary>Customers who bought <paramref name="productId"/>.</summary>
    public int CustomersWho(int productId) => _items.TryGetValue(productId, out var item) ? item.Customers : 0;

    /// <summary>Customers who bought both products in one order.</summary>
    public int CustomersWhoBoughtTogether(int productA, int productB) =>
        _items.TryGetValue(productA, out var item) && item.Pairs.TryGetValue(productB, out var pair) ? pair.Customers : 0;

    /// <summary>The popularity-normalised strength of the pair as seen from <paramref name="productA"/>, 0 to 1 (0 when never bought together).</summary>
    public double Cosine(int productA, int productB) =>
        _items.TryGetValue(productA, out var item) && item.Pairs.TryGetValue(productB, out var pair) ? Cosine(item, pair) : 0;

    internal static double Cosine(ItemStats item, in PairStats pair)
    {
        var denominator = Math.Pow(item.Weight, 1 - PartnerDamping) * Math.Pow(pair.Other.Weight, PartnerDamping);
        return denominator > 0 ? Math.Min(1, pair.Weight / denominator) : 0;
    }

    internal ItemStats? Stats(int productId) => _items.GetValueOrDefault(productId);

    /// <summary>How many partners per product <see cref="TopPartners"/> keeps: enough for any list (100) after hidden ones drop out.</summary>
    internal const int TopPartnerLimit = 200;

    /// <summary>
    /// The product's strongest partners bought with it by at least <paramref name="minSupport"/> customers, best first (then
    /// by id), at most <see cref="TopPartnerLimit"/>. Kept per product until its own purchases change (a partner's
    /// popularity changing alone shifts its score slightly; the list catches up at the product's next change), so a list
    /// costs its length, not the product's thousands of partners. Safe for concurrent readers: a racing reader computes
    /// the same list and one reference wins.
    /// </summary>
    internal ReadOnlySpan<Partner> TopPartners(ItemStats item, int minSupport)
    {
        if (item.Top is { } cached && cached.Version == item.Version && cached.MinSupport == minSupport) return cached.Partners;
        var top = new Partner[Math.Min(TopPartnerLimit, item.Pairs.Count)];
        var n = 0;
        foreach (var (partner, pair) in item.Pairs)
        {
            if (pair.Customers < minSupport) continue;
            Keep(top, ref n, new Partner(partner, Cosine(item, pair), pair.Customers));
        }

        var partners = n == top.Length ? top : top[..n];
        item.Top = new TopPartnerList(item.Version, minSupport, partners);
        return partners;
    }

    // the best top.Length candidates seen so far, best first, in top[..n]: insertion into a short sorted array
    private static void Keep(Partner[] top, ref int n, in Partner candidate)
    {
        if (n == top.Length && !candidate.Outranks(top[n - 1])) return;
        var at = n < top.Length ? n++ : n - 1;
        while (at > 0 && candidate.Outranks(top[at - 1]))
        {
            top[at] = top[at - 1];
            at--;
        }

        top[at] = candidate;
    }

    internal readonly record struct Partner(int ProductId, double Score, int Customers)
    {
        public bool Outranks(in Partner other) => Score > other.Score || (Score == other.Score && ProductId < other.ProductId);
    }

    internal sealed record TopPartnerList(int Version, int MinSupport, Partner[] Partners);

    /// <summary>Changes with every customer applied or removed (the bestseller list is kept per version).</summary>
    private int _version;
    // one list per support asked (stores of one node may set different ones), each valid for the version it was made at
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, BestsellerList> _bestsellers = new();

    /// <summary>
    /// The store's bestsellers: products by their time-decayed count of customers (recent buyers weigh more), bought by at
    /// least <paramref name="minSupport"/> customers, best first (then by id), at most <see cref="TopPartnerLimit"/>. Kept until
    /// the next write; safe for concurrent readers like <see cref="TopPartners"/>.
    /// </summary>
    internal ReadOnlySpan<Partner> Bestsellers(int minSupport)
    {
        if (_bestsellers.TryGetValue(minSupport, out var cached) && cached.Version == _version) return cached.Products;
        var top = new Partner[Math.Min(TopPartnerLimit, _items.Count)];
        var n = 0;
        foreach (var item in _items.Values)
        {
            if (item.Customers < minSupport) continue;
            Keep(top, ref n, new Partner(item.ProductId, item.Weight, item.Customers));
        }

        var products = n == top.Length ? top : top[..n];
        _bestsellers[minSupport] = new BestsellerList(_version, products);
        return products;
    }

    private sealed record BestsellerList(int Version, Partner[] Products);

    private void Apply(IReadOnlyList<PurchasedBasket> baskets, int sign)
    {
        if (baskets.Count == 0) return;
        CollectLatest(baskets);
        if (_latestItem.Count == 0) return;
        CustomerCount += sign;
        _version++;
        foreach (var (productId, at) in _latestItem)
        {
            var weight = WeightAt(at);
            if (!_items.TryGetValue(productId, out var item))
            {
                if (sign < 0) continue; // never counted (cannot happen when before matches what was applied)
                _items[productId] = item = new ItemStats(productId);
            }

            item.Customers += sign;
            item.Weight = Math.Max(0, item.Weight + sign * weight);
            item.Version++;
        }

        foreach (var (key, at) in _latestPair)
        {
            var weight = WeightAt(at);
            if (_items.TryGetValue((int)(key >> 32), out var a) && _items.TryGetValue((int)key, out var b)) ApplyPair(a, b, sign, weight);
        }

        foreach (var (productId, _) in _latestItem)
            if (_items.TryGetValue(productId, out var item) && item.Customers <= 0) _items.Remove(productId);
    }

    private void ApplyPair(ItemStats a, ItemStats b, int sign, double weight)
    {
        ref var ab = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(a.Pairs, b.ProductId, out var existed);
        if (!existed)
        {
            if (sign < 0)
            {
                a.Pairs.Remove(b.ProductId);
                return;
            }

            ab.Other = b;
            PairCount++;
        }

        ab.Customers += sign;
        ab.Weight = Math.Max(0, ab.Weight + sign * weight);
        a.Version++;
        b.Version++;
        var customers = ab.Customers;
        var total = ab.Weight;
        if (customers <= 0)
        {
            a.Pairs.Remove(b.ProductId);
            b.Pairs.Remove(a.ProductId);
            PairCount--;
            return;
        }

        b.Pairs[a.ProductId] = new PairStats { Customers = customers, Weight = total, Other = a };
    }

    // Each product at the customer's latest purchase of it; each pair at their latest order holding both.
    private void CollectLatest(IReadOnlyList<PurchasedBasket> baskets)
    {
        _latestItem.Clear();
        _latestPair.Clear();
        for (var i = 0; i < baskets.Count; i++)
        {
            var basket = baskets[i];
            _distinct.Clear();
            for (var j = 0; j < basket.ProductIds.Count; j++) _distinct.Add(basket.ProductIds[j]);
            foreach (var productId in _distinct)
                if (!_latestItem.TryGetValue(productId, out var at) || basket.PlacedAt > at) _latestItem[productId] = basket.PlacedAt;

            if (_distinct.Count < 2 || _distinct.Count > Options.MaxBasketProducts) continue;
            foreach (var a in _distinct)
            foreach (var b in _distinct)
            {
                if (a >= b) continue;
                var key = ((long)a << 32) | (uint)b;
                if (!_latestPair.TryGetValue(key, out var at) || basket.PlacedAt > at) _latestPair[key] = basket.PlacedAt;
            }
        }
    }

    private double WeightAt(DateTimeOffset at)
    {
        if (double.IsPositiveInfinity(_halfLifeDays)) return 1;
        var exponent = Math.Clamp((at - Epoch).TotalDays / _halfLifeDays, -MaxHalfLives, MaxHalfLives);
        return Math.Pow(2, exponent);
    }

    internal sealed class ItemStats(int productId)
    {
        public int ProductId { get; } = productId;
        public int Customers;
        public double Weight;
        public readonly Dictionary<int, PairStats> Pairs = [];

        /// <summary>Changes with every write to the product's counts or pairs (the top-partner list is kept per version).</summary>
        public int Version;
        public TopPartnerList? Top;
    }

    internal struct PairStats
    {
        public int Customers;
        public double Weight;
        public ItemStats Other;
    }
}
