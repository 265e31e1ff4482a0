using Flock.Engine.Statistics;

namespace Flock.Engine.Analytics;

/// <summary>
/// Everything the holdout comparison needs about one shopper of an experiment: the arm of their <b>first</b> assignment
/// (a FlockAssignment row: shopper key, arm key — <see cref="ArmSamples.Holdout"/> for the holdout — and its time) and
/// their orders. Exposed and held-out shoppers are described alike, so their outcomes can be compared.
/// </summary>
public sealed record ShopperHistory
{
    public required string ShopperKey { get; init; }
    public required string Arm { get; init; }
    public required DateTimeOffset AssignedAt { get; init; }

    /// <summary>The shopper's own purchases; only those after <see cref="AssignedAt"/> count (the order that prompted the
    /// widget is before it). May hold earlier orders, which are ignored.</summary>
    public IReadOnlyList<ShopperOrder> Orders { get; init; } = [];

    /// <summary>Friends' orders attributed to this shopper (always none for the holdout, who never got a link).</summary>
    public IReadOnlyList<AttributedFriendOrder> FriendOrders { get; init; } = [];
}
