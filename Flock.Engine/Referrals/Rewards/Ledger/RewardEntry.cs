namespace Flock.Engine.Referrals.Rewards.Ledger;

/// <summary>
/// One reward in the ledger, keyed by its cause (the plugin persists it with a unique index on <see cref="CauseKey"/>).
/// Immutable: transitions in <see cref="RewardTransitions"/> return a new entry.
/// </summary>
public sealed record RewardEntry
{
    /// <summary>Who performs automatic transitions in <see cref="RewardTransition.Actor"/>.</summary>
    public const string SystemActor = "system";

    public required string CauseKey { get; init; }
    public required string PolicyId { get; init; }
    public required int BeneficiaryCustomerId { get; init; }
    public required BeneficiaryRole Role { get; init; }
    /// <summary>The reward as earned, before any refund.</summary>
    public required RewardValue Earned { get; init; }
    /// <summary>What the beneficiary is owed (before grant) or keeps (after grant): <see cref="Earned"/> reduced by partial refunds.</summary>
    public required RewardValue Current { get; init; }
    /// <summary>What was granted; null until granted.</summary>
    public RewardValue? Granted { get; init; }
    /// <summary>How much of <see cref="Granted"/> has been reversed, in <see cref="RewardValue.Magnitude"/> units.</summary>
    public decimal ReversedMagnitude { get; init; }
    public required RewardState State { get; init; }
    public required DateTimeOffset RecordedAt { get; init; }

    /// <summary>The friend's order this reward depends on; null when it depends on none.</summary>
    public int? OrderId { get; init; }
    /// <summary>The order subtotal when earned: partial refunds are measured against it.</summary>
    public decimal OrderAmount { get; init; }
    public int ReturnWindowDays { get; init; }
    public bool RequiresManualApproval { get; init; }

    /// <summary>When the order was paid (first paid event seen); null while unpaid.</summary>
    public DateTimeOffset? OrderPaidAt { get; init; }
    /// <summary>The largest cumulative refunded amount seen for the order.</summary>
    public decimal OrderRefunded { get; init; }

    public RewardHistory History { get; init; } = RewardHistory.Empty;

    public bool IsTerminal => State == RewardState.Revoked;

    public bool IsGranted => Granted is not null;

    /// <summary>
    /// When the settle rule is met: order-tied rewards once paid and the return window has passed (null while unpaid);
    /// other rewards at once.
    /// </summary>
    public DateTimeOffset? SettlesAt => OrderId is null
        ? RecordedAt
        : OrderPaidAt?.AddDays(ReturnWindowDays);

    /// <summary>A new pending entry for <paramref name="intent"/> recorded at <paramref name="recordedAt"/>.</summary>
    public static RewardEntry FromIntent(RewardIntent intent, DateTimeOffset recordedAt)
    {
        ArgumentNullException.ThrowIfNull(intent);
        RewardTransitions.ValidateIntent(intent).ThrowIfInvalid("reward intent");
        return new RewardEntry
        {
            CauseKey = intent.CauseKey,
            PolicyId = intent.PolicyId,
            BeneficiaryCustomerId = intent.BeneficiaryCustomerId,
            Role = intent.Role,
            Earned = intent.Reward,
            Current = intent.Reward,
            State = RewardState.Pending,
            RecordedAt = recordedAt,
            OrderId = intent.OrderId,
            OrderAmount = intent.OrderAmount,
            ReturnWindowDays = intent.ReturnWindowDays,
            RequiresManualApproval = intent.RequiresManualApproval,
            History = RewardHistory.Empty.Append(new RewardTransition(null, RewardState.Pending, recordedAt, "recorded", SystemActor)),
        };
    }
}
