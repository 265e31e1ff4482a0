namespace Flock.Engine.Referrals.Rewards.Ledger;

/// <summary>Something the plugin must carry out after saving the entry (same transaction as an outbox row, ideally).</summary>
public abstract record RewardEffect
{
    public required string CauseKey { get; init; }
    public required int BeneficiaryCustomerId { get; init; }
    public required DateTimeOffset At { get; init; }
}

/// <summary>
/// Give the reward: a <see cref="CouponReward"/> → create the coupon (<see cref="CouponReward.ToCouponSpec"/>);
/// a <see cref="PointsReward"/> → IRewardPointService.AddRewardPointsHistoryEntryAsync with <see cref="ActivatesAt"/>
/// and <see cref="ExpiresAt"/>; a <see cref="GiftReward"/> → hand out the gift. Use <see cref="RewardEffect.CauseKey"/>
/// as the external reference so the reversal can find it.
/// </summary>
public sealed record GrantReward : RewardEffect
{
    public required RewardValue Reward { get; init; }
    public required DateTimeOffset ActivatesAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
}

/// <summary>
/// Take back part or all of a granted reward: points → a negative reward-point entry of <see cref="Reversed"/>;
/// coupon → lower it to <see cref="Remaining"/> or deactivate it when <see cref="IsFull"/> (if unused); gift → cancel it.
/// </summary>
public sealed record ReverseReward : RewardEffect
{
    public required RewardValue Reversed { get; init; }
    public required RewardValue Remaining { get; init; }
    public bool IsFull => Remaining.Magnitude == 0m;
}
