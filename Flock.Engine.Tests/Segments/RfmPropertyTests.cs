using Flock.Engine.Common;
using Flock.Engine.Segments;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Flock.Engine.Tests.Segments;

public sealed class RfmPropertyTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 3, 28, 2, 0, 0, TimeSpan.FromHours(3));

    // Narrow ranges so ties are common: many customers share a day, an order count or an amount.
    private static Gen<CustomerRfmInput[]> Population =>
        from size in Gen.Choose(0, 60)
        from spread in Gen.Elements(3, 15, 400)
        from rows in Gen.ArrayOf(
            from days in Gen.Choose(0, spread)
            from orders in Gen.Frequency((1, Gen.Constant(0)), (6, Gen.Constant(1)), (3, Gen.Choose(2, 12)))
            from cents in Gen.Choose(0, spread * 10)
            select (days, orders, money: orders == 0 ? 0m : cents * 2.5m), size)
        select rows.Select((r, i) => new CustomerRfmInput(i + 1, r.days, r.orders, r.money)).ToArray();

    private static RfmModel Build(CustomerRfmInput[] customers) => RfmModel.Build(customers, AsOf, RfmOptions.Default);

    // The definition, written the slow way: 1 + ⌊5 × share strictly worse⌋, capped at 5, over customers with orders;
    // recency at least 3 for a customer who ordered within LapsedAfterDays.
    private static RfmScore Reference(CustomerRfmInput[] population, CustomerRfmInput c)
    {
        if (c.OrderCount == 0) return RfmScore.None;
        var scored = population.Where(p => p.OrderCount > 0).ToArray();
        if (scored.Length == 0) return RfmScore.None;
        byte Of(int worse) => (byte)Math.Min(5, 1 + 5 * worse / scored.Length);
        var r = Of(scored.Count(p => p.DaysSinceLastOrder > c.DaysSinceLastOrder));
        if (c.DaysSinceLastOrder < RfmOptions.Default.LapsedAfterDays) r = Math.Max(r, (byte)3); // recent is never lapsed
        var f = Of(scored.Count(p => p.OrderCount < c.OrderCount));
        var m = Of(scored.Count(p => p.Monetary < c.Monetary));
        return new RfmScore(r, f, m, RfmSegments.Of(r, f, m, c.OrderCount));
    }

    [Property(MaxTest = 300)]
    public Property Scores_are_one_to_five_for_buyers_and_none_for_prospects() => Prop.ForAll(Population.ToArbitrary(), customers =>
    {
        var model = Build(customers);
        return customers.All(c =>
        {
            var s = model.Score(c);
            return c.OrderCount == 0
                ? s == RfmScore.None
                : s.Recency is >= 1 and <= 5 && s.Frequency is >= 1 and <= 5 && s.Monetary is >= 1 and <= 5 && s.Segment != RfmSegment.None;
        });
    });

    [Property(MaxTest = 300)]
    public Property Scoring_one_customer_gives_the_score_of_the_definition_over_the_whole_build() =>
        Prop.ForAll(Population.ToArbitrary(), customers =>
        {
            var model = Build(customers);
            var all = new RfmScore[customers.Length];
            model.ScoreAll(customers, all);
            return customers.Select((c, i) => model.Score(c) == Reference(customers, c) && all[i] == model.Score(c)).All(ok => ok);
        });

    [Property(MaxTest = 200)]
    public Property Equal_values_get_equal_scores() => Prop.ForAll(Population.ToArbitrary(), customers =>
    {
        var model = Build(customers);
        var scored = customers.Where(c => c.HasOrders).Select(c => (c, s: model.Score(c))).ToArray();
        return scored.GroupBy(x => x.c.DaysSinceLastOrder).All(g => g.Select(x => x.s.Recency).Distinct().Count() == 1)
            && scored.GroupBy(x => x.c.OrderCount).All(g => g.Select(x => x.s.Frequency).Distinct().Count() == 1)
            && scored.GroupBy(x => x.c.Monetary).All(g => g.Select(x => x.s.Monetary).Distinct().Count() == 1);
    });

    [Property(MaxTest = 300)]
    public Property More_recent_more_orders_more_money_never_score_lower()
    {
        var cases =
            from customers in Population
            from days in Gen.Choose(0, 500)
            from fewerDays in Gen.Choose(0, 500)
            from orders in Gen.Choose(1, 15)
            from moreOrders in Gen.Choose(0, 15)
            from money in Gen.Choose(0, 5000)
            from moreMoney in Gen.Choose(0, 5000)
            select (customers, days, fewerDays, orders, moreOrders, money, moreMoney);
        return Prop.ForAll(cases.ToArbitrary(), x =>
        {
            var model = Build(x.customers);
            var baseline = model.Score(new CustomerRfmInput(0, x.days, x.orders, x.money));
            var better = model.Score(new CustomerRfmInput(0, Math.Max(0, x.days - x.fewerDays), x.orders + x.moreOrders, x.money + x.moreMoney));
            var moreRecent = model.Score(new CustomerRfmInput(0, Math.Max(0, x.days - x.fewerDays), x.orders, x.money));
            return better.Recency >= baseline.Recency && better.Frequency >= baseline.Frequency && better.Monetary >= baseline.Monetary
                && moreRecent.Frequency == baseline.Frequency && moreRecent.Monetary == baseline.Monetary;
        });
    }

    [Property(MaxTest = 200)]
    public Property The_order_of_the_customers_does_not_matter()
    {
        var cases = from customers in Population from seed in Gen.Choose(0, int.MaxValue) select (customers, seed);
        return Prop.ForAll(cases.ToArbitrary(), x =>
        {
            var shuffled = x.customers.ToArray();
            new Random(x.seed).Shuffle(shuffled);
            var a = Build(x.customers);
            var b = Build(shuffled);
            return a.RecencyBoundaries.SequenceEqual(b.RecencyBoundaries) && a.FrequencyBoundaries.SequenceEqual(b.FrequencyBoundaries)
                && a.MonetaryBoundaries.SequenceEqual(b.MonetaryBoundaries);
        });
    }

    [Property(MaxTest = 200)]
    public Property Scored_days_later_an_unchanged_customer_keeps_its_build_score()
    {
        var cases = from customers in Population from days in Gen.Choose(0, 40) from hour in Gen.Choose(0, 23) select (customers, days, hour);
        return Prop.ForAll(cases.ToArbitrary(), x =>
        {
            var model = Build(x.customers);
            var later = AsOf.Date.AddDays(x.days).AddHours(x.hour);
            var laterNow = new DateTimeOffset(later, AsOf.Offset);
            var elapsed = (laterNow.Date - AsOf.Date).Days;
            return x.customers.All(c => model.Score(c with { DaysSinceLastOrder = c.DaysSinceLastOrder + elapsed }, laterNow) == model.Score(c));
        });
    }

    [Property(MaxTest = 200)]
    public Property A_score_steps_up_at_most_where_a_fifth_is_passed() => Prop.ForAll(Population.ToArbitrary(), customers =>
    {
        // At most a fifth of the buyers (plus ties at the edge) score above each k: share with score > k ≤ 1 − k/5 —
        // on recency among those the floor does not lift (it lifts recent customers to 3, never above).
        var model = Build(customers);
        var buyers = customers.Where(c => c.HasOrders).ToArray();
        var scored = buyers.Select(c => model.Score(c)).ToArray();
        if (scored.Length == 0) return true;
        bool Unlifted(int i) => buyers[i].DaysSinceLastOrder >= RfmOptions.Default.LapsedAfterDays;
        return Enumerable.Range(1, 4).All(k =>
            scored.Where((s, i) => k >= 3 || Unlifted(i)).Count(s => s.Recency > k) <= scored.Length * (5 - k) / 5.0
            && scored.Count(s => s.Frequency > k) <= scored.Length * (5 - k) / 5.0
            && scored.Count(s => s.Monetary > k) <= scored.Length * (5 - k) / 5.0);
    });

    [Property(MaxTest = 200)]
    public Property Selecting_a_few_positions_matches_a_full_sort()
    {
        var cases =
            from values in Gen.Choose(-5, 5).ArrayOf().Where(v => v.Length > 0)
            from picks in Gen.Choose(0, 1000).ArrayOf(4)
            from worstDescending in Gen.Elements(true, false)
            select (values, picks, worstDescending);
        return Prop.ForAll(cases.ToArbitrary(), x =>
        {
            var positions = x.picks.Select(p => p % x.values.Length).Order().ToArray();
            var sorted = x.worstDescending ? x.values.OrderDescending().ToArray() : x.values.Order().ToArray();
            var result = new int[positions.Length];
            OrderStatistics.Select(x.values.ToArray(), positions, result, x.worstDescending);
            return result.SequenceEqual(positions.Select(p => sorted[p]));
        });
    }

    [Property(MaxTest = 100)]
    public Property Bad_rows_are_always_validation_errors_never_crashes()
    {
        var bad =
            from customers in Population.Where(c => c.Length > 0)
            from index in Gen.Choose(0, 1000)
            from kind in Gen.Choose(0, 2)
            select (customers, index: index % customers.Length, kind);
        return Prop.ForAll(bad.ToArbitrary(), x =>
        {
            var c = x.customers[x.index];
            x.customers[x.index] = x.kind switch
            {
                0 => c with { OrderCount = -1 - c.OrderCount },
                1 => c with { OrderCount = 1, DaysSinceLastOrder = -1 },
                _ => c with { Monetary = -0.01m },
            };
            try
            {
                Build(x.customers);
                return false;
            }
            catch (FlockValidationException e)
            {
                return e.Problems.Any(p => p.Path.StartsWith($"customers[{x.index}].", StringComparison.Ordinal));
            }
        });
    }
}
