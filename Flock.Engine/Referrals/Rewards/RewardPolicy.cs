using Flock.Engine.Common;

namespace Flock.Engine.Referrals.Rewards;

/// <summary>
/// One configured way to reward (feature R6). <see cref="Id"/> is part of every cause key, so it must never change
/// once rewards exist. <see cref="RequiresManualApproval"/> keeps its rewards pending until an admin approves them.
/// </summary>
public abstract record RewardPolicy
{
    public required string Id { get; init; }
    public string Name { get; init; } = "";
    public bool RequiresManualApproval { get; init; }

    internal virtual void Validate(ProblemCollector problems, string path)
    {
        var id = ProblemCollector.Join(path, "id");
        if (string.IsNullOrWhiteSpace(Id))
            problems.Add(id, "is required");
        else if (!CauseKeys.IsSafeSegment(Id))
            problems.Add(id, $"must be at most {CauseKeys.MaxSegmentLength} characters without ':' or spaces");
    }

    private protected static void ValidateReward(ProblemCollector problems, string path, RewardDefinition? reward, bool friendOrderAvailable)
    {
        if (reward is null)
        {
            problems.Add(path, "is required");
            return;
        }

        reward.Validate(problems, path);
        if (reward.NeedsFriendOrder && !friendOrderAvailable)
            problems.Add(path, "a percentage of the friend's order needs a friend's order; use fixed points here");
    }

    private protected static void ValidateMinimumFriendOrder(ProblemCollector problems, string path, decimal minimum)
    {
        if (minimum < 0m)
            problems.Add(ProblemCollector.Join(path, "minimumFriendOrder"), "must not be negative");
    }
}

/// <summary>
/// (a) The referrer earns <see cref="Reward"/> when a referred friend buys: a coupon for their next order, or points
/// (fixed or a percentage of the friend's subtotal). Orders below <see cref="MinimumFriendOrder"/> earn nothing.
/// </summary>
public sealed record FriendPurchasePolicy : RewardPolicy
{
    public required RewardDefinition Reward { get; init; }
    /// <summary>The friend's order subtotal must be at least this (exactly the minimum qualifies).</summary>
    public decimal MinimumFriendOrder { get; init; }
    /// <summary>True (default): only the friend's first referred order earns; false: every order of the friend does.</summary>
    public bool FirstOrderOnly { get; init; } = true;

    internal override void Validate(ProblemCollector problems, string path)
    {
        base.Validate(problems, path);
        ValidateReward(problems, ProblemCollector.Join(path, "reward"), Reward, friendOrderAvailable: true);
        ValidateMinimumFriendOrder(problems, path, MinimumFriendOrder);
    }
}

/// <summary>(b) The referrer earns <see cref="Reward"/> for each unique visitor they bring, at most <see cref="Cap"/> times ("one rose per visitor, max 10").</summary>
public sealed record VisitorGiftPolicy : RewardPolicy
{
    public required RewardDefinition Reward { get; init; }
    /// <summary>The most visitors rewarded per referrer (the first <see cref="Cap"/> unique visitors earn).</summary>
    public int Cap { get; init; } = 10;

    internal override void Validate(ProblemCollector problems, string path)
    {
        base.Validate(problems, path);
        ValidateReward(problems, ProblemCollector.Join(path, "reward"), Reward, friendOrderAvailable: false);
        if (Cap < 1)
            problems.Add(ProblemCollector.Join(path, "cap"), "must be at least 1");
    }
}

/// <summary>(c) The best referrer(s) of each calendar period earn <see cref="Prize"/>; see <see cref="TopReferrerTieBreak"/> for ties.</summary>
public sealed record TopReferrerPolicy : RewardPolicy
{
    public required RewardDefinition Prize { get; init; }
    public PeriodLength Period { get; init; } = PeriodLength.Month;
    public TopReferrerMetric Metric { get; init; } = TopReferrerMetric.FriendOrders;
    public TopReferrerTieBreak TieBreak { get; init; } = TopReferrerTieBreak.AllTiedWin;
    /// <summary>The best score must reach this for anyone to win (orders, or revenue in the primary currency).</summary>
    public decimal MinimumScore { get; init; } = 1m;

    internal override void Validate(ProblemCollector problems, string path)
    {
        base.Validate(problems, path);
        ValidateReward(problems, ProblemCollector.Join(path, "prize"), Prize, friendOrderAvailable: false);
        if (!Enum.IsDefined(Period))
            problems.Add(ProblemCollector.Join(path, "period"), $"unknown period length {(int)Period}");
        if (!Enum.IsDefined(Metric))
            problems.Add(ProblemCollector.Join(path, "metric"), $"unknown metric {(int)Metric}");
        if (!Enum.IsDefined(TieBreak))
            problems.Add(ProblemCollector.Join(path, "tieBreak"), $"unknown tie-break {(int)TieBreak}");
        if (MinimumScore <= 0m)
            problems.Add(ProblemCollector.Join(path, "minimumScore"), "must be positive");
    }
}

/// <summary>A tier: the referrer's <see cref="FriendNumber"/>-th buying friend earns <see cref="Reward"/>.</summary>
public sealed record RewardTier(int FriendNumber, RewardDefinition Reward);

/// <summary>How tiers apply to the friends between thresholds.</summary>
public enum TierMode
{
    /// <summary>Only the purchase that makes the count exactly a threshold earns (1st, 3rd, 10th friend); friends in between earn nothing.</summary>
    Milestone,
    /// <summary>Every new buying friend earns the reward of the highest tier reached (friends 3–9 earn the 3rd-friend reward).</summary>
    Level,
}

/// <summary>
/// (e) Tiers by the number of distinct friends who bought: the friend whose first qualifying order makes the
/// count reach <see cref="RewardTier.FriendNumber"/> (count including that friend == threshold) earns that tier.
/// Repeat orders of an already counted friend earn nothing here.
/// </summary>
public sealed record TieredFriendPurchasePolicy : RewardPolicy
{
    public required IReadOnlyList<RewardTier> Tiers { get; init; }
    public TierMode Mode { get; init; } = TierMode.Milestone;
    public decimal MinimumFriendOrder { get; init; }

    /// <summary>The tier earned by the <paramref name="friendNumber"/>-th buying friend, or null.</summary>
    public RewardTier? TierFor(int friendNumber) => Mode == TierMode.Milestone
        ? Tiers.FirstOrDefault(t => t.FriendNumber == friendNumber)
        : Tiers.Where(t => t.FriendNumber <= friendNumber).MaxBy(t => t.FriendNumber);

    internal override void Validate(ProblemCollector problems, string path)
    {
        base.Validate(problems, path);
        ValidateMinimumFriendOrder(problems, path, MinimumFriendOrder);
        if (!Enum.IsDefined(Mode))
            problems.Add(ProblemCollector.Join(path, "mode"), $"unknown tier mode {(int)Mode}");
        var tiersPath = ProblemCollector.Join(path, "tiers");
        if (Tiers is null || Tiers.Count == 0)
        {
            problems.Add(tiersPath, "at least one tier is required");
            return;
        }

        var seen = new HashSet<int>();
        for (var i = 0; i < Tiers.Count; i++)
        {
            var tierPath = ProblemCollector.Index(tiersPath, i);
            var tier = Tiers[i];
            if (tier is null)
            {
                problems.Add(tierPath, "is required");
                continue;
            }

            if (tier.FriendNumber < 1)
                problems.Add(ProblemCollector.Join(tierPath, "friendNumber"), "must be at least 1");
            else if (!seen.Add(tier.FriendNumber))
                problems.Add(ProblemCollector.Join(tierPath, "friendNumber"), $"tier {tier.FriendNumber} appears twice");
            ValidateReward(problems, ProblemCollector.Join(tierPath, "reward"), tier.Reward, friendOrderAvailable: true);
        }
    }
}

/// <summary>
/// (f) Double-sided: when a referred friend buys, the referrer earns <see cref="ReferrerReward"/> and the friend also
/// earns <see cref="FriendReward"/> (on top of the friend offer they used).
/// </summary>
public sealed record DoubleSidedPolicy : RewardPolicy
{
    public required RewardDefinition ReferrerReward { get; init; }
    public required RewardDefinition FriendReward { get; init; }
    public decimal MinimumFriendOrder { get; init; }
    public bool FirstOrderOnly { get; init; } = true;

    internal override void Validate(ProblemCollector problems, string path)
    {
        base.Validate(problems, path);
        ValidateReward(problems, ProblemCollector.Join(path, "referrerReward"), ReferrerReward, friendOrderAvailable: true);
        ValidateReward(problems, ProblemCollector.Join(path, "friendReward"), FriendReward, friendOrderAvailable: true);
        ValidateMinimumFriendOrder(problems, path, MinimumFriendOrder);
    }
}
