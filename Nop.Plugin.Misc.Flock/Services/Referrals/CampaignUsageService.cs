using Flock.Engine.Referrals.Campaigns;
using Flock.Engine.Experiments;
using Flock.Engine.Referrals.Programme;
using Flock.Engine.Referrals.Rewards.Ledger;
using Nop.Core.Caching;
using Nop.Core.Domain.Customers;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Infrastructure;
using Nop.Services.Helpers;

namespace Nop.Plugin.Misc.Flock.Services.Referrals;

/// <summary>
/// The engine's usage and bandit inputs, counted from Flock's own tables with set-based queries (so every web-farm node
/// sees the same numbers) and cached for a minute (the thank-you page stays cheap; a cap may overshoot by at most a
/// minute of traffic). What each counter means is the engine's definition (CampaignUsage, BanditObservations).
/// </summary>
public class CampaignUsageService
{
    /// <summary>{0}: the campaign ids asked for.</summary>
    protected static readonly CacheKey UsageKey = NopCompatibility.CacheKey("Nop.plugin.misc.flock.usage.{0}", FlockUsagePrefix);
    /// <summary>{0}: the campaign ids asked for.</summary>
    protected static readonly CacheKey BanditKey = NopCompatibility.CacheKey("Nop.plugin.misc.flock.usage.bandit.{0}", FlockUsagePrefix);
    public const string FlockUsagePrefix = "Nop.plugin.misc.flock.usage";
    protected const int CacheMinutes = 1;

    /// <summary>Stored FlockReferral.Decision values (the engine's FriendOrderOutcome names) that are not attributed referrals.</summary>
    protected const string Blocked = "Blocked";
    protected const string NotAttributed = "NotAttributed";
    protected const string Revoked = nameof(RewardState.Revoked);

    protected readonly IDateTimeHelper _dateTimeHelper;
    protected readonly IRepository<FlockEvent> _eventRepository;
    protected readonly IRepository<FlockReferral> _referralRepository;
    protected readonly IRepository<FlockReferrer> _referrerRepository;
    protected readonly IRepository<FlockReward> _rewardRepository;
    protected readonly IStaticCacheManager _staticCacheManager;
    protected readonly RewardPointsSettings _rewardPointsSettings;

    public CampaignUsageService(IDateTimeHelper dateTimeHelper,
        IRepository<FlockEvent> eventRepository,
        IRepository<FlockReferral> referralRepository,
        IRepository<FlockReferrer> referrerRepository,
        IRepository<FlockReward> rewardRepository,
        IStaticCacheManager staticCacheManager,
        RewardPointsSettings rewardPointsSettings)
    {
        _dateTimeHelper = dateTimeHelper;
        _eventRepository = eventRepository;
        _referralRepository = referralRepository;
        _referrerRepository = referrerRepository;
        _rewardRepository = rewardRepository;
        _staticCacheManager = staticCacheManager;
        _rewardPointsSettings = rewardPointsSettings;
    }

    /// <summary>
    /// Usage of every campaign in <paramref name="campaigns"/> (an entry for each, CampaignUsage.None when unused), cached
    /// for a minute. Pass the programme's campaigns: a capped campaign missing from the map is not shown by the engine.
    /// </summary>
    public virtual async Task<IReadOnlyDictionary<int, CampaignUsage>> UsageAsync(IEnumerable<CampaignConfig> campaigns)
    {
        var ids = campaigns.Select(c => c.Id).Distinct().OrderBy(id => id).ToArray();
        if (ids.Length == 0)
            return CampaignUsage.NoneCounted;

        var key = _staticCacheManager.PrepareKey(UsageKey, string.Join(",", ids));
        key.CacheTime = CacheMinutes;
        var rows = await _staticCacheManager.GetAsync(key, async () => await CountUsageAsync(ids, DateTime.UtcNow));
        return rows.ToDictionary(r => r.CampaignId, r => new CampaignUsage(r.RewardCostSpent, r.Participants, r.ParticipantsToday));
    }

    /// <summary>Exposures and conversions per campaign and per variant (the engine's BanditObservations), cached for a minute.</summary>
    public virtual async Task<BanditObservations> BanditAsync(ReferralProgramme programme)
    {
        //counting costs queries: do it only when something draws from the counts
        var bandits = programme.Campaigns.Where(c => c.Creatives.Strategy == AllocationStrategy.Bandit).Select(c => c.Id).ToList();
        if (programme.Settings.CompetitionStrategy == AllocationStrategy.Bandit)
            bandits = programme.Campaigns.Select(c => c.Id).ToList();
        var ids = bandits.Distinct().OrderBy(id => id).ToArray();
        if (ids.Length == 0)
            return BanditObservations.NoDataYet;

        var key = _staticCacheManager.PrepareKey(BanditKey, string.Join(",", ids));
        key.CacheTime = CacheMinutes;
        var rows = await _staticCacheManager.GetAsync(key, async () => await CountBanditAsync(ids));

        return new BanditObservations
        {
            Campaigns = rows.Where(r => r.Variant is null).ToDictionary(r => r.CampaignId, r => new ArmCounts(r.Exposures, Math.Min(r.Conversions, r.Exposures))),
            Variants = rows.Where(r => r.Variant is not null).GroupBy(r => r.CampaignId).ToDictionary(g => g.Key,
                g => (IReadOnlyDictionary<string, ArmCounts>)g.GroupBy(r => r.Variant, StringComparer.Ordinal)
                    .ToDictionary(v => v.Key, v => new ArmCounts(v.Sum(r => r.Exposures), Math.Min(v.Sum(r => r.Conversions), v.Sum(r => r.Exposures))), StringComparer.Ordinal))
        };
    }

    /// <summary>Set-based counts for <paramref name="ids"/>: one grouped query per counter.</summary>
    protected virtual async Task<List<UsageRow>> CountUsageAsync(int[] ids, DateTime nowUtc)
    {
        //"today" is the store-local day of DecisionContext.Now (SnapshotFactory.Now uses the same time zone)
        var zone = _dateTimeHelper.DefaultStoreTimeZone ?? TimeZoneInfo.Utc;
        var localToday = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc), zone).Date;
        var todayStartUtc = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(localToday, DateTimeKind.Unspecified), zone);

        //one FlockReferrer row per customer (unique CustomerId): counting rows counts distinct referrers
        var participants = await _referrerRepository.Table
            .Where(r => ids.Contains(r.CampaignId))
            .GroupBy(r => r.CampaignId)
            .Select(g => new { CampaignId = g.Key, All = g.Count(), Today = g.Count(r => r.CreatedOnUtc >= todayStartUtc) })
            .ToListAsync();

        //each row carries its cost (engine RewardCost.Of, written with every ledger change): one grouped SUM
        var cost = (await _rewardRepository.Table
                .Where(w => ids.Contains(w.CampaignId) && w.State != Revoked)
                .GroupBy(w => w.CampaignId)
                .Select(g => new { CampaignId = g.Key, Cost = g.Sum(w => w.CostAmount) })
                .ToListAsync())
            .ToDictionary(c => c.CampaignId, c => c.Cost);

        var byCampaign = participants.ToDictionary(p => p.CampaignId);
        return ids.Select(id => new UsageRow
        {
            CampaignId = id,
            RewardCostSpent = cost.GetValueOrDefault(id),
            Participants = byCampaign.TryGetValue(id, out var p) ? p.All : 0,
            ParticipantsToday = byCampaign.TryGetValue(id, out var t) ? t.Today : 0
        }).ToList();
    }

    /// <summary>
    /// Exposures = distinct customers shown the campaign (WidgetShown events); conversions = distinct referrers among
    /// them with an attributed friend order (FlockReferral not blocked / not attributed) — per campaign and per variant.
    /// </summary>
    protected virtual async Task<List<BanditRow>> CountBanditAsync(int[] ids)
    {
        var shown = _eventRepository.Table.Where(e => e.Kind == FlockEventKinds.WidgetShown && ids.Contains(e.CampaignId));
        var converted = _referralRepository.Table.Where(r => ids.Contains(r.CampaignId) && r.Decision != Blocked && r.Decision != NotAttributed);

        var campaignExposures = await shown.Select(e => new { e.CampaignId, e.CustomerId }).Distinct()
            .GroupBy(x => x.CampaignId).Select(g => new { CampaignId = g.Key, Count = g.Count() }).ToListAsync();
        var campaignConversions = await converted
            .Where(r => shown.Any(e => e.CampaignId == r.CampaignId && e.CustomerId == r.ReferrerCustomerId))
            .Select(r => new { r.CampaignId, r.ReferrerCustomerId }).Distinct()
            .GroupBy(x => x.CampaignId).Select(g => new { CampaignId = g.Key, Count = g.Count() }).ToListAsync();
        var variantExposures = await shown.Where(e => e.Variant != null).Select(e => new { e.CampaignId, e.Variant, e.CustomerId }).Distinct()
            .GroupBy(x => new { x.CampaignId, x.Variant }).Select(g => new { g.Key.CampaignId, g.Key.Variant, Count = g.Count() }).ToListAsync();
        var variantConversions = await converted
            .Where(r => r.Variant != null && shown.Any(e => e.CampaignId == r.CampaignId && e.Variant == r.Variant && e.CustomerId == r.ReferrerCustomerId))
            .Select(r => new { r.CampaignId, r.Variant, r.ReferrerCustomerId }).Distinct()
            .GroupBy(x => new { x.CampaignId, x.Variant }).Select(g => new { g.Key.CampaignId, g.Key.Variant, Count = g.Count() }).ToListAsync();

        var rows = campaignExposures.Select(e => new BanditRow
        {
            CampaignId = e.CampaignId,
            Exposures = e.Count,
            Conversions = campaignConversions.FirstOrDefault(c => c.CampaignId == e.CampaignId)?.Count ?? 0
        }).ToList();
        rows.AddRange(variantExposures.Select(e => new BanditRow
        {
            CampaignId = e.CampaignId,
            Variant = e.Variant,
            Exposures = e.Count,
            Conversions = variantConversions.FirstOrDefault(c => c.CampaignId == e.CampaignId && c.Variant == e.Variant)?.Count ?? 0
        }));
        return rows;
    }

    /// <summary>Clears the cached counts (e.g. after an admin edits a budget).</summary>
    public virtual Task ClearCacheAsync() => _staticCacheManager.RemoveByPrefixAsync(FlockUsagePrefix);

    /// <summary>A cacheable (plain, serialisable) usage row.</summary>
    public class UsageRow
    {
        public int CampaignId { get; set; }
        public decimal RewardCostSpent { get; set; }
        public int Participants { get; set; }
        public int ParticipantsToday { get; set; }
    }

    /// <summary>A cacheable count row: Variant null for the campaign as a whole.</summary>
    public class BanditRow
    {
        public int CampaignId { get; set; }
        public string Variant { get; set; }
        public long Exposures { get; set; }
        public long Conversions { get; set; }
    }
}
