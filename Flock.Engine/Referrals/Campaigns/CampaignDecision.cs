using Flock.Engine.Experiments;
using Flock.Engine.Snapshots;

namespace Flock.Engine.Referrals.Campaigns;

/// <summary>Where a shopper landed in a competition experiment.</summary>
/// <param name="ExperimentKey">The competition experiment; null when nothing competed.</param>
/// <param name="IsHoldout">The shopper is held out: show nothing, count a holdout exposure under <paramref name="ExperimentKey"/>.</param>
/// <param name="Campaign">The campaign to show; null for holdout or nothing.</param>
/// <param name="Assignment">The underlying arm assignment; null when nothing competed.</param>
public sealed record CompetitionOutcome(string? ExperimentKey, bool IsHoldout, Campaign? Campaign, ArmAssignment? Assignment)
{
    /// <summary>No campaign competed.</summary>
    public static readonly CompetitionOutcome Nothing = new(null, false, null, null);
}

/// <summary>
/// An assignment the plugin should store (unique per shopper and experiment key, with the time) and pass back next time.
/// A held-out shopper's is stored too, with arm key <see cref="ArmAssignment.HoldoutArmKey"/>: these rows are the
/// per-shopper input of the holdout comparison (<see cref="Analytics.HoldoutOutcomes"/>).
/// </summary>
public sealed record ExperimentAssignment(string ExperimentKey, string ArmKey);

/// <summary>Everything <see cref="CampaignSelector.Decide"/> needs for one shopper and trigger.</summary>
public sealed record CampaignDecisionRequest
{
    public required CampaignTriggers Trigger { get; init; }
    public required DecisionContext Context { get; init; }

    /// <summary>Customer id or visitor key, stable for the shopper.</summary>
    public required string ShopperKey { get; init; }

    /// <summary>Usage counters by campaign id; a campaign with budget caps and no entry is not shown (see <see cref="CampaignUsage"/>).</summary>
    public required IReadOnlyDictionary<int, CampaignUsage> Usage { get; init; }

    public AllocationStrategy CompetitionStrategy { get; init; } = AllocationStrategy.FixedWeights;

    /// <summary>The shopper's stored assignments: arm key by experiment key.</summary>
    public IReadOnlyDictionary<string, string>? StoredAssignments { get; init; }

    /// <summary>Bandit competitions: arm counts of a competition experiment key.</summary>
    public Func<string, IReadOnlyDictionary<string, ArmCounts>?>? CompetitionCounts { get; init; }

    /// <summary>Bandit creatives: the per-level counts of a campaign's current version.</summary>
    public Func<Campaign, FactorLevelCounts?>? CreativeCounts { get; init; }

    /// <summary>Randomness for bandit draws; null derives a deterministic seed from the shopper and experiment keys.</summary>
    public Random? Random { get; init; }
}

/// <summary>The result of <see cref="CampaignSelector.Decide"/>.</summary>
/// <param name="Selection">Eligibility, competition and rejection reasons.</param>
/// <param name="Competition">Holdout, the winning campaign, or nothing.</param>
/// <param name="Creative">The winner's creative combination; null when no campaign is shown.</param>
/// <param name="NewAssignments">Assignments to persist (new ones only; a held-out shopper's first holdout decision included).</param>
public sealed record CampaignDecision(CampaignSelection Selection, CompetitionOutcome Competition, CreativeCombination? Creative, IReadOnlyList<ExperimentAssignment> NewAssignments)
{
    /// <summary>The campaign to show, or null.</summary>
    public Campaign? Campaign => Competition.Campaign;
}
