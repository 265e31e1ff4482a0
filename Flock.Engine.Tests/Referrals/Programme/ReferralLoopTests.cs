using Flock.Engine.Referrals.AntiAbuse;
using Flock.Engine.Referrals.Campaigns;
using Flock.Engine.Common;
using Flock.Engine.Referrals.Offers;
using Flock.Engine.Referrals.Programme;
using Flock.Engine.Referrals;
using Flock.Engine.Referrals.Rewards;
using Flock.Engine.Referrals.Rewards.Ledger;
using Flock.Engine.Snapshots;
using static Flock.Engine.Tests.Referrals.Programme.ProgrammeFixtures;

namespace Flock.Engine.Tests.Referrals.Programme;

public sealed class ReferralLoopTests
{
    private const int AnnaId = 101;
    private const int BorisId = 202;
    private const string AnnaCode = "ANNA2345";

    private static readonly ReferralProgramme Programme = ProgrammeFixtures.BuildProgramme();

    private static readonly PartyIdentity AnnaIdentity = new()
    {
        CustomerId = AnnaId, Email = "anna@mail.example", Phone = "+7 900 111-22-33", Address = "Moscow, Tverskaya 1", Ip = "10.0.0.1", DeviceId = "anna-phone",
    };

    private static CodeLookup AnnasCode(WidgetDecision decision) => new()
    {
        Status = CodeStatus.Active, ReferrerCustomerId = AnnaId, ReferrerFirstName = "Anna", CampaignId = decision.CampaignId, Variant = decision.VariantKey,
    };

    [Fact]
    public void The_whole_loop_runs_in_memory_and_grants_once()
    {
        // A buys: the thank-you page asks for a widget.
        var anna = Customer(AnnaId, "Anna <b>", orders: 1);
        var decision = Programme.DecideWidget(WidgetRequestFor(anna));
        Assert.True(decision.Show, decision.Reason);
        Assert.Equal(1, decision.CampaignId);
        Assert.Equal("p5_c10-thanks", decision.VariantKey);
        Assert.Contains(decision.NewAssignments, a => a.ExperimentKey == "campaign:1:v1:creatives");

        // The widget: escaped first name, personal link, 11 share targets in the configured order.
        var content = Programme.RenderWidget(decision, new WidgetRenderInput
        {
            ReferrerCode = AnnaCode, FirstName = "Anna <b>", OrderNumber = "1001", OrderTotal = 2500m, StoreName = "Shop", Language = "en",
        });
        Assert.False(content.UsedFallback);
        Assert.Contains("Anna &lt;b&gt;", content.Html);
        Assert.DoesNotContain("Anna <b>", content.Html);
        Assert.Contains("https://shop.example/r/" + AnnaCode, content.Link);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(content.Link), content.Html);
        Assert.Contains("5% off", content.Html);
        Assert.Contains("10% off your next order", content.Html);
        Assert.Equal(DefaultCampaign.Channels, content.ShareTargets.Select(t => t.Channel.Slug()));
        Assert.All(content.ShareTargets, t => Assert.DoesNotContain("utm_", t.Link)); // short links: /r/CODE/channel
        Assert.NotEmpty(content.QrPng);
        Assert.Contains("<svg", content.QrSvg);
        Assert.NotNull(content.EmbedSnippet);
        Assert.Contains(content.Link, content.ShareMessage);

        // B lands via the telegram link.
        var telegram = content.ShareTargets.Single(t => t.Channel == ShareChannel.Telegram).Link;
        var landing = Programme.ParseLanding(telegram);
        Assert.True(landing.IsReferral);
        var plan = Programme.PlanLanding(new LandingRequest { Landing = landing, Code = AnnasCode(decision), VisitorKey = "visitor-b", Now = Now });
        Assert.Equal(LandingOutcome.Offer, plan.Outcome);
        Assert.Equal(new Flock.Engine.Analytics.VisitEvent(AnnaCode, 1, "p5_c10-thanks", "telegram", "visitor-b", Now), plan.Visit);
        Assert.Equal("?utm_source=telegram&utm_medium=referral&utm_campaign=thank-you&utm_content=p5_c10-thanks", plan.RedirectQuery);
        var invitation = plan.Invitation!;
        Assert.Equal(Now.AddDays(30), invitation.ExpiresAt);
        var coupon = invitation.Discount.Offer.ToCampaignCouponSpec("FLFCAMPAIGN1", "Flock friend offer", Now);
        Assert.True(coupon.UsePercentage);
        Assert.Equal(5m, coupon.Percentage);
        Assert.Equal(0, coupon.UsageLimit);
        Assert.Equal(TimeSpan.FromDays(30), plan.CookieLifetime);
        Assert.Equal("Anna invited you: 5% off your first order", plan.Greeting!.Text);
        Assert.Equal(new LinkClickRecord(AnnaCode, AnnaId, ShareChannel.Telegram, 1, "p5_c10-thanks", Now), plan.Click);

        // B orders using the coupon.
        var orderAt = Now.AddDays(2);
        var order = new OrderSnapshot
        {
            OrderId = 5001, CustomerId = BorisId, Subtotal = 3000m, Total = 2850m, PlacedAt = orderAt, CouponCodes = [coupon.CouponCode],
            CustomerIp = "10.9.9.9", ShippingAddress = "Kazan, Baumana 5",
        };
        var request = new FriendOrderRequest
        {
            CampaignId = plan.CampaignId!.Value,
            Order = order,
            Friend = Customer(BorisId, "Boris"),
            Coupons = [new UsedFlockCoupon(coupon.CouponCode, AnnaCode, AnnaId, plan.Click!.Variant, Now)],
            LinkClicks = [plan.Click],
            Referrers = [new ReferrerCandidate { Identity = AnnaIdentity }],
            DiscountGiven = 150m,
            Now = orderAt,
        };
        var judgement = Programme.JudgeFriendOrder(request);
        Assert.Equal(FriendOrderOutcome.Rewarded, judgement.Outcome);
        Assert.Equal(AbuseDecision.Allow, judgement.Abuse!.Decision);
        Assert.Equal(AnnaId, judgement.Referrer!.CustomerId);
        Assert.IsType<Flock.Engine.Referrals.Attribution.CouponEvidence>(judgement.Evidence);
        var intent = Assert.Single(judgement.RewardIntents);
        Assert.Equal(AnnaId, intent.BeneficiaryCustomerId);
        Assert.False(intent.RequiresManualApproval);
        Assert.Equal(new CouponReward(DiscountKind.Percent, 10m, 30), intent.Reward);
        var analytics = Assert.Single(judgement.FriendOrderEvents);
        Assert.Equal((5001, AnnaId, 1, "p5_c10-thanks", 2850m, 150m), (analytics.OrderId, analytics.ReferrerId, analytics.CampaignId, analytics.Variant, analytics.Revenue, analytics.DiscountGiven));

        // Ledger: pending → paid → window passes → granted once.
        var ledger = new RewardLedger();
        var recorded = ledger.Record(intent);
        Assert.Equal(RewardState.Pending, recorded.Entry.State);
        ledger.Apply(new OrderPaid { OrderId = 5001, At = orderAt.AddHours(1) });
        Assert.Equal(RewardState.Pending, ledger.Find(intent.CauseKey)!.State);
        var settled = ledger.Apply(new ClockTick { At = orderAt.AddDays(15) });
        Assert.Single(settled.Effects.OfType<GrantReward>());
        Assert.Equal(RewardState.Granted, ledger.Find(intent.CauseKey)!.State);

        // Replaying B's order (e.g. on "paid") gives the same cause key: no second grant.
        var replay = Programme.JudgeFriendOrder(request with { Stage = FriendOrderStage.Paid, Now = orderAt.AddDays(16) });
        var replayed = Assert.Single(replay.RewardIntents);
        Assert.Equal(intent.CauseKey, replayed.CauseKey);
        var again = ledger.Record(replayed);
        Assert.False(again.Created);
        Assert.Empty(again.Effects);
        Assert.Single(ledger.Entries);
    }

    [Fact]
    public void A_referrer_opening_their_own_link_gets_no_coupon()
    {
        var decision = Programme.DecideWidget(WidgetRequestFor(Customer(AnnaId, "Anna", 1)));
        var landing = Programme.ParseLanding($"https://shop.example/r/{AnnaCode}?ch=vk");

        var plan = Programme.PlanLanding(new LandingRequest { Landing = landing, Code = AnnasCode(decision), VisitorCustomerId = AnnaId, Now = Now });

        Assert.Equal(LandingOutcome.OwnLink, plan.Outcome);
        Assert.Null(plan.Invitation);
        Assert.Null(plan.Click);
    }

    [Fact]
    public void A_referrer_using_their_own_friend_coupon_is_blocked_with_the_reason()
    {
        var order = new OrderSnapshot { OrderId = 6001, CustomerId = AnnaId, Subtotal = 1000m, Total = 950m, PlacedAt = Now, CouponCodes = ["SELF234567"] };

        var judgement = Programme.JudgeFriendOrder(new FriendOrderRequest
        {
            CampaignId = 1,
            Order = order,
            Friend = Customer(AnnaId, "Anna", orders: 1) with { Email = AnnaIdentity.Email },
            Coupons = [new UsedFlockCoupon("SELF234567", AnnaCode, AnnaId, "p5_c10-thanks", Now.AddHours(-1))],
            Referrers = [new ReferrerCandidate { Identity = AnnaIdentity }],
            Now = Now,
        });

        Assert.Equal(FriendOrderOutcome.Blocked, judgement.Outcome);
        Assert.False(judgement.IsAttributed);
        Assert.Equal(AbuseDecision.Block, judgement.Abuse!.Decision);
        Assert.True(judgement.Abuse.Has(AbuseReasons.SameCustomer));
        Assert.Contains("referrer themself", judgement.Reason);
        Assert.Empty(judgement.RewardIntents);
        Assert.Empty(judgement.FriendOrderEvents);
    }

    [Fact]
    public void A_review_verdict_records_rewards_that_need_admin_approval()
    {
        // Five earlier redemptions without a link click (and none for this friend) look like a leaked code.
        var redemptions = Enumerable.Range(1, 5).Select(i => new CodeRedemption { At = Now.AddHours(-i) }).ToArray();
        var judgement = Programme.JudgeFriendOrder(new FriendOrderRequest
        {
            CampaignId = 1,
            Order = new OrderSnapshot { OrderId = 7001, CustomerId = BorisId, Subtotal = 1000m, Total = 950m, PlacedAt = Now, CouponCodes = ["LEAK234567"] },
            Friend = Customer(BorisId),
            Coupons = [new UsedFlockCoupon("LEAK234567", AnnaCode, AnnaId, "p5_c10-thanks", Now.AddDays(-1))],
            Referrers = [new ReferrerCandidate { Identity = AnnaIdentity, CodeRedemptions = redemptions }],
            Now = Now,
        });

        Assert.Equal(FriendOrderOutcome.NeedsReview, judgement.Outcome);
        var intent = Assert.Single(judgement.RewardIntents);
        Assert.True(intent.RequiresManualApproval);

        var ledger = new RewardLedger();
        ledger.Record(intent);
        ledger.Apply(new OrderPaid { OrderId = 7001, At = Now });
        ledger.Apply(new ClockTick { At = Now.AddDays(20) });
        Assert.NotEqual(RewardState.Granted, ledger.Find(intent.CauseKey)!.State);
        var approved = ledger.Apply(new AdminApproved { CauseKey = intent.CauseKey, Actor = "admin", Reason = "checked", At = Now.AddDays(21) });
        Assert.Single(approved.Effects.OfType<GrantReward>());
    }

    [Fact]
    public void A_returning_customer_is_not_attributed_when_the_guard_allows_returning_friends()
    {
        var config = DefaultCampaign.Create() with { AbuseGuard = new AbuseGuardOptions { RequireNewFriend = false } };
        var programme = ProgrammeFixtures.BuildProgramme(config);

        var judgement = programme.JudgeFriendOrder(new FriendOrderRequest
        {
            CampaignId = 1,
            Order = new OrderSnapshot { OrderId = 8001, CustomerId = BorisId, Subtotal = 100m, Total = 100m, PlacedAt = Now },
            Friend = Customer(BorisId, orders: 3),
            LinkClicks = [new LinkClickRecord(AnnaCode, AnnaId, ShareChannel.Vk, 1, "p5_c10-thanks", Now.AddDays(-1))],
            Referrers = [new ReferrerCandidate { Identity = AnnaIdentity }],
            Now = Now,
        });

        Assert.Equal(FriendOrderOutcome.NotAttributed, judgement.Outcome);
        Assert.Contains("new customers only", judgement.Reason);
        Assert.Empty(judgement.RewardIntents);
    }

    [Fact]
    public void An_order_without_evidence_is_not_attributed()
    {
        var judgement = Programme.JudgeFriendOrder(new FriendOrderRequest
        {
            CampaignId = 1,
            Order = new OrderSnapshot { OrderId = 9001, CustomerId = BorisId, PlacedAt = Now },
            Friend = Customer(BorisId),
            Now = Now,
        });

        Assert.Equal(FriendOrderOutcome.NotAttributed, judgement.Outcome);
        Assert.Null(judgement.Abuse);
        Assert.Contains("no referral link click", judgement.Reason);
    }

    [Fact]
    public void Missing_referrer_identity_is_a_validation_error()
    {
        var error = Assert.Throws<FlockValidationException>(() => Programme.JudgeFriendOrder(new FriendOrderRequest
        {
            CampaignId = 1,
            Order = new OrderSnapshot { OrderId = 9002, CustomerId = BorisId, PlacedAt = Now },
            Friend = Customer(BorisId),
            LinkClicks = [new LinkClickRecord(AnnaCode, AnnaId, ShareChannel.Vk, 1, "p5_c10-thanks", Now.AddDays(-1))],
            Now = Now,
        }));

        Assert.Equal("referrers", Assert.Single(error.Problems).Path);
    }

    [Fact]
    public void Unknown_campaign_and_nulls_are_all_reported()
    {
        var error = Assert.Throws<FlockValidationException>(() => Programme.JudgeFriendOrder(new FriendOrderRequest
        {
            CampaignId = 99, Order = null!, Friend = null!, Coupons = null!, Now = Now,
        }));

        Assert.Equal(["campaignId", "order", "friend", "coupons"], error.Problems.Select(p => p.Path));
    }

    [Fact]
    public void Landing_outcomes_for_unknown_blocked_and_non_referral_links()
    {
        var landing = Programme.ParseLanding($"/r/{AnnaCode}");

        Assert.Equal(LandingOutcome.UnknownCode, Programme.PlanLanding(new LandingRequest { Landing = landing, Code = CodeLookup.Unknown, Now = Now }).Outcome);
        Assert.Equal(LandingOutcome.BlockedCode, Programme.PlanLanding(new LandingRequest
        {
            Landing = landing, Code = new CodeLookup { Status = CodeStatus.Blocked, ReferrerCustomerId = AnnaId }, Now = Now,
        }).Outcome);
        var notReferral = Programme.PlanLanding(new LandingRequest { Landing = Programme.ParseLanding("/catalog/shoes"), Code = CodeLookup.Unknown, Now = Now });
        Assert.Equal(LandingOutcome.NotReferral, notReferral.Outcome);
        Assert.Null(notReferral.Invitation);
    }

    [Fact]
    public void A_visitor_who_already_holds_a_coupon_gets_no_new_one_but_the_click_counts()
    {
        var landing = Programme.ParseLanding($"/r/{AnnaCode}?ch=wa");

        var plan = Programme.PlanLanding(new LandingRequest
        {
            Landing = landing, Code = new CodeLookup { Status = CodeStatus.Active, ReferrerCustomerId = AnnaId }, VisitorHasUnusedCouponFromReferrer = true, Now = Now,
        });

        Assert.Equal(LandingOutcome.AlreadyHasCoupon, plan.Outcome);
        Assert.Null(plan.Invitation);
        Assert.Equal(ShareChannel.WhatsApp, plan.Click!.Channel);
        Assert.Equal("p5_c10-thanks", plan.Click.Variant);
    }

    [Fact]
    public void Landings_create_no_discount_each_visitor_shares_the_campaigns_one_offer_discount()
    {
        var landing = Programme.ParseLanding($"/r/{AnnaCode}");
        var invitations = Enumerable.Range(0, 50).Select(i => Programme.PlanLanding(new LandingRequest
        {
            Landing = landing, Code = new CodeLookup { Status = CodeStatus.Active, ReferrerCustomerId = AnnaId }, VisitorCustomerId = 9000 + i, Now = Now,
        }).Invitation!).ToArray();

        Assert.Single(invitations.Select(i => i.Discount.OfferKey).Distinct());
        Assert.Equal(Programme.FriendOfferDiscountFor(1, invitations[0].MotivationId)!.OfferKey, invitations[0].Discount.OfferKey);
    }

    [Fact]
    public void A_link_of_a_paused_campaign_makes_no_offer_even_when_utm_campaign_names_a_live_one()
    {
        var landing = Programme.ParseLanding($"/r/{AnnaCode}?utm_campaign={Programme.Campaigns[0].EffectiveSlug}");
        var plan = Programme.PlanLanding(new LandingRequest
        {
            Landing = landing, Code = new CodeLookup { Status = CodeStatus.Active, ReferrerCustomerId = AnnaId, CampaignId = 4242 }, Now = Now,
        });

        Assert.Equal(LandingOutcome.NoActiveCampaign, plan.Outcome);
        Assert.Null(plan.Invitation);
    }

    [Fact]
    public void Russian_greeting_and_widget()
    {
        var decision = Programme.DecideWidget(WidgetRequestFor(Customer(AnnaId, "Анна", 1)));
        var content = Programme.RenderWidget(decision, new WidgetRenderInput { ReferrerCode = AnnaCode, FirstName = "Анна", OrderNumber = "7", Language = "ru-RU", StoreName = "Лавка" });
        var plan = Programme.PlanLanding(new LandingRequest { Landing = Programme.ParseLanding($"/r/{AnnaCode}"), Code = AnnasCode(decision) with { ReferrerFirstName = "Анна" }, Language = "ru", Now = Now });

        Assert.Contains("Анна, спасибо", content.Html);
        Assert.Contains("скидку 5%", content.Html);
        Assert.Contains("Лавка", content.ShareMessage);
        Assert.Equal("Анна приглашает вас: скидка 5% на первый заказ", plan.Greeting!.Text);
    }
}
