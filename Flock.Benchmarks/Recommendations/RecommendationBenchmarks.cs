using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Flock.Engine.Recommendations;
using Flock.Engine.Tests.Recommendations;

namespace Flock.Benchmarks.Recommendations;

/// <summary>
/// The recommender on a synthetic store of 20 000 products in 200 categories and exactly 1 000 000 order lines
/// (SyntheticStore, the one the quality tests use). Each group has a peer in the same run: nopCommerce's "also purchased"
/// definition (sum of quantities over every order holding the product) kept in memory the plain way — built, updated by
/// one order, and ranked for one product.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class RecommendationBenchmarks
{
    private const int OrderLines = 1_000_000;
    private const int Queries = 256;

    private SyntheticStore.Order[] _orders = [];
    private IReadOnlyList<PurchasedBasket>[] _customers = [];
    private (IReadOnlyList<PurchasedBasket> Before, IReadOnlyList<PurchasedBasket> After)[] _changes = [];
    private SyntheticStore.Order[] _newOrders = [];
    private ShopperActivity[] _shoppers = [];
    private int[] _products = [];
    private CoPurchaseModel _model = null!;
    private Recommender _recommender = null!;
    private AlsoPurchasedBaseline _baseline = null!;
    private RecommendationCatalog _catalog = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var store = SyntheticStore.Generate(products: 20_000, categories: 200, orders: 480_000, customers: 160_000, seed: 11);
        var lines = 0;
        _orders = store.Orders.TakeWhile(o => (lines += o.Lines.Count) <= OrderLines).ToArray();
        if (_orders.Sum(o => o.Lines.Count) < OrderLines * 0.999) throw new InvalidOperationException("the store holds too few order lines");
        _customers = SyntheticStore.PaidBasketsByCustomer(_orders).ToArray();
        _catalog = RecommendationCatalog.Build(store.Products);
        _model = BuildModel();
        _recommender = new Recommender(_catalog, _model, RecommenderOptions.Default);
        _baseline = BuildBaseline();

        var random = new Random(5);
        var end = _orders[^1].PlacedAt;
        _changes = Enumerable.Range(0, Queries).Select(_ =>
        {
            var before = _customers[random.Next(_customers.Length)];
            var order = _orders[random.Next(_orders.Length)];
            return (before, (IReadOnlyList<PurchasedBasket>)[.. before, new PurchasedBasket(end, [.. order.Lines.Select(l => l.ProductId)])]);
        }).ToArray();
        _newOrders = Enumerable.Range(0, Queries).Select(_ => _orders[random.Next(_orders.Length)]).ToArray();
        // products as shoppers meet them: drawn by popularity (a product of a random order line)
        _products = Enumerable.Range(0, Queries).Select(_ => Pick(random).ProductId).ToArray();
        var shopper = ShopperScope.GuestOf(1);
        _shoppers = Enumerable.Range(0, Queries).Select(_ => new ShopperActivity
        {
            Shopper = shopper,
            Now = end,
            CartProductIds = [Pick(random).ProductId, Pick(random).ProductId],
            ViewedProductIds = [.. Enumerable.Range(0, 5).Select(_ => Pick(random).ProductId)],
            Bought = [.. Enumerable.Range(0, 3).Select(i => new BoughtProduct(Pick(random).ProductId, end.AddDays(-30 * (i + 1))))],
        }).ToArray();
        if (_shoppers.Count(s => _recommender.Personal(s, 10).Count == 10) < Queries * 0.9)
            throw new InvalidOperationException("personal lists are mostly short: the benchmark would flatter the recommender");
    }

    private SyntheticStore.Line Pick(Random random)
    {
        var order = _orders[random.Next(_orders.Length)];
        return order.Lines[random.Next(order.Lines.Count)];
    }

    // ---------------------------------------------------------------- build from 1 000 000 order lines

    [Benchmark(Baseline = true), BenchmarkCategory("Build1MLines")]
    public AlsoPurchasedBaseline BuildBaseline() => new(_orders);

    [Benchmark, BenchmarkCategory("Build1MLines")]
    public CoPurchaseModel BuildModel() => CoPurchaseModel.Build(_customers, CoPurchaseOptions.Default, _orders[^1].PlacedAt);

    // ---------------------------------------------------------------- one new paid order (applied, then taken back)

    [Benchmark(Baseline = true, OperationsPerInvoke = 2), BenchmarkCategory("IncrementalOrder")]
    public void BaselineAddOrder()
    {
        var order = _newOrders[_next++ & (Queries - 1)];
        _baseline.Add(order, +1);
        _baseline.Add(order, -1);
    }

    [Benchmark(OperationsPerInvoke = 2), BenchmarkCategory("IncrementalOrder")]
    public void ModelAddOrder()
    {
        var (before, after) = _changes[_next++ & (Queries - 1)];
        _model.ReplaceCustomer(before, after);
        _model.ReplaceCustomer(after, before);
    }

    // ---------------------------------------------------------------- top 10

    [Benchmark(Baseline = true), BenchmarkCategory("Top10")]
    public int AlsoPurchasedTop10() => _baseline.Top(_products[_next++ & (Queries - 1)], 10, id => _catalog.Find(id)!.IsPublished).Length;

    [Benchmark, BenchmarkCategory("Top10")]
    public int BoughtTogetherTop10() => _recommender.BoughtTogether(_products[_next++ & (Queries - 1)], ShopperScope.GuestOf(1), 10).Count;

    [Benchmark, BenchmarkCategory("Top10")]
    public int PersonalTop10() => _recommender.Personal(_shoppers[_next++ & (Queries - 1)], 10).Count;
}
