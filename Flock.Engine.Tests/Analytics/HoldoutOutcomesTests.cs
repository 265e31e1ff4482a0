using Flock.Engine.Analytics;
using Flock.Engine.Common;
using Flock.Engine.Statistics;

namespace Flock.Engine.Tests.Analytics;

public sealed class HoldoutOutcomesTests
{
    private static DateTimeOffset D(int year, int month, int day) => new(year, month, day, 10, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset AsOf = D(2026, 12, 31);

    private static ShopperHistory Shopper(string key, string arm, DateTimeOffset at, ShopperOrder[]? orders = null, AttributedFriendOrder[]? friends = null) =>
        new() { ShopperKey = key, Arm = arm, AssignedAt = at, Orders = orders ?? [], FriendOrders = friends ?? [] };

    /// <summary>The hand-computed histories; every expected number below is derived in a comment.</summary>
    private static ShopperHistory[] Histories() =>
    [
        Shopper("h1", "holdout", D(2026, 9, 1), [new(1, D(2026, 8, 31), 999), new(2, D(2026, 9, 20), 100), new(3, D(2026, 11, 1), 50)]),
        Shopper("h2", "holdout", D(2026, 9, 1)),
        Shopper("h3", "holdout", D(2026, 12, 15), [new(4, D(2026, 12, 20), 70)]),
        Shopper("e1", "1", D(2026, 9, 1), [new(10, D(2026, 9, 5), 200), new(10, D(2026, 9, 5), 200), new(11, D(2026, 10, 10), 300)],
            [new(100, 900, D(2026, 9, 10), 500), new(101, 900, D(2026, 9, 12), 100), new(102, 901, D(2026, 12, 1), 800)]),
        Shopper("e2", "1", D(2026, 10, 15), [new(20, D(2026, 11, 20), 80)]),
        Shopper("e3", "1", D(2026, 9, 1), [new(30, D(2026, 9, 1).AddHours(-1), 400)]),
        Shopper("e1", "holdout", D(2026, 10, 1)),       // a later assignment of e1: e1 stays in arm 1
        Shopper("e4", "1", D(2027, 1, 2)),              // assigned after AsOf: left out
    ];

    private static OutcomeReport Report() => HoldoutOutcomes.Compute(Histories(), new OutcomeQuery { AsOf = AsOf });

    [Fact]
    public void Shoppers_are_counted_once_in_their_first_arm_and_future_ones_are_left_out()
    {
        var report = Report();

        Assert.Equal(["holdout", "1"], report.Arms.Select(a => a.Arm));
        Assert.Equal([3L, 3L], report.Arms.Select(a => a.Shoppers));
        Assert.Equal(1, report.DuplicatesIgnored);
        Assert.Equal(1, report.NotYetAssigned);
    }

    [Fact]
    public void Repeat_rate_and_revenue_count_only_matured_shoppers_and_orders_after_assignment()
    {
        var holdout = Report().Arms[0];
        // 30 days: h1, h2 matured, h3 (Dec 15) maturing; h1 bought on day 19 (100) — its Aug 31 order is before assignment.
        Assert.Equal((2L, 1L), (holdout.Windows[0].Matured, holdout.Windows[0].Maturing));
        Assert.Equal(new ArmSample("holdout", 2, 1, 100, 10_000), holdout.Windows[0].Sample);
        Assert.Equal(0.5, holdout.Windows[0].RepeatRate);
        Assert.Equal(50, holdout.Windows[0].RevenuePerShopper);
        Assert.Equal(50_000, holdout.Windows[0].RevenuePer1000);
        // 90 days: h1 also bought on day 61 (50): 150.
        Assert.Equal(new ArmSample("holdout", 2, 1, 150, 22_500), holdout.Windows[1].Sample);

        var arm = Report().Arms[1];
        // 30 days: e1, e2 (Oct 15 + 30 ≤ Dec 31), e3 matured; e1 bought on day 4 (200; its replay once), e2 only on day 36,
        // e3's order is an hour before its assignment (the order that prompted the widget).
        Assert.Equal((3L, 0L), (arm.Windows[0].Matured, arm.Windows[0].Maturing));
        Assert.Equal(new ArmSample("1", 3, 1, 200, 40_000), arm.Windows[0].Sample);
        // 90 days: e2 is maturing (Oct 15 + 90 > Dec 31); e1: 200 + 300 (day 39).
        Assert.Equal((2L, 1L), (arm.Windows[1].Matured, arm.Windows[1].Maturing));
        Assert.Equal(new ArmSample("1", 2, 1, 500, 250_000), arm.Windows[1].Sample);
    }

    [Fact]
    public void Attributed_friends_are_a_separate_number_per_1000_matured_shoppers()
    {
        var arm = Report().Arms[1];
        // Friend 900 ordered twice in e1's first 30 days (500 + 100); friend 901 on day 91, outside both windows.
        Assert.Equal(new AttributedOutcome(1, 600, 1000.0 / 3, 600_000.0 / 3), arm.Windows[0].Attributed);
        Assert.Equal(new AttributedOutcome(1, 600, 500, 300_000), arm.Windows[1].Attributed);
        Assert.Equal(new AttributedOutcome(0, 0, 0, 0), Report().Arms[0].Windows[1].Attributed);
    }

    [Fact]
    public void Time_to_next_order_is_a_Kaplan_Meier_median_with_those_still_away_censored()
    {
        var report = Report();
        // Holdout: h3 back on day 5, h1 on day 19, h2 still away after 121 days → S(5) = 2/3, S(19) = 1/3: median 19.
        var holdout = report.Arms[0].TimeToNextOrder;
        Assert.Equal((3, 2, 1), (holdout.Subjects, holdout.Events, holdout.Censored));
        Assert.Equal(19, report.Arms[0].MedianDaysToNextOrder);
        // Arm 1: e1 on day 4, e2 on day 36, e3 away for 121 days: median 36. Dropping e3 would give (4 + 36) / 2 = 20.
        Assert.Equal(36, report.Arms[1].MedianDaysToNextOrder);
        Assert.Equal(121, report.Arms[1].TimeToNextOrder.LongestFollowUp);
    }

    [Fact]
    public void A_follow_up_limit_censors_later_returns()
    {
        var report = HoldoutOutcomes.Compute(Histories(), new OutcomeQuery { AsOf = AsOf, FollowUpDays = 30 });
        // Arm 1 with 30 days of follow-up: e1 back on day 4; e2 (day 36) and e3 censored at 30: S = 2/3 — no median.
        Assert.Null(report.Arms[1].MedianDaysToNextOrder);
        Assert.Equal(30, report.Arms[1].TimeToNextOrder.LongestFollowUp);
    }

    [Fact]
    public void A_small_experiment_shows_not_enough_data_for_the_uplift()
    {
        var uplift = Assert.Single(Report().Uplifts);

        Assert.Equal(("1", "holdout"), (uplift.Arm, uplift.Control));
        Assert.Equal([30, 90], uplift.Windows.Select(w => w.Days));
        Assert.All(uplift.Windows, w =>
        {
            Assert.Equal(Verdict.NotEnoughData, w.RepeatPurchase.Verdict);
            Assert.Null(w.RepeatPurchase.Difference);
            Assert.True(w.RepeatPurchase.MoreNeeded!.MoreShoppers > 0);
            Assert.Equal(Verdict.NotEnoughData, w.RevenuePerShopper.Verdict);
        });
    }

    [Fact]
    public void A_real_uplift_on_repeat_purchase_is_measured_against_the_holdout()
    {
        // 2 000 held out, 30 % of whom buy again (300 each) within 30 days; 2 000 exposed, 40 % of whom do — all assigned
        // 100 days before AsOf. Uplift = +10 points of repeat rate and +30 of revenue per shopper.
        var start = AsOf.AddDays(-100);
        var shoppers = new List<ShopperHistory>();
        for (var i = 0; i < 2000; i++)
        {
            shoppers.Add(Shopper($"h{i}", "holdout", start, i % 10 < 3 ? [new ShopperOrder(i, start.AddDays(10), 300)] : []));
            shoppers.Add(Shopper($"e{i}", "1", start, i % 10 < 4 ? [new ShopperOrder(10_000 + i, start.AddDays(10), 300)] : []));
        }

        var report = HoldoutOutcomes.Compute(shoppers, new OutcomeQuery { AsOf = AsOf });
        var window = report.Uplifts.Single().Windows[0];

        Assert.Equal(Verdict.TreatmentBetter, window.RepeatPurchase.Verdict);
        Assert.Equal(0.10, window.RepeatPurchase.Difference!.Value, 12);
        Assert.True(window.RepeatPurchase.Interval!.Value.Low > 0);
        Assert.Equal(Verdict.TreatmentBetter, window.RevenuePerShopper.Verdict);
        Assert.Equal(30, window.RevenuePerShopper.Difference!.Value, 9);
        Assert.Equal(0.3, report.Arms[0].Windows[0].RepeatRate!.Value, 12);
        // 40 % back on day 10 and 60 % still away after 100 days: S = 0.6, so the median is "not yet" rather than 10 days.
        Assert.Null(report.Arms[1].MedianDaysToNextOrder);
        Assert.Equal(0.6, report.Arms[1].TimeToNextOrder.SurvivalAt(100), 12);
    }

    [Fact]
    public void Histories_are_built_from_assignment_rows_and_orders_by_shopper()
    {
        var histories = HoldoutOutcomes.Histories(
            [new ShopperAssignment("g1", "holdout", D(2026, 9, 1)), new ShopperAssignment("g2", "1", D(2026, 9, 2))],
            new Dictionary<string, IReadOnlyList<ShopperOrder>> { ["g2"] = [new ShopperOrder(7, D(2026, 9, 9), 120)] },
            new Dictionary<string, IReadOnlyList<AttributedFriendOrder>> { ["g2"] = [new AttributedFriendOrder(8, 55, D(2026, 9, 10), 300)] });

        Assert.Equal(["g1", "g2"], histories.Select(h => h.ShopperKey));
        Assert.Empty(histories[0].Orders);
        Assert.Empty(histories[0].FriendOrders);
        Assert.Equal(120m, histories[1].Orders.Single().Revenue);
        var report = HoldoutOutcomes.Compute(histories, new OutcomeQuery { AsOf = AsOf });
        Assert.Equal(1L, report.Arms[1].Windows[0].Sample.Converted);
        Assert.Equal(1, report.Arms[1].Windows[0].Attributed.NewCustomers);
    }

    [Fact]
    public void Invalid_histories_and_queries_are_rejected_with_every_problem()
    {
        ShopperHistory[] bad =
        [
            Shopper(" ", "", AsOf, [new ShopperOrder(1, AsOf, -5)]),
            new() { ShopperKey = "x", Arm = "1", AssignedAt = AsOf, Orders = null!, FriendOrders = [null!] },
        ];

        var error = Assert.Throws<FlockValidationException>(() => HoldoutOutcomes.Compute(bad,
            new OutcomeQuery { AsOf = AsOf, Control = "", WindowDays = [30, 30, 0], FollowUpDays = 0 }));

        Assert.Equal(
        [
            "query.control", "query.window_days[2]", "query.window_days", "query.follow_up_days",
            "shoppers[0].shopper_key", "shoppers[0].arm", "shoppers[0].orders[0].revenue", "shoppers[1].orders", "shoppers[1].friend_orders[0]",
        ], error.Problems.Select(p => p.Path));
    }
}
