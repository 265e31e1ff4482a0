using Flock.Engine.Common;

namespace Flock.Engine.Segments;

/// <summary>
/// A customer's paid orders, in any order. Every function that reads it takes an explicit <c>now</c> and ignores orders
/// placed after it, so a history can be replayed "as of" any past day.
/// </summary>
public sealed record CustomerOrderHistory
{
    public required int CustomerId { get; init; }

    /// <summary>Only paid orders (see <see cref="PaidOrder"/>); empty for a customer who has never paid (a prospect).</summary>
    public required IReadOnlyList<PaidOrder> Orders { get; init; }

    /// <summary>Every problem with this history, paths relative to <c>history</c>.</summary>
    public ValidationResult Validate()
    {
        var problems = new ProblemCollector();
        Validate(problems, "history");
        return problems.ToResult();
    }

    internal void Validate(ProblemCollector problems, string path)
    {
        if (Orders is null)
        {
            problems.Add(ProblemCollector.Join(path, "orders"), "must be a list (empty for a customer without paid orders)");
            return;
        }

        for (var i = 0; i < Orders.Count; i++)
        {
            var orderPath = ProblemCollector.Index(ProblemCollector.Join(path, "orders"), i);
            if (Orders[i] is { } order) order.Validate(problems, orderPath);
            else problems.Add(orderPath, "must not be null");
        }
    }

    /// <summary>The orders placed at or before <paramref name="now"/>, oldest first (stable for equal times).</summary>
    internal PaidOrder[] OrdersUntil(DateTimeOffset now)
    {
        var orders = Orders.Where(o => o.PlacedAt <= now).ToArray();
        // Array.Sort is not stable; the index breaks ties so equal times keep their input order.
        var keys = new (DateTimeOffset, int)[orders.Length];
        for (var i = 0; i < orders.Length; i++) keys[i] = (orders[i].PlacedAt, i);
        Array.Sort(keys, orders);
        return orders;
    }

    internal static void ThrowIfInvalid(CustomerOrderHistory history, string what)
    {
        ArgumentNullException.ThrowIfNull(history);
        history.Validate().ThrowIfInvalid(what);
    }
}
