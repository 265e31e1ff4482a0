namespace Flock.Engine.Referrals.Rewards;

/// <summary>Whose reward it is.</summary>
public enum BeneficiaryRole
{
    Referrer,
    Friend,
}

/// <summary>
/// A decision that someone earned a reward, not yet granted: the ledger records it (keyed by <see cref="CauseKey"/>)
/// and settles it. Rewards tied to a friend's order (<see cref="OrderId"/>) wait until the order is paid and
/// <see cref="ReturnWindowDays"/> have passed.
/// </summary>
public sealed record RewardIntent
{
    public required string CauseKey { get; init; }
    public required string PolicyId { get; init; }
    public required int BeneficiaryCustomerId { get; init; }
    public required BeneficiaryRole Role { get; init; }
    public required RewardValue Reward { get; init; }
    public required DateTimeOffset EarnedAt { get; init; }
    /// <summary>The friend's order the reward depends on; null for visits and period prizes.</summary>
    public int? OrderId { get; init; }
    /// <summary>The friend's order subtotal when earned: the base partial refunds are measured against.</summary>
    public decimal OrderAmount { get; init; }
    public int ReturnWindowDays { get; init; }
    public bool RequiresManualApproval { get; init; }
}
