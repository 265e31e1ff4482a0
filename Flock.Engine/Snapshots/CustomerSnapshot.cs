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
    /// <summary>Paid, not cancelled orders placed before the current decision (the current order excluded).</summary>
    public int OrderCount { get; init; }
    /// <summary>Sum of those orders' totals in the store's primary currency.</summary>
    public decimal TotalSpent { get; init; }
    /// <summary>When the order before the current one was placed; null when there was none.</summary>
    public DateTimeOffset? PreviousOrderAt { get; init; }
    /// <summary>nopCommerce customer role system names (e.g. "Registered", "Vip").</summary>
    public IReadOnlyList<string> RoleSystemNames { get; init; } = [];
    public bool NewsletterSubscribed { get; init; }
    /// <summary>RFM segment name such as "best", "at-risk"; null when not computed.</summary>
    public string? RfmSegment { get; init; }
}
