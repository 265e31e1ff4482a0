using Flock.Engine.Recommendations;
using Xunit.Abstractions;

namespace Flock.Engine.Tests.Recommendations;

/// <summary>
/// "Bought together" against nopCommerce's "also purchased" on the same synthetic history, on held-out orders (the last
/// tenth). The figures are printed; the README carries them (Flock.Benchmarks' "quality" report prints the full table).
/// </summary>
public sealed class QualityTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(3_000)]
    [InlineData(60_000)]
    public void Bought_together_beats_also_purchased_on_a_store_with_a_real_history(int orders)
    {
        var comparison = QualityComparison.Run(SyntheticStore.Generate(products: 2000, categories: 40, orders, customers: orders / 3, seed: 7), k: 10);
        output.WriteLine(comparison.ToString());

        Assert.True(comparison.Flock.HitRate >= 1.05 * comparison.AlsoPurchased.HitRate, comparison.ToString());
        Assert.True(comparison.Flock.Precision > comparison.AlsoPurchased.Precision, comparison.ToString());
    }
}
