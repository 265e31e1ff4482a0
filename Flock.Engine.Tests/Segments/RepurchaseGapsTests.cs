using Flock.Engine.Common;
using Flock.Engine.Segments;
using static Flock.Engine.Tests.Segments.OrderHistories;

namespace Flock.Engine.Tests.Segments;

public sealed class RepurchaseGapsTests
{
    private static PaidOrder Cat(double daysAgo, params int[] categories) => Order(daysAgo, categories: categories);

    // Category 7: customer medians 30, 20, 45, 25, 60 (median 30); customer 6 bought it once.
    private static readonly CustomerOrderHistory[] Store =
    [
        History(1, Cat(100, 7), Cat(70, 7, 8), Cat(40, 7)),
        History(2, Cat(50, 7), Cat(40, 9), Cat(30, 7)), // the order of 9 in between is not a purchase of 7
        History(3, Cat(200, 7), Cat(160, 7), Cat(110, 7)),
        History(4, Cat(25, 7), Cat(0, 7, 8)),
        History(5, Cat(90, 7), Cat(30, 7), Cat(29.8, 7)), // 29.8 joins the occasion of 30
        History(6, Cat(10, 7)),
        History(7),
    ];

    [Fact]
    public void The_median_of_each_repeat_customers_own_median()
    {
        var gap = RepurchaseGaps.ForCategory(Store, 7, Now, RepurchaseGapOptions.Default);

        Assert.Equal(new CategoryRepurchaseGap(7, 30, 5, 7), gap);
    }

    [Fact]
    public void Too_few_repeat_customers_give_no_median()
    {
        var all = RepurchaseGaps.ByCategory(Store, Now, RepurchaseGapOptions.Default);

        Assert.Equal([7, 8, 9], all.Select(g => g.CategoryId));
        Assert.Equal(new CategoryRepurchaseGap(8, null, 0, 0), all[1]);
        Assert.Null(RepurchaseGaps.ForCategory(Store, 7, Now, RepurchaseGapOptions.Default with { MinCustomers = 6 }).MedianDays);
        Assert.Equal(45, RepurchaseGaps.ForCategory(Store, 7, Now.AddDays(-100), RepurchaseGapOptions.Default with { MinCustomers = 1 }).MedianDays);
        Assert.Equal(new CategoryRepurchaseGap(42, null, 0, 0), RepurchaseGaps.ForCategory(Store, 42, Now, RepurchaseGapOptions.Default));
    }

    [Fact]
    public void A_customer_listed_twice_or_a_bad_order_is_a_validation_error()
    {
        var error = Assert.Throws<FlockValidationException>(() => RepurchaseGaps.ByCategory(
            [History(1, Cat(3, 1)), History(2, Order(1, -1m)), History(1), null!], Now, RepurchaseGapOptions.Default));

        Assert.Equal(["histories[1].orders[0].total", "histories[2].customerId", "histories[3]"], error.Problems.Select(p => p.Path));
    }
}
