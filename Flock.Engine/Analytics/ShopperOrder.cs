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
