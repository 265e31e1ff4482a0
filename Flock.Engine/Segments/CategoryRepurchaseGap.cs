namespace Flock.Engine.Segments;

/// <summary>How long customers typically take to buy again from one category (see <see cref="RepurchaseGaps"/>).</summary>
/// <param name="CategoryId">The category.</param>
/// <param name="MedianDays">The median over repeat customers of each one's median gap, in days; null with fewer than
/// <see cref="RepurchaseGapOptions.MinCustomers"/> repeat customers.</param>
/// <param name="RepeatCustomers">Customers who bought from the category on at least two occasions.</param>
/// <param name="Gaps">Gaps seen over all those customers.</param>
public sealed record CategoryRepurchaseGap(int CategoryId, double? MedianDays, int RepeatCustomers, int Gaps);
