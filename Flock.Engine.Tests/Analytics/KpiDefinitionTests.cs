using Flock.Engine.Analytics;
using Flock.Engine.Common;

namespace Flock.Engine.Tests.Analytics;

/// <summary>One constructed history per KPI definition, with the answer worked out by hand.</summary>
public sealed class KpiDefinitionTests
{
    private static DateTimeOffset D(int month, int day, int hour = 12) => new(2026, month, day, hour, 0, 0, TimeSpan.Zero);

    private static readonly KpiQuery November = new(D(11, 1, 0), D(12, 1, 0));

    private static FriendOrderEvent Order(int id, int friend, int referrer, decimal revenue, decimal discount, DateTimeOffset at, decimal? cost = null) =>
        new(id, friend, referrer, 1, "", revenue, discount, at, cost);

    [Fact]
    public void Roi_is_on_margin_when_every_order_has_its_cost_and_counts_the_discount_once()
    {
        // Gross 1000, friend discount 50 → revenue 950; product cost 600; referrer reward 100.
        // Margin 350; ROI = (350 − 100) / (50 + 100) = 1.6667 = (gross margin 400 − discount 50 − reward 100) / 150.
        // The old formula, (950 − 150) / 150 = 5.3333, took the discount off twice and ignored the product cost.
        var events = new AnalyticsEvents
        {
            FriendOrders = [Order(1, 100, 10, 950, 50, D(11, 5), cost: 600)],
            RewardCosts = [new RewardCostEvent("reward:1", RewardCostKind.Granted, 1, "", 10, 100, D(11, 6))],
        };

        var total = KpiCalculator.Compute(events, November).Total;

        Assert.Equal(RoiBasis.Margin, total.RoiBasis);
        Assert.Equal(600m, total.CostOfGoods);
        Assert.Equal(350m, total.FriendMargin);
        Assert.Equal(150m, total.TotalCost);
        Assert.Equal(1.6667m, total.Roi);
    }

    [Fact]
    public void The_margin_leaves_out_the_tax_friends_paid_since_the_product_cost_excludes_it()
    {
        // Subtotal 100 excluding tax, 20 % VAT: the friend paid 120; product cost 60; reward 10; no discount.
        // Margin = 120 − 20 − 60 = 40, ROI = (40 − 10) / 10 = 3 (not (120 − 60 − 10) / 10 = 5); half refunded keeps half the tax.
        var events = new AnalyticsEvents
        {
            FriendOrders = [new FriendOrderEvent(1, 100, 10, 1, "", 120, 0, D(11, 5), CostOfGoods: 60, Tax: 20)],
            RewardCosts = [new RewardCostEvent("reward:1", RewardCostKind.Granted, 1, "", 10, 10, D(11, 6))],
        };
        var total = KpiCalculator.Compute(events, November).Total;
        Assert.Equal((40m, 3m), (total.FriendMargin, total.Roi));

        var refunded = events with { Adjustments = [new FriendOrderAdjustment("refund:1", 1, FriendOrderAdjustmentKind.Refunded, 60, D(11, 9))] };
        Assert.Equal(20m, KpiCalculator.Compute(refunded, November).Total.FriendMargin); // 60 − 10 − 30
    }

    [Fact]
    public void Roi_falls_back_to_revenue_when_an_order_lacks_its_cost_and_says_so()
    {
        var events = new AnalyticsEvents
        {
            FriendOrders = [Order(1, 100, 10, 950, 50, D(11, 5), cost: 600), Order(2, 101, 10, 500, 0, D(11, 7))],
            RewardCosts = [new RewardCostEvent("reward:1", RewardCostKind.Granted, 1, "", 10, 100, D(11, 6))],
        };

        var total = KpiCalculator.Compute(events, November).Total;

        Assert.Equal(RoiBasis.Revenue, total.RoiBasis);
        Assert.Equal(1, total.OrdersWithoutCost);
        Assert.Null(total.CostOfGoods);
        Assert.Equal(1450m, total.FriendMargin);
        Assert.Equal(9m, total.Roi); // (1450 − 100) / 150
    }

    [Fact]
    public void A_partial_refund_takes_back_its_share_of_the_product_cost()
    {
        // Revenue 1000 with cost 600, 250 refunded: 750 kept and 600 × 750/1000 = 450 of cost.
        var events = new AnalyticsEvents
        {
            FriendOrders = [Order(1, 100, 10, 1000, 0, D(11, 5), cost: 600)],
            Adjustments = [new FriendOrderAdjustment("refund:1", 1, FriendOrderAdjustmentKind.Refunded, 250, D(11, 9))],
        };

        var total = KpiCalculator.Compute(events, November).Total;

        Assert.Equal((750m, 450m, 300m), (total.FriendRevenue, total.CostOfGoods!.Value, total.FriendMargin));
    }

    [Fact]
    public void Every_reversal_of_a_reward_cause_is_a_cost_reversal_and_replays_count_once()
    {
        var events = new AnalyticsEvents
        {
            RewardCosts =
            [
                new RewardCostEvent("reward:1", RewardCostKind.Granted, 1, "", 10, 100, D(11, 2)),
                new RewardCostEvent("reward:1", RewardCostKind.Reversed, 1, "", 10, 30, D(11, 3), Key: "reward:1:revoked:1"),
                new RewardCostEvent("reward:1", RewardCostKind.Reversed, 1, "", 10, 50, D(11, 4), Key: "reward:1:revoked:2"),
                new RewardCostEvent("reward:1", RewardCostKind.Reversed, 1, "", 10, 50, D(11, 4), Key: "reward:1:revoked:2"), // replay
                new RewardCostEvent("reward:2", RewardCostKind.Granted, 1, "", 10, 40, D(11, 2)),
                new RewardCostEvent("reward:2", RewardCostKind.Reversed, 1, "", 10, 10, D(11, 3)),
                new RewardCostEvent("reward:2", RewardCostKind.Reversed, 1, "", 10, 10, D(11, 3)), // identical, no key: a replay
                new RewardCostEvent("reward:2", RewardCostKind.Reversed, 1, "", 10, 15, D(11, 5)),
                new RewardCostEvent("reward:3", RewardCostKind.Granted, 1, "", 10, 20, D(11, 2)),
                new RewardCostEvent("reward:3", RewardCostKind.Reversed, 1, "", 10, 15, D(11, 3)),
                new RewardCostEvent("reward:3", RewardCostKind.Reversed, 1, "", 10, 15, D(11, 4)), // 30 of 20 back: never below 0
            ],
        };

        // reward:1 100 − 30 − 50 = 20; reward:2 40 − 10 − 15 = 15; reward:3 max(0, 20 − 30) = 0. The old rule: 70 + 30 + 5 = 105.
        Assert.Equal(35m, KpiCalculator.Compute(events, November).Total.RewardCost);
    }

    [Fact]
    public void K_factor_counts_the_friends_of_the_periods_cohort_only()
    {
        var events = new AnalyticsEvents
        {
            Shares =
            [
                new ShareEvent(1, "", 50, "vk", D(10, 20)),  // referrer 50 shared only before the period: not in the cohort
                new ShareEvent(1, "", 51, "vk", D(11, 3)),
                new ShareEvent(1, "", 52, "vk", D(11, 10)),
                new ShareEvent(1, "", 52, "vk", D(11, 12)),
            ],
            FriendOrders =
            [
                Order(1, 100, 50, 500, 0, D(11, 5)),   // friend of a share made before the period
                Order(2, 101, 51, 500, 0, D(11, 2)),   // before referrer 51's first share in the period
                Order(3, 102, 51, 500, 0, D(11, 6)),   // counts
                Order(4, 102, 52, 500, 0, D(11, 20)),  // the same friend again (another referrer): once
                Order(5, 103, 52, 500, 0, D(11, 25)),  // counts
                Order(6, 104, 52, 500, 0, D(12, 10)),  // after the period: counts only once AsOf has passed it
            ],
        };

        var total = KpiCalculator.Compute(events, November).Total;
        Assert.Equal(2, total.Referrers);
        Assert.Equal(4, total.NewCustomers); // 100, 101, 102, 103 bought in November
        Assert.Equal(2, total.CohortNewCustomers); // 102, 103
        Assert.Equal(1m, total.KFactor); // the old k-factor: 4 / 2 = 2

        var later = KpiCalculator.Compute(events, November with { AsOf = D(12, 31) }).Total;
        Assert.Equal(3, later.CohortNewCustomers); // + 104 of referrer 52's November share
        Assert.Equal(1.5m, later.KFactor);
        Assert.Equal(4, later.NewCustomers); // the period's own count does not move
    }

    [Fact]
    public void Return_time_counts_the_referrers_who_have_not_returned_yet()
    {
        // Three referrers shared after an order on Nov 10; one was back after 2 days, two are still away at AsOf (Nov 30):
        // the old median of those who returned said 2 days; Kaplan–Meier says more than half are still away.
        var events = new AnalyticsEvents
        {
            Shares = [new ShareEvent(1, "", 1, "vk", D(11, 10, 13)), new ShareEvent(1, "", 2, "vk", D(11, 10, 13)), new ShareEvent(1, "", 3, "vk", D(11, 10, 13))],
            ReferrerOrders =
            [
                new ReferrerOrderEvent(1, 1, 100, D(11, 10)), new ReferrerOrderEvent(1, 2, 100, D(11, 12)),
                new ReferrerOrderEvent(2, 3, 100, D(11, 10)),
                new ReferrerOrderEvent(3, 4, 100, D(11, 10)),
            ],
        };

        var total = KpiCalculator.Compute(events, November with { AsOf = D(11, 30) }).Total;

        Assert.Equal((3, 1, 2), (total.InvitedReferrers, total.ReturnedReferrers, total.StillAwayReferrers));
        Assert.Null(total.MedianReturnDays);

        // Once the other two are back (after 8 and 12 days) the median is the middle one: 8 days.
        var back = events with
        {
            ReferrerOrders = [.. events.ReferrerOrders, new ReferrerOrderEvent(2, 5, 100, D(11, 18)), new ReferrerOrderEvent(3, 6, 100, D(11, 22))],
        };
        Assert.Equal(8m, KpiCalculator.Compute(back, November with { AsOf = D(11, 30) }).Total.MedianReturnDays);
    }

    [Fact]
    public void Exposures_count_shoppers_not_renders_and_conversions_count_converted_shoppers_not_orders()
    {
        // Shopper 1 saw the widget 5 times and brought 3 friend orders; shopper 2 saw it twice; shopper 3 was never shown it
        // (account page) but brought an order: not an exposed shopper, so not a conversion either.
        var events = new AnalyticsEvents
        {
            Exposures = [.. Enumerable.Range(0, 5).Select(h => new ExposureEvent(1, "", 1, D(11, 2, h))), new ExposureEvent(1, "", 2, D(11, 2)), new ExposureEvent(1, "", 2, D(11, 3))],
            Shares = [new ShareEvent(1, "", 1, "vk", D(11, 2, 6)), new ShareEvent(1, "", 1, "ok", D(11, 2, 7)), new ShareEvent(1, "", 3, "vk", D(11, 2))],
            FriendOrders = [Order(1, 100, 1, 100, 0, D(11, 4)), Order(2, 101, 1, 100, 0, D(11, 5)), Order(3, 102, 1, 100, 0, D(11, 6)), Order(4, 103, 3, 100, 0, D(11, 6))],
        };

        var total = KpiCalculator.Compute(events, November).Total;

        Assert.Equal((2, 1, 1), (total.ExposedShoppers, total.SharingShoppers, total.ConvertedShoppers));
        Assert.Equal(0.5m, total.ShopperConversion); // the render/order count would have said 4 / 7
        Assert.Equal(4, total.FriendOrders);
    }

    [Fact]
    public void A_negative_cost_of_goods_is_rejected()
    {
        var error = Assert.Throws<FlockValidationException>(() =>
            KpiCalculator.Compute(new AnalyticsEvents { FriendOrders = [Order(1, 2, 3, 100, 0, D(11, 2), cost: -1)] }, November));
        Assert.Equal("friend_orders[0].cost_of_goods", error.Problems.Single().Path);
    }
}

public sealed class KpiDefinitionCatalogueTests
{
    [Theory]
    [InlineData(typeof(KpiFigures))]
    [InlineData(typeof(WindowOutcome))]
    public void Every_number_shown_has_one_definition(Type type)
    {
        var shown = type.GetProperties().Where(p => p.PropertyType != typeof(Flock.Engine.Statistics.ArmSample) && p.Name is not ("Days" or "Attributed"));
        Assert.All(shown, p => Assert.False(string.IsNullOrWhiteSpace(KpiDefinitions.Of(p.Name)), $"{type.Name}.{p.Name} has no definition"));
    }

    [Fact]
    public void Attributed_numbers_have_their_own_definitions_apart_from_the_causal_ones_of_the_same_name()
    {
        foreach (var p in typeof(AttributedOutcome).GetProperties().Where(p => p.Name.EndsWith("Per1000", StringComparison.Ordinal)))
        {
            var attributed = KpiDefinitions.Of(KpiDefinitions.Attributed + p.Name);
            Assert.StartsWith("Attributed, not causal", attributed);
            Assert.DoesNotContain("not causal", KpiDefinitions.Of(p.Name) ?? "");
        }
        Assert.Contains("eligible buyers", KpiDefinitions.Of(nameof(WindowOutcome.RevenuePer1000)));
    }

    [Fact]
    public void The_roi_definition_states_the_discount_is_counted_once()
    {
        Assert.Contains("taken off once", KpiDefinitions.Of(nameof(KpiFigures.Roi)));
        Assert.Null(KpiDefinitions.Of("NoSuchKpi"));
    }
}
