using Flock.Engine.Common;

namespace Flock.Engine.Segments;

/// <summary>
/// The three numbers RFM scores one customer on, as of one day ("now"). The plugin can fill it straight from a SQL aggregate
/// over paid orders, or build it from an order history with <see cref="FromHistory"/>.
/// </summary>
/// <param name="CustomerId">The customer; unique within one <see cref="RfmModel.Build"/>.</param>
/// <param name="DaysSinceLastOrder">Recency: calendar days from the date of the latest paid order to the date of now, in
/// the store's offset (0 = ordered today). Ignored when <paramref name="OrderCount"/> is 0.</param>
/// <param name="OrderCount">Frequency: paid orders, zero or more. 0 = a prospect, who is not scored (segment "none").</param>
/// <param name="Monetary">Monetary: the sum of those orders' totals (after discounts and refunds, primary currency), zero or more.</param>
public readonly record struct CustomerRfmInput(int CustomerId, int DaysSinceLastOrder, int OrderCount, decimal Monetary)
{
    /// <summary>A customer with at least one paid order; only they are scored and only they shape the quintiles.</summary>
    public bool HasOrders => OrderCount > 0;

    /// <summary>
    /// The input of <paramref name="history"/> as of <paramref name="now"/>: orders placed after now are ignored, recency
    /// counts calendar days in now's offset, monetary is the sum of the totals.
    /// </summary>
    /// <exception cref="FlockValidationException">An order has no date or a total outside 0–10¹⁵.</exception>
    public static CustomerRfmInput FromHistory(CustomerOrderHistory history, DateTimeOffset now)
    {
        CustomerOrderHistory.ThrowIfInvalid(history, "order history");
        var count = 0;
        var monetary = 0m;
        DateTimeOffset? last = null;
        foreach (var order in history.Orders)
        {
            if (order.PlacedAt > now) continue;
            count++;
            monetary += order.Total;
            if (last is null || order.PlacedAt > last) last = order.PlacedAt;
        }

        return count == 0
            ? new CustomerRfmInput(history.CustomerId, 0, 0, 0m)
            : new CustomerRfmInput(history.CustomerId, CalendarDays.Between(last!.Value, now), count, monetary);
    }

    internal void Validate(ProblemCollector problems, string path)
    {
        if (OrderCount < 0) problems.Add(ProblemCollector.Join(path, "orderCount"), "must be zero or more");
        if (Monetary < 0) problems.Add(ProblemCollector.Join(path, "monetary"), "must be zero or more");
        if (OrderCount > 0 && DaysSinceLastOrder < 0)
            problems.Add(ProblemCollector.Join(path, "daysSinceLastOrder"), "must be zero or more (the last order cannot be after now)");
        if (OrderCount == 0 && Monetary != 0) problems.Add(ProblemCollector.Join(path, "monetary"), "a customer without paid orders has spent nothing");
    }

    /// <summary>The same checks as <see cref="Validate"/> without allocating when the input is valid (the scoring hot path).</summary>
    internal bool IsValid => OrderCount >= 0 && Monetary >= 0 && (OrderCount == 0 ? Monetary == 0 : DaysSinceLastOrder >= 0);
}
