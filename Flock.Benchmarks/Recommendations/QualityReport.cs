using Flock.Engine.Recommendations;
using Flock.Engine.Tests.Recommendations;

namespace Flock.Benchmarks.Recommendations;

/// <summary>
/// Not a timing: the held-out quality of "bought together" against nopCommerce's "also purchased" on the synthetic store,
/// as a table (README figures), with the ceiling any recommender can reach on that history. `dotnet run -c Release --project Flock.Benchmarks -- quality`
/// </summary>
public static class QualityReport
{
    public static void Print(TextWriter output)
    {
        output.WriteLine("| history | orders | min support | k | queries | Flock hit rate | nop hit rate | ratio | ceiling (ratio) | Flock's share of the reachable gain | Flock precision | nop precision |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var realistic in new[] { true, false })
        foreach (var orders in new[] { 3_000, 60_000 })
        {
            const int Seed = 7;
            var store = SyntheticStore.Generate(products: 2000, categories: 40, orders, customers: orders / 3, Seed, realistic);
            foreach (var k in new[] { 4, 10 })
            {
                var ceiling = QualityComparison.Ceiling(store, k, Seed, realistic);
                foreach (var support in new[] { 2, 1 })
                {
                    var c = QualityComparison.Run(store, k, RecommenderOptions.Default with { MinSupport = support });
                    var nop = c.AlsoPurchased.HitRate;
                    var share = ceiling.HitRate > nop ? (c.Flock.HitRate - nop) / (ceiling.HitRate - nop) : double.NaN;
                    output.WriteLine($"| {(realistic ? "realistic" : "plain i.i.d.")} | {orders:N0} | {support} | {k} | {c.Flock.Queries:N0} | " +
                                     $"{c.Flock.HitRate:P1} | {nop:P1} | ×{c.HitRateRatio:F2} | {ceiling.HitRate:P1} (×{ceiling.HitRate / nop:F2}) | {share:P0} | " +
                                     $"{c.Flock.Precision:P2} | {c.AlsoPurchased.Precision:P2} |");
                }
            }
        }
    }
}
