using Flock.Engine.Common;

namespace Flock.Engine.Segments;

/// <summary>How much a customer buys on deals. Stable keys for rules: "unknown", "low", "medium", "high".</summary>
public enum PriceSensitivityLevel : byte
{
    /// <summary>Too few orders to say (fewer than <see cref="PriceSensitivityOptions.MinOrders"/>).</summary>
    Unknown = 0,

    /// <summary>Deal share below <see cref="PriceSensitivityOptions.MediumFrom"/> (default 25 %): buys at full price.</summary>
    Low = 1,

    /// <summary>Deal share from <see cref="PriceSensitivityOptions.MediumFrom"/> to below <see cref="PriceSensitivityOptions.HighFrom"/>.</summary>
    Medium = 2,

    /// <summary>Deal share at or above <see cref="PriceSensitivityOptions.HighFrom"/> (default 60 %): mostly waits for a discount.</summary>
    High = 3,
}

/// <summary>
/// A customer's price sensitivity: of their most recent orders (default up to 10, placed by now), the share that used a
/// coupon or had sale items (<see cref="PaidOrder.IsDeal"/>), and the level it falls in.
/// </summary>
/// <param name="Level">The level; unknown below the minimum of orders.</param>
/// <param name="Orders">Orders looked at.</param>
/// <param name="DealOrders">Of them, orders with a coupon or sale items.</param>
public sealed record PriceSensitivity(PriceSensitivityLevel Level, int Orders, int DealOrders)
{
    /// <summary>Deal orders ÷ orders; null without orders.</summary>
    public double? DealShare => Orders == 0 ? null : (double)DealOrders / Orders;

    /// <summary>The level's stable key: "unknown", "low", "medium" or "high".</summary>
    public string Key => Level switch
    {
        PriceSensitivityLevel.Low => "low",
        PriceSensitivityLevel.Medium => "medium",
        PriceSensitivityLevel.High => "high",
        _ => "unknown",
    };

    /// <summary>The price sensitivity of <paramref name="history"/> as of <paramref name="now"/>.</summary>
    /// <exception cref="FlockValidationException">Invalid options or history.</exception>
    public static PriceSensitivity Of(CustomerOrderHistory history, DateTimeOffset now, PriceSensitivityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(history);
        var problems = new ProblemCollector();
        options.Validate(problems, "options");
        history.Validate(problems, "history");
        problems.ToResult().ThrowIfInvalid("price sensitivity input");

        var orders = history.OrdersUntil(now);
        var recent = orders.AsSpan(Math.Max(0, orders.Length - options.RecentOrders));
        var deals = 0;
        foreach (var order in recent)
            if (order.IsDeal) deals++;

        if (recent.Length < options.MinOrders) return new PriceSensitivity(PriceSensitivityLevel.Unknown, recent.Length, deals);
        var share = (double)deals / recent.Length;
        var level = share >= options.HighFrom ? PriceSensitivityLevel.High
            : share >= options.MediumFrom ? PriceSensitivityLevel.Medium
            : PriceSensitivityLevel.Low;
        return new PriceSensitivity(level, recent.Length, deals);
    }
}
