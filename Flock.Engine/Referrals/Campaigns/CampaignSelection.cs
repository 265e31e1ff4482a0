using System.Globalization;
using Flock.Engine.Snapshots;

namespace Flock.Engine.Referrals.Campaigns;

/// <summary>Why a campaign is not eligible; checks run in this order and the first failure is reported.</summary>
public enum IneligibilityReason
{
    NotActive,
    TriggerNotHandled,
    OtherStore,
    NotStarted,
    Ended,
    OutsideDays,
    OutsideHours,
    /// <summary>The campaign has budget caps but the plugin passed no usage for it.</summary>
    UsageUnknown,
    BudgetExhausted,
    AudienceMismatch,
}

/// <summary>A campaign that is not eligible for this decision, and why. <see cref="Message"/> is built only when read.</summary>
public sealed record CampaignRejection(Campaign Campaign, IneligibilityReason Reason, CampaignTriggers Trigger, DecisionContext Context, CampaignUsage Usage)
{
    /// <summary>A sentence for the admin, e.g. "max 500 participants reached".</summary>
    public string Message => Reason switch
    {
        IneligibilityReason.NotActive => $"campaign is {Campaign.Status.ToString().ToLowerInvariant()}",
        IneligibilityReason.TriggerNotHandled => $"does not react to {Describe(Trigger)} (reacts to {Describe(Campaign.Triggers)})",
        IneligibilityReason.OtherStore => $"runs only in store(s) {string.Join(", ", Campaign.StoreIds)}; this is store {Context.StoreId}",
        IneligibilityReason.NotStarted => $"outside schedule: starts {Format(Campaign.Schedule.StartsAt!.Value)}",
        IneligibilityReason.Ended => $"outside schedule: ended {Format(Campaign.Schedule.EndsAt!.Value)}",
        IneligibilityReason.OutsideDays =>
            $"outside schedule: runs on {string.Join(", ", Campaign.Schedule.DaysOfWeek)}; it is {Context.Now.DayOfWeek} (local)",
        IneligibilityReason.OutsideHours =>
            $"outside schedule: runs {Campaign.Schedule.Hours} local; it is {Context.Now.ToString("HH:mm", CultureInfo.InvariantCulture)}",
        IneligibilityReason.UsageUnknown => "budget usage unknown: the campaign has budget caps and no usage was supplied for it",
        IneligibilityReason.BudgetExhausted => $"budget exhausted: {Campaign.Budget.ExhaustedReason(Usage)}",
        IneligibilityReason.AudienceMismatch => "audience did not match",
        _ => Reason.ToString(),
    };

    public override string ToString() => $"campaign {Campaign.Id} '{Campaign.Name}': {Message}";

    private static string Format(DateTimeOffset instant) => instant.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);

    private static string Describe(CampaignTriggers triggers) => triggers switch
    {
        CampaignTriggers.OrderPlaced => "order placed",
        CampaignTriggers.OrderPaid => "order paid",
        CampaignTriggers.Registered => "registration",
        CampaignTriggers.NewsletterSubscribed => "newsletter subscription",
        _ => string.Join(", ", Enum.GetValues<CampaignTriggers>().Where(t => t != CampaignTriggers.None && triggers.HasFlag(t)).Select(Describe)),
    };
}

/// <summary>
/// The outcome of <see cref="CampaignSelector.Select"/>: eligible campaigns (highest priority first, then by id), the
/// competing ones (every eligible campaign sharing the top priority) and a reason for each ineligible one.
/// </summary>
public sealed class CampaignSelection
{
    private string? _experimentKey;

    internal CampaignSelection(CampaignTriggers trigger, DecisionContext context, IReadOnlyList<Campaign> eligible, int competingCount, IReadOnlyList<CampaignRejection> rejected)
    {
        Trigger = trigger;
        Context = context;
        Eligible = eligible;
        if (competingCount == eligible.Count) Competing = eligible;
        else
        {
            var competing = new Campaign[competingCount];
            for (var i = 0; i < competingCount; i++) competing[i] = eligible[i];
            Competing = competing;
        }
        Rejected = rejected;
    }

    public CampaignTriggers Trigger { get; }
    public DecisionContext Context { get; }

    /// <summary>Every eligible campaign, priority descending then id ascending.</summary>
    public IReadOnlyList<Campaign> Eligible { get; }

    /// <summary>The eligible campaigns with the top priority: the arms of the competition experiment (ids ascending).</summary>
    public IReadOnlyList<Campaign> Competing { get; }

    /// <summary>Every ineligible campaign with its reason, in selector order.</summary>
    public IReadOnlyList<CampaignRejection> Rejected { get; }

    /// <summary>Whether any campaign competes.</summary>
    public bool HasCandidates => Competing.Count > 0;

    /// <summary>
    /// The competition experiment's key, <c>campaigns:3,7</c> (competing ids ascending); null when nothing competes.
    /// Shoppers matched by a different set of campaigns are in a different experiment.
    /// </summary>
    public string? ExperimentKey => Competing.Count == 0 ? null : _experimentKey ??= CampaignSelector.CompetitionKey(Competing);
}
