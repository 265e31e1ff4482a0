using Flock.Engine.Common;
using Flock.Engine.Segments;
using static Flock.Engine.Tests.Segments.OrderHistories;

namespace Flock.Engine.Tests.Segments;

public sealed class PriceSensitivityTests
{
    private static CustomerOrderHistory Deals(params bool[] dealOldestFirst) =>
        History(dealOldestFirst.Select((deal, i) => Order(100 - i, coupon: deal && i % 2 == 0, sale: deal && i % 2 == 1)).ToArray());

    [Theory]
    [InlineData(new bool[0], "unknown", 0, 0)]
    [InlineData(new[] { true }, "unknown", 1, 1)]
    [InlineData(new[] { false, true }, "medium", 2, 1)] // 50 %
    [InlineData(new[] { false, false }, "low", 2, 0)]
    [InlineData(new[] { true, true }, "high", 2, 2)]
    [InlineData(new[] { true, false, false, false }, "medium", 4, 1)] // exactly 25 %
    [InlineData(new[] { true, false, false, false, false }, "low", 5, 1)] // 20 %
    [InlineData(new[] { true, true, true, false, false }, "high", 5, 3)] // exactly 60 %
    [InlineData(new[] { true, true, false, false, false }, "medium", 5, 2)] // 40 %
    public void Levels_by_the_share_of_deal_orders(bool[] deals, string level, int orders, int dealOrders)
    {
        var result = PriceSensitivity.Of(Deals(deals), Now, PriceSensitivityOptions.Default);

        Assert.Equal((level, orders, dealOrders), (result.Key, result.Orders, result.DealOrders));
    }

    [Fact]
    public void Only_the_most_recent_orders_count()
    {
        // Twelve orders: the two oldest used coupons, the ten most recent did not.
        var result = PriceSensitivity.Of(Deals([true, true, .. Enumerable.Repeat(false, 10)]), Now, PriceSensitivityOptions.Default);

        Assert.Equal((PriceSensitivityLevel.Low, 10, 0, 0.0), (result.Level, result.Orders, result.DealOrders, result.DealShare));
        Assert.Null(PriceSensitivity.Of(History(), Now, PriceSensitivityOptions.Default).DealShare);
    }

    [Fact]
    public void Orders_after_now_do_not_count()
    {
        var history = History(Order(3, coupon: true), Order(-1, coupon: true));

        Assert.Equal(PriceSensitivityLevel.Unknown, PriceSensitivity.Of(history, Now, PriceSensitivityOptions.Default).Level);
    }

    [Fact]
    public void Bad_options_are_validation_errors()
    {
        var error = Assert.Throws<FlockValidationException>(() => PriceSensitivity.Of(Deals(true, false), Now,
            new PriceSensitivityOptions { MinOrders = 1, RecentOrders = 0, MediumFrom = 0.7, HighFrom = 1.5 }));

        Assert.Equal(["options.minOrders", "options.recentOrders", "options.highFrom"], error.Problems.Select(p => p.Path));
    }
}
