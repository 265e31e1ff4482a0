using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nop.Core.Infrastructure;
using Nop.Plugin.Misc.Flock.Factories;
using Nop.Plugin.Misc.Flock.Services;
using Nop.Plugin.Misc.Flock.Services.Behaviour;
using Nop.Plugin.Misc.Flock.Services.Chains;
using Nop.Plugin.Misc.Flock.Services.Referrals;
using Nop.Plugin.Misc.Flock.Services.Segments;
using Nop.Plugin.Misc.Flock.Services.Inbox;

namespace Nop.Plugin.Misc.Flock.Infrastructure;

public class NopStartup : INopStartup
{
    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<DefaultCampaignSource>();
        services.AddScoped<CampaignService>();
        services.AddScoped<ReferrerService>();
        services.AddScoped<VisitService>();
        services.AddScoped<FriendCouponService>();
        services.AddScoped<ReferralService>();
        services.AddScoped<RewardService>();
        services.AddScoped<AnalyticsEventService>();
        services.AddScoped<AssignmentService>();
        services.AddScoped<RewardSettlementService>();
        services.AddScoped<RewardLedgerService>();
        services.AddScoped<RewardFulfilmentService>();
        services.AddScoped<OfferDiscountService>();
        services.AddScoped<BuyerIdentityService>();
        services.AddScoped<InvitationService>();
        services.AddScoped<FriendOfferRequirementService>();
        services.AddScoped<SnapshotFactory>();
        services.AddScoped<Services.Messaging.NewsletterConsentService>();
        services.AddScoped<ProgrammeService>();
        services.AddScoped<CampaignUsageService>();
        services.AddScoped<ShareWidgetService>();
        services.AddScoped<LandingService>();
        services.AddScoped<FriendOrderService>();
        services.AddScoped<CustomerDataService>();
        services.AddScoped<InviteFriendsModelFactory>();
        services.AddScoped<LocaleResourceInstaller>();
        services.AddScoped<InboxService>();
        services.AddScoped<InboxProcessor>();
        services.AddSingleton<InboxSignal>();
        services.AddSingleton<ExposureBuffer>();
        services.AddSingleton<PreparedBlockMemory>();
        services.AddHostedService<InboxWorker>();
        services.AddScoped<ActivityService>();
        services.AddScoped<AccountJoinService>();
        services.AddSingleton<ActivityBuffer>();
        services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(options => options.Filters.Add(new BehaviourCaptureFilter()));
        services.AddScoped<ChainService>();
        services.AddScoped<EnrollmentService>();
        services.AddScoped<ChainFactsService>();
        services.AddScoped<ChainContentService>();
        services.AddScoped<ChainTemplateCheck>();
        //built on first use, from the request's own scope (nopCommerce's open Lazy<> resolves through EngineContext, i.e.
        //the root provider outside an HTTP request): the heavy services only a send or a launch needs
        AddLazy<ChainContentService>(services);
        AddLazy<ChainTemplateCheck>(services);
        services.AddSingleton<RfmModelCache>();
        services.AddScoped<SegmentService>();
        services.AddScoped<SegmentEntryService>();
        services.AddScoped<TriggerScanMarks>();
        services.AddScoped<DateTriggerService>();
        services.AddScoped<ProductTriggerService>();
        services.AddScoped<ScheduledTriggerService>();
        services.AddScoped<ChainActionExecutor>();
        services.AddScoped<ChainCouponService>();
        services.AddScoped<ChainModelFactory>();
        services.AddScoped<Services.Messaging.ContactGateService>();
        services.AddScoped<ChainScheduler>();
        services.AddScoped<ChainInstaller>();
        services.AddScoped<UnsubscribeLinks>();
        services.AddScoped<TrackingLinks>();
        services.AddScoped<Services.Recommendations.RecommendationDataService>();
        services.AddScoped<Services.Recommendations.RecommendationService>();
        services.AddSingleton<Services.Recommendations.RecommendationModelCache>();
        services.AddSingleton<Services.Recommendations.RecommendationExposureBuffer>();
        services.AddScoped<Services.Recommendations.RecommendationKpiService>();
        services.AddHostedService<Services.Recommendations.RecommendationWorker>();
    }

    private static void AddLazy<T>(IServiceCollection services) where T : class =>
        services.AddScoped(provider => new Lazy<T>(provider.GetRequiredService<T>));

    public void Configure(IApplicationBuilder application)
    {
    }

    public int Order => 3000;
}
