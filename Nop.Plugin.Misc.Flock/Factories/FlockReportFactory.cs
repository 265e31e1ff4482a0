using System.Globalization;
using Flock.Engine.Referrals.Offers;
using Flock.Engine.Referrals.Programme;
using Flock.Engine.Referrals.Rewards;
using Flock.Engine.Referrals.Rewards.Ledger;
using Nop.Core;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Models.Admin;
using Nop.Services.Customers;
using Nop.Services.Helpers;
using Nop.Web.Framework.Models.Extensions;
using Nop.Plugin.Misc.Flock.Services.Referrals;

namespace Nop.Plugin.Misc.Flock.Factories;

/// <summary>The admin grids (campaigns, referrals, rewards) paged in SQL; the dashboard is DashboardModelFactory's, the Experiments page ExperimentModelFactory's.</summary>
public class FlockReportFactory
{
    protected readonly IRepository<FlockCampaign> _campaignRepository;
    protected readonly IRepository<FlockReferral> _referralRepository;
    protected readonly IRepository<FlockReward> _rewardRepository;
    protected readonly ICustomerService _customerService;
    protected readonly IDateTimeHelper _dateTimeHelper;
    protected readonly global::Nop.Plugin.Misc.Flock.Services.Referrals.CampaignUsageService _campaignUsageService;

    public FlockReportFactory(IRepository<FlockCampaign> campaignRepository,
        IRepository<FlockReferral> referralRepository,
        IRepository<FlockReward> rewardRepository,
        ICustomerService customerService,
        IDateTimeHelper dateTimeHelper,
        global::Nop.Plugin.Misc.Flock.Services.Referrals.CampaignUsageService campaignUsageService)
    {
        _campaignRepository = campaignRepository;
        _referralRepository = referralRepository;
        _rewardRepository = rewardRepository;
        _customerService = customerService;
        _dateTimeHelper = dateTimeHelper;
        _campaignUsageService = campaignUsageService;
    }

    // ------------------------------------------------------------------ shared

    /// <summary>Stored FlockReferral.Decision values (the engine's FriendOrderOutcome names) that earn nothing.</summary>
    protected const string Blocked = "Blocked";
    protected const string NotAttributed = "NotAttributed";

    /// <summary>The abuse guard's verdict for a stored outcome: Rewarded → Allow, NeedsReview → Review, Blocked → Block.</summary>
    public static string Verdict(string decision) => decision switch
    {
        "Rewarded" => "Allow",
        "NeedsReview" => "Review",
        "Blocked" => "Block",
        _ => decision,
    };

    public virtual async Task<List<(int Id, string Name)>> CampaignOptionsAsync() =>
        (await _campaignRepository.Table.OrderBy(c => c.Id).ToListAsync()).Select(c => (c.Id, c.Name)).ToList();

    protected virtual async Task<Dictionary<int, string>> CampaignNamesAsync() =>
        (await _campaignRepository.Table.ToListAsync()).ToDictionary(c => c.Id, c => c.Name);

    protected virtual async Task<string> LocalAsync(DateTime utc) =>
        (await _dateTimeHelper.ConvertToUserTimeAsync(utc, DateTimeKind.Utc)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    protected virtual async Task<Dictionary<int, string>> CustomerLabelsAsync(IEnumerable<int> ids)
    {
        var list = ids.Where(i => i > 0).Distinct().ToArray();
        if (list.Length == 0) return new();
        var customers = await _customerService.GetCustomersByIdsAsync(list);
        return customers.ToDictionary(c => c.Id, c => string.IsNullOrEmpty(c.Email) ? $"#{c.Id} (guest)" : c.Email);
    }

    /// <summary>A reward value in words: "10 %", "500.00", "250 points", "gift × 1".</summary>
    public static (string Kind, string Amount) Describe(RewardValue value) => value switch
    {
        CouponReward c => ("Coupon", c.Kind == DiscountKind.Percent ? $"{c.Value:0.##} %" : c.Value.ToString("0.00", CultureInfo.InvariantCulture)),
        PointsReward p => ("Points", $"{p.Points} pts"),
        GiftReward g => ("Gift", $"{g.Gift} × {g.Quantity}"),
        null => ("", ""),
        _ => (value.GetType().Name, value.Magnitude.ToString(CultureInfo.InvariantCulture)),
    };

    // ------------------------------------------------------------------ campaigns grid

    public virtual async Task<CampaignListModel> PrepareCampaignListAsync(CampaignSearchModel search)
    {
        var rows = await _campaignRepository.Table.OrderByDescending(c => c.Priority).ThenBy(c => c.Id).ToListAsync();
        if (string.IsNullOrEmpty(search.SearchStatus)) rows = rows.Where(r => r.Status != "Archived").ToList();
        else if (search.SearchStatus != "all") rows = rows.Where(r => r.Status == search.SearchStatus).ToList();

        var stats = (await _referralRepository.Table.Where(r => r.Decision != Blocked && r.Decision != NotAttributed).ToListAsync())
            .GroupBy(r => r.CampaignId)
            .ToDictionary(g => g.Key, g => (Friends: g.Select(r => r.FriendCustomerId).Distinct().Count(), Orders: g.Count(), Revenue: g.Sum(r => r.OrderSubtotal)));
        var withReferrals = (await _referralRepository.Table.Select(r => r.CampaignId).Distinct().ToListAsync()).ToHashSet();

        var paged = new PagedList<FlockCampaign>(rows, search.Page - 1, search.PageSize);
        var configs = paged.ToDictionary(row => row.Id, CampaignModelFactory.Load);
        var usage = await _campaignUsageService.UsageAsync(configs.Values.OfType<global::Flock.Engine.Referrals.Programme.CampaignConfig>());
        return new CampaignListModel().PrepareToGrid(search, paged, () => paged.Select(row =>
        {
            var c = configs[row.Id];
            stats.TryGetValue(row.Id, out var s);
            var triggers = new List<string>();
            if (c is null) triggers.Add("(invalid settings)");
            else
            {
                if (c.Triggers.OrderPlaced) triggers.Add("order placed");
                if (c.Triggers.OrderPaid) triggers.Add("order paid");
                if (c.Triggers.Registered) triggers.Add("registered");
                if (c.Triggers.Subscribed) triggers.Add("subscribed");
            }
            return new CampaignRowModel
            {
                Id = row.Id,
                Name = row.Name,
                Status = row.Status,
                Priority = row.Priority,
                Version = row.Version,
                Triggers = string.Join(", ", triggers),
                Stores = c is null ? "" : c.StoreIds.Count == 0 ? "all" : string.Join(", ", c.StoreIds),
                Dates = c is null ? "" : $"{c.Schedule.StartsAt?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "…"} – {c.Schedule.EndsAt?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "…"}",
                Variants = c is null ? 0 : c.Creatives.Motivations.Count * c.Creatives.Texts.Count * Math.Max(1, c.Creatives.Pictures.Count),
                Friends = s.Friends,
                Orders = s.Orders,
                Revenue = s.Revenue.ToString("0.00", CultureInfo.InvariantCulture),
                Budget = c is null ? "" : c.Budget.Describe(usage.TryGetValue(row.Id, out var u) ? u : global::Flock.Engine.Referrals.Campaigns.CampaignUsage.None),
                CanDelete = !withReferrals.Contains(row.Id),
            };
        }));
    }

    // ------------------------------------------------------------------ referrals

    protected virtual IQueryable<FlockReferral> ReferralQuery(ReferralSearchModel s)
    {
        var q = _referralRepository.Table;
        if (s.SearchCampaignId > 0) q = q.Where(r => r.CampaignId == s.SearchCampaignId);
        if (!string.IsNullOrEmpty(s.SearchDecision)) q = q.Where(r => r.Decision == s.SearchDecision);
        if (s.SearchFrom is { } from) q = q.Where(r => r.CreatedOnUtc >= from);
        if (s.SearchTo is { } to) { var end = to.Date.AddDays(1); q = q.Where(r => r.CreatedOnUtc < end); }
        return q.OrderByDescending(r => r.CreatedOnUtc).ThenByDescending(r => r.Id);
    }

    public virtual async Task<List<ReferralRowModel>> ReferralRowsAsync(IList<FlockReferral> rows)
    {
        var names = await CampaignNamesAsync();
        var customers = await CustomerLabelsAsync(rows.SelectMany(r => new[] { r.FriendCustomerId, r.ReferrerCustomerId }));
        var ids = rows.Select(r => r.Id).ToArray();
        var rewardCounts = (await _rewardRepository.Table.Where(w => w.ReferralId != null && ids.Contains(w.ReferralId ?? 0)).Select(w => w.ReferralId ?? 0).ToListAsync())
            .GroupBy(i => i).ToDictionary(g => g.Key, g => g.Count());
        var result = new List<ReferralRowModel>();
        foreach (var r in rows)
            result.Add(new ReferralRowModel
            {
                Id = r.Id,
                OrderId = r.OrderId,
                FriendCustomerId = r.FriendCustomerId,
                Friend = customers.GetValueOrDefault(r.FriendCustomerId, $"#{r.FriendCustomerId}"),
                ReferrerCustomerId = r.ReferrerCustomerId,
                Referrer = customers.GetValueOrDefault(r.ReferrerCustomerId, $"#{r.ReferrerCustomerId}"),
                Campaign = names.GetValueOrDefault(r.CampaignId, $"#{r.CampaignId}"),
                Variant = r.Variant,
                Evidence = r.EvidenceKind,
                Decision = Verdict(r.Decision),
                Reason = r.Reason,
                Subtotal = r.OrderSubtotal.ToString("0.00", CultureInfo.InvariantCulture),
                CreatedOn = await LocalAsync(r.CreatedOnUtc),
                RewardCount = rewardCounts.GetValueOrDefault(r.Id),
            });
        return result;
    }

    public virtual async Task<ReferralListModel> PrepareReferralListAsync(ReferralSearchModel search)
    {
        var paged = await ReferralQuery(search).ToPagedListAsync(search.Page - 1, search.PageSize);
        var rows = await ReferralRowsAsync(paged);
        return new ReferralListModel().PrepareToGrid(search, paged, () => rows);
    }

    public virtual async Task<List<ReferralRowModel>> AllReferralsAsync(ReferralSearchModel search) =>
        await ReferralRowsAsync(await ReferralQuery(search).Take(50_000).ToListAsync());

    // ------------------------------------------------------------------ rewards

    protected virtual IQueryable<FlockReward> RewardQuery(RewardSearchModel s)
    {
        var q = _rewardRepository.Table;
        if (!string.IsNullOrEmpty(s.SearchState)) q = q.Where(r => r.State == s.SearchState);
        if (s.SearchCampaignId > 0) q = q.Where(r => r.CampaignId == s.SearchCampaignId);
        if (s.SearchRequiresApproval) q = q.Where(r => r.RequiresApproval);
        if (s.SearchReferralId > 0) q = q.Where(r => r.ReferralId == s.SearchReferralId);
        return q.OrderByDescending(r => r.CreatedOnUtc).ThenByDescending(r => r.Id);
    }

    public virtual async Task<List<RewardRowModel>> RewardRowsAsync(IList<FlockReward> rows)
    {
        var names = await CampaignNamesAsync();
        var customers = await CustomerLabelsAsync(rows.Select(r => r.BeneficiaryCustomerId));
        var result = new List<RewardRowModel>();
        foreach (var r in rows)
        {
            RewardEntry entry = null;
            try { entry = RewardEntryJson.Read(r.EntryJson); } catch (FormatException) { }
            var (kind, amount) = Describe(entry?.Current);
            result.Add(new RewardRowModel
            {
                Id = r.Id,
                BeneficiaryCustomerId = r.BeneficiaryCustomerId,
                Beneficiary = customers.GetValueOrDefault(r.BeneficiaryCustomerId, $"#{r.BeneficiaryCustomerId}"),
                Role = entry?.Role.ToString(),
                Cause = r.CauseKey,
                OrderId = r.OrderId,
                Campaign = names.GetValueOrDefault(r.CampaignId, $"#{r.CampaignId}"),
                Kind = kind,
                Amount = amount,
                State = r.State,
                RequiresApproval = r.RequiresApproval,
                Coupon = r.GrantedCouponCode,
                CreatedOn = await LocalAsync(r.CreatedOnUtc),
                UpdatedOn = await LocalAsync(r.UpdatedOnUtc),
                SettlesAt = entry?.SettlesAt is { } at ? await LocalAsync(at.UtcDateTime) : "",
            });
        }
        return result;
    }

    public virtual async Task<RewardListModel> PrepareRewardListAsync(RewardSearchModel search)
    {
        var paged = await RewardQuery(search).ToPagedListAsync(search.Page - 1, search.PageSize);
        var rows = await RewardRowsAsync(paged);
        return new RewardListModel().PrepareToGrid(search, paged, () => rows);
    }

    public virtual async Task<List<RewardRowModel>> AllRewardsAsync(RewardSearchModel search) =>
        await RewardRowsAsync(await RewardQuery(search).Take(50_000).ToListAsync());

    public virtual async Task<RewardDetailModel> PrepareRewardDetailAsync(FlockReward reward)
    {
        var model = new RewardDetailModel { Id = reward.Id, Row = (await RewardRowsAsync([reward])).Single() };
        try
        {
            var entry = RewardEntryJson.Read(reward.EntryJson);
            model.Earned = Describe(entry.Earned).Amount;
            model.Current = Describe(entry.Current).Amount;
            model.Granted = entry.Granted is null ? "" : Describe(entry.Granted).Amount;
            foreach (var t in entry.History)
                model.History.Add(new RewardHistoryRowModel(t.From?.ToString() ?? "—", t.To.ToString(), await LocalAsync(t.At.UtcDateTime), t.Reason, t.Actor));
        }
        catch (FormatException e)
        {
            model.Error = e.Message;
        }
        return model;
    }
}
