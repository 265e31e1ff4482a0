using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.Routing;
using Nop.Core.Domain.Cms;
using Nop.Core.Domain.ScheduleTasks;
using Nop.Plugin.Misc.Flock.Components;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Services;
using Nop.Services.Cms;
using Nop.Services.Common;
using Nop.Services.Configuration;
using Nop.Services.Discounts;
using Nop.Services.Localization;
using Nop.Services.Plugins;
using Nop.Services.ScheduleTasks;
using Nop.Services.Security;
using Nop.Web.Framework.Infrastructure;
using Nop.Plugin.Misc.Flock.Services.Chains;
using Nop.Plugin.Misc.Flock.Services.Referrals;

namespace Nop.Plugin.Misc.Flock;

/// <summary>
/// Flock: referrals and word of mouth. One plugin class (nopCommerce takes one per assembly): misc (install, configure),
/// widgets (storefront blocks) and the discount requirement that guards every discount Flock makes.
/// </summary>
public class FlockPlugin : BasePlugin, IMiscPlugin, IWidgetPlugin, IDiscountRequirementRule
{
    protected readonly IActionContextAccessor _actionContextAccessor;
    protected readonly IDiscountService _discountService;
    protected readonly ILocalizationService _localizationService;
    protected readonly IPermissionService _permissionService;
    protected readonly IScheduleTaskService _scheduleTaskService;
    protected readonly ISettingService _settingService;
    protected readonly IUrlHelperFactory _urlHelperFactory;
    protected readonly CampaignService _campaignService;
    protected readonly ChainInstaller _chainInstaller;
    protected readonly FriendCouponService _friendCouponService;
    protected readonly FriendOfferRequirementService _friendOfferRequirementService;
    protected readonly LocaleResourceInstaller _localeResourceInstaller;
    protected readonly OfferDiscountService _offerDiscountService;
    protected readonly RewardService _rewardService;
    protected readonly WidgetSettings _widgetSettings;

    public FlockPlugin(IActionContextAccessor actionContextAccessor,
        IDiscountService discountService,
        ILocalizationService localizationService,
        IPermissionService permissionService,
        IScheduleTaskService scheduleTaskService,
        ISettingService settingService,
        IUrlHelperFactory urlHelperFactory,
        CampaignService campaignService,
        ChainInstaller chainInstaller,
        FriendCouponService friendCouponService,
        FriendOfferRequirementService friendOfferRequirementService,
        LocaleResourceInstaller localeResourceInstaller,
        OfferDiscountService offerDiscountService,
        RewardService rewardService,
        WidgetSettings widgetSettings)
    {
        _actionContextAccessor = actionContextAccessor;
        _discountService = discountService;
        _localizationService = localizationService;
        _permissionService = permissionService;
        _scheduleTaskService = scheduleTaskService;
        _settingService = settingService;
        _urlHelperFactory = urlHelperFactory;
        _campaignService = campaignService;
        _chainInstaller = chainInstaller;
        _friendCouponService = friendCouponService;
        _friendOfferRequirementService = friendOfferRequirementService;
        _localeResourceInstaller = localeResourceInstaller;
        _offerDiscountService = offerDiscountService;
        _rewardService = rewardService;
        _widgetSettings = widgetSettings;
    }

    public bool HideInWidgetList => false;

    public override string GetConfigurationPageUrl() =>
        _urlHelperFactory.GetUrlHelper(_actionContextAccessor.ActionContext).RouteUrl(FlockDefaults.ConfigurationRouteName);

    /// <summary>Fixed zones, plus every zone the recommendation block may be placed in (it renders only in the one chosen).</summary>
    public Task<IList<string>> GetWidgetZonesAsync() => Task.FromResult<IList<string>>(new List<string>
    {
        PublicWidgetZones.CheckoutCompletedTop,
        PublicWidgetZones.CheckoutCompletedBottom,
        PublicWidgetZones.AccountNavigationAfter,
        PublicWidgetZones.BodyEndHtmlTagBefore,
        PublicWidgetZones.OrderSummaryContentBefore,
        AdminWidgetZones.CustomerDetailsBlock
    }.Concat(FlockDefaults.RecommendationProductZones).Concat(FlockDefaults.RecommendationCartZones).ToList());

    public Type GetWidgetViewComponent(string widgetZone)
    {
        if (widgetZone == PublicWidgetZones.CheckoutCompletedTop)
            return typeof(ThankYouWidgetViewComponent);
        if (widgetZone == PublicWidgetZones.AccountNavigationAfter)
            return typeof(AccountNavigationViewComponent);
        if (widgetZone == PublicWidgetZones.BodyEndHtmlTagBefore)
            return typeof(LandingBannerViewComponent);
        if (widgetZone == PublicWidgetZones.OrderSummaryContentBefore)
            return typeof(CartOfferNoticeViewComponent);
        if (widgetZone == AdminWidgetZones.CustomerDetailsBlock)
            return typeof(CustomerChainTimelineViewComponent);
        if (widgetZone == PublicWidgetZones.CheckoutCompletedBottom || FlockDefaults.RecommendationProductZones.Contains(widgetZone)
            || FlockDefaults.RecommendationCartZones.Contains(widgetZone))
            return typeof(RecommendationsViewComponent);
        return null;
    }

    /// <summary>nopCommerce asks this on every cart calculation and at order placement for each Flock discount.</summary>
    public Task<DiscountRequirementValidationResult> CheckRequirementAsync(DiscountRequirementValidationRequest request) =>
        _friendOfferRequirementService.CheckAsync(request);

    /// <summary>Flock's requirement is set on Flock's own discounts; there is nothing for an admin to configure on it.</summary>
    public string GetConfigurationUrl(int discountId, int? discountRequirementId) => null;

    public override async Task InstallAsync()
    {
        await _settingService.SaveSettingAsync(new FlockSettings
        {
            Enabled = true,
            ReferralRoutePrefix = "r",
            AttributionWindowDays = 30,
            EmailHashSecret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ShowOnCheckoutCompleted = true,
            ShowInviteFriendsInAccount = true,
            ShowLandingBanner = true,
            ReturnWindowDays = 14,
            ReferralCodeLength = 8,
            PurgeExpiredCouponsAfterDays = 7,
            MaxInvitationsPerIpPerHour = 20,
            ProgrammeVersionStamp = Guid.NewGuid().ToString("N")
        });

        await _localeResourceInstaller.InstallAsync();

        if (await _scheduleTaskService.GetTaskByTypeAsync(FlockDefaults.SettleRewardsTask.Type) is null)
        {
            await _scheduleTaskService.InsertTaskAsync(new ScheduleTask
            {
                Enabled = true,
                StopOnError = false,
                LastEnabledUtc = DateTime.UtcNow,
                Name = FlockDefaults.SettleRewardsTask.Name,
                Type = FlockDefaults.SettleRewardsTask.Type,
                Seconds = FlockDefaults.SettleRewardsTask.PeriodSeconds
            });
        }
        await _chainInstaller.InstallAsync();

        await _permissionService.InsertPermissionsAsync();

        if (!_widgetSettings.ActiveWidgetSystemNames.Contains(PluginDescriptor.SystemName))
        {
            _widgetSettings.ActiveWidgetSystemNames.Add(PluginDescriptor.SystemName);
            await _settingService.SaveSettingAsync(_widgetSettings);
        }

        await _campaignService.InsertDefaultCampaignAsync();

        await base.InstallAsync();
    }

    public override async Task UninstallAsync()
    {
        //never take away what customers were granted, never rewrite order history:
        // - a granted reward coupon stays active and loses only Flock's requirement (so it keeps working for its holder);
        // - friend-offer discounts and 1.0 friend coupons are deleted when no order used them, else deactivated;
        // - pending rewards are not paid: the settings page warns with a count before uninstall (export the ledger).
        foreach (var offer in await _offerDiscountService.GetAllAsync())
        {
            var discount = await _discountService.GetDiscountByIdAsync(offer.DiscountId);
            if (discount is null)
                continue;
            var reward = offer.RewardId is int rewardId ? await _rewardService.GetByIdAsync(rewardId) : null;
            var keepsWorking = offer.Kind == FlockOfferKind.RewardCoupon && discount.IsActive && reward?.State is "Granted" or "PartiallyRevoked"
                && !await _offerDiscountService.HasUsageAsync(discount.Id);
            if (!keepsWorking)
            {
                //retire first: a friend offer must never be left active without Flock's requirement (its code is public)
                await _offerDiscountService.RetireAsync(discount.Id);
                continue;
            }
            //a granted reward coupon is its holder's: it keeps working without Flock (the code is personal and unguessable)
            await _offerDiscountService.RemoveRequirementAsync(offer.RequirementId);
        }
        foreach (var discountId in await _friendCouponService.GetLegacyDiscountIdsAsync())
            await _offerDiscountService.RetireAsync(discountId);
        foreach (var requirement in (await _discountService.GetAllDiscountRequirementsAsync()).Where(r => r.DiscountRequirementRuleSystemName == FlockDefaults.SystemName))
            await _discountService.DeleteDiscountRequirementAsync(requirement, false);

        if (_widgetSettings.ActiveWidgetSystemNames.Contains(PluginDescriptor.SystemName))
        {
            _widgetSettings.ActiveWidgetSystemNames.Remove(PluginDescriptor.SystemName);
            await _settingService.SaveSettingAsync(_widgetSettings);
        }

        await _settingService.DeleteSettingAsync<FlockSettings>();
        if (await _settingService.GetSettingAsync(BuyerIdentityService.BackfillSettingKey) is { } backfill)
            await _settingService.DeleteSettingAsync(backfill);
        await _localizationService.DeleteLocaleResourcesAsync(FlockDefaults.ResourcePrefix);

        var task = await _scheduleTaskService.GetTaskByTypeAsync(FlockDefaults.SettleRewardsTask.Type);
        if (task is not null)
            await _scheduleTaskService.DeleteTaskAsync(task);

        //chain coupons already issued stay with their holders until they expire, like granted reward coupons
        await _chainInstaller.UninstallAsync();

        foreach (var permission in FlockDefaults.Permissions.All)
            await _permissionService.DeletePermissionAsync(permission);

        await base.UninstallAsync();
    }
}
