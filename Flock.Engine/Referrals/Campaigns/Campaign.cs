using Flock.Engine.Common;
using Flock.Engine.Experiments;
using Flock.Engine.Targeting;

namespace Flock.Engine.Referrals.Campaigns;

/// <summary>Lifecycle of a campaign; only <see cref="Active"/> campaigns are ever eligible.</summary>
public enum CampaignStatus
{
    Draft,
    Active,
    Paused,
    Archived,
}

/// <summary>The events a campaign reacts to: a set (combine with <c>|</c>). A decision is always about exactly one of them.</summary>
[Flags]
public enum CampaignTriggers
{
    None = 0,
    OrderPlaced = 1,
    OrderPaid = 2,
    Registered = 4,
    NewsletterSubscribed = 8,
}

/// <summary>
/// A campaign as the admin defines it (feature R9). Validate with <see cref="Validate()"/>; <see cref="CampaignSelector"/>
/// refuses invalid campaigns. Bump <see cref="Version"/> when the creatives change: the creative experiment is keyed by it.
/// </summary>
public sealed record Campaign
{
    public required int Id { get; init; }
    public required string Name { get; init; }

    /// <summary>Starts at 1; a new version starts a new creative experiment (fresh learning and assignments).</summary>
    public int Version { get; init; } = 1;

    public CampaignStatus Status { get; init; } = CampaignStatus.Draft;
    public required CampaignTriggers Triggers { get; init; }
    public CampaignSchedule Schedule { get; init; } = CampaignSchedule.Always;

    /// <summary>nopCommerce store ids the campaign runs in; empty means every store.</summary>
    public IReadOnlyList<int> StoreIds { get; init; } = [];

    /// <summary>Higher wins: only the highest-priority eligible campaigns compete for a shopper.</summary>
    public int Priority { get; init; }

    public CampaignBudget Budget { get; init; } = CampaignBudget.Unlimited;

    /// <summary>Share of shoppers (0–0.5) who are never shown the campaign, to measure uplift.</summary>
    public double HoldoutShare { get; init; }

    /// <summary>Who the campaign is for; <see cref="MatchEveryone.Instance"/> by default.</summary>
    public ITargetingRule Audience { get; init; } = MatchEveryone.Instance;

    public required CreativeSpace Creatives { get; init; }

    /// <summary>How combinations of <see cref="Creatives"/> are allocated (fixed level weights or per-factor bandit).</summary>
    public AllocationStrategy CreativeStrategy { get; init; } = AllocationStrategy.FixedWeights;

    /// <summary>The campaign's weight when it competes with others under fixed weights; must be positive.</summary>
    public double TrafficWeight { get; init; } = 1;

    /// <summary>Every problem with this campaign, paths relative to <c>campaign</c>.</summary>
    public ValidationResult Validate()
    {
        var problems = new ProblemCollector();
        Validate(problems, "campaign");
        return problems.ToResult();
    }

    internal void Validate(ProblemCollector problems, string path)
    {
        string At(string member) => ProblemCollector.Join(path, member);

        if (Id <= 0) problems.Add(At("id"), "must be positive");
        if (string.IsNullOrWhiteSpace(Name)) problems.Add(At("name"), "must not be empty");
        if (Version < 1) problems.Add(At("version"), "must be 1 or more");
        if (!Enum.IsDefined(Status)) problems.Add(At("status"), $"unknown status {(int)Status}");

        const CampaignTriggers known = CampaignTriggers.OrderPlaced | CampaignTriggers.OrderPaid | CampaignTriggers.Registered | CampaignTriggers.NewsletterSubscribed;
        if (Triggers == CampaignTriggers.None) problems.Add(At("triggers"), "at least one trigger is required");
        else if ((Triggers & ~known) != 0) problems.Add(At("triggers"), $"unknown trigger bits {(int)(Triggers & ~known)}");

        if (Schedule is null) problems.Add(At("schedule"), "must not be null");
        else Schedule.Validate(problems, At("schedule"));

        if (StoreIds is null) problems.Add(At("storeIds"), "must not be null (empty means every store)");
        else
        {
            var seen = new HashSet<int>();
            for (var i = 0; i < StoreIds.Count; i++)
            {
                if (StoreIds[i] <= 0) problems.Add(ProblemCollector.Index(At("storeIds"), i), "must be a positive store id");
                else if (!seen.Add(StoreIds[i])) problems.Add(ProblemCollector.Index(At("storeIds"), i), $"duplicate store id {StoreIds[i]}");
            }
        }

        if (Budget is null) problems.Add(At("budget"), "must not be null");
        else Budget.Validate(problems, At("budget"));

        ExperimentDefinition.ValidateHoldoutShare(HoldoutShare, problems, At("holdoutShare"));
        if (Audience is null) problems.Add(At("audience"), "must not be null (use MatchEveryone.Instance)");

        if (Creatives is null) problems.Add(At("creatives"), "must not be null");
        else Creatives.Validate(problems, At("creatives"));
        if (!Enum.IsDefined(CreativeStrategy)) problems.Add(At("creativeStrategy"), $"unknown strategy {(int)CreativeStrategy}");
        if (!double.IsFinite(TrafficWeight) || TrafficWeight <= 0) problems.Add(At("trafficWeight"), "must be a positive number");
    }
}
