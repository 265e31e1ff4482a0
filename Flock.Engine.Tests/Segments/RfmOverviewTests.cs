using Flock.Engine.Segments;

namespace Flock.Engine.Tests.Segments;

public class RfmOverviewTests
{
    [Fact]
    public void Every_scored_customer_is_counted_once_in_a_segment_and_a_cell_with_their_revenue()
    {
        var asOf = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
        var customers = Enumerable.Range(1, 50).Select(i => new CustomerRfmInput(i, i * 7, 1 + i % 6, 100m * i))
            .Append(new CustomerRfmInput(99, 0, 0, 0)).ToArray();
        var model = RfmModel.Build(customers, asOf, RfmOptions.Default);
        var overview = RfmOverview.Build(model, customers);
        Assert.Equal(50, overview.Customers);
        Assert.Equal(customers.Sum(c => c.Monetary), overview.Revenue);
        Assert.Equal(50, RfmSegments.All.Sum(s => overview.Of(s).Customers));
        Assert.Equal(overview.Revenue, RfmSegments.All.Sum(s => overview.Of(s).Revenue));
        Assert.Equal(50, overview.Grid.Cast<RfmTally>().Sum(t => t.Customers));
        var best = customers.Single(c => c.CustomerId == 5);
        var score = model.Score(best);
        Assert.True(overview.Grid[score.Recency - 1, score.Frequency - 1].Customers >= 1);
        Assert.Equal(1.0, RfmSegments.All.Sum(overview.ShareOf), 9);
    }
}
