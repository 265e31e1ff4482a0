using System.Globalization;
using Flock.Engine.Common;

namespace Flock.Engine.Referrals.Campaigns;

/// <summary>Caps on a campaign; null means no cap. The engine compares them with <see cref="CampaignUsage"/>, counted by the plugin.</summary>
public sealed record CampaignBudget
{
    public static readonly CampaignBudget Unlimited = new();

    /// <summary>Total reward cost (store primary currency) after which the campaign stops.</summary>
    public decimal? MaxTotalRewardCost { get; init; }

    /// <summary>Participants after which the campaign stops.</summary>
    public int? MaxParticipants { get; init; }

    /// <summary>New participants per store-local day.</summary>
    public int? MaxParticipantsPerDay { get; init; }

    /// <summary>Why the budget is exhausted for this usage, or null when it is within budget.</summary>
    public string? ExhaustedReason(CampaignUsage usage)
    {
        if (MaxTotalRewardCost is { } cost && usage.RewardCostSpent >= cost)
            return string.Create(CultureInfo.InvariantCulture, $"reward budget of {cost:0.##} spent ({usage.RewardCostSpent:0.##})");
        if (MaxParticipants is { } max && usage.Participants >= max)
            return string.Create(CultureInfo.InvariantCulture, $"max {max} participants reached");
        if (MaxParticipantsPerDay is { } perDay && usage.ParticipantsToday >= perDay)
            return string.Create(CultureInfo.InvariantCulture, $"max {perDay} participants per day reached");
        return null;
    }

    /// <summary>Whether any cap is set: only then does a decision need the campaign's <see cref="CampaignUsage"/>.</summary>
    public bool HasCaps => MaxTotalRewardCost is not null || MaxParticipants is not null || MaxParticipantsPerDay is not null;

    /// <summary>Whether this usage leaves room under every cap.</summary>
    public bool IsWithin(CampaignUsage usage) =>
        !(MaxTotalRewardCost is { } cost && usage.RewardCostSpent >= cost)
        && !(MaxParticipants is { } max && usage.Participants >= max)
        && !(MaxParticipantsPerDay is { } perDay && usage.ParticipantsToday >= perDay);

    /// <summary>
    /// Spent and left under each cap, for the admin list: "cost 120 of 1000 (880 left); participants 12 of 100 (88 left);
    /// today 3 of 10 (7 left)"; "no caps" when none is set. Exhausted caps read "(none left)".
    /// </summary>
    public string Describe(CampaignUsage usage)
    {
        if (!HasCaps) return "no caps";
        var parts = new List<string>(3);
        if (MaxTotalRewardCost is { } cost)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"cost {usage.RewardCostSpent:0.##} of {cost:0.##} ({Left(cost - usage.RewardCostSpent)})"));
        if (MaxParticipants is { } max)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"participants {usage.Participants} of {max} ({Left(max - usage.Participants)})"));
        if (MaxParticipantsPerDay is { } perDay)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"today {usage.ParticipantsToday} of {perDay} ({Left(perDay - usage.ParticipantsToday)})"));
        return string.Join("; ", parts);

        static string Left(decimal left) => left > 0 ? string.Create(CultureInfo.InvariantCulture, $"{left:0.##} left") : "none left";
    }

    internal void Validate(ProblemCollector problems, string path)
    {
        if (MaxTotalRewardCost is <= 0) problems.Add(ProblemCollector.Join(path, "maxTotalRewardCost"), "must be positive (omit for no cap)");
        if (MaxParticipants is <= 0) problems.Add(ProblemCollector.Join(path, "maxParticipants"), "must be positive (omit for no cap)");
        if (MaxParticipantsPerDay is <= 0) problems.Add(ProblemCollector.Join(path, "maxParticipantsPerDay"), "must be positive (omit for no cap)");
    }
}

/// <summary>
/// A campaign's usage counters at the moment of a decision, counted by the plugin from its own tables.
/// <list type="bullet">
/// <item><see cref="RewardCostSpent"/>: Σ <see cref="Rewards.Ledger.RewardCost.Of(Rewards.Ledger.RewardEntry, decimal)"/> over the campaign's reward-ledger
/// entries that are not revoked (pending, approved, granted, partially revoked), store primary currency.</item>
/// <item><see cref="Participants"/>: distinct referrers of the campaign (customers whose referral code was issued under it).</item>
/// <item><see cref="ParticipantsToday"/>: those of them who joined on the store-local day of <c>DecisionContext.Now</c>.</item>
/// </list>
/// A campaign with budget caps and no entry in the usage map is not shown (<see cref="IneligibilityReason.UsageUnknown"/>):
/// an unknown usage is never read as "nothing spent". Pass <see cref="None"/> explicitly for a campaign with no usage yet.
/// </summary>
public readonly record struct CampaignUsage(decimal RewardCostSpent, int Participants, int ParticipantsToday)
{
    /// <summary>Nothing spent, nobody joined yet (explicit, for a campaign the plugin counted and found unused).</summary>
    public static readonly CampaignUsage None = default;

    /// <summary>An empty usage map: right only when no campaign has budget caps.</summary>
    public static readonly IReadOnlyDictionary<int, CampaignUsage> NoneCounted = new Dictionary<int, CampaignUsage>();
}
