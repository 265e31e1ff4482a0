#nullable enable
using Flock.Engine.Recommendations;

namespace Flock.Engine.Tests.Recommendations;

/// <summary>
/// A store with a realistic popularity skew and known complements, for measuring recommendation quality (tests) and
/// speed (benchmarks, which compile this file too). Products sit in categories with Zipf-distributed popularity; each
/// has one to three complements in other categories (a camera and its memory card). An order is a product chosen by
/// popularity, one of its complements with probability <see cref="ComplementShare"/>, and bestsellers bought on impulse;
/// a share of the orders is cancelled or refunded (still counted by nopCommerce's "also purchased").
/// </summary>
public sealed class SyntheticStore
{
    public const double ComplementShare = 0.6;
    public const double SameCategoryShare = 0.3;

    public sealed record Line(int ProductId, int Quantity);

    public sealed record Order(int Id, int CustomerId, DateTimeOffset PlacedAt, IReadOnlyList<Line> Lines, bool Paid);

    public required IReadOnlyList<CatalogItem> Products { get; init; }
    public required IReadOnlyList<Order> Orders { get; init; }
    public required IReadOnlyDictionary<int, int[]> Complements { get; init; }

    public static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// <paramref name="realistic"/> adds what a real store's history holds and an all-time quantity count stumbles on:
    /// consumables bought by the dozen alongside anything (batteries, cables), assortment drift (a third of the products
    /// arrive during the period, a sixth are discontinued or out of stock at its end, and complements are of their own
    /// time), wholesale customers who repeat one basket many times, and a second product of the same category near in price in
    /// <see cref="SameCategoryShare"/> of the orders. Without it the history is the plain model above.
    /// </summary>
    public static SyntheticStore Generate(int products, int categories, int orders, int customers, int seed, bool realistic = true)
    {
        const int Days = 500;
        var random = new Random(seed);
        var items = new List<CatalogItem>(products);
        var from = new int[products + 1];
        var until = new int[products + 1];
        var consumables = new List<int>();
        for (var id = 1; id <= products; id++)
        {
            var category = 1 + random.Next(categories);
            from[id] = realistic && random.NextDouble() < 0.33 ? random.Next(Days * 3 / 4) : 0;
            var ends = realistic && random.NextDouble() < 0.17;
            until[id] = ends ? Math.Min(Days, from[id] + 60 + random.Next(Days)) : int.MaxValue;
            if (realistic && random.NextDouble() < 0.02) consumables.Add(id);
            items.Add(new CatalogItem
            {
                ProductId = id,
                CategoryIds = [category],
                ManufacturerIds = [1 + random.Next(20)],
                SpecificationOptionIds = [100 + random.Next(10), 200 + random.Next(10)],
                Price = Math.Round((decimal)Math.Exp(2 + random.NextDouble() * 5), 2),
                SaleShare = random.NextDouble() < 0.1 ? 0.2m : 0m,
                AddedAt = Start.AddDays(from[id] - (from[id] == 0 ? random.Next(1000) : 0)),
                IsPublished = !(ends && until[id] < Days && random.NextDouble() < 0.5),
                IsAvailable = !(ends && until[id] < Days),
            });
        }

        return Draw(random, items, from, until, consumables, orders, customers, realistic);
    }

    /// <summary>
    /// The same kind of history over a catalog that exists (a real store's products, categories and prices — nopCommerce's
    /// sample data, say): no product arrives or leaves during the period, and there are no consumables.
    /// </summary>
    public static SyntheticStore GenerateOver(IReadOnlyList<CatalogItem> catalog, int orders, int customers, int seed, bool realistic = true)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var ids = catalog.Select(c => c.ProductId).ToArray();
        if (ids.Length < 3 || ids.Distinct().Count() != ids.Length || catalog.Any(c => c.CategoryIds.Count == 0))
            throw new ArgumentException("a catalog of three or more products, each once and in a category", nameof(catalog));
        // ids 1..n in catalog order, mapped back at the end
        var items = catalog.Select((c, i) => c with { ProductId = i + 1 }).ToList();
        var from = new int[items.Count + 1];
        var until = Enumerable.Repeat(int.MaxValue, items.Count + 1).ToArray();
        var store = Draw(new Random(seed), items, from, until, [], orders, customers, realistic);
        int Real(int id) => ids[id - 1];
        return new SyntheticStore
        {
            Products = catalog,
            Orders = store.Orders.Select(o => o with { Lines = o.Lines.Select(l => l with { ProductId = Real(l.ProductId) }).ToArray() }).ToArray(),
            Complements = store.Complements.ToDictionary(c => Real(c.Key), c => c.Value.Select(Real).ToArray()),
        };
    }

    private static SyntheticStore Draw(Random random, List<CatalogItem> items, int[] from, int[] until, List<int> consumables, int orders, int customers, bool realistic)
    {
        const int Days = 500;
        var products = items.Count;
        bool OnSale(int id, int day) => day >= from[id] && day < until[id];

        // popularity: Zipf(1.1) over a random permutation of the products
        var byRank = Enumerable.Range(1, products).OrderBy(_ => random.Next()).ToArray();
        var cumulative = new double[products];
        var total = 0.0;
        for (var rank = 0; rank < products; rank++) cumulative[rank] = total += 1 / Math.Pow(rank + 1, 1.1);
        int Popular(int day)
        {
            while (true)
            {
                var at = Array.BinarySearch(cumulative, random.NextDouble() * total);
                var id = byRank[Math.Min(products - 1, at < 0 ? ~at : at)];
                if (OnSale(id, day)) return id;
            }
        }

        var byCategory = items.GroupBy(i => i.CategoryIds[0]).ToDictionary(g => g.Key, g => g.Select(i => i.ProductId).ToArray());
        // a second product of the same category near in price (another book of the genre), chosen by popularity rank
        int? SameCategory(int main, int day)
        {
            var item = items[main - 1];
            var near = byCategory[item.CategoryIds[0]].Where(p => p != main && OnSale(p, day) && items[p - 1].Price <= item.Price * 1.5m && items[p - 1].Price * 1.5m >= item.Price).ToArray();
            return near.Length == 0 ? null : near[random.Next(near.Length)];
        }

        var complements = new Dictionary<int, int[]>();
        foreach (var item in items)
        {
            var own = item.CategoryIds[0];
            bool Fits(int candidate) => items[candidate - 1].CategoryIds[0] != own && !(realistic && (from[candidate] >= until[item.ProductId] || from[item.ProductId] >= until[candidate]));
            if (!Enumerable.Range(1, products).Any(Fits))
            {
                complements[item.ProductId] = [];
                continue;
            }

            complements[item.ProductId] = Enumerable.Range(0, 1 + random.Next(3))
                .Select(_ =>
                {
                    int candidate;
                    do candidate = 1 + random.Next(products);
                    while (!Fits(candidate));
                    return candidate;
                })
                .Distinct().ToArray();
        }

        var wholesale = realistic ? Enumerable.Range(1, Math.Max(1, customers / 200)).ToDictionary(c => c, _ => (Dictionary<int, int>?)null) : [];
        var list = new List<Order>(orders);
        var minutesPerOrder = (double)Days * 24 * 60 / orders;
        for (var id = 1; id <= orders; id++)
        {
            var placedAt = Start.AddMinutes(id * minutesPerOrder);
            var day = (int)(placedAt - Start).TotalDays;
            var customer = realistic && random.NextDouble() < 0.1 ? 1 + random.Next(wholesale.Count) : 1 + random.Next(customers);
            if (wholesale.TryGetValue(customer, out var repeat) && repeat is not null && repeat.Keys.All(p => OnSale(p, day)))
            {
                list.Add(new Order(id, customer, placedAt, repeat.Select(l => new Line(l.Key, l.Value)).ToArray(), Paid: true));
                continue;
            }

            var lines = new Dictionary<int, int>();
            var main = Popular(day);
            lines[main] = 1 + (random.NextDouble() < 0.2 ? 1 : 0);
            if (random.NextDouble() < ComplementShare)
            {
                var options = complements[main].Where(c => OnSale(c, day)).ToArray();
                if (options.Length > 0) lines.TryAdd(options[random.Next(options.Length)], 1 + random.Next(2));
            }

            if (random.NextDouble() < 0.2) lines.TryAdd(Popular(day), 1);
            if (realistic && random.NextDouble() < SameCategoryShare && SameCategory(main, day) is { } sibling) lines.TryAdd(sibling, 1);
            if (consumables.Count > 0 && random.NextDouble() < 0.25)
            {
                var consumable = consumables[random.Next(consumables.Count)];
                if (OnSale(consumable, day)) lines.TryAdd(consumable, 5 + random.Next(16));
            }

            if (wholesale.ContainsKey(customer)) wholesale[customer] = lines.ToDictionary(l => l.Key, l => l.Value * 10);
            list.Add(new Order(id, customer, placedAt, lines.Select(l => new Line(l.Key, l.Value)).ToArray(), Paid: random.NextDouble() >= 0.08));
        }

        return new SyntheticStore { Products = items, Orders = list, Complements = complements };
    }

    /// <summary>Every customer's paid baskets among <paramref name="orders"/>, one list per customer.</summary>
    public static IEnumerable<IReadOnlyList<PurchasedBasket>> PaidBasketsByCustomer(IEnumerable<Order> orders) =>
        orders.Where(o => o.Paid).GroupBy(o => o.CustomerId)
            .Select(g => (IReadOnlyList<PurchasedBasket>)g.Select(o => new PurchasedBasket(o.PlacedAt, o.Lines.Select(l => l.ProductId).ToArray())).ToArray());
}

/// <summary>
/// nopCommerce's "Customers who bought this item also bought" (ProductService.GetAlsoPurchasedProductsIdsAsync): over every
/// order holding the product — whatever its status, cancelled and refunded included — the other products ranked by the
/// sum of their ordered quantity.
/// </summary>
public sealed class AlsoPurchasedBaseline
{
    private readonly Dictionary<int, Dictionary<int, int>> _quantities = [];

    public AlsoPurchasedBaseline(IEnumerable<SyntheticStore.Order> orders)
    {
        foreach (var order in orders) Add(order, +1);
    }

    /// <summary>Counts one more order (+1) or one less (−1).</summary>
    public void Add(SyntheticStore.Order order, int sign)
    {
        foreach (var line in order.Lines)
        {
            if (!_quantities.TryGetValue(line.ProductId, out var others)) _quantities[line.ProductId] = others = [];
            foreach (var other in order.Lines)
                if (other.ProductId != line.ProductId) others[other.ProductId] = others.GetValueOrDefault(other.ProductId) + sign * other.Quantity;
        }
    }

    /// <summary>The top <paramref name="count"/> partners among the products <paramref name="published"/> (nopCommerce filters published, not deleted).</summary>
    public int[] Top(int productId, int count, Func<int, bool> published) => _quantities.TryGetValue(productId, out var others)
        ? others.Where(o => published(o.Key)).OrderByDescending(o => o.Value).ThenBy(o => o.Key).Take(count).Select(o => o.Key).ToArray()
        : [];
}

/// <summary>
/// Hit rate and precision at k on held-out orders: each product of a held-out order with two or more products that the
/// store can recommend today is a query, and a hit is another of them in its top k.
/// </summary>
public static class HeldOutQuality
{
    public sealed record Result(int Queries, double HitRate, double Precision);

    public static Result Measure(IEnumerable<SyntheticStore.Order> heldOut, Func<int, bool> recommendable, Func<int, IReadOnlyCollection<int>> top, int k)
    {
        int queries = 0, hits = 0;
        double relevant = 0;
        foreach (var order in heldOut.Where(o => o.Paid))
        {
            var products = order.Lines.Select(l => l.ProductId).Where(recommendable).Distinct().ToArray();
            if (products.Length < 2) continue;
            foreach (var product in products)
            {
                var recommended = top(product);
                var found = products.Count(p => p != product && recommended.Contains(p));
                queries++;
                if (found > 0) hits++;
                relevant += found / (double)k;
            }
        }

        return new Result(queries, queries == 0 ? 0 : hits / (double)queries, queries == 0 ? 0 : relevant / queries);
    }
}

/// <summary>Flock's "bought together" (default options) and nopCommerce's "also purchased", trained on the first nine tenths.</summary>
public sealed record QualityComparison(int Orders, int K, HeldOutQuality.Result Flock, HeldOutQuality.Result AlsoPurchased)
{
    public static QualityComparison Run(SyntheticStore store, int k, RecommenderOptions? options = null)
    {
        var cut = store.Orders.Count * 9 / 10;
        var training = store.Orders.Take(cut).ToArray();
        var heldOut = store.Orders.Skip(cut).ToArray();
        var catalog = RecommendationCatalog.Build(store.Products);
        var shopper = ShopperScope.GuestOf(1);
        bool Recommendable(int id) => catalog.Find(id)!.IsShowableTo(shopper);

        var model = CoPurchaseModel.Build(SyntheticStore.PaidBasketsByCustomer(training), CoPurchaseOptions.Default, SyntheticStore.Start);
        var recommender = new Recommender(catalog, model, options ?? RecommenderOptions.Default);
        var flock = HeldOutQuality.Measure(heldOut, Recommendable, p => recommender.BoughtTogether(p, shopper, k).Select(r => r.ProductId).ToHashSet(), k);
        var baseline = new AlsoPurchasedBaseline(training);
        var nop = HeldOutQuality.Measure(heldOut, Recommendable, p => baseline.Top(p, k, id => catalog.Find(id)!.IsPublished).ToHashSet(), k);
        return new QualityComparison(store.Orders.Count, k, flock, nop);
    }

    /// <summary>
    /// The hit rate no recommender can beat by much on this store's held-out orders: the ranking by how often each pair is
    /// really bought together in the held-out period, counted over a hundred thousand paid orders of that period drawn from
    /// the same store (same seed, so the same catalog, popularity and complements; only the history is longer). With
    /// nopCommerce's hit rate it bounds the ratio any recommender can reach here.
    /// </summary>
    public static HeldOutQuality.Result Ceiling(SyntheticStore store, int k, int seed, bool realistic)
    {
        const int Draw = 1_000_000;
        var truth = SyntheticStore.Generate(store.Products.Count, store.Products.Max(p => p.CategoryIds[0]), Draw, customers: store.Orders.Count / 3, seed, realistic);
        if (!truth.Complements.OrderBy(c => c.Key).SelectMany(c => c.Value).SequenceEqual(store.Complements.OrderBy(c => c.Key).SelectMany(c => c.Value)))
            throw new InvalidOperationException("the longer draw is not the same store");
        var together = new Dictionary<int, Dictionary<int, int>>();
        foreach (var order in truth.Orders.Skip(Draw * 9 / 10).Where(o => o.Paid))
        foreach (var a in order.Lines)
        {
            if (!together.TryGetValue(a.ProductId, out var partners)) together[a.ProductId] = partners = [];
            foreach (var b in order.Lines)
                if (b.ProductId != a.ProductId) partners[b.ProductId] = partners.GetValueOrDefault(b.ProductId) + 1;
        }

        var catalog = RecommendationCatalog.Build(store.Products);
        var shopper = ShopperScope.GuestOf(1);
        bool Recommendable(int id) => catalog.Find(id)!.IsShowableTo(shopper);
        return HeldOutQuality.Measure(store.Orders.Skip(store.Orders.Count * 9 / 10), Recommendable,
            p => together.TryGetValue(p, out var partners)
                ? partners.Where(x => Recommendable(x.Key)).OrderByDescending(x => x.Value).ThenBy(x => x.Key).Take(k).Select(x => x.Key).ToHashSet()
                : [], k);
    }

    public double HitRateRatio => AlsoPurchased.HitRate == 0 ? double.PositiveInfinity : Flock.HitRate / AlsoPurchased.HitRate;

    public override string ToString() =>
        $"{Orders} orders, {Flock.Queries} held-out queries, k={K}: Flock hit rate {Flock.HitRate:P1}, precision {Flock.Precision:P2}; " +
        $"also purchased hit rate {AlsoPurchased.HitRate:P1}, precision {AlsoPurchased.Precision:P2}; hit rate ×{HitRateRatio:F2}";
}
