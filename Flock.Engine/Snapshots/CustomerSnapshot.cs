namespace Flock.Engine.Snapshots;

public enum Gender
{
    Unknown = 0,
    Female = 1,
    Male = 2,
}

/// <summary>What the engine knows about one shopper at the moment of a decision. Built by the plugin from nopCommerce.</summary>
public sealed record CustomerSnapshot
{
    public required int CustomerId { get; init; }
    public bool IsGuest { get; init; }
    public string? Email { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Phone { get; init; }
    public Gender Gender { get; init; }
    public string? City { get; init; }
    /// <summary>ISO 3166-1 alpha-2, upper case (e.g. "RU").</summary>
    public string? CountryCode { get; init; }
    public DateTimeOffset RegisteredAt { get; init; }
    /// <summary>
    /// The customer's <b>paid</b> orders (nopCommerce: payment status Paid, not deleted, not cancelled) placed before the
    /// current decision, the current order excluded. Unpaid, pending, voided or cancelled orders never count. This is
    /// <c>customer.order_count</c> in targeting and "previous paid orders" in anti-abuse and friend-order judging.
    /// </summary>
    public int OrderCount { get; init; }
    /// <summary>Sum of the totals of exactly the orders counted by <see cref="OrderCount"/>, store primary currency (<c>customer.total_spent</c>).</summary>
    public decimal TotalSpent { get; init; }
    /// <summary>When the latest of the orders counted by <see cref="OrderCount"/> was placed; null when there was none.</summary>
    public DateTimeOffset? PreviousOrderAt { get; init; }
    /// <summary>nopCommerce customer role system names (e.g. "Registered", "Vip").</summary>
    public IReadOnlyList<string> RoleSystemNames { get; init; } = [];
    public bool NewsletterSubscribed { get; init; }
    /// <summary>RFM segment name such as "best", "at_risk" (Segments.RfmSegments keys); null when not computed.</summary>
    public string? RfmSegment { get; init; }
}
