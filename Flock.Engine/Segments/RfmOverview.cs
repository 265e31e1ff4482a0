namespace Flock.Engine.Segments;

/// <summary>Customers and revenue of one segment, or of one recency × frequency cell.</summary>
public readonly record struct RfmTally(long Customers, decimal Revenue)
{
    public RfmTally Add(decimal revenue) => new(Customers + 1, Revenue + revenue);
}

/// <summary>The store's segments at a glance (T3): customers and revenue per named segment and per R × F cell.</summary>
public sealed class RfmOverview
{
    private readonly Dictionary<RfmSegment, RfmTally> _segments = new();

    /// <summary>[recency − 1, frequency − 1].</summary>
    public RfmTally[,] Grid { get; } = new RfmTally[5, 5];
    public long Customers { get; private set; }
    public decimal Revenue { get; private set; }

    public RfmTally Of(RfmSegment segment) => _segments.GetValueOrDefault(segment);

    /// <summary>Share of the scored customers in <paramref name="segment"/>; 0 before any.</summary>
    public double ShareOf(RfmSegment segment) => Customers == 0 ? 0 : (double)Of(segment).Customers / Customers;

    /// <summary>Every customer scored against <paramref name="model"/> as of its day; customers without a paid order are left out.</summary>
    public static RfmOverview Build(RfmModel model, IEnumerable<CustomerRfmInput> customers)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(customers);
        var overview = new RfmOverview();
        foreach (var customer in customers)
        {
            var score = model.Score(customer);
            if (!score.IsScored) continue;
            overview.Grid[score.Recency - 1, score.Frequency - 1] = overview.Grid[score.Recency - 1, score.Frequency - 1].Add(customer.Monetary);
            overview._segments[score.Segment] = overview.Of(score.Segment).Add(customer.Monetary);
            overview.Customers++;
            overview.Revenue += customer.Monetary;
        }
        return overview;
    }
}
