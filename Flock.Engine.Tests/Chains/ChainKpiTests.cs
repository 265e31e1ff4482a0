using Flock.Engine.Chains;
using Flock.Engine.Statistics;

namespace Flock.Engine.Tests.Chains;

public class ChainKpiTests
{
    [Fact]
    public void A_small_chain_says_how_many_more_customers_it_needs_instead_of_a_number()
    {
        var report = ChainKpiCalculator.Compute(new ChainKpiInput
        {
            Messaged = new(40, 6), Holdout = new(4, 0), Steps = [new("reminder", 40, 3, 0, 4)]
        });
        Assert.Equal(Verdict.NotEnoughData, report.Comparison.Verdict);
        Assert.True(report.Comparison.MoreNeeded!.MoreShoppers > 0);
        Assert.Null(report.IncrementalConversions);
        Assert.StartsWith("Not enough data yet", report.Summary());
        Assert.StartsWith("Данных пока мало", report.Summary("ru"));
        Assert.Equal(6d / 40, report.ConversionsPerMessage);
    }

    [Fact]
    public void A_clear_effect_is_called_with_its_incremental_conversions()
    {
        var report = ChainKpiCalculator.Compute(new ChainKpiInput
        {
            Messaged = new(9000, 1350), Holdout = new(1000, 80), Unsubscribed = 45, Steps = [new("reminder", 9000, 500, 10, 1000)]
        });
        Assert.Equal(Verdict.TreatmentBetter, report.Comparison.Verdict);
        Assert.Equal(1350 - 0.08 * 9000, report.IncrementalConversions!.Value, 6);
        Assert.Equal(45d / 9000, report.UnsubscribesPerMessage);
        Assert.StartsWith("The messages work", report.Summary());
    }

    [Fact]
    public void Before_any_message_the_per_message_rates_are_absent_not_zero()
    {
        var report = ChainKpiCalculator.Compute(new ChainKpiInput());
        Assert.Null(report.ConversionsPerMessage);
        Assert.Null(report.UnsubscribesPerMessage);
        Assert.Null(report.OpenRate);
        Assert.Null(report.ClickRate);
        Assert.Equal(Verdict.NotEnoughData, report.Comparison.Verdict);
    }

    [Fact]
    public void Opens_and_clicks_are_rates_of_the_delivered_messages_over_every_step()
    {
        var report = ChainKpiCalculator.Compute(new ChainKpiInput
        {
            Messaged = new(100, 10),
            Steps = [new("reminder", 100, 5, 0, 0, Delivered: 90, Opened: 45, Clicked: 9), new("coupon", 60, 0, 0, 0, Delivered: 60, Opened: 30, Clicked: 21)],
        });
        Assert.Equal(150, report.Delivered);
        Assert.Equal(75d / 150, report.OpenRate);
        Assert.Equal(30d / 150, report.ClickRate);
    }
}
