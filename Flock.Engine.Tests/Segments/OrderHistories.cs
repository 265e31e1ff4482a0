using Flock.Engine.Segments;

namespace Flock.Engine.Tests.Segments;

/// <summary>Short ways to write order histories in tests.</summary>
internal static class OrderHistories
{
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.FromHours(3));

    public static PaidOrder Order(double daysAgo, decimal total = 100, bool coupon = false, bool sale = false, params int[] categories) => new()
    {
        PlacedAt = Now.AddDays(-daysAgo), Total = total, UsedCoupon = coupon, HadSaleItems = sale, CategoryIds = categories,
    };

    public static CustomerOrderHistory History(params PaidOrder[] orders) => History(1, orders);

    public static CustomerOrderHistory History(int customerId, params PaidOrder[] orders) => new() { CustomerId = customerId, Orders = orders };

    /// <summary>Orders on the given days ago, oldest last or first as written (the functions sort).</summary>
    public static CustomerOrderHistory OnDaysAgo(params double[] daysAgo) => History(daysAgo.Select(d => Order(d)).ToArray());
}
