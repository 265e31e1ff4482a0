using Flock.Engine.Statistics;

namespace Flock.Engine.Analytics;

/// <summary>
/// One of the shopper's own orders that counts as a purchase: paid and not cancelled or fully refunded (the plugin filters
/// by payment and refund state), <paramref name="Revenue"/> net of discounts and partial refunds, in the primary currency.
/// Keyed by <paramref name="OrderId"/>: a replayed order counts once.
/// </summary>
public sealed record ShopperOrder(int OrderId, DateTimeOffset At, decimal Revenue);

/// <summary>
/// An order of a friend attributed to this shopper's referral link or code. Attribution is not causation: these are
/// reported apart from the holdout comparison, clearly labelled. Keyed by <paramref name="OrderId"/>.
/// </summary>
public sealed record AttributedFriendOrder(int OrderId, int FriendCustomerId, DateTimeOffset At, decimal Revenue);

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

/// <summary>What <see cref="HoldoutOutcomes.Compute"/> reports on.</summary>
public sealed record OutcomeQuery
{
    /// <summary>"Now": orders after it are ignored, and windows ending after it are still maturing.</summary>
    public required DateTimeOffset AsOf { get; init; }

    /// <summary>The control arm the others are compared with.</summary>
    public string Control { get; init; } = ArmSamples.Holdout;

    /// <summary>The outcome windows after assignment, in days (1–3650, distinct).</summary>
    public IReadOnlyList<int> WindowDays { get; init; } = [30, 90];

    /// <summary>For the time to next order: follow-up stops (censoring) this many days after assignment; null: at <see cref="AsOf"/> only.</summary>
    public int? FollowUpDays { get; init; }

    /// <summary>The decision rule of the comparisons.</summary>
    public ComparisonOptions Options { get; init; } = ComparisonOptions.Default;
}
