using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Flock.Engine.Segments;

namespace Flock.Benchmarks.Segments;

/// <summary>
/// RFM over a store of 1 000 000 customers (8 % prospects, 60 % of buyers with one order, recency up to four years,
/// spend in kopecks): the nightly build of the quintiles plus scoring everyone, and the incremental score of one customer
/// against the built model. The peer is the same definition written the usual way: LINQ <c>OrderBy</c> per measure for
/// the boundaries and LINQ <c>Count</c> over them per customer. The setup checks that both give the same scores.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class RfmBenchmarks
{
    private const int Customers = 1_000_000;
    private const int Incremental = 1024;
    private static readonly DateTimeOffset AsOf = new(2026, 6, 1, 3, 0, 0, TimeSpan.FromHours(3));

    private CustomerRfmInput[] _customers = [];
    private CustomerRfmInput[] _changed = [];
    private RfmScore[] _scores = [];
    private RfmModel _model = null!;
    private NaiveModel _naive = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20260601);
        _customers = new CustomerRfmInput[Customers];
        for (var i = 0; i < Customers; i++)
        {
            if (random.NextDouble() < 0.08)
            {
                _customers[i] = new CustomerRfmInput(i + 1, 0, 0, 0m);
                continue;
            }

            var orders = random.NextDouble() < 0.6 ? 1 : 2 + (int)(-Math.Log(1 - random.NextDouble()) * 3);
            var days = (int)Math.Min(1460, -Math.Log(1 - random.NextDouble()) * 300);
            var money = orders * Math.Round((decimal)Math.Exp(7 + random.NextDouble() * 2.5), 2);
            _customers[i] = new CustomerRfmInput(i + 1, days, orders, money);
        }

        _changed = Enumerable.Range(0, Incremental).Select(i =>
        {
            var c = _customers[random.Next(Customers)];
            return c with { DaysSinceLastOrder = 0, OrderCount = c.OrderCount + 1, Monetary = c.Monetary + 1500m };
        }).ToArray();
        _scores = new RfmScore[Customers];

        _model = RfmModel.Build(_customers, AsOf, RfmOptions.Default);
        _naive = NaiveModel.Build(_customers);
        _model.ScoreAll(_customers, _scores);
        if (!_naive.ScoreAll(_customers).SequenceEqual(_scores) || ScoreOne() != NaiveScoreOne())
            throw new InvalidOperationException("the peer and Flock disagree");
    }

    [Benchmark(Baseline = true), BenchmarkCategory("BuildAndScore1M")]
    public int NaiveBuildAndScore()
    {
        var model = NaiveModel.Build(_customers);
        return model.ScoreAll(_customers)[^1].Cell;
    }

    [Benchmark, BenchmarkCategory("BuildAndScore1M")]
    public int BuildAndScore()
    {
        var model = RfmModel.Build(_customers, AsOf, RfmOptions.Default);
        model.ScoreAll(_customers, _scores);
        return _scores[^1].Cell;
    }

    [Benchmark, BenchmarkCategory("BuildAndScore1M")]
    public int BuildOnly() => RfmModel.Build(_customers, AsOf, RfmOptions.Default).CustomerCount;

    [Benchmark(Baseline = true, OperationsPerInvoke = Incremental), BenchmarkCategory("ScoreOne")]
    public int NaiveScoreOne()
    {
        var sum = 0;
        foreach (var customer in _changed) sum += _naive.Score(customer).Cell;
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Incremental), BenchmarkCategory("ScoreOne")]
    public int ScoreOne()
    {
        var sum = 0;
        foreach (ref readonly var customer in _changed.AsSpan()) sum += _model.Score(customer).Cell;
        return sum;
    }

    /// <summary>The same definition written with LINQ: sort each measure, take the value at each fifth, count the fifths beaten.</summary>
    private sealed class NaiveModel
    {
        private int[] _recency = [];
        private int[] _frequency = [];
        private decimal[] _monetary = [];

        public static NaiveModel Build(CustomerRfmInput[] customers)
        {
            var buyers = customers.Where(c => c.OrderCount > 0).ToList();
            var positions = Enumerable.Range(1, 4).Select(k => (int)Math.Ceiling(buyers.Count * k / 5.0) - 1).ToArray();
            var days = buyers.Select(c => c.DaysSinceLastOrder).OrderByDescending(d => d).ToList();
            var orders = buyers.Select(c => c.OrderCount).OrderBy(o => o).ToList();
            var money = buyers.Select(c => c.Monetary).OrderBy(m => m).ToList();
            return new NaiveModel
            {
                _recency = positions.Select(p => days[p]).ToArray(),
                _frequency = positions.Select(p => orders[p]).ToArray(),
                _monetary = positions.Select(p => money[p]).ToArray(),
            };
        }

        public RfmScore[] ScoreAll(CustomerRfmInput[] customers) => customers.Select(Score).ToArray();

        public RfmScore Score(CustomerRfmInput c)
        {
            if (c.OrderCount == 0) return RfmScore.None;
            var r = 1 + _recency.Count(b => c.DaysSinceLastOrder < b);
            var f = 1 + _frequency.Count(b => c.OrderCount > b);
            var m = 1 + _monetary.Count(b => c.Monetary > b);
            return new RfmScore((byte)r, (byte)f, (byte)m, RfmSegments.Of(r, f, m, c.OrderCount));
        }
    }
}
