using System.Globalization;
using System.Text.Json;
using Flock.Engine.Referrals.AntiAbuse;
using Flock.Engine.Referrals.Attribution;
using Flock.Engine.Referrals.Campaigns;
using Flock.Engine.Common;
using Flock.Engine.Experiments;
using Flock.Engine.Referrals.Offers;
using Flock.Engine.Referrals.Programme;
using Flock.Engine.Referrals;
using Flock.Engine.Referrals.Rewards;
using Flock.Engine.Targeting;
using Flock.Engine.Templates;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Models.Admin;
using Nop.Services.Stores;
using Nop.Plugin.Misc.Flock.Services.Referrals;

namespace Nop.Plugin.Misc.Flock.Factories;

/// <summary>Maps the engine's CampaignConfig to the flat admin form and back (no business rules here: the engine validates).</summary>
public class CampaignModelFactory
{
    protected readonly AudienceBuilderFactory _audienceBuilderFactory;
    protected readonly IStoreService _storeService;

    public CampaignModelFactory(AudienceBuilderFactory audienceBuilderFactory, IStoreService storeService)
    {
        _audienceBuilderFactory = audienceBuilderFactory;
        _storeService = storeService;
    }

    public static readonly string[] ChannelSlugs = ShareChannels.All.Select(c => c.Slug()).ToArray();

    public static string TokensJson() => JsonSerializer.Serialize(TemplateModelDescription.Tokens.Select(t => new { path = t.Path, description = t.Description, snippet = t.Snippet }));

    public virtual async Task<CampaignEditModel> PrepareAsync(CampaignEditModel model)
    {
        model.AvailableStores = (await _storeService.GetAllStoresAsync()).Select(s => (s.Id, s.Name)).ToList();
        model.AudienceBuilderJson = await _audienceBuilderFactory.PrepareJsonAsync(model.AudienceJson);
        model.TokensJson = TokensJson();
        if (string.IsNullOrEmpty(model.AttributionDescription))
        {
            try { model.AttributionDescription = BuildAttribution(model).Describe(); } catch { }
        }
        return model;
    }

    public virtual CampaignEditModel FromConfig(CampaignConfig c, int rowId)
    {
        var m = new CampaignEditModel
        {
            Id = rowId,
            Name = c.Name,
            Slug = c.Slug,
            Status = c.Status.ToString(),
            Priority = c.Priority,
            Version = c.Version,
            TriggerOrderPlaced = c.Triggers.OrderPlaced,
            TriggerOrderPaid = c.Triggers.OrderPaid,
            TriggerRegistered = c.Triggers.Registered,
            TriggerSubscribed = c.Triggers.Subscribed,
            StartsAt = c.Schedule.StartsAt?.UtcDateTime,
            EndsAt = c.Schedule.EndsAt?.UtcDateTime,
            DaysOfWeek = c.Schedule.DaysOfWeek.Select(d => (int)d).ToList(),
            HoursFrom = c.Schedule.HoursFrom?.ToString("HH:mm", CultureInfo.InvariantCulture),
            HoursTo = c.Schedule.HoursTo?.ToString("HH:mm", CultureInfo.InvariantCulture),
            StoreIds = c.StoreIds.ToList(),
            MaxTotalRewardCost = c.Budget.MaxTotalRewardCost,
            MaxParticipants = c.Budget.MaxParticipants,
            MaxParticipantsPerDay = c.Budget.MaxParticipantsPerDay,
            HoldoutPercent = Math.Round(c.HoldoutShare * 100, 2),
            TrafficWeight = c.TrafficWeight,
            AudienceJson = c.Audience is null ? "" : RuleJson.Write(c.Audience),
            Strategy = c.Creatives.Strategy.ToString(),
            Motivations = c.Creatives.Motivations.Select(FromMotivation).ToList(),
            Texts = c.Creatives.Texts.Select(t => new TextEditModel
            {
                Id = t.Id, Label = t.Label, Weight = t.Weight,
                WidgetEn = t.Widget.GetValueOrDefault("en"), WidgetRu = t.Widget.GetValueOrDefault("ru"),
                ShareEn = t.ShareMessage.GetValueOrDefault("en"), ShareRu = t.ShareMessage.GetValueOrDefault("ru"),
            }).ToList(),
            Pictures = c.Creatives.Pictures.Select(p => new PictureEditModel { Id = p.Id, Label = p.Label, Weight = p.Weight, ImageUrl = p.ImageUrl }).ToList(),
            Channels = c.Channels.ToList(),
            ChannelOrder = string.Join(",", c.Channels),
            AttributionPriority = c.Attribution.Priority.Select(p => p.ToString()).ToList(),
            AttributionWindowDays = c.Attribution.WindowDays,
            AttributionChoice = c.Attribution.Choice.ToString(),
            FriendMustBeNewCustomer = c.Attribution.FriendMustBeNewCustomer,
            AttributionDescription = c.Attribution.Describe(),
            MaxFriendsPerIp = c.AbuseGuard.MaxFriendsPerIp,
            SameIpWindowDays = (int)c.AbuseGuard.SameIpWindow.TotalDays,
            MaxFriendsPerDay = c.AbuseGuard.MaxFriendsPerDay,
            MaxFriendsPerWeek = c.AbuseGuard.MaxFriendsPerWeek,
            VelocityDecision = c.AbuseGuard.VelocityDecision.ToString(),
            SameAddressDecision = c.AbuseGuard.SameAddressDecision.ToString(),
            RequireNewFriend = c.AbuseGuard.RequireNewFriend,
            BurstMaxRedemptions = c.AbuseGuard.BurstMaxRedemptions,
            BurstWindowMinutes = (int)c.AbuseGuard.BurstWindow.TotalMinutes,
            BurstDecision = c.AbuseGuard.BurstDecision.ToString(),
            NoClickMinRedemptions = c.AbuseGuard.NoClickMinRedemptions,
            NoClickMaxSharePercent = Math.Round(c.AbuseGuard.NoClickMaxShare * 100, 2),
            NoClickWindowDays = (int)c.AbuseGuard.NoClickWindow.TotalDays,
            NoClickDecision = c.AbuseGuard.NoClickDecision.ToString(),
            CustomCss = c.CustomCss,
            ThankYouRecommendations = c.ThankYouRecommendations,
        };
        return m;
    }

    protected static MotivationEditModel FromMotivation(MotivationConfig m) => new()
    {
        Id = m.Id,
        Label = m.Label,
        Weight = m.Weight,
        OfferKind = m.FriendOffer.Kind.ToString(),
        OfferValue = m.FriendOffer.Value,
        OfferMinimumSubtotal = m.FriendOffer.MinimumSubtotal,
        OfferMaximumDiscount = m.FriendOffer.MaximumDiscount,
        OfferValidDays = m.FriendOffer.ValidDays,
        ReferrerReward = FromReward(m.ReferrerReward),
        HasFriendReward = m.FriendReward is not null,
        FriendReward = m.FriendReward is null ? new RewardEditModel() : FromReward(m.FriendReward),
        MinimumFriendOrder = m.MinimumFriendOrder,
        FirstOrderOnly = m.FirstOrderOnly,
        RequiresManualApproval = m.RequiresManualApproval,
    };

    protected static RewardEditModel FromReward(RewardConfig r) => new()
    {
        Type = r.Type.ToString(),
        Kind = r.Kind.ToString(),
        Value = r.Value,
        ValidDays = r.ValidDays,
        MinimumSubtotal = r.MinimumSubtotal,
        MaximumDiscount = r.MaximumDiscount,
        Basis = r.Basis.ToString(),
        ActivationDelayDays = r.ActivationDelayDays,
        Gift = r.Gift,
        Quantity = r.Quantity,
        ProductId = r.ProductId,
    };

    /// <summary>The document the form describes; unparseable pieces are reported as problems with their path.</summary>
    public virtual CampaignConfig ToConfig(CampaignEditModel m, int id, List<ProblemModel> problems)
    {
        T ParseEnum<T>(string value, string path, T fallback) where T : struct, Enum
        {
            if (Enum.TryParse<T>(value, true, out var parsed) && Enum.IsDefined(parsed)) return parsed;
            problems.Add(new ProblemModel(path, $"unknown value \"{value}\""));
            return fallback;
        }
        TimeOnly? ParseTime(string value, string path)
        {
            if (string.IsNullOrWhiteSpace(value)) return null;
            if (TimeOnly.TryParseExact(value.Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)) return t;
            problems.Add(new ProblemModel(path, $"expected a time HH:mm (was \"{value}\")"));
            return null;
        }

        RuleNode audience = null;
        if (!string.IsNullOrWhiteSpace(m.AudienceJson))
        {
            var parsed = RuleJson.Parse(m.AudienceJson, validate: false);
            if (parsed.IsValid) audience = parsed.Rule;
            else foreach (var p in parsed.Problems) problems.Add(new ProblemModel(string.IsNullOrEmpty(p.Path) ? "audience" : "audience." + p.Path, p.Message));
        }

        var channels = (m.ChannelOrder ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(s => m.Channels.Contains(s)).ToList();
        foreach (var extra in m.Channels.Where(c => !channels.Contains(c))) channels.Add(extra);

        return new CampaignConfig
        {
            Id = id,
            Name = m.Name?.Trim() ?? "",
            Slug = string.IsNullOrWhiteSpace(m.Slug) ? null : m.Slug.Trim(),
            Status = ParseEnum(m.Status, "status", CampaignStatus.Draft),
            Priority = m.Priority,
            Version = Math.Max(1, m.Version),
            Triggers = new TriggerConfig { OrderPlaced = m.TriggerOrderPlaced, OrderPaid = m.TriggerOrderPaid, Registered = m.TriggerRegistered, Subscribed = m.TriggerSubscribed },
            Schedule = new ScheduleConfig
            {
                StartsAt = m.StartsAt is { } s ? new DateTimeOffset(DateTime.SpecifyKind(s, DateTimeKind.Utc)) : null,
                EndsAt = m.EndsAt is { } e ? new DateTimeOffset(DateTime.SpecifyKind(e, DateTimeKind.Utc)) : null,
                DaysOfWeek = (m.DaysOfWeek ?? []).Distinct().OrderBy(d => d).Select(d => (DayOfWeek)d).ToList(),
                HoursFrom = ParseTime(m.HoursFrom, "schedule.hoursFrom"),
                HoursTo = ParseTime(m.HoursTo, "schedule.hoursTo"),
            },
            StoreIds = (m.StoreIds ?? []).Where(s => s > 0).Distinct().ToList(),
            Budget = new CampaignBudget { MaxTotalRewardCost = m.MaxTotalRewardCost, MaxParticipants = m.MaxParticipants, MaxParticipantsPerDay = m.MaxParticipantsPerDay },
            HoldoutShare = m.HoldoutPercent / 100.0,
            TrafficWeight = m.TrafficWeight,
            Audience = audience,
            Creatives = new CreativesConfig
            {
                Strategy = ParseEnum(m.Strategy, "creatives.strategy", AllocationStrategy.FixedWeights),
                Motivations = (m.Motivations ?? []).Select((x, i) => ToMotivation(x, $"creatives.motivations[{i}]", problems)).ToList(),
                Texts = (m.Texts ?? []).Select(t => new TextConfig
                {
                    Id = t.Id?.Trim() ?? "", Label = t.Label ?? "", Weight = t.Weight,
                    Widget = Languages(t.WidgetEn, t.WidgetRu),
                    ShareMessage = Languages(t.ShareEn, t.ShareRu),
                }).ToList(),
                Pictures = (m.Pictures ?? []).Select(p => new PictureConfig
                {
                    Id = p.Id?.Trim() ?? "", Label = p.Label ?? "", Weight = p.Weight,
                    ImageUrl = string.IsNullOrWhiteSpace(p.ImageUrl) ? null : p.ImageUrl.Trim(),
                }).ToList(),
            },
            Channels = channels,
            Attribution = BuildAttribution(m, problems),
            AbuseGuard = new AbuseGuardOptions
            {
                MaxFriendsPerIp = m.MaxFriendsPerIp,
                SameIpWindow = TimeSpan.FromDays(m.SameIpWindowDays),
                MaxFriendsPerDay = m.MaxFriendsPerDay,
                MaxFriendsPerWeek = m.MaxFriendsPerWeek,
                VelocityDecision = ParseEnum(m.VelocityDecision, "abuseGuard.velocityDecision", AbuseDecision.Block),
                SameAddressDecision = ParseEnum(m.SameAddressDecision, "abuseGuard.sameAddressDecision", AbuseDecision.Block),
                RequireNewFriend = m.RequireNewFriend,
                BurstMaxRedemptions = m.BurstMaxRedemptions,
                BurstWindow = TimeSpan.FromMinutes(m.BurstWindowMinutes),
                BurstDecision = ParseEnum(m.BurstDecision, "abuseGuard.burstDecision", AbuseDecision.Review),
                NoClickMinRedemptions = m.NoClickMinRedemptions,
                NoClickMaxShare = m.NoClickMaxSharePercent / 100.0,
                NoClickWindow = TimeSpan.FromDays(m.NoClickWindowDays),
                NoClickDecision = ParseEnum(m.NoClickDecision, "abuseGuard.noClickDecision", AbuseDecision.Review),
            },
            CustomCss = string.IsNullOrWhiteSpace(m.CustomCss) ? null : m.CustomCss,
            ThankYouRecommendations = m.ThankYouRecommendations,
        };
    }

    public static AttributionPolicy BuildAttribution(CampaignEditModel m, List<ProblemModel> problems = null)
    {
        var priority = new List<EvidenceKind>();
        foreach (var p in m.AttributionPriority ?? [])
            if (Enum.TryParse<EvidenceKind>(p, out var kind)) priority.Add(kind);
            else problems?.Add(new ProblemModel("attribution.priority", $"unknown evidence kind \"{p}\""));
        return new AttributionPolicy
        {
            Priority = priority,
            WindowDays = m.AttributionWindowDays,
            Choice = Enum.TryParse<ReferrerChoice>(m.AttributionChoice, out var choice) ? choice : ReferrerChoice.Last,
            FriendMustBeNewCustomer = m.FriendMustBeNewCustomer,
        };
    }

    protected static IReadOnlyDictionary<string, string> Languages(string en, string ru)
    {
        var d = new Dictionary<string, string>();
        if (!string.IsNullOrWhiteSpace(en)) d["en"] = en;
        if (!string.IsNullOrWhiteSpace(ru)) d["ru"] = ru;
        return d;
    }

    protected static MotivationConfig ToMotivation(MotivationEditModel m, string path, List<ProblemModel> problems) => new()
    {
        Id = m.Id?.Trim() ?? "",
        Label = m.Label ?? "",
        Weight = m.Weight,
        FriendOffer = new OfferConfig
        {
            Kind = Enum.TryParse<DiscountKind>(m.OfferKind, out var k) ? k : DiscountKind.Percent,
            Value = m.OfferValue,
            MinimumSubtotal = m.OfferMinimumSubtotal,
            MaximumDiscount = m.OfferMaximumDiscount,
            ValidDays = m.OfferValidDays,
        },
        ReferrerReward = ToReward(m.ReferrerReward ?? new()),
        FriendReward = m.HasFriendReward ? ToReward(m.FriendReward ?? new()) : null,
        MinimumFriendOrder = m.MinimumFriendOrder,
        FirstOrderOnly = m.FirstOrderOnly,
        RequiresManualApproval = m.RequiresManualApproval,
    };

    protected static RewardConfig ToReward(RewardEditModel r) => new()
    {
        Type = Enum.TryParse<RewardType>(r.Type, out var t) ? t : RewardType.Coupon,
        Kind = Enum.TryParse<DiscountKind>(r.Kind, out var k) ? k : DiscountKind.Percent,
        Value = r.Value,
        ValidDays = r.ValidDays,
        MinimumSubtotal = r.MinimumSubtotal,
        MaximumDiscount = r.MaximumDiscount,
        Basis = Enum.TryParse<PointsBasis>(r.Basis, out var b) ? b : PointsBasis.Fixed,
        ActivationDelayDays = r.ActivationDelayDays,
        Gift = string.IsNullOrWhiteSpace(r.Gift) ? null : r.Gift,
        Quantity = r.Quantity,
        ProductId = r.ProductId,
    };

    /// <summary>
    /// The stored config of a row through the engine's one reader (<see cref="StoredCampaign.Load"/>, as the storefront's
    /// ProgrammeService reads it: the row's columns are authoritative for id, name, status, priority and version); null
    /// with the problems when the row is not a valid campaign.
    /// </summary>
    public static CampaignConfig? TryLoad(FlockCampaign row, out IReadOnlyList<Problem> problems)
    {
        var loaded = global::Nop.Plugin.Misc.Flock.Services.Referrals.ProgrammeService.ToStored(row).Load();
        problems = loaded.Problems;
        return loaded.Config;
    }

    public static CampaignConfig? Load(FlockCampaign row) => TryLoad(row, out _);

    /// <summary>Every row that holds a valid campaign.</summary>
    public static IEnumerable<CampaignConfig> LoadAll(IEnumerable<FlockCampaign> rows) => rows.Select(Load).OfType<CampaignConfig>();

    public static IEnumerable<ProblemModel> ToProblems(ValidationResult result) => result.Problems.Select(p => new ProblemModel(p.Path, p.Message));
}
