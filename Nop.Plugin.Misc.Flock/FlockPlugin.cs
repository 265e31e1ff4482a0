using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.Routing;
using Nop.Core.Domain.Cms;
using Nop.Core.Domain.ScheduleTasks;
using Nop.Plugin.Misc.Flock.Components;
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

namespace Nop.Plugin.Misc.Flock;

/// <summary>Flock: referrals and word of mouth. One plugin class: misc (install, configure) and widgets (storefront blocks).</summary>
public class FlockPlugin : BasePlugin, IMiscPlugin, IWidgetPlugin
{
    protected readonly IActionContextAccessor _actionContextAccessor;
    protected readonly IDiscountService _discountService;
    protected readonly ILocalizationService _localizationService;
    protected readonly IPermissionService _permissionService;
    protected readonly IScheduleTaskService _scheduleTaskService;
    protected readonly ISettingService _settingService;
    protected readonly IUrlHelperFactory _urlHelperFactory;
    protected readonly CampaignService _campaignService;
    protected readonly FriendCouponService _friendCouponService;
    protected readonly LocaleResourceInstaller _localeResourceInstaller;
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
        FriendCouponService friendCouponService,
        LocaleResourceInstaller localeResourceInstaller,
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
        _friendCouponService = friendCouponService;
        _localeResourceInstaller = localeResourceInstaller;
        _rewardService = rewardService;
        _widgetSettings = widgetSettings;
    }

    public bool HideInWidgetList => false;

    public override string GetConfigurationPageUrl() =>
        _urlHelperFactory.GetUrlHelper(_actionContextAccessor.ActionContext).RouteUrl(FlockDefaults.ConfigurationRouteName);

    public Task<IList<string>> GetWidgetZonesAsync() => Task.FromResult<IList<string>>(new List<string>
    {
        PublicWidgetZones.CheckoutCompletedTop,
        PublicWidgetZones.AccountNavigationAfter,
        PublicWidgetZones.BodyEndHtmlTagBefore
    });

    public Type GetWidgetViewComponent(string widgetZone)
    {
        if (widgetZone == PublicWidgetZones.CheckoutCompletedTop)
            return typeof(ThankYouWidgetViewComponent);
        if (widgetZone == PublicWidgetZones.AccountNavigationAfter)
            return typeof(AccountNavigationViewComponent);
        if (widgetZone == PublicWidgetZones.BodyEndHtmlTagBefore)
            return typeof(LandingBannerViewComponent);
        return null;
    }

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
        //every discount Flock created (friend coupons and referrer rewards); the tables go with the migration's Down
        var discountIds = (await _friendCouponService.GetAllDiscountIdsAsync())
            .Concat(await _rewardService.GetAllGrantedDiscountIdsAsync())
            .Distinct().ToList();
        foreach (var discountId in discountIds)
        {
            var discount = await _discountService.GetDiscountByIdAsync(discountId);
            if (discount is not null)
                await _discountService.DeleteDiscountAsync(discount);
        }

        if (_widgetSettings.ActiveWidgetSystemNames.Contains(PluginDescriptor.SystemName))
        {
            _widgetSettings.ActiveWidgetSystemNames.Remove(PluginDescriptor.SystemName);
            await _settingService.SaveSettingAsync(_widgetSettings);
        }

        await _settingService.DeleteSettingAsync<FlockSettings>();
        await _localizationService.DeleteLocaleResourcesAsync(FlockDefaults.ResourcePrefix);

        var task = await _scheduleTaskService.GetTaskByTypeAsync(FlockDefaults.SettleRewardsTask.Type);
        if (task is not null)
            await _scheduleTaskService.DeleteTaskAsync(task);

        foreach (var permission in FlockDefaults.Permissions.All)
            await _permissionService.DeletePermissionAsync(permission);

        await base.UninstallAsync();
    }
}
