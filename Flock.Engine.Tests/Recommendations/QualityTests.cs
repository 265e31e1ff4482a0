using Flock.Engine.Recommendations;
using Xunit.Abstractions;

namespace Flock.Engine.Tests.Recommendations;

/// <summary>
/// "Bought together" against nopCommerce's "also purchased" on the same synthetic history, on held-out orders (the last
/// tenth), and the ceiling any recommender can reach there (<see cref="QualityComparison.Ceiling"/>). The figures are printed; the README carries them (Flock.Benchmarks' "quality" report prints the full table).
/// </summary>
public sealed class QualityTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(3_000)]
    [InlineData(60_000)]
    public void Bought_together_beats_also_purchased_on_a_store_with_a_real_history(int orders)
    {
        var store = SyntheticStore.Generate(products: 2000, categories: 40, orders, customers: orders / 3, seed: 7);
        var comparison = QualityComparison.Run(store, k: 10);
        var ceiling = QualityComparison.Ceiling(store, k: 10, seed: 7, realistic: true);
        var share = (comparison.Flock.HitRate - comparison.AlsoPurchased.HitRate) / (ceiling.HitRate - comparison.AlsoPurchased.HitRate);
        output.WriteLine($"{comparison}; ceiling {ceiling.HitRate:P1}: Flock takes {share:P0} of the reachable gain");

        Assert.True(comparison.Flock.HitRate >= 1.05 * comparison.AlsoPurchased.HitRate, comparison.ToString());
        Assert.True(comparison.Flock.Precision > comparison.AlsoPurchased.Precision, comparison.ToString());
        Assert.True(ceiling.HitRate >= comparison.Flock.HitRate, $"ceiling {ceiling.HitRate:P1} below Flock's");
        Assert.True(share >= 0.35, $"Flock takes {share:P0} of the gain over nopCommerce that any recommender could reach here");
    }
}
