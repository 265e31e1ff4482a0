using Flock.Engine.Analytics;
using Flock.Engine.Common;

namespace Flock.Engine.Tests.Analytics;

public sealed class KpiCalculatorTests
{
    private static readonly TimeSpan Moscow = TimeSpan.FromHours(3);

    private static DateTimeOffset D(int month, int day, int hour = 12) => new(2026, month, day, hour, 0, 0, Moscow);

    private static readonly KpiQuery Period = new(D(11, 1, 0), D(11, 8, 0)) { ArpuWindow = TimeSpan.FromDays(3) };

    /// <summary>The hand-computed fixture; expected numbers are derived in the comments of each test.</summary>
    private static AnalyticsEvents Fixture() => new()
    {
        Exposures =
        [
            new ExposureEvent(1, "A", 10, D(11, 1, 9)),
            new ExposureEvent(1, "A", 10, D(11, 1, 9)), // a second render of the same widget
            new ExposureEvent(1, "A", 10, D(11, 2, 9)),
            new ExposureEvent(1, "B", 11, D(11, 2, 9)),
            new ExposureEvent(1, "B", 13, D(11, 2, 9)),  // shown, never shared
            new ExposureEvent(2, "", 12, D(11, 3, 13)),  // shown after the share of 11:00 (that share came from the account page)
        ],
        Shares =
        [
            new ShareEvent(1, "A", 10, "vk", D(11, 1, 10)),
            new ShareEvent(1, "A", 10, "Telegram ", D(11, 2)),
            new ShareEvent(1, "B", 11, "vk", D(11, 2)),
            new ShareEvent(2, "", 12, "email", D(11, 3)),
            new ShareEvent(1, "A", 10, "vk", D(10, 30)), // before the period
        ],
        Visits =
        [
            new VisitEvent("K1", 1, "A", "vk", "a", D(11, 1)),
            new VisitEvent("K1", 1, "A", "vk", "a", D(11, 1, 13)),
            new VisitEvent("K1", 1, "A", "telegram", "a", D(11, 2)),
            new VisitEvent("K2", 1, "B", "vk", "b", D(11, 2)),
            new VisitEvent("ZZ", null, "", "copy", "z", D(11, 3)),
            new VisitEvent("K3", 2, "", "email", "c", D(11, 3)),
        ],
        FriendOrders =
        [
            new FriendOrderEvent(100, 200, 10, 1, "A", 1000, 50, D(11, 2)),
            new FriendOrderEvent(100, 200, 10, 1, "A", 1000, 50, D(11, 2)), // replay
            new FriendOrderEvent(101, 201, 10, 1, "A", 500, 25, D(11, 3)),
            new FriendOrderEvent(102, 202, 11, 1, "B", 800, 40, D(11, 3)),
            new FriendOrderEvent(103, 203, 12, 2, "", 2000, 100, D(11, 4)),
            new FriendOrderEvent(104, 200, 10, 1, "A", 400, 0, D(11, 5)),
        ],
        Adjustments =
        [
            new FriendOrderAdjustment("refund:1", 101, FriendOrderAdjustmentKind.Refunded, 200, D(11, 9)),
            new FriendOrderAdjustment("refund:1", 101, FriendOrderAdjustmentKind.Refunded, 200, D(11, 9)), // replay
            new FriendOrderAdjustment("cancel:102", 102, FriendOrderAdjustmentKind.Cancelled, 0, D(11, 4)),
        ],
        RewardCosts =
        [
            new RewardCostEvent("reward:100", RewardCostKind.Granted, 1, "A", 10, 100, D(11, 2)),
            new RewardCostEvent("reward:100", RewardCostKind.Granted, 1, "A", 10, 100, D(11, 2)), // replay
            new RewardCostEvent("reward:101", RewardCostKind.Granted, 1, "A", 10, 50, D(11, 3)),
            new RewardCostEvent("reward:101", RewardCostKind.Reversed, 1, "A", 10, 50, D(11, 6)),
            new RewardCostEvent("reward:103", RewardCostKind.Granted, 2, "", 12, 200, D(11, 4)),
            new RewardCostEvent("reward:102", RewardCostKind.Granted, 1, "B", 11, 80, D(11, 3)),
            new RewardCostEvent("reward:102", RewardCostKind.Reversed, 1, "B", 11, 80, D(11, 4)),
        ],
        ReferrerOrders =
        [
            new ReferrerOrderEvent(10, 900, 1000, D(10, 20)),
            new ReferrerOrderEvent(10, 901, 2000, D(11, 1, 9)),  // invitation order of referrer 10
            new ReferrerOrderEvent(10, 902, 600, D(11, 4, 9)),   // back 3 days later
            new ReferrerOrderEvent(11, 910, 500, D(10, 25)),     // invitation order of referrer 11
            new ReferrerOrderEvent(11, 911, 700, D(11, 7, 14)),  // back 13 days 2 hours later
        ],
    };

    [Fact]
    public void Totals_on_the_hand_computed_fixture()
    {
        var total = KpiCalculator.Compute(Fixture(), Period).Total;

        Assert.Equal(4, total.Shares);
        Assert.Equal(new Dictionary<string, int> { ["email"] = 1, ["telegram"] = 1, ["vk"] = 2 }, total.SharesByChannel);
        Assert.Equal(3, total.Referrers);
        Assert.Equal(6, total.Visits);
        Assert.Equal(new Dictionary<string, int> { ["copy"] = 1, ["email"] = 1, ["telegram"] = 1, ["vk"] = 3 }, total.VisitsByChannel);
        Assert.Equal(4, total.UniqueVisitors); // a, b, z, c
        Assert.Equal(new Dictionary<string, int> { ["copy"] = 1, ["email"] = 1, ["telegram"] = 1, ["vk"] = 2 }, total.UniqueVisitorsByChannel);
        Assert.Equal(4, total.FriendOrders); // 100, 101, 103, 104 (102 cancelled, replay of 100 ignored)
        Assert.Equal(3, total.NewCustomers); // friends 200, 201, 203
        Assert.Equal(3700m, total.FriendRevenue); // 1000 + (500 - 200) + 2000 + 400
        Assert.Equal(175m, total.DiscountCost); // 50 + 25 + 100 + 0
        Assert.Equal(300m, total.RewardCost); // 100 + (50 - 50) + 200 + (80 - 80)
        Assert.Equal(475m, total.TotalCost);
        Assert.Equal(1.3333m, total.InvitesPerReferrer); // 4 / 3
        Assert.Equal(0.75m, total.Conversion); // 3 / 4
        Assert.Equal(3, total.CohortNewCustomers); // 200, 201 (referrer 10, after Nov 1 10:00) and 203 (referrer 12, after Nov 3)
        Assert.Equal(1m, total.KFactor); // 3 new customers of the cohort / 3 referrers
        Assert.Equal(RoiBasis.Revenue, total.RoiBasis); // no order has a product cost
        Assert.Equal(4, total.OrdersWithoutCost);
        Assert.Null(total.CostOfGoods);
        Assert.Equal(3700m, total.FriendMargin);
        Assert.Equal(7.1579m, total.Roi); // (3700 - 300 rewards) / 475: the discount is already out of the revenue, not subtracted twice
        Assert.Equal(2, total.InvitedReferrers);
        Assert.Equal(2, total.ReturnedReferrers);
        Assert.Equal(0, total.StillAwayReferrers);
        Assert.Equal(8.04m, total.MedianReturnDays); // Kaplan–Meier without censoring: the median of 3 and 13.0833
        Assert.Equal(4, total.ExposedShoppers); // 10, 11, 12, 13 — renders are not shoppers
        Assert.Equal(2, total.SharingShoppers); // 10 and 11 shared after being shown; 12 shared before, 13 never
        Assert.Equal(0.5m, total.ShareRate);
        Assert.Equal(2, total.ConvertedShoppers); // 10 (orders 100, 101, 104) and 12 (103, Nov 4, after its exposure); 11's was cancelled
        Assert.Equal(0.5m, total.ShopperConversion);
        Assert.Equal(3, total.ArpuReferrers);
        Assert.Equal(666.6667m, total.ArpuBefore); // 2000 (order 901) / 3
        Assert.Equal(200m, total.ArpuAfter); // 600 (order 902) / 3
    }

    [Fact]
    public void Per_campaign_and_per_variant_split()
    {
        var report = KpiCalculator.Compute(Fixture(), Period);

        Assert.Equal([1, 2], report.Campaigns.Select(c => c.CampaignId));
        var first = report.Campaigns[0];
        Assert.Equal((3, 2, 4, 2, 3, 2), (first.Figures.Shares, first.Figures.Referrers, first.Figures.Visits, first.Figures.UniqueVisitors, first.Figures.FriendOrders, first.Figures.NewCustomers));
        Assert.Equal((1700m, 75m, 100m), (first.Figures.FriendRevenue, first.Figures.DiscountCost, first.Figures.RewardCost));
        Assert.Equal(9.1429m, first.Figures.Roi); // (1700 - 100) / 175
        Assert.Equal(1m, first.Figures.KFactor);

        Assert.Equal(["A", "B"], first.Variants.Select(v => v.Variant));
        var a = first.Variants[0].Figures;
        Assert.Equal((2, 1, 3, 1, 3, 2), (a.Shares, a.Referrers, a.Visits, a.UniqueVisitors, a.FriendOrders, a.NewCustomers));
        Assert.Equal(2m, a.KFactor);
        Assert.Equal(3.00m, a.MedianReturnDays);
        Assert.Equal(9.1429m, a.Roi);
        var b = first.Variants[1].Figures;
        Assert.Equal((1, 1, 0, 0, 0m), (b.Shares, b.Visits, b.FriendOrders, b.NewCustomers, b.TotalCost));
        Assert.Null(b.Roi); // no cost: the only reward was reversed and the only order cancelled
        Assert.Equal(0m, b.KFactor);
        Assert.Equal(13.08m, b.MedianReturnDays);

        var second = report.Campaigns[1].Figures;
        Assert.Equal((1, 1, 1, 2000m), (second.Shares, second.Visits, second.FriendOrders, second.FriendRevenue));
        Assert.Equal(6m, second.Roi); // (2000 - 200) / 300
        Assert.Null(second.MedianReturnDays);
        Assert.Equal(0, second.InvitedReferrers);
        Assert.Equal("", Assert.Single(report.Campaigns[1].Variants).Variant);
    }

    [Fact]
    public void Daily_series_covers_every_day_of_the_period_in_local_time()
    {
        var daily = KpiCalculator.Compute(Fixture(), Period).Daily;

        Assert.Equal(7, daily.Count);
        Assert.Equal(new DateOnly(2026, 11, 1), daily[0].Day);
        Assert.Equal(new DateOnly(2026, 11, 7), daily[^1].Day);
        Assert.Equal(new DailyKpis(new DateOnly(2026, 11, 1), 1, 2, 1, 0, 0, 0, 0), daily[0]);
        Assert.Equal(new DailyKpis(new DateOnly(2026, 11, 2), 2, 2, 2, 1, 1000, 100, 50), daily[1]);
        Assert.Equal(new DailyKpis(new DateOnly(2026, 11, 3), 1, 2, 2, 1, 300, 0, 25), daily[2]);
        Assert.Equal(new DailyKpis(new DateOnly(2026, 11, 4), 0, 0, 0, 1, 2000, 200, 100), daily[3]);
        Assert.Equal(new DailyKpis(new DateOnly(2026, 11, 6), 0, 0, 0, 0, 0, 0, 0), daily[5]);
    }

    [Fact]
    public void A_refund_reduces_revenue_and_a_full_refund_removes_the_order()
    {
        var order = new FriendOrderEvent(1, 2, 3, 1, "", 1000, 100, D(11, 2));
        AnalyticsEvents With(params FriendOrderAdjustment[] adjustments) => new() { FriendOrders = [order], Adjustments = adjustments };

        var partial = KpiCalculator.Compute(With(new FriendOrderAdjustment("r1", 1, FriendOrderAdjustmentKind.Refunded, 300, D(11, 3))), Period).Total;
        Assert.Equal((1, 700m, 100m), (partial.FriendOrders, partial.FriendRevenue, partial.DiscountCost));

        var twoPartials = KpiCalculator.Compute(With(
            new FriendOrderAdjustment("r1", 1, FriendOrderAdjustmentKind.Refunded, 300, D(11, 3)),
            new FriendOrderAdjustment("r2", 1, FriendOrderAdjustmentKind.Refunded, 700, D(11, 4))), Period).Total;
        Assert.Equal((0, 0m, 0m, 0), (twoPartials.FriendOrders, twoPartials.FriendRevenue, twoPartials.DiscountCost, twoPartials.NewCustomers));
    }

    [Fact]
    public void A_refund_after_the_period_still_applies_to_the_order_in_the_period()
    {
        var events = new AnalyticsEvents
        {
            FriendOrders = [new FriendOrderEvent(1, 2, 3, 1, "", 1000, 0, D(11, 2))],
            Adjustments = [new FriendOrderAdjustment("r", 1, FriendOrderAdjustmentKind.Refunded, 250, D(12, 20))],
        };

        Assert.Equal(750m, KpiCalculator.Compute(events, Period).Total.FriendRevenue);
    }

    [Fact]
    public void Empty_input_gives_zeros_and_nulls()
    {
        var report = KpiCalculator.Compute(AnalyticsEvents.Empty, Period);
        var total = report.Total;

        Assert.Equal(0, total.Shares + total.Visits + total.UniqueVisitors + total.FriendOrders + total.NewCustomers + total.Referrers);
        Assert.Equal(0m, total.FriendRevenue + total.TotalCost);
        Assert.Empty(total.SharesByChannel);
        Assert.Null(total.KFactor);
        Assert.Null(total.Conversion);
        Assert.Null(total.InvitesPerReferrer);
        Assert.Null(total.Roi);
        Assert.Null(total.MedianReturnDays);
        Assert.Null(total.ArpuBefore);
        Assert.Null(total.ArpuAfter);
        Assert.Empty(report.Campaigns);
        Assert.Equal(7, report.Daily.Count);
        Assert.All(report.Daily, d => Assert.Equal(0, d.Shares + d.Visits + d.FriendOrders));
    }

    [Fact]
    public void Events_outside_the_period_give_an_empty_report()
    {
        var report = KpiCalculator.Compute(Fixture(), new KpiQuery(D(1, 1, 0), D(1, 2, 0)));

        Assert.Equal(0, report.Total.Shares);
        Assert.Equal(0, report.Total.FriendOrders);
        Assert.Empty(report.Campaigns);
        Assert.Single(report.Daily);
    }

    [Fact]
    public void Arpu_waits_until_the_after_window_is_complete()
    {
        var total = KpiCalculator.Compute(Fixture(), Period with { AsOf = D(11, 4, 11) }).Total;

        Assert.Equal(1, total.ArpuReferrers); // only referrer 10 (first share Nov 1 10:00 + 3 days <= Nov 4 11:00)
        Assert.Equal(2000m, total.ArpuBefore);
        Assert.Equal(600m, total.ArpuAfter);
        Assert.Equal(3m, total.MedianReturnDays); // S(3) = 1/2, then referrer 11 is censored at 9.96 days with no later return
        Assert.Equal(1, total.ReturnedReferrers);
        Assert.Equal(1, total.StillAwayReferrers);
    }

    [Fact]
    public void The_order_of_events_does_not_change_the_report()
    {
        var events = Fixture();
        var reversed = new AnalyticsEvents
        {
            Exposures = events.Exposures.Reverse().ToArray(),
            Shares = events.Shares.Reverse().ToArray(),
            Visits = events.Visits.Reverse().ToArray(),
            FriendOrders = events.FriendOrders.Reverse().ToArray(),
            Adjustments = events.Adjustments.Reverse().ToArray(),
            RewardCosts = events.RewardCosts.Reverse().ToArray(),
            ReferrerOrders = events.ReferrerOrders.Reverse().ToArray(),
        };

        Assert.Equal(Describe(KpiCalculator.Compute(events, Period)), Describe(KpiCalculator.Compute(reversed, Period)));
    }

    [Fact]
    public void Blank_channels_are_counted_as_unknown()
    {
        var events = new AnalyticsEvents { Shares = [new ShareEvent(1, "", 1, " ", D(11, 2)), new ShareEvent(1, null!, 1, null!, D(11, 2))] };

        var report = KpiCalculator.Compute(events, Period);

        Assert.Equal(2, report.Total.SharesByChannel[KpiCalculator.UnknownChannel]);
        Assert.Equal("", Assert.Single(report.Campaigns[0].Variants).Variant);
    }

    [Fact]
    public void Invalid_query_and_events_are_rejected_with_every_problem()
    {
        var events = new AnalyticsEvents
        {
            FriendOrders = [new FriendOrderEvent(1, 2, 3, 1, "", -5, 0, D(11, 2))],
            RewardCosts = [new RewardCostEvent("", RewardCostKind.Granted, 1, "", 1, 10, D(11, 2))],
            Visits = [new VisitEvent("x", 1, "", "vk", " ", D(11, 2))],
        };

        var error = Assert.Throws<FlockValidationException>(() => KpiCalculator.Compute(events, new KpiQuery(D(11, 2), D(11, 1)) { ArpuWindow = TimeSpan.Zero }));

        Assert.Equal(
            ["query.to", "query.arpu_window", "visits[0].visitor_key", "friend_orders[0].revenue", "reward_costs[0].cause"],
            error.Problems.Select(p => p.Path));
    }

    [Fact]
    public void Null_lists_are_reported_not_thrown()
    {
        var error = Assert.Throws<FlockValidationException>(() => KpiCalculator.Compute(new AnalyticsEvents { Shares = null! }, Period));

        Assert.Equal("shares", error.Problems.Single().Path);
    }

    internal static string Describe(KpiReport report) => string.Join("\n",
        new[] { "total: " + Describe(report.Total) }
            .Concat(report.Campaigns.SelectMany(c => new[] { $"campaign {c.CampaignId}: {Describe(c.Figures)}" }
                .Concat(c.Variants.Select(v => $"  variant '{v.Variant}': {Describe(v.Figures)}"))))
            .Concat(report.Daily.Select(d => d.ToString())));

    private static string Describe(KpiFigures f) =>
        $"{f.ExposedShoppers} {f.SharingShoppers} {f.ConvertedShoppers} {f.ShareRate} {f.ShopperConversion} {f.CohortNewCustomers} {f.CostOfGoods} " +
        $"{f.OrdersWithoutCost} {f.RoiBasis} {f.FriendMargin} {f.StillAwayReferrers} " +
        $"{f.Shares} [{string.Join(",", f.SharesByChannel)}] {f.Referrers} {f.Visits} [{string.Join(",", f.VisitsByChannel)}] {f.UniqueVisitors} " +
        $"[{string.Join(",", f.UniqueVisitorsByChannel)}] {f.FriendOrders} {f.NewCustomers} {f.FriendRevenue} {f.RewardCost} {f.DiscountCost} " +
        $"{f.InvitesPerReferrer} {f.Conversion} {f.KFactor} {f.Roi} {f.MedianReturnDays} {f.InvitedReferrers} {f.ReturnedReferrers} {f.ArpuBefore} {f.ArpuAfter} {f.ArpuReferrers}";
}
