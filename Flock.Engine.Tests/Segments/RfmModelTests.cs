using Flock.Engine.Common;
using Flock.Engine.Segments;

namespace Flock.Engine.Tests.Segments;

public sealed class RfmModelTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 6, 1, 3, 0, 0, TimeSpan.FromHours(3));

    // Ten customers (id, days since last order, orders, money), worked by hand in the README's example.
    private static readonly CustomerRfmInput[] Ten =
    [
        new(1, 2, 5, 500), new(2, 10, 3, 300), new(3, 40, 1, 50), new(4, 5, 2, 120), new(5, 90, 1, 80),
        new(6, 200, 1, 20), new(7, 1, 8, 900), new(8, 30, 2, 150), new(9, 365, 1, 40), new(10, 15, 1, 60),
    ];

    private static RfmModel Build(params CustomerRfmInput[] customers) => RfmModel.Build(customers, AsOf, RfmOptions.Default);

    [Fact]
    public void Boundaries_are_the_values_at_each_fifth_worst_first()
    {
        var model = Build(Ten);

        // Positions ⌈10·k/5⌉ = 2, 4, 6, 8 of the values sorted worst first.
        Assert.Equal([200, 40, 15, 5], model.RecencyBoundaries);
        Assert.Equal([1, 1, 2, 3], model.FrequencyBoundaries);
        Assert.Equal([40m, 60m, 120m, 300m], model.MonetaryBoundaries);
        Assert.Equal((10, 0, false), (model.CustomerCount, model.ProspectCount, model.IsEmpty));
        Assert.Equal(AsOf, model.AsOf);
    }

    [Fact]
    public void Scores_and_segments_of_the_hand_worked_example()
    {
        var model = Build(Ten);

        var expected = new (int Cell, string Segment)[]
        {
            (555, "best"), (444, "best"), (212, "sleeping"), (433, "loyal"), (213, "sleeping"),
            (111, "lost"), (555, "best"), (334, "loyal"), (111, "lost"), (312, "promising"),
        };
        Assert.Equal(expected, Ten.Select(c => model.Score(c)).Select(s => (s.Cell, s.SegmentKey)).ToArray());
    }

    [Fact]
    public void A_store_of_mostly_one_order_customers_keeps_them_together()
    {
        // 80 % with exactly one order, 15 % with two, 5 % with three: nobody is split by position.
        var customers = Enumerable.Range(1, 100)
            .Select(i => new CustomerRfmInput(i, i, i <= 80 ? 1 : i <= 95 ? 2 : 3, i))
            .ToArray();
        var model = Build(customers);

        Assert.Equal([1, 1, 1, 1], model.FrequencyBoundaries);
        var frequencies = customers.Select(c => (c.OrderCount, model.Score(c).Frequency)).Distinct().ToArray();
        Assert.Equal([(1, (byte)1), (2, (byte)5), (3, (byte)5)], frequencies);
    }

    [Fact]
    public void Everyone_equal_scores_one_on_frequency_and_money_because_nobody_beats_anybody()
    {
        var model = Build(Enumerable.Range(1, 7).Select(i => new CustomerRfmInput(i, 40, 2, 100)).ToArray());

        Assert.All(Enumerable.Range(1, 7), i => Assert.Equal(111, model.Score(new CustomerRfmInput(i, 40, 2, 100)).Cell));
        Assert.Equal(515, model.Score(new CustomerRfmInput(99, 39, 2, 101)).Cell); // better on R and M than all seven, not on F
    }

    [Fact]
    public void A_young_store_where_everyone_bought_recently_calls_nobody_lapsed()
    {
        // everybody bought on the same day, three days ago: by quintiles alone nobody beats anybody (R1, "lost")
        var sameDay = Build(Enumerable.Range(1, 7).Select(i => new CustomerRfmInput(i, 3, i % 2 + 1, 100)).ToArray());
        Assert.All(Enumerable.Range(1, 7), i => Assert.Equal(3, sameDay.Score(new CustomerRfmInput(i, 3, i % 2 + 1, 100)).Recency));
        Assert.Equal(RfmSegment.Promising, sameDay.Score(new CustomerRfmInput(2, 3, 1, 100)).Segment);
        Assert.Equal(RfmSegment.Loyal, sameDay.Score(new CustomerRfmInput(1, 3, 2, 100)).Segment); // a repeat buyer among one-order ones

        // the store's first week: the "worst fifth" bought six days ago and is still not sleeping, lost or at risk
        var firstWeek = Build(Enumerable.Range(1, 50).Select(i => new CustomerRfmInput(i, i % 7, 1 + i % 3, 10 * i)).ToArray());
        var segments = Enumerable.Range(1, 50).Select(i => firstWeek.Score(new CustomerRfmInput(i, i % 7, 1 + i % 3, 10 * i)).Segment).ToHashSet();
        Assert.DoesNotContain(RfmSegment.Lost, segments);
        Assert.DoesNotContain(RfmSegment.Sleeping, segments);
        Assert.DoesNotContain(RfmSegment.AtRisk, segments);

        // the floor is an option: a store with a short buying cycle can call a customer lapsed after a week
        var fortnight = Enumerable.Range(1, 7).Select(i => new CustomerRfmInput(i, 2 * i, 1, 100)).ToArray();
        var weekly = RfmModel.Build(fortnight, AsOf, RfmOptions.Default with { LapsedAfterDays = 7 });
        Assert.Equal(RfmSegment.Lost, weekly.Score(fortnight[6]).Segment); // 14 days, the worst fifth
        Assert.Equal(3, Build(fortnight).Score(fortnight[6]).Recency);
        Assert.Contains("lapsedAfterDays", Assert.Throws<FlockValidationException>(() =>
            RfmModel.Build(fortnight, AsOf, RfmOptions.Default with { LapsedAfterDays = 0 })).Message);
    }

    [Fact]
    public void Prospects_are_not_scored_and_do_not_shape_the_quintiles()
    {
        var withProspects = Ten.Concat([new CustomerRfmInput(11, 0, 0, 0), new CustomerRfmInput(12, 999, 0, 0)]).ToArray();
        var model = Build(withProspects);

        Assert.Equal(Build(Ten).RecencyBoundaries, model.RecencyBoundaries);
        Assert.Equal((10, 2), (model.CustomerCount, model.ProspectCount));
        var prospect = model.Score(new CustomerRfmInput(11, 0, 0, 0));
        Assert.Equal((RfmScore.None, false, "none"), (prospect, prospect.IsScored, prospect.SegmentKey));
    }

    [Fact]
    public void A_single_customer_store_scores_its_customer()
    {
        var model = Build(new CustomerRfmInput(1, 0, 1, 10));

        Assert.Equal(311, model.Score(new CustomerRfmInput(1, 0, 1, 10)).Cell); // bought today: not lost, though nobody is beaten
        Assert.Equal(RfmSegment.Promising, model.Score(new CustomerRfmInput(1, 0, 1, 10)).Segment);
        Assert.Equal(RfmSegment.Lost, Build(new CustomerRfmInput(1, 90, 1, 10)).Score(new CustomerRfmInput(1, 90, 1, 10)).Segment);
    }

    [Fact]
    public void An_empty_population_gives_an_explicit_empty_model()
    {
        var model = RfmModel.Build([], AsOf, RfmOptions.Default);
        var onlyProspects = Build(new CustomerRfmInput(1, 0, 0, 0));

        Assert.True(model.IsEmpty);
        Assert.Empty(model.RecencyBoundaries);
        Assert.Equal(RfmScore.None, model.Score(new CustomerRfmInput(1, 0, 3, 100)));
        Assert.Equal((true, 0, 1), (onlyProspects.IsEmpty, onlyProspects.CustomerCount, onlyProspects.ProspectCount));
        Assert.False(model.NeedsRebuild(AsOf.AddHours(1), 0));
        Assert.True(model.NeedsRebuild(AsOf.AddHours(1), 1));
    }

    [Fact]
    public void A_customer_who_ordered_again_is_scored_against_the_existing_boundaries()
    {
        var model = Build(Ten);

        // Customer 9 (lost, 365 days, one order of 40) orders 200 today: 0 days, 2 orders, 240.
        var score = model.Score(new CustomerRfmInput(9, 0, 2, 240));

        Assert.Equal(new RfmScore(5, 3, 4, RfmSegment.Loyal), score);
        Assert.Equal("R5 F3 M4 loyal", score.ToString());
    }

    [Fact]
    public void Scored_on_a_later_day_an_unchanged_customer_keeps_the_score_of_the_build()
    {
        var model = Build(Ten);
        var later = AsOf.AddDays(3).AddHours(20);

        foreach (var customer in Ten)
        {
            var countedLater = customer with { DaysSinceLastOrder = customer.DaysSinceLastOrder + 3 };
            Assert.Equal(model.Score(customer), model.Score(countedLater, later));
        }

        // Ordered after the build: more recent than anyone in it.
        Assert.Equal(5, model.Score(new CustomerRfmInput(3, 0, 2, 90), later).Recency);
    }

    [Fact]
    public void Score_all_matches_score_one_by_one()
    {
        var model = Build(Ten);
        var scores = new RfmScore[Ten.Length];

        model.ScoreAll(Ten, scores);

        Assert.Equal(Ten.Select(c => model.Score(c)), scores);
        var error = Assert.Throws<FlockValidationException>(() => model.ScoreAll(Ten, new RfmScore[3]));
        Assert.Equal("scores", error.Problems.Single().Path);
    }

    [Fact]
    public void Scoring_one_customer_allocates_nothing()
    {
        var model = Build(Ten);
        var customer = new CustomerRfmInput(1, 12, 2, 130);
        model.Score(customer);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var sum = 0;
        for (var i = 0; i < 10_000; i++) sum += model.Score(customer).Cell;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(10_000 * 434, sum);
    }

    [Theory]
    [InlineData(0.5, 10, false)] // fresh, same population
    [InlineData(1, 10, true)] // one day old: the nightly rebuild
    [InlineData(0.5, 11, false)] // +10 %: not more than 10 %
    [InlineData(0.5, 12, true)] // +20 %
    [InlineData(0.5, 8, true)] // −20 %
    [InlineData(-0.1, 10, true)] // built after now: a replay or a clock moved back
    public void Needs_rebuild_when_old_or_the_population_moved(double ageDays, int customersNow, bool expected)
    {
        var model = Build(Ten);

        Assert.Equal(expected, model.NeedsRebuild(AsOf.AddDays(ageDays), customersNow));
    }

    [Fact]
    public void Rebuild_options_are_applied()
    {
        var model = RfmModel.Build(Ten, AsOf, new RfmOptions { RebuildAfterDays = 7, RebuildOnPopulationChange = 0.5 });

        Assert.False(model.NeedsRebuild(AsOf.AddDays(6.9), 14));
        Assert.True(model.NeedsRebuild(AsOf.AddDays(7), 10));
        Assert.True(model.NeedsRebuild(AsOf.AddDays(1), 16));
        Assert.Throws<FlockValidationException>(() => model.NeedsRebuild(AsOf, -1));
    }

    [Fact]
    public void Bad_customers_are_reported_with_their_paths()
    {
        CustomerRfmInput[] customers =
        [
            new(1, 3, 1, 10), new(2, 3, -1, 10), new(3, -4, 2, 10), new(4, 3, 1, -5m), new(5, 0, 0, 12), new(1, 9, 2, 20),
        ];

        var error = Assert.Throws<FlockValidationException>(() => Build(customers));

        Assert.Equal(
            [
                "customers[1].orderCount", "customers[2].daysSinceLastOrder", "customers[3].monetary", "customers[4].monetary", "customers",
            ],
            error.Problems.Select(p => p.Path));
        Assert.Contains("customer 1 is listed more than once", error.Message);
    }

    [Theory]
    [InlineData(new[] { 3, 1, 2, 3, 3, 1 })] // dense ids: checked with a bitmap
    [InlineData(new[] { int.MaxValue, -7, 0, int.MaxValue, int.MaxValue, -7 })] // sparse ids: checked by sorting
    public void Each_customer_listed_more_than_once_is_reported_once(int[] ids)
    {
        var error = Assert.Throws<FlockValidationException>(() => Build(ids.Select(id => new CustomerRfmInput(id, 1, 1, 1)).ToArray()));

        Assert.Equal(2, error.Problems.Count);
        Assert.All(error.Problems, p => Assert.Equal("customers", p.Path));
        Assert.Equal(2, error.Problems.Select(p => p.Message).Distinct().Count());
    }

    [Fact]
    public void A_prospects_days_are_ignored()
    {
        var model = Build(new CustomerRfmInput(1, -1, 0, 0), new CustomerRfmInput(2, 4, 1, 10));

        Assert.Equal(1, model.CustomerCount);
    }

    [Fact]
    public void A_flood_of_bad_rows_is_summarised_not_listed()
    {
        var customers = Enumerable.Range(1, 1000).Select(i => new CustomerRfmInput(i, 1, -1, 0)).ToArray();

        var error = Assert.Throws<FlockValidationException>(() => Build(customers));

        Assert.Equal(21, error.Problems.Count);
        Assert.Equal("customers: 980 more invalid customers not listed", error.Problems[^1].ToString());
    }

    [Fact]
    public void Bad_options_and_bad_single_inputs_are_validation_errors()
    {
        var options = Assert.Throws<FlockValidationException>(() =>
            RfmModel.Build(Ten, AsOf, new RfmOptions { RebuildAfterDays = 0, RebuildOnPopulationChange = double.NaN }));
        Assert.Equal(["options.rebuildAfterDays", "options.rebuildOnPopulationChange"], options.Problems.Select(p => p.Path));

        var model = Build(Ten);
        var single = Assert.Throws<FlockValidationException>(() => model.Score(new CustomerRfmInput(1, -2, 1, 10)));
        Assert.Equal("customer.daysSinceLastOrder", single.Problems.Single().Path);
        var inList = Assert.Throws<FlockValidationException>(() => model.ScoreAll([Ten[0], new CustomerRfmInput(5, 1, -3, 0)], new RfmScore[2]));
        Assert.Equal("customers[1].orderCount", inList.Problems.Single().Path);
        Assert.Throws<ArgumentNullException>(() => RfmModel.Build(Ten, AsOf, null!));
    }

    [Fact]
    public void The_model_describes_itself()
    {
        Assert.Equal("RFM model as of 2026-06-01: 10 customers with orders, 0 without", Build(Ten).ToString());
    }
}
