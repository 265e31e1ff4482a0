using System.Globalization;
using System.Net;
using Flock.Engine.Referrals.AntiAbuse;
using Flock.Engine.Analytics;
using Flock.Engine.Referrals.Attribution;
using Flock.Engine.Referrals.Campaigns;
using Flock.Engine.Common;
using Flock.Engine.Experiments;
using Flock.Engine.Referrals.Offers;
using Flock.Engine.Referrals;
using Flock.Engine.Referrals.Rewards;
using Flock.Engine.Templates;

namespace Flock.Engine.Referrals.Programme;

/// <summary>
/// The facade the plugin calls at each moment of the referral loop. Built once from the campaigns and the store
/// settings (everything is validated up front); immutable and thread-safe. Rebuild it when a campaign is saved.
/// </summary>
public sealed partial class ReferralProgramme
{
    private const char VariantSeparator = '-';

    private readonly CampaignSelector _selector;
    private readonly Dictionary<int, CampaignRuntime> _byId;
    private readonly Dictionary<string, CampaignRuntime> _bySlug;
    private readonly ReferralLink _links;
    private readonly ShareTargets _shareTargets;

    /// <summary>Validates every campaign (paths <c>campaigns[i]…</c>) and the settings (<c>settings…</c>); throws <see cref="FlockValidationException"/> listing all problems.</summary>
    public ReferralProgramme(IReadOnlyList<CampaignConfig> campaigns, ProgrammeSettings settings)
    {
        var problems = new ProblemCollector();
        if (settings is null) problems.Add("settings", "is required");
        else
            foreach (var problem in settings.Validate().Problems)
                problems.Add(ProblemCollector.Join("settings", problem.Path), problem.Message);
        if (campaigns is null) problems.Add("campaigns", "must not be null");
        else
        {
            var ids = new HashSet<int>();
            var slugs = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < campaigns.Count; i++)
            {
                var path = ProblemCollector.Index("campaigns", i);
                if (campaigns[i] is not { } config)
                {
                    problems.Add(path, "must not be null");
                    continue;
                }
                config.Validate(problems, path);
                if (config.Id > 0 && !ids.Add(config.Id)) problems.Add(ProblemCollector.Join(path, "id"), $"duplicate campaign id {config.Id}");
                if (!slugs.Add(config.EffectiveSlug)) problems.Add(ProblemCollector.Join(path, "slug"), $"duplicate slug \"{config.EffectiveSlug}\"");
            }
        }
        problems.ToResult().ThrowIfInvalid("referral programme");

        Settings = settings!;
        Compiler = new TemplateCompiler();
        _links = new ReferralLink(new ReferralLinkOptions { BaseUrl = settings!.StoreBaseUrl, RoutePrefix = settings.ReferralRoutePrefix });
        _shareTargets = new ShareTargets(_links);
        var hasher = new EmailHasher(settings.EmailHashSecret);
        var runtimes = campaigns!.Select(c => new CampaignRuntime(c, settings, Compiler, hasher)).ToArray();
        _selector = new CampaignSelector(runtimes.Select(r => r.Campaign).ToArray());
        _byId = runtimes.ToDictionary(r => r.Config.Id);
        _bySlug = runtimes.ToDictionary(r => r.Config.EffectiveSlug, StringComparer.Ordinal);
        Campaigns = campaigns!.ToArray();
    }

    /// <summary>The store settings.</summary>
    public ProgrammeSettings Settings { get; }

    /// <summary>The campaigns this programme was built from.</summary>
    public IReadOnlyList<CampaignConfig> Campaigns { get; }

    /// <summary>The shared template cache.</summary>
    public TemplateCompiler Compiler { get; }

    // ---------------------------------------------------------------- widget

    /// <summary>The moments tried, in order, for a shopper without a code on the account page.</summary>
    private static readonly CampaignTriggers[] AccountMoments =
        [CampaignTriggers.OrderPlaced, CampaignTriggers.Registered, CampaignTriggers.NewsletterSubscribed, CampaignTriggers.OrderPaid];

    /// <summary>
    /// The share block of the "Invite friends" page. A shopper who already has a code keeps the campaign and variant it
    /// was issued under (their link stays the same) while that campaign is in this programme; otherwise each moment a
    /// campaign reacts to is tried in order, the first shown decision wins and a holdout at any moment shows nothing.
    /// New assignments of every moment tried are returned for persisting.
    /// </summary>
    public WidgetDecision DecideForAccount(AccountWidgetRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ReferrerCampaignId is { } campaignId && _byId.ContainsKey(campaignId))
            return new WidgetDecision { Show = true, Reason = "the referrer's own campaign", CampaignId = campaignId, VariantKey = request.ReferrerVariantKey };

        var stored = new Dictionary<string, string>(request.StoredAssignments ?? new Dictionary<string, string>());
        var assigned = new List<ExperimentAssignment>();
        WidgetDecision? last = null;
        foreach (var moment in AccountMoments)
        {
            last = DecideWidget(new WidgetRequest
            {
                Trigger = moment, Context = request.Context, ShopperKey = request.ShopperKey, StoredAssignments = stored,
                Usage = request.Usage, Bandit = request.Bandit,
            });
            foreach (var assignment in last.NewAssignments)
            {
                stored[assignment.ExperimentKey] = assignment.ArmKey;
                assigned.Add(assignment);
            }
            if (last.Show || last.IsHoldout) break;
        }

        return last! with { NewAssignments = assigned };
    }

    /// <summary>Decides whether the shopper sees a widget at this moment, which campaign and which creative.</summary>
    public WidgetDecision DecideWidget(WidgetRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new ProblemCollector();
        if (string.IsNullOrWhiteSpace(request.ShopperKey)) problems.Add("shopperKey", "is required");
        if (request.Usage is null) problems.Add("usage", "is required (CampaignUsage.NoneCounted when no campaign has budget caps)");
        if (request.Bandit is null) problems.Add("bandit", "is required (BanditObservations.NoDataYet when there are no counts yet)");
        else ValidateBandit(request.Bandit, problems);
        problems.ToResult().ThrowIfInvalid("widget request");

        var bandit = request.Bandit!;
        var decision = _selector.Decide(new CampaignDecisionRequest
        {
            Trigger = request.Trigger,
            Context = request.Context,
            ShopperKey = request.ShopperKey,
            Usage = request.Usage!,
            StoredAssignments = request.StoredAssignments,
            CompetitionStrategy = Settings.CompetitionStrategy,
            CompetitionCounts = Settings.CompetitionStrategy == AllocationStrategy.Bandit ? _ => CompetitionCounts(bandit) : null,
            CreativeCounts = campaign => CreativeCounts(campaign, bandit),
            Random = request.Random,
        });
        var rejections = decision.Selection.Rejected.Select(r => r.ToString()).ToArray();

        if (!decision.Selection.HasCandidates)
            return new WidgetDecision
            {
                Show = false,
                Rejections = rejections,
                Reason = _byId.Count == 0 ? "no campaigns are configured"
                    : $"no campaign matched: {string.Join("; ", rejections)}",
            };

        if (decision.Competition.IsHoldout || decision.Campaign is null || decision.Creative is null)
            return new WidgetDecision
            {
                Show = false,
                IsHoldout = decision.Competition.IsHoldout,
                ExperimentKey = decision.Competition.ExperimentKey,
                NewAssignments = decision.NewAssignments,
                Rejections = rejections,
                Reason = $"shopper is in the holdout (control group) of {decision.Competition.ExperimentKey}: no widget",
            };

        var runtime = _byId[decision.Campaign.Id];
        var ids = decision.Creative.LevelIds;
        var variant = string.Join(VariantSeparator, ids);
        return new WidgetDecision
        {
            Show = true,
            ExperimentKey = decision.Competition.ExperimentKey,
            CampaignId = runtime.Config.Id,
            CampaignVersion = runtime.Config.Version,
            MotivationId = ids[0],
            TextId = ids[1],
            PictureId = ids.Count > 2 ? ids[2] : null,
            VariantKey = variant,
            NewAssignments = decision.NewAssignments,
            Rejections = rejections,
            Reason = $"campaign {runtime.Config.Id} '{runtime.Config.Name}' v{runtime.Config.Version}, variant {variant} ({DescribeVariant(runtime.Config.Id, variant)})",
        };
    }

    private static void ValidateBandit(BanditObservations bandit, ProblemCollector problems)
    {
        if (bandit.Campaigns is null) problems.Add("bandit.campaigns", "must not be null");
        else
            foreach (var (id, counts) in bandit.Campaigns)
                counts.Validate(problems, ProblemCollector.Index("bandit.campaigns", id));
        if (bandit.Variants is null) problems.Add("bandit.variants", "must not be null");
        else
            foreach (var (id, variants) in bandit.Variants)
            {
                var path = ProblemCollector.Index("bandit.variants", id);
                if (variants is null) problems.Add(path, "must not be null");
                else
                    foreach (var (key, counts) in variants)
                        counts.Validate(problems, $"{path}[{key}]");
            }
    }

    /// <summary>Competition arms are campaign ids: every competition shares the campaign-level counts.</summary>
    private static IReadOnlyDictionary<string, ArmCounts> CompetitionCounts(BanditObservations bandit) =>
        bandit.Campaigns.ToDictionary(p => p.Key.ToString(CultureInfo.InvariantCulture), p => p.Value, StringComparer.Ordinal);

    /// <summary>Per-level counts of a bandit campaign from its per-variant counts (variant keys become combination keys).</summary>
    private FactorLevelCounts? CreativeCounts(Campaign campaign, BanditObservations bandit)
    {
        var space = _selector.CreativesOf(campaign).Space;
        if (!bandit.Variants.TryGetValue(campaign.Id, out var variants) || variants.Count == 0) return new FactorLevelCounts(space);
        return FactorLevelCounts.FromCombinations(space, variants.Select(p =>
            new KeyValuePair<string, ArmCounts>(p.Key.Replace(VariantSeparator, CreativeSpace.KeySeparator), p.Value)));
    }

    /// <summary>
    /// The QR code of a referrer's personal link in a campaign variant — what an image endpoint serves so the page
    /// itself never waits for drawing. Null when the code is not a referral code or the campaign is not in this
    /// programme; an unknown variant falls back to the campaign's default one (the link stays valid).
    /// </summary>
    public QrCodeTarget? QrCode(string? referrerCode, int campaignId, string? variantKey)
    {
        if (!ReferralCode.TryNormalize(referrerCode, out var code) || !_byId.TryGetValue(campaignId, out var runtime))
            return null;

        var variant = runtime.Resolve(variantKey);
        return new QrCodeTarget(ShareChannel.QrCode, _links.Build(code, ShareChannel.QrCode, runtime.Config.EffectiveSlug, variant.Key));
    }

    /// <summary>
    /// Renders the widget for a shown decision: HTML, share message, links, share targets, QR and descriptions.
    /// Template errors never throw: the content falls back to a plain thank-you text with the link.
    /// </summary>
    public WidgetContent RenderWidget(WidgetDecision decision, WidgetRenderInput input)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(input);
        var problems = new ProblemCollector();
        if (!decision.Show || decision.CampaignId is not { } campaignId || decision.VariantKey is null)
            problems.Add("decision.show", "the decision shows no widget");
        else if (!_byId.ContainsKey(campaignId)) problems.Add("decision.campaignId", $"campaign {campaignId} is not in this programme");
        if (!ReferralCode.TryNormalize(input.ReferrerCode, out _)) problems.Add("input.referrerCode", $"\"{input.ReferrerCode}\" is not a referral code");
        problems.ToResult().ThrowIfInvalid("widget render");

        var runtime = _byId[decision.CampaignId!.Value];
        var variant = runtime.Resolve(decision.VariantKey);
        var language = input.Language ?? Settings.DefaultLanguage;
        var code = ReferralCode.Canonicalize(input.ReferrerCode);
        var slug = runtime.Config.EffectiveSlug;
        var link = _links.Build(code, ShareChannel.CopyLink, slug, variant.Key);
        var offerText = Descriptions.Offer(variant.Motivation.Offer, language, input.Currency);
        var rewardText = Descriptions.Reward(variant.Motivation.Config.ReferrerReward.ToDefinition(), language, input.Currency);

        var model = new TemplateModel
        {
            Customer = new CustomerModel { FirstName = input.FirstName, LastName = input.LastName },
            Order = new OrderModel { Number = input.OrderNumber, Total = input.OrderTotal, PlacedOn = input.OrderPlacedAt },
            Offer = new OfferModel
            {
                Description = offerText,
                Percent = variant.Motivation.Offer.Kind == DiscountKind.Percent ? variant.Motivation.Offer.Value : null,
                Amount = variant.Motivation.Offer.Kind == DiscountKind.FixedAmount ? variant.Motivation.Offer.Value : null,
                MinOrder = variant.Motivation.Offer.MinimumSubtotal > 0 ? variant.Motivation.Offer.MinimumSubtotal : null,
            },
            Reward = new RewardModel { Description = rewardText },
            Links = new LinksModel
            {
                ReferralUrl = link,
                Vk = _links.Build(code, ShareChannel.Vk, slug, variant.Key),
                Ok = _links.Build(code, ShareChannel.Odnoklassniki, slug, variant.Key),
                Facebook = _links.Build(code, ShareChannel.Facebook, slug, variant.Key),
                X = _links.Build(code, ShareChannel.X, slug, variant.Key),
                Telegram = _links.Build(code, ShareChannel.Telegram, slug, variant.Key),
                WhatsApp = _links.Build(code, ShareChannel.WhatsApp, slug, variant.Key),
                Email = _links.Build(code, ShareChannel.Email, slug, variant.Key),
            },
            Store = new StoreModel { Name = input.StoreName, Url = Settings.StoreBaseUrl },
            Campaign = new CampaignModel { Name = runtime.Config.Name },
            Currency = input.Currency ?? CurrencyModel.Rub,
        };

        var widget = SafeRender(variant.Text.Widget, language, model);
        var share = SafeRender(variant.Text.ShareMessage, language, model);
        var usedFallback = !widget.Succeeded;
        var text = widget.Succeeded ? widget.Output : WebUtility.HtmlEncode(FallbackWidgetText(language));
        var shareMessage = share.Succeeded ? share.Output : $"{FallbackShareText(language, offerText)} {link}";
        var html = $"<div class=\"flock-widget\"><p class=\"flock-widget__text\">{text}</p>"
                   + $"<p class=\"flock-widget__link\"><a href=\"{WebUtility.HtmlEncode(link)}\">{WebUtility.HtmlEncode(link)}</a></p></div>";

        var content = new ShareContent
        {
            Title = input.StoreName ?? "",
            Text = shareMessage,
            ImageUrl = variant.Picture?.ImageUrl,
            EmailSubject = Descriptions.IsRussian(language) ? $"Дарю {offerText}" : $"A gift for you: {offerText}",
            EmailBody = shareMessage,
            LinkText = offerText,
        };
        var targets = _shareTargets.For(runtime.Channels, new ShareRequest { Code = code, CampaignSlug = slug, Variant = variant.Key, Content = content });
        var qrLink = _links.Build(code, ShareChannel.QrCode, slug, variant.Key);

        return new WidgetContent
        {
            Html = html,
            UsedFallback = usedFallback || !share.Succeeded,
            Problems = widget.Problems.Concat(share.Problems).Select(p => p.ToString()).ToArray(),
            ShareMessage = shareMessage,
            Link = link,
            ShareTargets = targets,
            Qr = targets.OfType<QrCodeTarget>().FirstOrDefault() ?? new QrCodeTarget(ShareChannel.QrCode, qrLink),
            EmbedSnippet = targets.OfType<EmbedSnippetTarget>().FirstOrDefault()?.Html,
            FriendOfferDescription = offerText,
            RewardDescription = rewardText,
            ImageUrl = variant.Picture?.ImageUrl,
            CustomCss = runtime.Config.CustomCss,
            ThankYouRecommendations = runtime.Config.ThankYouRecommendations,
            VariantKey = variant.Key,
        };
    }

    private static RenderResult SafeRender(TemplateSet set, string language, TemplateModel model)
    {
        try
        {
            return set.Render(language, model);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new RenderResult("", false, [new TemplateDiagnostic(TemplateSeverity.Error, 0, 0, "render failed: " + e.Message)]) { UsedFallback = true };
        }
    }

    private static string FallbackWidgetText(string language) => Descriptions.IsRussian(language)
        ? "Спасибо за заказ! Поделитесь личной ссылкой с друзьями:"
        : "Thank you for your order! Share your personal link with friends:";

    private static string FallbackShareText(string language, string offer) => Descriptions.IsRussian(language)
        ? $"Дарю тебе {offer}:"
        : $"Here is {offer}:";

    // ---------------------------------------------------------------- landing

    /// <summary>Parses a landing URL (absolute or relative). Never throws.</summary>
    public ReferralLanding ParseLanding(string? url) => _links.Parse(url);

    /// <summary>Parses a landing path and query. Never throws.</summary>
    public ReferralLanding ParseLanding(string? path, string? query) => _links.Parse(path, query);

    /// <summary>Plans what happens when a visitor opens a referral link: coupon, cookie, greeting and the click to store.</summary>
    public LandingPlan PlanLanding(LandingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new ProblemCollector();
        if (request.Landing is null) problems.Add("landing", "is required");
        if (request.Code is null) problems.Add("code", "is required");
        else if (request.Code.Status == CodeStatus.Active && request.Code.ReferrerCustomerId <= 0)
            problems.Add("code.referrerCustomerId", $"must be positive for an active code (was {request.Code.ReferrerCustomerId})");
        problems.ToResult().ThrowIfInvalid("landing request");

        var landing = request.Landing!;
        var lookup = request.Code!;
        if (!landing.IsReferral)
            return new LandingPlan { Outcome = LandingOutcome.NotReferral, Reason = $"not a referral link: {landing.NotReferralReason}" };
        switch (lookup.Status)
        {
            case CodeStatus.Unknown:
                return new LandingPlan { Outcome = LandingOutcome.UnknownCode, Reason = $"referral code {landing.Code} does not exist" };
            case CodeStatus.Blocked:
                return new LandingPlan { Outcome = LandingOutcome.BlockedCode, Reason = $"referral code {landing.Code} is blocked" };
        }
        if (request.VisitorCustomerId is { } visitor && visitor == lookup.ReferrerCustomerId)
            return new LandingPlan
            {
                Outcome = LandingOutcome.OwnLink,
                Reason = $"customer {visitor} opened their own referral link: no coupon",
            };

        var runtime = FindLandingCampaign(lookup.CampaignId, landing.Campaign);
        if (runtime is null)
            return new LandingPlan { Outcome = LandingOutcome.NoActiveCampaign, Reason = "no active campaign can make an offer for this link" };

        var variant = runtime.Resolve(lookup.Variant ?? landing.Variant);
        var offer = variant.Motivation.Offer;
        var language = request.Language ?? Settings.DefaultLanguage;
        var greeting = new LandingGreeting(lookup.ReferrerFirstName, Descriptions.Offer(offer, language),
            Descriptions.Greeting(lookup.ReferrerFirstName, offer, language));
        var click = new LinkClickRecord(landing.Code, lookup.ReferrerCustomerId, landing.Channel, runtime.Config.Id, variant.Key, request.Now);
        var cookie = TimeSpan.FromDays(runtime.Config.Attribution.WindowDays);
        var visit = string.IsNullOrWhiteSpace(request.VisitorKey) ? null
            : new VisitEvent(landing.Code, runtime.Config.Id, variant.Key, landing.Channel.Slug(), request.VisitorKey, request.Now);

        var redirect = ReferralLink.RedirectQuery(landing.Channel, runtime.Config.EffectiveSlug, variant.Key);
        if (request.VisitorHasUnusedCouponFromReferrer)
            return new LandingPlan
            {
                RedirectQuery = redirect,
                Outcome = LandingOutcome.AlreadyHasCoupon,
                Reason = "the visitor already holds an unused coupon from this referrer: no new coupon",
                Greeting = greeting, Click = click, CookieLifetime = cookie, CampaignId = runtime.Config.Id, Visit = visit,
            };

        return new LandingPlan
        {
            RedirectQuery = redirect,
            Outcome = LandingOutcome.Offer,
            Reason = $"referral by code {landing.Code} via {landing.Channel.Slug()}: {greeting.Text}",
            Invitation = new FriendOfferClaimPlan(runtime.Config.Id, variant.Key, variant.Motivation.Config.Id, request.Now, offer.ExpiresAt(request.Now),
                new FriendOfferDiscount
                {
                    CampaignId = runtime.Config.Id,
                    MotivationId = variant.Motivation.Config.Id,
                    OfferKey = FriendOfferGate.OfferKey(runtime.Config.Id, variant.Motivation.Config.Id, offer),
                    Offer = offer,
                }),
            Greeting = greeting,
            Click = click,
            CookieLifetime = cookie,
            CampaignId = runtime.Config.Id,
            Visit = visit,
        };
    }

    private CampaignRuntime? FindLandingCampaign(int? campaignId, string? slug)
    {
        //a link issued under a campaign makes that campaign's offer or none: a paused campaign is not replaced by whatever utm_campaign names
        if (campaignId is { } id) return _byId.TryGetValue(id, out var byId) && byId.IsActive ? byId : null;
        if (slug is not null && _bySlug.TryGetValue(slug, out var bySlug) && bySlug.IsActive) return bySlug;
        return _byId.Values.Where(r => r.IsActive).OrderByDescending(r => r.Config.Priority).ThenBy(r => r.Config.Id).FirstOrDefault();
    }

    // ---------------------------------------------------------------- friend order

    /// <summary>
    /// Judges a friend's order: attribution, abuse checks, reward intents to record and analytics rows. Replaying
    /// the same order gives the same cause keys, so the ledger's unique index prevents a second grant.
    /// </summary>
    public FriendOrderJudgement JudgeFriendOrder(FriendOrderRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new ProblemCollector();
        if (!_byId.ContainsKey(request.CampaignId)) problems.Add("campaignId", $"campaign {request.CampaignId} is not in this programme");
        if (request.Order is null) problems.Add("order", "is required");
        if (request.Friend is null) problems.Add("friend", "is required");
        if (request.Coupons is null) problems.Add("coupons", "must not be null (pass an empty list)");
        if (request.LinkClicks is null) problems.Add("linkClicks", "must not be null (pass an empty list)");
        if (request.Invitations is null) problems.Add("invitations", "must not be null (pass an empty list)");
        if (request.Referrers is null) problems.Add("referrers", "must not be null (pass an empty list)");
        NoNullItems(problems, "coupons", request.Coupons);
        NoNullItems(problems, "linkClicks", request.LinkClicks);
        NoNullItems(problems, "invitations", request.Invitations);
        NoNullItems(problems, "referrers", request.Referrers);
        problems.ToResult().ThrowIfInvalid("friend order request");

        var runtime = _byId[request.CampaignId];
        var order = request.Order!;
        var friend = request.Friend!;
        var linkClicks = request.LinkClicks!;
        var orderAt = order.PlacedAt == default ? request.Now : order.PlacedAt;
        var variants = new Dictionary<AttributionEvidence, string>(ReferenceEqualityComparer.Instance);
        var evidence = new List<AttributionEvidence>();
        foreach (var c in request.Coupons!)
            Add(new CouponEvidence(new ReferrerRef(ReferralCode.Canonicalize(c.ReferrerCode), c.ReferrerCustomerId), c.CouponCode, orderAt), c.Variant);
        foreach (var click in linkClicks)
            Add(new LinkClickEvidence(new ReferrerRef(ReferralCode.Canonicalize(click.Code), click.ReferrerCustomerId), click.Channel, click.At), click.Variant);
        foreach (var invitation in request.Invitations!)
            Add(new EmailInvitationEvidence(new ReferrerRef(ReferralCode.Canonicalize(invitation.ReferrerCode), invitation.ReferrerCustomerId), invitation.InvitedEmailHash, invitation.At), invitation.Variant);

        // Find the candidate referrer first, whoever the friend is: self-referrals must be blocked, not just unattributed.
        var attributionRequest = new AttributionRequest { Friend = friend, Order = order, Evidence = evidence, Now = request.Now };
        var candidate = runtime.AnyCustomerAttributor.Attribute(attributionRequest);
        if (!candidate.IsAttributed)
            return new FriendOrderJudgement { Outcome = FriendOrderOutcome.NotAttributed, Reason = candidate.Reason, Attribution = candidate };

        var referrerRef = candidate.Referrer!;
        var variantKey = variants.TryGetValue(candidate.Evidence!, out var v) ? v : null;
        var variant = runtime.Resolve(variantKey);
        var referrer = request.Referrers!.FirstOrDefault(r => r.Identity?.CustomerId == referrerRef.CustomerId)
                       ?? throw new FlockValidationException("friend order request", "referrers",
                           $"no identity for the attributed referrer (customer {referrerRef.CustomerId}); pass every referrer found in the evidence");

        var verdict = runtime.Guard.Check(new AbuseCheckRequest
        {
            Referrer = referrer.Identity,
            Friend = new PartyIdentity
            {
                CustomerId = friend.CustomerId,
                Email = string.IsNullOrWhiteSpace(friend.Email) ? order.BillingEmail : friend.Email,
                Phone = string.IsNullOrWhiteSpace(friend.Phone) ? order.BillingPhone : friend.Phone,
                Address = order.ShippingAddress,
                Ip = order.CustomerIp,
                DeviceId = request.FriendDeviceId,
            },
            FriendPreviousPaidOrders = friend.OrderCount,
            FriendHadLinkClick = linkClicks.Any(c => c.ReferrerCustomerId == referrerRef.CustomerId),
            ReferrerHistory = referrer.History,
            CodeRedemptions = referrer.CodeRedemptions,
            CountryCode = friend.CountryCode ?? Settings.DefaultCountryCode,
            Now = request.Now,
        });

        var judgement = new FriendOrderJudgement
        {
            Outcome = FriendOrderOutcome.Blocked,
            Reason = "",
            Referrer = referrerRef,
            Evidence = candidate.Evidence,
            Attribution = candidate,
            Abuse = verdict,
            Variant = variant.Key,
        };
        if (verdict.Decision == AbuseDecision.Block)
            return judgement with { Reason = $"Blocked: {verdict.Reason}" };

        var attribution = runtime.Attributor.Attribute(attributionRequest);
        if (!attribution.IsAttributed)
            return judgement with { Outcome = FriendOrderOutcome.NotAttributed, Reason = attribution.Reason, Attribution = attribution, Referrer = null, Evidence = null };

        var intents = variant.Motivation.Evaluator.Evaluate(new FriendPurchaseEvent
        {
            OrderId = order.OrderId,
            FriendCustomerId = friend.CustomerId,
            ReferrerCustomerId = referrerRef.CustomerId,
            Subtotal = order.Subtotal,
            PaidTotal = order.Total,
            Stage = request.Stage,
            IsFriendsFirstOrder = friend.OrderCount == 0,
            At = orderAt,
        }, new ReferrerCounts(FriendsWhoBoughtBefore: referrer.FriendsWhoBoughtBefore));
        var review = verdict.Decision == AbuseDecision.Review;
        if (review) intents = intents.Select(i => i with { RequiresManualApproval = true }).ToArray();

        return judgement with
        {
            Outcome = review ? FriendOrderOutcome.NeedsReview : FriendOrderOutcome.Rewarded,
            Reason = review
                ? $"{attribution.Reason} Needs review: {verdict.Reason}"
                : $"{attribution.Reason} {(intents.Count == 0 ? "No reward earned (order below the minimum or not the friend's first)." : $"{intents.Count} reward(s) to record.")}",
            Attribution = attribution,
            RewardIntents = intents,
            FriendOrderEvents = [new FriendOrderEvent(order.OrderId, friend.CustomerId, referrerRef.CustomerId, runtime.Config.Id, variant.Key, order.Total, request.DiscountGiven, orderAt)],
        };

        void Add(AttributionEvidence item, string variantOfItem)
        {
            evidence.Add(item);
            variants[item] = variantOfItem;
        }
    }

    private static void NoNullItems<T>(ProblemCollector problems, string path, IReadOnlyList<T>? items)
    {
        if (items is null) return;
        for (var i = 0; i < items.Count; i++)
            if (items[i] is null) problems.Add(ProblemCollector.Index(path, i), "is null");
    }

    // ---------------------------------------------------------------- analytics

    /// <summary>KPIs via <see cref="KpiCalculator"/>, with campaign names and variant labels for the dashboard.</summary>
    public ProgrammeKpis Kpis(AnalyticsEvents events, KpiQuery query)
    {
        var report = KpiCalculator.Compute(events, query);
        var names = _byId.ToDictionary(p => p.Key, p => p.Value.Config.Name);
        var labels = new Dictionary<(int, string), string>();
        foreach (var campaign in report.Campaigns)
        foreach (var variant in campaign.Variants)
            labels[(campaign.CampaignId, variant.Variant)] = DescribeVariant(campaign.CampaignId, variant.Variant);
        return new ProgrammeKpis(report, names, labels);
    }

    /// <summary>
    /// The variant key (<c>m1-t2-p1</c>, as referrals, exposures and <see cref="DescribeVariant"/> use it) of a creative
    /// combination key as stored in a creative experiment's assignment (<c>m1|t2|p1</c>, <see cref="Experiments.CreativeCombination.Key"/>).
    /// </summary>
    public static string VariantKeyOfCombination(string combinationKey)
    {
        ArgumentNullException.ThrowIfNull(combinationKey);
        return string.Join(VariantSeparator, combinationKey.Split(Experiments.CreativeSpace.KeySeparator));
    }

    /// <summary>"Friend 5%, you 10% / Thank you" for a variant key; the key itself when it is not this campaign's.</summary>
    public string DescribeVariant(int campaignId, string variantKey)
    {
        if (!_byId.TryGetValue(campaignId, out var runtime) || !runtime.TryResolve(variantKey, out var variant)) return variantKey;
        var parts = new List<string> { Label(variant.Motivation.Config), Label(variant.Text.Config) };
        if (variant.Picture is { } picture) parts.Add(Label(picture));
        return string.Join(" / ", parts);

        static string Label(CreativeLevelConfig level) => string.IsNullOrWhiteSpace(level.Label) ? level.Id : level.Label;
    }

    // ---------------------------------------------------------------- compiled campaign

    private sealed record MotivationRuntime(MotivationConfig Config, FriendOffer Offer, RewardPolicyEvaluator Evaluator);

    private sealed record TextRuntime(TextConfig Config, TemplateSet Widget, TemplateSet ShareMessage);

    private sealed record Variant(string Key, MotivationRuntime Motivation, TextRuntime Text, PictureConfig? Picture);

    private sealed class CampaignRuntime
    {
        private readonly Dictionary<string, MotivationRuntime> _motivations;
        private readonly Dictionary<string, TextRuntime> _texts;
        private readonly Dictionary<string, PictureConfig> _pictures;
        private readonly Variant _default;

        public CampaignRuntime(CampaignConfig config, ProgrammeSettings settings, TemplateCompiler compiler, EmailHasher hasher)
        {
            Config = config;
            Campaign = config.ToCampaignUnchecked();
            Channels = ShareChannels.ParseSelection(config.Channels);
            Attributor = new Attributor(config.Attribution, hasher);
            AnyCustomerAttributor = new Attributor(config.Attribution with { FriendMustBeNewCustomer = false }, hasher);
            Guard = new AbuseGuard(config.AbuseGuard);
            _motivations = config.Creatives.Motivations.ToDictionary(m => m.Id, m =>
            {
                var program = m.ToRewardProgram(settings.ReturnWindowDays);
                return new MotivationRuntime(m, program.FriendOffer, new RewardPolicyEvaluator(program));
            }, StringComparer.Ordinal);
            _texts = config.Creatives.Texts.ToDictionary(t => t.Id, t => new TextRuntime(t,
                Set(compiler, t.Widget, settings.DefaultLanguage, TemplateOutputMode.Html),
                Set(compiler, t.ShareMessage, settings.DefaultLanguage, TemplateOutputMode.PlainText)), StringComparer.Ordinal);
            _pictures = (config.Creatives.Pictures ?? []).ToDictionary(p => p.Id, StringComparer.Ordinal);
            var first = config.Creatives;
            var defaultKey = first.Pictures is { Count: > 0 }
                ? $"{first.Motivations[0].Id}{VariantSeparator}{first.Texts[0].Id}{VariantSeparator}{first.Pictures[0].Id}"
                : $"{first.Motivations[0].Id}{VariantSeparator}{first.Texts[0].Id}";
            TryResolve(defaultKey, out _default!);
        }

        public CampaignConfig Config { get; }
        public Campaign Campaign { get; }
        public IReadOnlyList<ShareChannel> Channels { get; }
        public Attributor Attributor { get; }
        public Attributor AnyCustomerAttributor { get; }
        public AbuseGuard Guard { get; }
        public bool IsActive => Config.Status == CampaignStatus.Active;

        public bool TryResolveMotivation(string id, out MotivationRuntime motivation) => _motivations.TryGetValue(id, out motivation!);

        /// <summary>The variant for a key, or the campaign's first levels when the key is missing or stale.</summary>
        public Variant Resolve(string? key) => TryResolve(key, out var variant) ? variant : _default;

        public bool TryResolve(string? key, out Variant variant)
        {
            variant = null!;
            if (string.IsNullOrEmpty(key)) return false;
            var parts = key.Split(VariantSeparator);
            if (parts.Length != (_pictures.Count > 0 ? 3 : 2)) return false;
            if (!_motivations.TryGetValue(parts[0], out var motivation) || !_texts.TryGetValue(parts[1], out var text)) return false;
            PictureConfig? picture = null;
            if (parts.Length == 3 && !_pictures.TryGetValue(parts[2], out picture)) return false;
            variant = new Variant(key, motivation, text, picture);
            return true;
        }

        private static TemplateSet Set(TemplateCompiler compiler, IReadOnlyDictionary<string, string> sources, string defaultLanguage, TemplateOutputMode mode)
        {
            var language = sources.Keys.FirstOrDefault(k => string.Equals(k.Split('-', '_')[0], defaultLanguage.Split('-', '_')[0], StringComparison.OrdinalIgnoreCase))
                           ?? sources.Keys.OrderBy(k => k, StringComparer.Ordinal).First();
            return new TemplateSet(compiler, sources, language, mode, fallbackText: "");
        }
    }
}
