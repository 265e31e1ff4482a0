using System.Collections.Concurrent;
using System.Globalization;
using Flock.Engine.Common;
using Flock.Engine.Experiments;
using Flock.Engine.Snapshots;

namespace Flock.Engine.Referrals.Campaigns;

/// <summary>
/// Decides which campaigns apply to a shopper and which one they see. Build one per set of campaign definitions
/// (validated once, immutable, thread-safe) and reuse it for every decision until the definitions change.
/// <para><b>Competition rule.</b> A campaign is eligible when it is active, reacts to the trigger, runs in the store, is
/// inside its schedule, within budget and its audience matches. Among the eligible campaigns only those with the highest
/// <see cref="Campaign.Priority"/> compete; when several share it they form one experiment (key
/// <see cref="CampaignSelection.ExperimentKey"/>) whose arms are those campaigns and whose holdout share is the largest
/// holdout share among them. The shopper sees at most one campaign per decision: the arm <see cref="Compete"/> picks.
/// Then the winner's creatives form a second experiment (<see cref="CreativeExperimentKey(Campaign)"/>), see <see cref="CreativesOf"/>.</para>
/// </summary>
public sealed class CampaignSelector
{
    private const int MaxCachedCompetitions = 4096;

    private readonly CompiledCampaign[] _campaigns;
    private readonly Dictionary<int, CompiledCampaign> _byId;
    private readonly ConcurrentDictionary<string, ExperimentAllocator> _weightedCompetitions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ExperimentAllocator> _banditCompetitions = new(StringComparer.Ordinal);

    /// <exception cref="FlockValidationException">Any campaign is invalid; every problem is listed with a path like <c>campaigns[2].holdoutShare</c>.</exception>
    public CampaignSelector(IReadOnlyList<Campaign> campaigns)
    {
        var problems = new ProblemCollector();
        if (campaigns is null) problems.Add("campaigns", "must not be null");
        else
        {
            var ids = new HashSet<int>();
            for (var i = 0; i < campaigns.Count; i++)
            {
                var path = ProblemCollector.Index("campaigns", i);
                if (campaigns[i] is null)
                {
                    problems.Add(path, "must not be null");
                    continue;
                }

                campaigns[i].Validate(problems, path);
                if (campaigns[i].Id > 0 && !ids.Add(campaigns[i].Id)) problems.Add(ProblemCollector.Join(path, "id"), $"duplicate campaign id {campaigns[i].Id}");
            }
        }

        problems.ToResult().ThrowIfInvalid("campaigns");

        _campaigns = campaigns!
            .OrderByDescending(c => c.Priority).ThenBy(c => c.Id)
            .Select(c => new CompiledCampaign(c))
            .ToArray();
        _byId = _campaigns.ToDictionary(c => c.Campaign.Id);
        Campaigns = _campaigns.Select(c => c.Campaign).ToArray();
    }

    /// <summary>The campaigns, priority descending then id ascending.</summary>
    public IReadOnlyList<Campaign> Campaigns { get; }

    /// <summary>The creative experiment key of a campaign version: <c>campaign:12:v3:creatives</c>.</summary>
    public static string CreativeExperimentKey(Campaign campaign) => CreativeExperimentKey(campaign.Id, campaign.Version);

    /// <summary>The creative experiment key of campaign <paramref name="campaignId"/> at <paramref name="version"/>: <c>campaign:12:v3:creatives</c>.</summary>
    public static string CreativeExperimentKey(int campaignId, int version) =>
        string.Create(CultureInfo.InvariantCulture, $"campaign:{campaignId}:v{version}:creatives");

    /// <summary>The prefix every competition experiment key starts with (<c>campaigns:3,7</c>).</summary>
    public const string CompetitionKeyPrefix = "campaigns:";

    /// <summary>
    /// The campaign ids of a competition experiment key (<c>campaigns:3,7</c> → 3, 7), the arms a stored assignment of
    /// that experiment can hold besides the holdout; empty when <paramref name="experimentKey"/> is not a competition key.
    /// </summary>
    public static IReadOnlyList<int> CampaignIdsOf(string? experimentKey)
    {
        if (experimentKey is null || !experimentKey.StartsWith(CompetitionKeyPrefix, StringComparison.Ordinal)) return [];
        var parts = experimentKey[CompetitionKeyPrefix.Length..].Split(',');
        var ids = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out ids[i]))
                return [];
        return ids;
    }

    /// <summary>
    /// The one competition a campaign is judged in, from the shoppers each of its competitions holds: the largest (ties:
    /// the first key in ordinal order); null when none. Each competition is its own randomisation (its own eligible
    /// shoppers, holdout share and split), so a holdout is compared only with the arms drawn with it: pooling
    /// competitions would read their different shopper mixes as effect.
    /// </summary>
    public static string? MainCompetition(IReadOnlyDictionary<string, int> shoppersPerCompetition) =>
        shoppersPerCompetition.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Key).FirstOrDefault();

    /// <summary>The arm key of a campaign in a competition experiment: its id in invariant digits.</summary>
    public static string ArmKeyOf(Campaign campaign) => campaign.Id.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Eligible, competing and rejected campaigns for one trigger and shopper.
    /// </summary>
    /// <param name="trigger">Exactly one trigger.</param>
    /// <param name="context">The shopper, store and local time of the decision.</param>
    /// <param name="usage">Usage counters by campaign id. A campaign with budget caps and no entry is rejected
    /// (<see cref="IneligibilityReason.UsageUnknown"/>); campaigns without caps need no entry.</param>
    public CampaignSelection Select(CampaignTriggers trigger, DecisionContext context, IReadOnlyDictionary<int, CampaignUsage> usage)
    {
        ValidateRequest(trigger, context);
        if (usage is null) throw new FlockValidationException("campaign selection", "usage", "is required (CampaignUsage.NoneCounted when no campaign has budget caps)");

        var local = context.Now;
        var localDayBit = 1 << (int)local.DayOfWeek;
        var localTime = TimeOnly.FromTimeSpan(local.TimeOfDay);

        List<Campaign>? eligible = null;
        List<CampaignRejection>? rejected = null;
        var topPriority = 0;
        var competing = 0;
        foreach (var compiled in _campaigns)
        {
            var campaign = compiled.Campaign;
            var known = usage.TryGetValue(campaign.Id, out var used);
            var reason = compiled.FirstFailure(trigger, context, localDayBit, localTime, known, used);
            if (reason is { } r)
            {
                (rejected ??= []).Add(new CampaignRejection(campaign, r, trigger, context, used));
                continue;
            }

            eligible ??= [];
            if (eligible.Count == 0) topPriority = campaign.Priority;
            if (campaign.Priority == topPriority) competing++;
            eligible.Add(campaign);
        }

        return new CampaignSelection(trigger, context, (IReadOnlyList<Campaign>?)eligible ?? [], competing, (IReadOnlyList<CampaignRejection>?)rejected ?? []);
    }

    /// <summary>
    /// Places the shopper in the competition experiment of <paramref name="selection"/>: holdout (show nothing), or one
    /// competing campaign. Holdout is carved first and is deterministic per shopper and experiment.
    /// </summary>
    /// <param name="selection">A selection made by this selector.</param>
    /// <param name="shopperKey">Customer id or visitor key, stable for the shopper.</param>
    /// <param name="strategy">Fixed weights (<see cref="Campaign.TrafficWeight"/>, sticky by hash) or bandit.</param>
    /// <param name="existingArmKey">The arm stored for this shopper under <see cref="CampaignSelection.ExperimentKey"/>, if any; honoured while that campaign still competes.</param>
    /// <param name="counts">Bandit: observations per arm key (<see cref="ArmKeyOf"/>) in this experiment.</param>
    /// <param name="random">Bandit: a seeded source of randomness.</param>
    public CompetitionOutcome Compete(CampaignSelection selection, string shopperKey, AllocationStrategy strategy = AllocationStrategy.FixedWeights,
        string? existingArmKey = null, IReadOnlyDictionary<string, ArmCounts>? counts = null, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(selection);
        if (!Enum.IsDefined(strategy)) throw new FlockValidationException("competition", "strategy", $"unknown strategy {(int)strategy}");
        if (!selection.HasCandidates) return CompetitionOutcome.Nothing;

        var key = selection.ExperimentKey!;
        var cache = strategy == AllocationStrategy.Bandit ? _banditCompetitions : _weightedCompetitions;
        if (!cache.TryGetValue(key, out var allocator))
        {
            allocator = new ExperimentAllocator(new ExperimentDefinition
            {
                Key = key,
                Arms = selection.Competing.Select(c => new ExperimentArm(ArmKeyOf(c), c.TrafficWeight)).ToArray(),
                HoldoutShare = selection.Competing.Max(c => c.HoldoutShare),
                Strategy = strategy,
            });
            if (cache.Count < MaxCachedCompetitions) cache.TryAdd(key, allocator);
        }

        var assignment = allocator.Assign(shopperKey, existingArmKey, counts, random);
        return assignment.IsHoldout
            ? new CompetitionOutcome(key, true, null, assignment)
            : new CompetitionOutcome(key, false, selection.Competing[assignment.ArmIndex], assignment);
    }

    /// <summary>The creative allocator of one of this selector's campaigns (experiment key <see cref="CreativeExperimentKey(Campaign)"/>).</summary>
    public CreativeAllocator CreativesOf(Campaign campaign)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        return _byId.TryGetValue(campaign.Id, out var compiled)
            ? compiled.Creatives
            : throw new FlockValidationException("campaign", "campaign.id", $"campaign {campaign.Id} is not one of this selector's campaigns");
    }

    /// <summary>
    /// The whole decision in one call: select, compete, then pick the winner's creative combination.
    /// Returns the assignments to persist (only new ones).
    /// </summary>
    public CampaignDecision Decide(CampaignDecisionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var selection = Select(request.Trigger, request.Context, request.Usage);
        if (!selection.HasCandidates) return new CampaignDecision(selection, CompetitionOutcome.Nothing, null, []);

        var stored = request.StoredAssignments;
        var competitionKey = selection.ExperimentKey!;
        var outcome = Compete(selection, request.ShopperKey, request.CompetitionStrategy,
            stored is not null && stored.TryGetValue(competitionKey, out var arm) ? arm : null,
            request.CompetitionCounts?.Invoke(competitionKey), request.Random);
        if (outcome.Campaign is not { } winner)
        {
            // A held-out shopper is recorded once, like an arm; an earlier stored assignment stays (the first one counts).
            var firstHoldout = outcome.IsHoldout && (stored is null || !stored.ContainsKey(competitionKey));
            return new CampaignDecision(selection, outcome, null,
                firstHoldout ? [new ExperimentAssignment(competitionKey, ArmAssignment.HoldoutArmKey)] : []);
        }

        var toPersist = new List<ExperimentAssignment>(2);
        if (outcome.Assignment is { IsNew: true } a) toPersist.Add(new ExperimentAssignment(competitionKey, a.ArmKey!));

        var creatives = CreativesOf(winner);
        var creative = creatives.Assign(request.ShopperKey,
            stored is not null && stored.TryGetValue(creatives.ExperimentKey, out var combination) ? combination : null,
            winner.CreativeStrategy == AllocationStrategy.Bandit ? request.CreativeCounts?.Invoke(winner) : null,
            request.Random);
        if (!creative.IsExisting) toPersist.Add(new ExperimentAssignment(creatives.ExperimentKey, creative.Key));

        return new CampaignDecision(selection, outcome, creative, toPersist);
    }

    internal static string CompetitionKey(IReadOnlyList<Campaign> competing)
    {
        var ids = new int[competing.Count];
        for (var i = 0; i < ids.Length; i++) ids[i] = competing[i].Id;
        Array.Sort(ids);
        var key = new System.Text.StringBuilder(CompetitionKeyPrefix, 10 + 8 * ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            if (i > 0) key.Append(',');
            key.Append(ids[i].ToString(CultureInfo.InvariantCulture));
        }

        return key.ToString();
    }

    private static void ValidateRequest(CampaignTriggers trigger, DecisionContext context)
    {
        var problems = new ProblemCollector();
        if (trigger == CampaignTriggers.None || (trigger & (trigger - 1)) != 0 || trigger > CampaignTriggers.NewsletterSubscribed)
            problems.Add("trigger", $"must be exactly one trigger (got {trigger})");
        if (context is null) problems.Add("context", "must not be null");
        else if (context.Customer is null) problems.Add("context.customer", "must not be null");
        problems.ToResult().ThrowIfInvalid("campaign selection");
    }

    private sealed class CompiledCampaign
    {
        private readonly int _dayMask;
        private readonly int[] _storeIds;

        public CompiledCampaign(Campaign campaign)
        {
            Campaign = campaign;
            _dayMask = campaign.Schedule.DayMask();
            _storeIds = campaign.StoreIds.ToArray();
            Creatives = new CreativeAllocator(campaign.Creatives, CreativeExperimentKey(campaign), campaign.CreativeStrategy);
        }

        public Campaign Campaign { get; }
        public CreativeAllocator Creatives { get; }

        // Cheap checks first; the audience rule runs last.
        public IneligibilityReason? FirstFailure(CampaignTriggers trigger, DecisionContext context, int localDayBit, TimeOnly localTime, bool usageKnown, CampaignUsage usage)
        {
            if (Campaign.Status != CampaignStatus.Active) return IneligibilityReason.NotActive;
            if ((Campaign.Triggers & trigger) == 0) return IneligibilityReason.TriggerNotHandled;
            if (_storeIds.Length > 0 && Array.IndexOf(_storeIds, context.StoreId) < 0) return IneligibilityReason.OtherStore;

            var schedule = Campaign.Schedule;
            if (schedule.StartsAt is { } start && context.Now < start) return IneligibilityReason.NotStarted;
            if (schedule.EndsAt is { } end && context.Now >= end) return IneligibilityReason.Ended;
            if ((_dayMask & localDayBit) == 0) return IneligibilityReason.OutsideDays;
            if (schedule.Hours is { } hours && !hours.Contains(localTime)) return IneligibilityReason.OutsideHours;

            if (Campaign.Budget.HasCaps)
            {
                if (!usageKnown) return IneligibilityReason.UsageUnknown;
                if (!Campaign.Budget.IsWithin(usage)) return IneligibilityReason.BudgetExhausted;
            }
            if (!Campaign.Audience.Matches(context)) return IneligibilityReason.AudienceMismatch;
            return null;
        }
    }
}
