using Flock.Engine.Recommendations;
using Flock.Engine.Tests.Recommendations;

namespace Flock.Benchmarks.Recommendations;

/// <summary>
/// Not a timing: the held-out quality of "bought together" against nopCommerce's "also purchased" on the synthetic store,
/// as a table (README figures). `dotnet run -c Release --project Flock.Benchmarks -- quality`
/// </summary>
public static class QualityReport
{
    public static void Print(TextWriter output)
    {
        output.WriteLine("| history | orders | min support | k | queries | Flock hit rate | nop hit rate | ratio | Flock precision | nop precision |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var realistic in new[] { true, false })
        foreach (var orders in new[] { 3_000, 60_000 })
        {
            var store = SyntheticStore.Generate(products: 2000, categories: 40, orders, customers: orders / 3, seed: 7, realistic);
            foreach (var support in new[] { 2, 1 })
            foreach (var k in new[] { 4, 10 })
            {
                var c = QualityComparison.Run(store, k, RecommenderOptions.Default with { MinSupport = support });
                output.WriteLine($"| {(realistic ? "realistic" : "plain i.i.d.")} | {orders:N0} | {support} | {k} | {c.Flock.Queries:N0} | " +
                                 $"{c.Flock.HitRate:P1} | {c.AlsoPurchased.HitRate:P1} | ×{c.HitRateRatio:F2} | {c.Flock.Precision:P2} | {c.AlsoPurchased.Precision:P2} |");
            }
        }
    }
}
