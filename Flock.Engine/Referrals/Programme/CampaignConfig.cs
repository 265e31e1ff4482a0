using Flock.Engine.Referrals.AntiAbuse;
using Flock.Engine.Referrals.Attribution;
using Flock.Engine.Referrals.Campaigns;
using Flock.Engine.Common;
using Flock.Engine.Experiments;
using Flock.Engine.Referrals.Offers;
using Flock.Engine.Referrals;
using Flock.Engine.Referrals.Rewards;
using Flock.Engine.Targeting;

namespace Flock.Engine.Referrals.Programme;

/// <summary>
/// The whole campaign as one storable document (JSON via <see cref="CampaignConfigJson"/>). Every member is a plain
/// property the admin form can bind to; <see cref="Validate()"/> reports every problem with a JSON-ish path.
/// </summary>
public sealed record CampaignConfig
{
    /// <summary>Longest custom CSS accepted.</summary>
    public const int MaxCustomCssLength = 20_000;

    /// <summary>Longest creative level id (ids make up the variant key).</summary>
    public const int MaxLevelIdLength = 16;

    /// <summary>Positive campaign id (the plugin's row id).</summary>
    public int Id { get; init; }
    /// <summary>Admin-facing name.</summary>
    public string Name { get; init; } = "";
    /// <summary>utm_campaign value: a–z, 0–9, '-', '_'; empty means <c>campaign-{id}</c>.</summary>
    public string? Slug { get; init; }
    /// <summary>Only <see cref="CampaignStatus.Active"/> campaigns show widgets and give offers.</summary>
    public CampaignStatus Status { get; init; } = CampaignStatus.Draft;
    /// <summary>Higher wins; equal priorities compete as one experiment.</summary>
    public int Priority { get; init; }
    /// <summary>Bump when creatives change: starts a new creative experiment.</summary>
    public int Version { get; init; } = 1;
    /// <summary>Which moments show the widget.</summary>
    public TriggerConfig Triggers { get; init; } = new();
    /// <summary>When the campaign runs (store-local days and hours).</summary>
    public ScheduleConfig Schedule { get; init; } = new();
    /// <summary>Stores the campaign runs in; empty means every store.</summary>
    public IReadOnlyList<int> StoreIds { get; init; } = [];
    /// <summary>Caps on reward cost and participants.</summary>
    public CampaignBudget Budget { get; init; } = CampaignBudget.Unlimited;
    /// <summary>Share of shoppers held out as a control group (0 to 0.5).</summary>
    public double HoldoutShare { get; init; }
    /// <summary>Relative weight when competing with same-priority campaigns.</summary>
    public double TrafficWeight { get; init; } = 1;
    /// <summary>Who sees the campaign; null means everyone. JSON shape of <see cref="RuleJson"/>.</summary>
    public RuleNode? Audience { get; init; }
    /// <summary>Motivations × texts × pictures and how they are allocated.</summary>
    public CreativesConfig Creatives { get; init; } = new();

    /// <summary>
    /// This config as the next revision of a stored campaign: the version stays while the creative space is unchanged and
    /// goes up by one when it changed (or the stored document is unreadable), because a new creative space is a new
    /// creative experiment (its assignments and statistics start afresh).
    /// </summary>
    public CampaignConfig AsRevisionOf(CampaignConfig? stored, int storedVersion)
    {
        var version = Math.Max(1, storedVersion);
        var creativesChanged = stored is null || CreativesFingerprint(stored) != CreativesFingerprint(this);
        return this with { Version = creativesChanged ? version + 1 : version };
    }

    private static string CreativesFingerprint(CampaignConfig config) =>
        CampaignConfigJson.Write(new CampaignConfig { Id = 1, Creatives = config.Creatives });
    /// <summary>Share channels in display order (slugs: vk, ok, facebook, x, telegram, whatsapp, email, copy, native, blog, qr).</summary>
    public IReadOnlyList<string> Channels { get; init; } = [];
    /// <summary>How a friend's order is credited to a referrer.</summary>
    public AttributionPolicy Attribution { get; init; } = new();
    /// <summary>Self-referral and leak checks.</summary>
    public AbuseGuardOptions AbuseGuard { get; init; } = new();
    /// <summary>Extra CSS for the widget (at most <see cref="MaxCustomCssLength"/> characters).</summary>
    public string? CustomCss { get; init; }
    /// <summary>
    /// The thank-you page's "you may also like" block beside this campaign's share block: how many products (1 to
    /// <see cref="MaxThankYouRecommendations"/>), 0 for none, null for the store's setting.
    /// </summary>
    public int? ThankYouRecommendations { get; init; }

    public const int MaxThankYouRecommendations = 12;

    /// <summary>The utm_campaign slug actually used.</summary>
    public string EffectiveSlug => string.IsNullOrEmpty(Slug) ? $"campaign-{Id}" : Slug;

    /// <summary>Every problem in the document, paths relative to the document root.</summary>
    public ValidationResult Validate()
    {
        var problems = new ProblemCollector();
        Validate(problems, "");
        return problems.ToResult();
    }

    internal void Validate(ProblemCollector problems, string path)
    {
        string At(string member) => ProblemCollector.Join(path, member);

        if (Slug is { Length: > 0 } && !ReferralLink.IsSlug(Slug))
            problems.Add(At("slug"), $"must be 1–64 of a–z, 0–9, '-', '_' (was \"{Slug}\")");
        if (Triggers is null) problems.Add(At("triggers"), "must not be null");
        if (Schedule is null) problems.Add(At("schedule"), "must not be null");
        else if (Schedule.HoursFrom.HasValue != Schedule.HoursTo.HasValue)
            problems.Add(At(Schedule.HoursFrom.HasValue ? "schedule.hoursTo" : "schedule.hoursFrom"), "set both hoursFrom and hoursTo, or neither");

        if (Audience is not null)
            foreach (var problem in RuleValidator.Validate(Audience).Problems)
                problems.Add(At(string.IsNullOrEmpty(problem.Path) ? "audience" : "audience." + problem.Path), problem.Message);

        if (Creatives is null) problems.Add(At("creatives"), "must not be null");
        else Creatives.Validate(problems, At("creatives"));

        var channels = ShareChannels.TryParseSelection(Channels, out _, At("channels"));
        foreach (var problem in channels.Problems) problems.Add(problem.Path, problem.Message);

        AddPrefixed(problems, At("attribution"), Attribution?.Validate(), "must not be null");
        AddPrefixed(problems, At("abuseGuard"), AbuseGuard?.Validate(), "must not be null");

        if (ThankYouRecommendations is < 0 or > MaxThankYouRecommendations)
            problems.Add(At("thankYouRecommendations"), $"must be from 0 (no block) to {MaxThankYouRecommendations} products, or empty for the store's setting");

        if (CustomCss is { Length: > MaxCustomCssLength })
            problems.Add(At("customCss"), $"must be at most {MaxCustomCssLength} characters (was {CustomCss.Length})");
        else if (CustomCss is not null && CustomCss.Contains("</", StringComparison.Ordinal))
            problems.Add(At("customCss"), "must not contain \"</\" (it is written inside a <style> element)");

        // The engine campaign checks id, name, version, status, triggers, schedule, stores, budget, holdout, weight.
        if (Triggers is not null && Schedule is not null && StoreIds is not null)
        {
            var campaignProblems = new ProblemCollector();
            ToCampaignUnchecked(forValidation: true).Validate(campaignProblems, path);
            foreach (var problem in campaignProblems.ToResult().Problems.Where(p => !p.Path.StartsWith(At("creatives"), StringComparison.Ordinal)))
                problems.Add(problem.Path, problem.Message);
        }
        else if (StoreIds is null) problems.Add(At("storeIds"), "must not be null (empty means every store)");
    }

    private static void AddPrefixed(ProblemCollector problems, string prefix, ValidationResult? result, string whenNull)
    {
        if (result is null)
        {
            problems.Add(prefix, whenNull);
            return;
        }
        foreach (var problem in result.Problems)
            problems.Add(ProblemCollector.Join(prefix, problem.Path), problem.Message);
    }

    /// <summary>The engine <see cref="Campaign"/> this document describes (call on a valid document).</summary>
    public Campaign ToCampaign()
    {
        Validate().ThrowIfInvalid("campaign config");
        return ToCampaignUnchecked();
    }

    internal Campaign ToCampaignUnchecked(bool forValidation = false) => new()
    {
        Id = Id,
        Name = Name,
        Version = Version,
        Status = Status,
        Triggers = Triggers.ToTriggers(),
        Schedule = Schedule.ToSchedule(),
        StoreIds = StoreIds,
        Priority = Priority,
        Budget = Budget ?? CampaignBudget.Unlimited,
        HoldoutShare = HoldoutShare,
        Audience = Audience is null || forValidation ? MatchEveryone.Instance : RuleCompiler.Compile(Audience),
        Creatives = forValidation ? CreativeSpace.Single("validation") : Creatives.ToSpace(),
        CreativeStrategy = forValidation ? AllocationStrategy.FixedWeights : Creatives.Strategy,
        TrafficWeight = TrafficWeight,
    };
}

/// <summary>The moments that show the widget (checkboxes in the admin form).</summary>
public sealed record TriggerConfig
{
    /// <summary>Thank-you page after an order is placed.</summary>
    public bool OrderPlaced { get; init; }
    /// <summary>When an order is paid (email / account page).</summary>
    public bool OrderPaid { get; init; }
    /// <summary>After registration.</summary>
    public bool Registered { get; init; }
    /// <summary>After a newsletter subscription.</summary>
    public bool Subscribed { get; init; }

    /// <summary>The engine's trigger flags.</summary>
    public CampaignTriggers ToTriggers() =>
        (OrderPlaced ? CampaignTriggers.OrderPlaced : 0) | (OrderPaid ? CampaignTriggers.OrderPaid : 0)
        | (Registered ? CampaignTriggers.Registered : 0) | (Subscribed ? CampaignTriggers.NewsletterSubscribed : 0);
}

/// <summary>When the campaign runs. Days and hours are in the store's local time (the offset of "now").</summary>
public sealed record ScheduleConfig
{
    /// <summary>First moment the campaign runs; null = already running.</summary>
    public DateTimeOffset? StartsAt { get; init; }
    /// <summary>Moment the campaign stops; null = open-ended.</summary>
    public DateTimeOffset? EndsAt { get; init; }
    /// <summary>Days it runs; empty = every day.</summary>
    public IReadOnlyList<DayOfWeek> DaysOfWeek { get; init; } = [];
    /// <summary>Daily start (with <see cref="HoursTo"/>); null = all day.</summary>
    public TimeOnly? HoursFrom { get; init; }
    /// <summary>Daily end (exclusive); may be before <see cref="HoursFrom"/> to span midnight.</summary>
    public TimeOnly? HoursTo { get; init; }

    /// <summary>The engine schedule.</summary>
    public CampaignSchedule ToSchedule() => new()
    {
        StartsAt = StartsAt,
        EndsAt = EndsAt,
        DaysOfWeek = DaysOfWeek ?? [],
        Hours = HoursFrom is { } from && HoursTo is { } to ? new LocalHours(from, to) : null,
    };
}

/// <summary>The creative factors: what the friend gets / the referrer earns, the words, the picture.</summary>
public sealed record CreativesConfig
{
    /// <summary>Factor key of the motivation in the creative space.</summary>
    public const string MotivationFactor = "motivation";
    /// <summary>Factor key of the text.</summary>
    public const string TextFactor = "text";
    /// <summary>Factor key of the picture.</summary>
    public const string PictureFactor = "picture";

    /// <summary>Fixed weights (sticky hash) or a bandit that learns the best levels.</summary>
    public AllocationStrategy Strategy { get; init; } = AllocationStrategy.FixedWeights;
    /// <summary>At least one.</summary>
    public IReadOnlyList<MotivationConfig> Motivations { get; init; } = [];
    /// <summary>At least one.</summary>
    public IReadOnlyList<TextConfig> Texts { get; init; } = [];
    /// <summary>Optional; empty means no picture factor.</summary>
    public IReadOnlyList<PictureConfig> Pictures { get; init; } = [];

    internal void Validate(ProblemCollector problems, string path)
    {
        if (!Enum.IsDefined(Strategy)) problems.Add(ProblemCollector.Join(path, "strategy"), $"unknown strategy {(int)Strategy}");
        ValidateLevels(problems, ProblemCollector.Join(path, "motivations"), Motivations, required: true, (m, p) => m.Validate(problems, p));
        ValidateLevels(problems, ProblemCollector.Join(path, "texts"), Texts, required: true, (t, p) => t.Validate(problems, p));
        ValidateLevels(problems, ProblemCollector.Join(path, "pictures"), Pictures, required: false, (pic, p) => pic.Validate(problems, p));
    }

    private static void ValidateLevels<T>(ProblemCollector problems, string path, IReadOnlyList<T>? levels, bool required, Action<T, string> validate)
        where T : CreativeLevelConfig
    {
        if (levels is null || levels.Count == 0)
        {
            if (required) problems.Add(path, "add at least one");
            return;
        }
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < levels.Count; i++)
        {
            var itemPath = ProblemCollector.Index(path, i);
            var level = levels[i];
            if (level is null)
            {
                problems.Add(itemPath, "must not be null");
                continue;
            }
            level.ValidateLevel(problems, itemPath);
            if (!string.IsNullOrEmpty(level.Id) && !ids.TryAdd(level.Id, i))
                problems.Add(ProblemCollector.Join(itemPath, "id"), $"\"{level.Id}\" repeats {ProblemCollector.Index(path, ids[level.Id])}");
            validate(level, itemPath);
        }
    }

    /// <summary>The factors × levels space (motivation, text, then picture when any).</summary>
    public CreativeSpace ToSpace()
    {
        var factors = new List<CreativeFactor>
        {
            new(MotivationFactor, Motivations.Select(m => new CreativeLevel(m.Id, m.Weight)).ToArray()),
            new(TextFactor, Texts.Select(t => new CreativeLevel(t.Id, t.Weight)).ToArray()),
        };
        if (Pictures is { Count: > 0 })
            factors.Add(new CreativeFactor(PictureFactor, Pictures.Select(p => new CreativeLevel(p.Id, p.Weight)).ToArray()));
        return new CreativeSpace(factors);
    }
}

/// <summary>What every creative level has: an id (part of the variant key), a label and a weight.</summary>
public abstract record CreativeLevelConfig
{
    /// <summary>1–16 of a–z, 0–9, '_' (no '-': it separates the parts of the variant key). Never rename a live one.</summary>
    public string Id { get; init; } = "";
    /// <summary>Admin/dashboard label.</summary>
    public string Label { get; init; } = "";
    /// <summary>Relative weight under fixed-weight allocation.</summary>
    public double Weight { get; init; } = 1;

    internal void ValidateLevel(ProblemCollector problems, string path)
    {
        if (string.IsNullOrEmpty(Id) || Id.Length > CampaignConfig.MaxLevelIdLength || !Id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
            problems.Add(ProblemCollector.Join(path, "id"), $"must be 1–{CampaignConfig.MaxLevelIdLength} of a–z, 0–9, '_' (was \"{Id}\")");
        if (!double.IsFinite(Weight) || Weight <= 0) problems.Add(ProblemCollector.Join(path, "weight"), "must be a positive number");
    }
}

/// <summary>One motivation: what the friend gets and what the referrer earns.</summary>
public sealed record MotivationConfig : CreativeLevelConfig
{
    /// <summary>The friend's discount.</summary>
    public OfferConfig FriendOffer { get; init; } = new();
    /// <summary>What the referrer earns when a referred friend buys.</summary>
    public RewardConfig ReferrerReward { get; init; } = new();
    /// <summary>Optional second reward for the friend after their order (double-sided).</summary>
    public RewardConfig? FriendReward { get; init; }
    /// <summary>Smallest friend order subtotal that earns the reward.</summary>
    public decimal MinimumFriendOrder { get; init; }
    /// <summary>Only the friend's first order earns.</summary>
    public bool FirstOrderOnly { get; init; } = true;
    /// <summary>Every reward waits for an admin's approval.</summary>
    public bool RequiresManualApproval { get; init; }

    internal void Validate(ProblemCollector problems, string path)
    {
        if (FriendOffer is null) problems.Add(ProblemCollector.Join(path, "friendOffer"), "must not be null");
        if (FriendOffer is { ValidDays: not null, EndsAt: not null })
            problems.Add(ProblemCollector.Join(path, "friendOffer.endsAt"), "set validDays or endsAt, not both");
        if (ReferrerReward is null) problems.Add(ProblemCollector.Join(path, "referrerReward"), "must not be null");
        if (FriendOffer is null || ReferrerReward is null || string.IsNullOrEmpty(Id))
        {
            if (MinimumFriendOrder < 0) problems.Add(ProblemCollector.Join(path, "minimumFriendOrder"), "must not be negative");
            if (FriendOffer is null) return;
            FriendOffer.ToFriendOffer().Validate(problems, ProblemCollector.Join(path, "friendOffer"));
            return;
        }
        // The reward program checks the friend offer and the policy (reward values, minimums).
        foreach (var problem in ToRewardProgram(RewardProgram.DefaultReturnWindowDays).Validate().Problems.Where(p => MapProgramPath(p.Path) != "id"))
            problems.Add(ProblemCollector.Join(path, MapProgramPath(problem.Path)), problem.Message);
    }

    // RewardProgram paths are "policies[0].reward.value" etc.; show them as this document's members.
    private static string MapProgramPath(string programPath)
    {
        if (programPath.StartsWith("policies[0].referrerReward", StringComparison.Ordinal)) return "referrerReward" + programPath["policies[0].referrerReward".Length..];
        if (programPath.StartsWith("policies[0].friendReward", StringComparison.Ordinal)) return "friendReward" + programPath["policies[0].friendReward".Length..];
        if (programPath.StartsWith("policies[0].reward", StringComparison.Ordinal)) return "referrerReward" + programPath["policies[0].reward".Length..];
        if (programPath.StartsWith("policies[0].", StringComparison.Ordinal)) return programPath["policies[0].".Length..];
        return programPath;
    }

    /// <summary>The reward program: one policy whose id is this motivation's id (it is part of every cause key).</summary>
    public RewardProgram ToRewardProgram(int returnWindowDays) => new()
    {
        FriendOffer = FriendOffer.ToFriendOffer(),
        ReturnWindowDays = returnWindowDays,
        Policies =
        [
            FriendReward is null
                ? new FriendPurchasePolicy
                {
                    Id = Id, Name = Label, RequiresManualApproval = RequiresManualApproval, Reward = ReferrerReward.ToDefinition(),
                    MinimumFriendOrder = MinimumFriendOrder, FirstOrderOnly = FirstOrderOnly,
                }
                : new DoubleSidedPolicy
                {
                    Id = Id, Name = Label, RequiresManualApproval = RequiresManualApproval, ReferrerReward = ReferrerReward.ToDefinition(),
                    FriendReward = FriendReward.ToDefinition(), MinimumFriendOrder = MinimumFriendOrder, FirstOrderOnly = FirstOrderOnly,
                },
        ],
    };
}

/// <summary>The friend's discount as flat fields.</summary>
public sealed record OfferConfig
{
    /// <summary>Percent or fixed amount.</summary>
    public DiscountKind Kind { get; init; } = DiscountKind.Percent;
    /// <summary>Percent (0–100] or amount in the primary currency.</summary>
    public decimal Value { get; init; } = 5m;
    /// <summary>Smallest subtotal the coupon applies to.</summary>
    public decimal MinimumSubtotal { get; init; }
    /// <summary>Cap for percent offers.</summary>
    public decimal? MaximumDiscount { get; init; }
    /// <summary>Days the coupon is valid after the landing (default 30 when <see cref="EndsAt"/> is not set).</summary>
    public int? ValidDays { get; init; }
    /// <summary>Fixed end date instead of <see cref="ValidDays"/>.</summary>
    public DateTimeOffset? EndsAt { get; init; }

    /// <summary>The engine offer.</summary>
    public FriendOffer ToFriendOffer() => new()
    {
        Kind = Kind,
        Value = Value,
        MinimumSubtotal = MinimumSubtotal,
        MaximumDiscount = MaximumDiscount,
        Expiry = EndsAt is { } end && ValidDays is null ? OfferExpiry.On(end) : OfferExpiry.AfterDays(ValidDays ?? 30),
    };
}

/// <summary>Kind of reward.</summary>
public enum RewardType
{
    /// <summary>A discount coupon.</summary>
    Coupon,
    /// <summary>Reward points.</summary>
    Points,
    /// <summary>A gift.</summary>
    Gift,
}

/// <summary>A reward as flat fields; which ones matter depends on <see cref="Type"/>.</summary>
public sealed record RewardConfig
{
    /// <summary>Coupon, points or gift.</summary>
    public RewardType Type { get; init; } = RewardType.Coupon;
    /// <summary>Coupon: percent or amount.</summary>
    public DiscountKind Kind { get; init; } = DiscountKind.Percent;
    /// <summary>Coupon: percent/amount; points: the points or the percent of the friend's order.</summary>
    public decimal Value { get; init; } = 10m;
    /// <summary>Coupon: days valid after grant (default 30); points: days before they expire (null = never).</summary>
    public int? ValidDays { get; init; }
    /// <summary>Coupon: smallest subtotal.</summary>
    public decimal MinimumSubtotal { get; init; }
    /// <summary>Coupon: cap for percent coupons.</summary>
    public decimal? MaximumDiscount { get; init; }
    /// <summary>Points: fixed or percent of the friend's order.</summary>
    public PointsBasis Basis { get; init; } = PointsBasis.Fixed;
    /// <summary>Points: days before they can be spent.</summary>
    public int ActivationDelayDays { get; init; }
    /// <summary>Gift: what is given.</summary>
    public string? Gift { get; init; }
    /// <summary>Gift: how many.</summary>
    public int Quantity { get; init; } = 1;
    /// <summary>Gift: the product, when it is one.</summary>
    public int? ProductId { get; init; }

    /// <summary>The engine reward definition.</summary>
    public RewardDefinition ToDefinition() => Type switch
    {
        RewardType.Points => new PointsRewardDefinition { Basis = Basis, Value = Value, ActivationDelayDays = ActivationDelayDays, ValidDays = ValidDays },
        RewardType.Gift => new GiftRewardDefinition { Gift = Gift ?? "", Quantity = Quantity, ProductId = ProductId },
        _ => new CouponRewardDefinition
        {
            Kind = Kind, Value = Value, ValidDays = ValidDays ?? 30, MinimumSubtotal = MinimumSubtotal, MaximumDiscount = MaximumDiscount,
        },
    };
}

/// <summary>One text: the widget and the share message, per language (Liquid templates).</summary>
public sealed record TextConfig : CreativeLevelConfig
{
    /// <summary>Widget HTML template per language code ("en", "ru").</summary>
    public IReadOnlyDictionary<string, string> Widget { get; init; } = new Dictionary<string, string>();
    /// <summary>Plain-text share message template per language code.</summary>
    public IReadOnlyDictionary<string, string> ShareMessage { get; init; } = new Dictionary<string, string>();

    internal void Validate(ProblemCollector problems, string path)
    {
        ValidateTemplates(problems, ProblemCollector.Join(path, "widget"), Widget, Templates.TemplateOutputMode.Html);
        ValidateTemplates(problems, ProblemCollector.Join(path, "shareMessage"), ShareMessage, Templates.TemplateOutputMode.PlainText);
    }

    private static void ValidateTemplates(ProblemCollector problems, string path, IReadOnlyDictionary<string, string>? sources, Templates.TemplateOutputMode mode)
    {
        if (sources is null || sources.Count == 0)
        {
            problems.Add(path, "add a template for at least one language");
            return;
        }
        foreach (var (language, source) in sources.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var languagePath = ProblemCollector.Join(path, language);
            if (string.IsNullOrWhiteSpace(language) || language.Length > 10) problems.Add(languagePath, "language code must be 1–10 characters");
            if (string.IsNullOrWhiteSpace(source)) problems.Add(languagePath, "template must not be empty");
            else
                foreach (var error in Templates.TemplateCompiler.CompileUncached(source, mode).Errors)
                    problems.Add(languagePath, error.ToString());
        }
    }
}

/// <summary>One picture.</summary>
public sealed record PictureConfig : CreativeLevelConfig
{
    /// <summary>Absolute http(s) image URL; null for a text-only level.</summary>
    public string? ImageUrl { get; init; }

    internal void Validate(ProblemCollector problems, string path)
    {
        if (ImageUrl is not null && (!Uri.TryCreate(ImageUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            problems.Add(ProblemCollector.Join(path, "imageUrl"), $"must be an absolute http or https URL (was \"{ImageUrl}\")");
    }
}
