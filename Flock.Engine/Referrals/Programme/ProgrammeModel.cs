using Flock.Engine.Referrals.AntiAbuse;
using Flock.Engine.Analytics;
using Flock.Engine.Referrals.Attribution;
using Flock.Engine.Referrals.Campaigns;
using Flock.Engine.Experiments;
using Flock.Engine.Referrals.Offers;
using Flock.Engine.Referrals;
using Flock.Engine.Referrals.Rewards;
using Flock.Engine.Snapshots;
using Flock.Engine.Templates;

namespace Flock.Engine.Referrals.Programme;

/// <summary>Input of <see cref="ReferralProgramme.DecideWidget"/>.</summary>
public sealed record WidgetRequest
{
    /// <summary>Exactly one trigger: the moment that is happening.</summary>
    public required CampaignTriggers Trigger { get; init; }
    /// <summary>Customer, order/cart, store, language and "now".</summary>
    public required DecisionContext Context { get; init; }
    /// <summary>Stable non-PII shopper key (customer GUID).</summary>
    public required string ShopperKey { get; init; }
    /// <summary>Stored assignments of this shopper: experiment key → arm/combination key.</summary>
    public IReadOnlyDictionary<string, string>? StoredAssignments { get; init; }
    /// <summary>
    /// Budget usage per campaign id (see <see cref="CampaignUsage"/> for what each counter counts). A campaign with
    /// budget caps and no entry is not shown (rejection "budget usage unknown"); campaigns without caps need none.
    /// </summary>
    public required IReadOnlyDictionary<int, CampaignUsage> Usage { get; init; }
    /// <summary>Bandit counts; <see cref="BanditObservations.NoDataYet"/> when the plugin has none yet.</summary>
    public required BanditObservations Bandit { get; init; }
    /// <summary>Bandit draws only; null (the store) derives a deterministic seed per shopper and experiment. Seed it in tests.</summary>
    public Random? Random { get; init; }
}

/// <summary>
/// The "Invite friends" page is not a trigger moment: the shopper sees the campaign their link was issued under, or,
/// without one, what a campaign would show them at any of its moments.
/// </summary>
public sealed record AccountWidgetRequest
{
    /// <summary>Customer, store, language and "now" (no order).</summary>
    public required DecisionContext Context { get; init; }
    /// <summary>Stable non-PII shopper key (customer GUID).</summary>
    public required string ShopperKey { get; init; }
    /// <summary>Stored assignments of this shopper: experiment key → arm/combination key.</summary>
    public IReadOnlyDictionary<string, string>? StoredAssignments { get; init; }
    /// <summary>The campaign the shopper's referral code was issued under, if they have one.</summary>
    public int? ReferrerCampaignId { get; init; }
    /// <summary>The variant the shopper's referral code was issued under.</summary>
    public string? ReferrerVariantKey { get; init; }
    /// <summary>Budget usage per campaign id, as in <see cref="WidgetRequest.Usage"/>.</summary>
    public required IReadOnlyDictionary<int, CampaignUsage> Usage { get; init; }
    /// <summary>Bandit counts, as in <see cref="WidgetRequest.Bandit"/>.</summary>
    public required BanditObservations Bandit { get; init; }
}

/// <summary>Whether to show the widget, which campaign and creative, and why.</summary>
public sealed record WidgetDecision
{
    /// <summary>True when a widget is shown.</summary>
    public required bool Show { get; init; }
    /// <summary>Human-readable reason (why shown, or why not: no campaign matched / holdout / budget…).</summary>
    public required string Reason { get; init; }
    /// <summary>True when the shopper is in the control group.</summary>
    public bool IsHoldout { get; init; }
    /// <summary>The competition experiment key (also for holdout counting).</summary>
    public string? ExperimentKey { get; init; }
    /// <summary>The shown campaign.</summary>
    public int? CampaignId { get; init; }
    /// <summary>The shown campaign's version.</summary>
    public int? CampaignVersion { get; init; }
    /// <summary>Chosen motivation level id.</summary>
    public string? MotivationId { get; init; }
    /// <summary>Chosen text level id.</summary>
    public string? TextId { get; init; }
    /// <summary>Chosen picture level id, when the campaign has pictures.</summary>
    public string? PictureId { get; init; }
    /// <summary>Compact variant key <c>{motivation}-{text}[-{picture}]</c>: analytics and utm_content.</summary>
    public string? VariantKey { get; init; }
    /// <summary>Assignments to persist (unique per shopper key + experiment key).</summary>
    public IReadOnlyList<ExperimentAssignment> NewAssignments { get; init; } = [];
    /// <summary>Why each non-eligible campaign was rejected.</summary>
    public IReadOnlyList<string> Rejections { get; init; } = [];
}

/// <summary>What the plugin knows when rendering the widget.</summary>
public sealed record WidgetRenderInput
{
    /// <summary>The referrer's (shopper's) referral code; the plugin creates it once per customer.</summary>
    public required string ReferrerCode { get; init; }
    /// <summary>Customer first name (escaped by the engine).</summary>
    public string? FirstName { get; init; }
    /// <summary>Customer last name.</summary>
    public string? LastName { get; init; }
    /// <summary>Order number shown on the thank-you page.</summary>
    public string? OrderNumber { get; init; }
    /// <summary>Order total.</summary>
    public decimal? OrderTotal { get; init; }
    /// <summary>When the order was placed.</summary>
    public DateTimeOffset? OrderPlacedAt { get; init; }
    /// <summary>Display currency.</summary>
    public CurrencyModel Currency { get; init; } = CurrencyModel.Rub;
    /// <summary>Language code ("ru", "en-US"); null = the default language.</summary>
    public string? Language { get; init; }
    /// <summary>Store name.</summary>
    public string? StoreName { get; init; }
}

/// <summary>Everything the widget shows.</summary>
public sealed record WidgetContent
{
    /// <summary>Widget HTML: the rendered text plus the personal link (all dynamic values escaped).</summary>
    public required string Html { get; init; }
    /// <summary>True when a template failed and fallback text was used.</summary>
    public bool UsedFallback { get; init; }
    /// <summary>Template problems, for the admin log.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];
    /// <summary>The plain-text share message.</summary>
    public required string ShareMessage { get; init; }
    /// <summary>The personal link (channel "copy", with UTM).</summary>
    public required string Link { get; init; }
    /// <summary>Share targets in the campaign's channel order.</summary>
    public required IReadOnlyList<ShareTarget> ShareTargets { get; init; }
    /// <summary>QR code of the personal link (channel "qr"); its images are drawn on first use.</summary>
    public required QrCodeTarget Qr { get; init; }
    /// <summary>PNG of the QR code (drawn on first use).</summary>
    public byte[] QrPng => Qr.Png;
    /// <summary>SVG of the QR code (drawn on first use).</summary>
    public string QrSvg => Qr.Svg;
    /// <summary>Blog embed snippet, when the campaign offers it.</summary>
    public string? EmbedSnippet { get; init; }
    /// <summary>"5% off" in the widget language.</summary>
    public required string FriendOfferDescription { get; init; }
    /// <summary>"10% off your next order" in the widget language.</summary>
    public required string RewardDescription { get; init; }
    /// <summary>The picture, when the variant has one.</summary>
    public string? ImageUrl { get; init; }
    /// <summary>The campaign's custom CSS (write inside a style element).</summary>
    public string? CustomCss { get; init; }
    /// <summary>The campaign's choice for the thank-you recommendation block (<see cref="CampaignConfig.ThankYouRecommendations"/>).</summary>
    public int? ThankYouRecommendations { get; init; }
    /// <summary>The variant key (utm_content) used in the links.</summary>
    public required string VariantKey { get; init; }
}

/// <summary>What the plugin found for a referral code.</summary>
public enum CodeStatus
{
    /// <summary>No such code.</summary>
    Unknown,
    /// <summary>The code exists but an admin blocked it.</summary>
    Blocked,
    /// <summary>The code is usable.</summary>
    Active,
}

/// <summary>The code lookup result.</summary>
public sealed record CodeLookup
{
    /// <summary>Unknown codes need nothing else.</summary>
    public static readonly CodeLookup Unknown = new() { Status = CodeStatus.Unknown };

    /// <summary>Unknown, blocked or active.</summary>
    public required CodeStatus Status { get; init; }
    /// <summary>The referrer who owns the code.</summary>
    public int ReferrerCustomerId { get; init; }
    /// <summary>Used in the greeting.</summary>
    public string? ReferrerFirstName { get; init; }
    /// <summary>The campaign the link was issued under (null: use the link's utm_campaign, then any active campaign).</summary>
    public int? CampaignId { get; init; }
    /// <summary>The variant the link was issued under (null: the link's utm_content).</summary>
    public string? Variant { get; init; }
}

/// <summary>Input of <see cref="ReferralProgramme.PlanLanding"/>.</summary>
public sealed record LandingRequest
{
    /// <summary>From <see cref="ReferralProgramme.ParseLanding(string?)"/>.</summary>
    public required ReferralLanding Landing { get; init; }
    /// <summary>What the plugin found for <see cref="ReferralLanding.Code"/>.</summary>
    public required CodeLookup Code { get; init; }
    /// <summary>The visitor's customer id when logged in.</summary>
    public int? VisitorCustomerId { get; init; }
    /// <summary>The visitor already holds an unused invitation from this referrer.</summary>
    public bool VisitorHasUnusedCouponFromReferrer { get; init; }
    /// <summary>Non-PII visitor key (cookie GUID) for the analytics visit; null = no visit record.</summary>
    public string? VisitorKey { get; init; }
    /// <summary>Greeting language.</summary>
    public string? Language { get; init; }
    /// <summary>Now.</summary>
    public required DateTimeOffset Now { get; init; }
}

/// <summary>What happens on a landing.</summary>
public enum LandingOutcome
{
    /// <summary>Not a referral URL.</summary>
    NotReferral,
    /// <summary>The code does not exist.</summary>
    UnknownCode,
    /// <summary>The code is blocked.</summary>
    BlockedCode,
    /// <summary>No active campaign to make an offer with.</summary>
    NoActiveCampaign,
    /// <summary>The referrer opened their own link: no coupon.</summary>
    OwnLink,
    /// <summary>Create the coupon and greet the friend.</summary>
    Offer,
    /// <summary>The visitor already has an unused coupon from this referrer: greet, no new coupon.</summary>
    AlreadyHasCoupon,
}

/// <summary>A referral link click to store (evidence for attribution and a visit for analytics).</summary>
public sealed record LinkClickRecord(string Code, int ReferrerCustomerId, ShareChannel Channel, int CampaignId, string Variant, DateTimeOffset At);

/// <summary>The inputs of the landing greeting, and the greeting itself.</summary>
public sealed record LandingGreeting(string? ReferrerFirstName, string OfferDescription, string Text);

/// <summary>An invitation to record: the campaign and variant it came from, its validity and the campaign's offer discount.</summary>
public sealed record FriendOfferClaimPlan(int CampaignId, string Variant, string MotivationId, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, FriendOfferDiscount Discount);

/// <summary>What to do on a landing.</summary>
public sealed record LandingPlan
{
    /// <summary>The outcome.</summary>
    public required LandingOutcome Outcome { get; init; }
    /// <summary>Human-readable reason.</summary>
    public required string Reason { get; init; }
    /// <summary>
    /// The invitation to record for the visitor (Offer only): no discount is created per visit; the campaign's one
    /// friend-offer discount is applied and Flock's requirement checks this invitation at checkout.
    /// </summary>
    public FriendOfferClaimPlan? Invitation { get; init; }
    /// <summary>Set the referral cookie (code) for this long: the attribution window.</summary>
    public TimeSpan? CookieLifetime { get; init; }
    /// <summary>Greeting for the friend (Offer and AlreadyHasCoupon).</summary>
    public LandingGreeting? Greeting { get; init; }
    /// <summary>The click to store (Offer and AlreadyHasCoupon).</summary>
    public LinkClickRecord? Click { get; init; }
    /// <summary>The campaign the offer comes from.</summary>
    public int? CampaignId { get; init; }
    /// <summary>The analytics visit to store (when a visitor key was given and a click is recorded).</summary>
    public VisitEvent? Visit { get; init; }
    /// <summary>The marketing tags for the redirect after the landing ('?utm_source=…'), empty when there are none.</summary>
    public string RedirectQuery { get; init; } = "";
}

/// <summary>A Flock coupon code used on the order, as the plugin stored it when it created the coupon.</summary>
public sealed record UsedFlockCoupon(string CouponCode, string ReferrerCode, int ReferrerCustomerId, string Variant, DateTimeOffset IssuedAt);

/// <summary>A stored email invitation.</summary>
public sealed record StoredInvitation(string ReferrerCode, int ReferrerCustomerId, string InvitedEmailHash, string Variant, DateTimeOffset At);

/// <summary>What the engine needs to know about a possible referrer.</summary>
public sealed record ReferrerCandidate
{
    /// <summary>Customer id, email, phone, address, IP, device.</summary>
    public required PartyIdentity Identity { get; init; }
    /// <summary>Recent referrals of this referrer (velocity, shared IPs/devices).</summary>
    public IReadOnlyList<PastReferral> History { get; init; } = [];
    /// <summary>Recent redemptions of this referrer's code (leak detection).</summary>
    public IReadOnlyList<CodeRedemption> CodeRedemptions { get; init; } = [];
    /// <summary>Distinct friends of this referrer whose first referred order was placed before this order.</summary>
    public int FriendsWhoBoughtBefore { get; init; }
}

/// <summary>Input of <see cref="ReferralProgramme.JudgeFriendOrder"/>.</summary>
public sealed record FriendOrderRequest
{
    /// <summary>The campaign whose rules apply (from the evidence's campaign id).</summary>
    public required int CampaignId { get; init; }
    /// <summary>The order.</summary>
    public required OrderSnapshot Order { get; init; }
    /// <summary>The friend, with <see cref="CustomerSnapshot.OrderCount"/> = paid orders BEFORE this one.</summary>
    public required CustomerSnapshot Friend { get; init; }
    /// <summary>The friend's device id (cookie/fingerprint), when known.</summary>
    public string? FriendDeviceId { get; init; }
    /// <summary>Flock coupons used on the order.</summary>
    public IReadOnlyList<UsedFlockCoupon> Coupons { get; init; } = [];
    /// <summary>Stored link clicks for this visitor/customer.</summary>
    public IReadOnlyList<LinkClickRecord> LinkClicks { get; init; } = [];
    /// <summary>Stored email invitations (hashes) that may match the friend.</summary>
    public IReadOnlyList<StoredInvitation> Invitations { get; init; } = [];
    /// <summary>Identity and history of every referrer appearing in the evidence.</summary>
    public IReadOnlyList<ReferrerCandidate> Referrers { get; init; } = [];
    /// <summary>Placed or paid (both give the same cause keys).</summary>
    public FriendOrderStage Stage { get; init; } = FriendOrderStage.Placed;
    /// <summary>The friend discount given on this order (analytics).</summary>
    public decimal DiscountGiven { get; init; }
    /// <summary>Now.</summary>
    public required DateTimeOffset Now { get; init; }
}

/// <summary>The verdict on a friend's order.</summary>
public enum FriendOrderOutcome
{
    /// <summary>No referrer is credited.</summary>
    NotAttributed,
    /// <summary>A referrer was found but abuse checks block the reward.</summary>
    Blocked,
    /// <summary>Attributed; rewards are recorded but need admin approval.</summary>
    NeedsReview,
    /// <summary>Attributed and rewarded.</summary>
    Rewarded,
}

/// <summary>The verdict: attribution, abuse checks, rewards to record and analytics to store.</summary>
public sealed record FriendOrderJudgement
{
    /// <summary>The outcome.</summary>
    public required FriendOrderOutcome Outcome { get; init; }
    /// <summary>Human-readable reason.</summary>
    public required string Reason { get; init; }
    /// <summary>True for NeedsReview and Rewarded.</summary>
    public bool IsAttributed => Outcome is FriendOrderOutcome.Rewarded or FriendOrderOutcome.NeedsReview;
    /// <summary>The referrer found (also when blocked).</summary>
    public ReferrerRef? Referrer { get; init; }
    /// <summary>The evidence used.</summary>
    public AttributionEvidence? Evidence { get; init; }
    /// <summary>The attribution result.</summary>
    public AttributionResult? Attribution { get; init; }
    /// <summary>The abuse verdict (null when nothing was attributed).</summary>
    public AbuseVerdict? Abuse { get; init; }
    /// <summary>The variant the evidence was issued under.</summary>
    public string? Variant { get; init; }
    /// <summary>
    /// Record each with <c>RewardEntry.FromIntent</c> under a UNIQUE cause key. Empty when blocked; on review every
    /// intent has <see cref="RewardIntent.RequiresManualApproval"/> set, so the ledger waits for <c>AdminApproved</c>.
    /// </summary>
    public IReadOnlyList<RewardIntent> RewardIntents { get; init; } = [];
    /// <summary>Analytics rows to store (unique by order id).</summary>
    public IReadOnlyList<FriendOrderEvent> FriendOrderEvents { get; init; } = [];
}

/// <summary>The KPI report with labels for the dashboard.</summary>
public sealed record ProgrammeKpis(KpiReport Report, IReadOnlyDictionary<int, string> CampaignNames, IReadOnlyDictionary<(int CampaignId, string Variant), string> VariantLabels);
