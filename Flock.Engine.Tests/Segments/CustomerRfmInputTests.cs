using Flock.Engine.Common;
using Flock.Engine.Segments;
using static Flock.Engine.Tests.Segments.OrderHistories;

namespace Flock.Engine.Tests.Segments;

public sealed class CustomerRfmInputTests
{
    [Fact]
    public void From_a_history_counts_paid_orders_spend_and_calendar_days_since_the_last()
    {
        var history = History(7, Order(40, 250.50m), Order(3.2, 99.50m), Order(100, 1000m));

        // 3.2 days before 12:00 is 07:12 three calendar days ago.
        Assert.Equal(new CustomerRfmInput(7, 3, 3, 1350m), CustomerRfmInput.FromHistory(history, Now));
    }

    [Fact]
    public void Recency_counts_calendar_days_in_the_offset_of_now()
    {
        var now = new DateTimeOffset(2026, 6, 1, 0, 5, 0, TimeSpan.FromHours(3));
        var lateLastNight = History(Order(0) with { PlacedAt = new DateTimeOffset(2026, 5, 31, 20, 50, 0, TimeSpan.Zero) }); // 23:50 at +3
        var earlyToday = History(Order(0) with { PlacedAt = new DateTimeOffset(2026, 5, 31, 21, 1, 0, TimeSpan.Zero) }); // 00:01 at +3

        Assert.Equal(1, CustomerRfmInput.FromHistory(lateLastNight, now).DaysSinceLastOrder);
        Assert.Equal(0, CustomerRfmInput.FromHistory(earlyToday, now).DaysSinceLastOrder);
    }

    [Fact]
    public void Orders_after_now_are_not_counted_yet()
    {
        var history = History(Order(10, 50m), Order(-2, 70m));

        Assert.Equal(new CustomerRfmInput(1, 10, 1, 50m), CustomerRfmInput.FromHistory(history, Now));
        Assert.Equal(new CustomerRfmInput(1, 0, 0, 0m), CustomerRfmInput.FromHistory(History(Order(-1)), Now));
        Assert.False(CustomerRfmInput.FromHistory(History(), Now).HasOrders);
    }

    [Fact]
    public void A_bad_order_is_a_validation_error_with_its_path()
    {
        var history = History(Order(1), Order(2, -5m), new PaidOrder { PlacedAt = default, Total = 1m, CategoryIds = null! });

        var error = Assert.Throws<FlockValidationException>(() => CustomerRfmInput.FromHistory(history, Now));

        Assert.Equal(["history.orders[1].total", "history.orders[2].placedAt", "history.orders[2].categoryIds"], error.Problems.Select(p => p.Path));
        Assert.Equal("history.orders", Assert.Throws<FlockValidationException>(() =>
            CustomerRfmInput.FromHistory(new CustomerOrderHistory { CustomerId = 1, Orders = null! }, Now)).Problems.Single().Path);
        Assert.Equal("history.orders[0]", Assert.Throws<FlockValidationException>(() =>
            CustomerRfmInput.FromHistory(History(null!, Order(1)), Now)).Problems.Single().Path);
        Assert.Equal("history.orders[0].total",
            Assert.Throws<FlockValidationException>(() => CustomerRfmInput.FromHistory(History(Order(1, PaidOrder.MaxTotal + 1)), Now)).Problems.Single().Path);
    }

    [Fact]
    public void Histories_feed_a_model_end_to_end()
    {
        var histories = new[]
        {
            History(1, Order(1, 500m), Order(30, 400m), Order(60, 300m)),
            History(2, Order(2, 80m)),
            History(3, Order(300, 60m)),
            History(4),
            History(5, Order(200, 900m), Order(260, 700m), Order(330, 800m)),
            History(6, Order(10, 150m), Order(50, 100m)),
            History(7, Order(90, 40m)),
        };
        var inputs = histories.Select(h => CustomerRfmInput.FromHistory(h, Now)).ToArray();
        var model = RfmModel.Build(inputs, Now, RfmOptions.Default);

        Assert.Equal(["best", "new", "lost", "none", "at_risk", "loyal", "sleeping"], inputs.Select(i => model.Score(i).SegmentKey));
    }
}
