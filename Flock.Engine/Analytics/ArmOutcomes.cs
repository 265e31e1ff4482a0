using Flock.Engine.Statistics;

namespace Flock.Engine.Analytics;

/// <summary>
/// Attributed friend orders in a window: <b>not causal</b> (a friend may have bought anyway), shown apart from the uplift.
/// </summary>
/// <param name="NewCustomers">Distinct friends with an attributed order in the shopper's window.</param>
/// <param name="Revenue">Σ revenue of those attributed orders.</param>
/// <param name="NewCustomersPer1000">New customers per 1 000 matured shoppers of the arm; null without any.</param>
/// <param name="RevenuePer1000">Attributed revenue per 1 000 matured shoppers; null without any.</param>
public sealed record AttributedOutcome(long NewCustomers, decimal Revenue, double? NewCustomersPer1000, double? RevenuePer1000);

/// <summary>
/// One arm's outcomes in the <see cref="Days"/> days after each shopper's assignment. Only <b>matured</b> shoppers count:
/// those whose window has fully elapsed by AsOf (assigned at least <see cref="Days"/> days earlier); the others are
/// <see cref="Maturing"/> and wait, so early and late shoppers are measured alike.
/// <see cref="Sample"/>: shoppers = matured shoppers; converted = those with at least one own order in the window
/// (repeat purchase); Σ value = their own revenue in the window (0 for those without orders).
/// </summary>
public sealed record WindowOutcome(int Days, long Matured, long Maturing, ArmSample Sample, AttributedOutcome Attributed)
{
    /// <summary>Repeat-purchase rate: matured shoppers with an order within the window ÷ matured shoppers.</summary>
    public double? RepeatRate => Sample.ConversionRate;

    /// <summary>Own revenue per matured shopper in the window (everyone counted, buyers or not).</summary>
    public double? RevenuePerShopper => Sample.MeanValue;

    /// <summary>Own revenue per 1 000 matured shoppers ("eligible buyers") in the window.</summary>
    public double? RevenuePer1000 => RevenuePerShopper * 1000;
}

/// <summary>One arm of the experiment (or the holdout).</summary>
/// <param name="Arm">The arm key.</param>
/// <param name="Shoppers">Shoppers assigned to it by AsOf (each once, in the arm of their first assignment).</param>
/// <param name="Windows">Outcomes per window, in the query's order.</param>
/// <param name="TimeToNextOrder">Kaplan–Meier curve of days from assignment to the next own order; a shopper who has not
/// ordered again is censored at AsOf (or at the follow-up limit), counted as still away rather than dropped.</param>
public sealed record ArmOutcomes(string Arm, long Shoppers, IReadOnlyList<WindowOutcome> Windows, SurvivalCurve TimeToNextOrder)
{
    /// <summary>Kaplan–Meier median days to the next order; null while more than half have not returned.</summary>
    public double? MedianDaysToNextOrder => TimeToNextOrder.Median;
}
