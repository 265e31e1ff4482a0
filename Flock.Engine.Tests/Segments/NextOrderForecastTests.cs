using Flock.Engine.Common;
using Flock.Engine.Segments;
using static Flock.Engine.Tests.Segments.OrderHistories;

namespace Flock.Engine.Tests.Segments;

public sealed class NextOrderForecastTests
{
    private static NextOrderForecast Forecast(CustomerOrderHistory history) => NextOrderForecast.For(history, Now, NextOrderOptions.Default);

    [Fact]
    public void A_regular_buyer_gets_the_median_interval_with_high_confidence()
    {
        // Days 0, 30, 62, 90, 121 of a year that ends 9 days before now: intervals 30, 32, 28, 31.
        var forecast = Forecast(OnDaysAgo(130, 100, 68, 40, 9));

        Assert.Equal(30.5, forecast.MedianIntervalDays);
        Assert.Equal(1.0 / 30.5, forecast.Dispersion!.Value, 12); // deviations 0.5, 1.5, 2.5, 0.5: median 1
        Assert.Equal((4, ForecastConfidence.High, NoForecastReason.None), (forecast.Intervals, forecast.Confidence, forecast.Reason));
        Assert.Equal(Now.AddDays(-9).AddDays(30.5), forecast.ExpectedAt);
        Assert.Equal(Now.AddDays(-9), forecast.LastOccasionAt);
    }

    [Fact]
    public void The_first_repeat_gives_a_low_confidence_forecast()
    {
        var forecast = Forecast(OnDaysAgo(25, 5));

        Assert.Equal((20.0, ForecastConfidence.Low, 1), (forecast.MedianIntervalDays, forecast.Confidence, forecast.Intervals));
        Assert.Equal(Now.AddDays(15), forecast.ExpectedAt);
        Assert.Equal(0.0, forecast.Dispersion);
    }

    [Fact]
    public void Two_or_three_intervals_are_medium()
    {
        var forecast = Forecast(OnDaysAgo(40, 30, 0)); // intervals 10 and 30

        Assert.Equal((20.0, 0.5, ForecastConfidence.Medium), (forecast.MedianIntervalDays, forecast.Dispersion, forecast.Confidence));
    }

    [Fact]
    public void An_erratic_buyer_stays_medium_however_many_intervals()
    {
        var forecast = Forecast(OnDaysAgo(150, 145, 90, 80, 0)); // intervals 5, 55, 10, 80: median 32.5, deviations' median 25

        Assert.Equal(32.5, forecast.MedianIntervalDays);
        Assert.Equal(25 / 32.5, forecast.Dispersion!.Value, 12);
        Assert.Equal(ForecastConfidence.Medium, forecast.Confidence);
    }

    [Fact]
    public void An_overdue_customer_has_an_expected_date_before_now()
    {
        var forecast = Forecast(OnDaysAgo(100, 90, 80, 70, 60));

        Assert.Equal(Now.AddDays(-50), forecast.ExpectedAt);
        Assert.Equal(ForecastConfidence.High, forecast.Confidence);
    }

    [Fact]
    public void One_order_or_orders_of_one_occasion_give_no_date_and_say_why()
    {
        var one = Forecast(OnDaysAgo(12));
        var split = Forecast(History(Order(12), Order(12 - 3 / 24.0), Order(11.5)));
        var none = Forecast(History(Order(-4)));

        Assert.Equal((null, ForecastConfidence.None, NoForecastReason.SingleOccasion), (one.ExpectedAt, one.Confidence, one.Reason));
        Assert.Equal(Now.AddDays(-12), one.LastOccasionAt);
        Assert.Equal(NoForecastReason.SingleOccasion, split.Reason);
        Assert.Equal((NoForecastReason.NoOrders, (DateTimeOffset?)null), (none.Reason, none.LastOccasionAt));
    }

    [Fact]
    public void Orders_within_a_day_of_an_occasion_join_it()
    {
        // 60 days ago, 59.9 (same occasion), 30, 29.5 (same), 0: occasions 60, 30, 0.
        var forecast = Forecast(OnDaysAgo(60, 59.9, 30, 29.5, 0));

        Assert.Equal((2, 30.0), (forecast.Intervals, forecast.MedianIntervalDays));
    }

    [Fact]
    public void Only_the_recent_intervals_count()
    {
        // Long gaps years ago, then a steady 7 days.
        var forecast = NextOrderForecast.For(OnDaysAgo(900, 600, 300, 28, 21, 14, 7, 0), Now, NextOrderOptions.Default with { RecentIntervals = 4 });

        Assert.Equal((4, 7.0, ForecastConfidence.High), (forecast.Intervals, forecast.MedianIntervalDays, forecast.Confidence));
    }

    [Fact]
    public void Bad_options_are_validation_errors()
    {
        var error = Assert.Throws<FlockValidationException>(() => NextOrderForecast.For(OnDaysAgo(1), Now,
            new NextOrderOptions { MinIntervalDays = 0, RecentIntervals = 0, HighConfidenceMaxDispersion = -1, HighConfidenceIntervals = 1 }));

        Assert.Equal(4, error.Problems.Count);
        Assert.StartsWith("options.", error.Problems[0].Path);
    }
}
