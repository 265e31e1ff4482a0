using Flock.Engine.Common;
using Microsoft.AspNetCore.Mvc;
using Nop.Core;
using Nop.Plugin.Misc.Flock.Models;
using Nop.Services.Configuration;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Nop.Web.Framework;
using Nop.Web.Framework.Controllers;
using Nop.Web.Framework.Mvc.Filters;
using Nop.Plugin.Misc.Flock.Services.Referrals;
using Nop.Plugin.Misc.Flock.Services.Inbox;

namespace Nop.Plugin.Misc.Flock.Controllers;

/// <summary>The plugin's settings page (Admin/Flock/Configure). Campaign, referral and ledger screens build on this.</summary>
[AuthorizeAdmin]
[Area(AreaNames.ADMIN)]
[AutoValidateAntiforgeryToken]
public class FlockAdminController : BasePluginController
{
    protected readonly ILocalizationService _localizationService;
    protected readonly INotificationService _notificationService;
    protected readonly ISettingService _settingService;
    protected readonly IStoreContext _storeContext;
    protected readonly Services.Referrals.RewardService _rewardService;
    protected readonly Services.Inbox.InboxService _inboxService;
    protected readonly Services.Recommendations.RecommendationModelCache _recommendationModel;

    public FlockAdminController(Services.Inbox.InboxService inboxService,
        Services.Recommendations.RecommendationModelCache recommendationModel,
        ILocalizationService localizationService,
        INotificationService notificationService,
        ISettingService settingService,
        IStoreContext storeContext,
        Services.Referrals.RewardService rewardService)
    {
        _rewardService = rewardService;
        _inboxService = inboxService;
        _recommendationModel = recommendationModel;
        _localizationService = localizationService;
        _notificationService = notificationService;
        _settingService = settingService;
        _storeContext = storeContext;
    }

    [CheckPermission(FlockDefaults.Permissions.ManageSettings)]
    public async Task<IActionResult> Configure()
    {
        var storeScope = await _storeContext.GetActiveStoreScopeConfigurationAsync();
        var settings = await _settingService.LoadSettingAsync<FlockSettings>(storeScope);

        var model = new ConfigurationModel
        {
            ActiveStoreScopeConfiguration = storeScope,
            Enabled = settings.Enabled,
            ReferralRoutePrefix = settings.ReferralRoutePrefix,
            AttributionWindowDays = settings.AttributionWindowDays,
            ShowOnCheckoutCompleted = settings.ShowOnCheckoutCompleted,
            ShowInviteFriendsInAccount = settings.ShowInviteFriendsInAccount,
            ShowLandingBanner = settings.ShowLandingBanner,
            ReturnWindowDays = settings.ReturnWindowDays,
            ReferralCodeLength = settings.ReferralCodeLength,
            PurgeExpiredCouponsAfterDays = settings.PurgeExpiredCouponsAfterDays,
            MaxInvitationsPerIpPerHour = settings.MaxInvitationsPerIpPerHour,
            ChainEmailsPerDay = settings.ChainEmailsPerDay,
            ChainEmailsPerWeek = settings.ChainEmailsPerWeek,
            ChainQuietHoursFrom = settings.ChainQuietHoursFrom,
            ChainQuietHoursTo = settings.ChainQuietHoursTo,
            ActivityRetentionDays = settings.ActivityRetentionDays,
            RecommendationsOnProductPage = settings.RecommendationsOnProductPage,
            RecommendationsProductWidgetZone = settings.RecommendationsProductWidgetZone,
            RecommendationsInCart = settings.RecommendationsInCart,
            RecommendationsCartWidgetZone = settings.RecommendationsCartWidgetZone,
            RecommendationsOnThankYou = settings.RecommendationsOnThankYou,
            RecommendationsCount = settings.RecommendationsCount,
            RecommendationsMinSupport = settings.RecommendationsMinSupport,
            RecommendationsUseSimilar = settings.RecommendationsUseSimilar,
            RecommendationsFillWithBestsellers = settings.RecommendationsFillWithBestsellers,
            RecommendationsUsePromo = settings.RecommendationsUsePromo,
            RecommendationsHoldoutPercent = settings.RecommendationsHoldoutPercent,
            RecommendationsExcludedProductIds = settings.RecommendationsExcludedProductIds,
            RecommendationsExcludedCategoryIds = settings.RecommendationsExcludedCategoryIds,
            HideAlsoPurchased = !(await _settingService.LoadSettingAsync<Nop.Core.Domain.Catalog.CatalogSettings>(storeScope)).ProductsAlsoPurchasedEnabled,
            OpenRewards = await _rewardService.CountOpenAsync()
        };
        await PrepareRecommendationListsAsync(model);
        var (pending, stuck) = await _inboxService.CountOpenAsync(RetrySchedule.StuckAfter);
        model.InboxPending = pending;
        if (stuck > 0)
            model.InboxStuck = (await _inboxService.GetStuckAsync(RetrySchedule.StuckAfter, 10))
                .Select(i => $"{i.Kind} #{i.EntityId}: {i.Attempts} attempts, next {i.DueOnUtc:u} — {i.LastError}").ToList();

        if (storeScope > 0)
        {
            model.Enabled_OverrideForStore = await _settingService.SettingExistsAsync(settings, s => s.Enabled, storeScope);
            model.ShowOnCheckoutCompleted_OverrideForStore = await _settingService.SettingExistsAsync(settings, s => s.ShowOnCheckoutCompleted, storeScope);
            model.ShowInviteFriendsInAccount_OverrideForStore = await _settingService.SettingExistsAsync(settings, s => s.ShowInviteFriendsInAccount, storeScope);
            model.ShowLandingBanner_OverrideForStore = await _settingService.SettingExistsAsync(settings, s => s.ShowLandingBanner, storeScope);
            model.ChainEmailsPerDay_OverrideForStore = await _settingService.SettingExistsAsync(settings, s => s.ChainEmailsPerDay, storeScope);
            model.ChainEmailsPerWeek_OverrideForStore = await _settingService.SettingExistsAsync(settings, s => s.ChainEmailsPerWeek, storeScope);
            model.ChainQuietHoursFrom_OverrideForStore = await _settingService.SettingExistsAsync(settings, s => s.ChainQuietHoursFrom, storeScope);
            model.ChainQuietHoursTo_OverrideForStore = await _settingService.SettingExistsAsync(settings, s => s.ChainQuietHoursTo, storeScope);
            model.RecommendationsOnProductPage_OverrideForStore = await _settingService.SettingExistsAsync(settings, s => s.RecommendationsOnProductPage, storeScope);
            model.RecommendationsProductWidgetZone_OverrideForStore = await _settingService.SettingExistsAsync(settings, s => s.RecommendationsProductWidgetZone, storeScope);
            model.RecommendationsInCart_OverrideForStore = await _settingService.SettingExistsAsync(settings, s => s.RecommendationsInCart, storeScope);
            model.RecommendationsCartWidgetZone_OverrideForStore = await _settingService.SettingExistsAsync(settings, s => s.RecommendationsCartWidgetZone, storeScope);
            model.RecommendationsOnThankYou_OverrideForStore = await _settingService.SettingExistsAsync(settings, s => s.RecommendationsOnThankYou, storeScope);
            model.RecommendationsCount_OverrideForStore = await _settingService.SettingExistsAsync(settings, s => s.RecommendationsCount, storeScope);
            model.RecommendationsMinSupport_OverrideForStore = await _settingService.SettingExistsAsync(settings, s => s.RecommendationsMinSupport, storeScope);
            model.RecommendationsUseSimilar_OverrideForStore = await _settingService.SettingExistsAsync(settings, s => s.RecommendationsUseSimilar, storeScope);
            model.RecommendationsFillWithBestsellers_OverrideForStore = await _settingService.SettingExistsAsync(settings, s => s.RecommendationsFillWithBestsellers, storeScope);
            model.RecommendationsUsePromo_OverrideForStore = await _settingService.SettingExistsAsync(settings, s => s.RecommendationsUsePromo, storeScope);
            model.RecommendationsHoldoutPercent_OverrideForStore = await _settingService.SettingExistsAsync(settings, s => s.RecommendationsHoldoutPercent, storeScope);
            model.RecommendationsExcludedProductIds_OverrideForStore = await _settingService.SettingExistsAsync(settings, s => s.RecommendationsExcludedProductIds, storeScope);
            model.RecommendationsExcludedCategoryIds_OverrideForStore = await _settingService.SettingExistsAsync(settings, s => s.RecommendationsExcludedCategoryIds, storeScope);
            model.HideAlsoPurchased_OverrideForStore = await _settingService.SettingExistsAsync(await _settingService.LoadSettingAsync<Nop.Core.Domain.Catalog.CatalogSettings>(storeScope), s => s.ProductsAlsoPurchasedEnabled, storeScope);
        }

        return View("~/Plugins/Misc.Flock/Views/Configure.cshtml", model);
    }

    [HttpPost]
    [CheckPermission(FlockDefaults.Permissions.ManageSettings)]
    public async Task<IActionResult> Configure(ConfigurationModel model)
    {
        if (!ModelState.IsValid)
        {
            await PrepareRecommendationListsAsync(model);
            return View("~/Plugins/Misc.Flock/Views/Configure.cshtml", model);
        }

        var storeScope = await _storeContext.GetActiveStoreScopeConfigurationAsync();
        var settings = await _settingService.LoadSettingAsync<FlockSettings>(storeScope);

        settings.Enabled = model.Enabled;
        settings.ReferralRoutePrefix = model.ReferralRoutePrefix.Trim();
        settings.AttributionWindowDays = model.AttributionWindowDays;
        settings.ShowOnCheckoutCompleted = model.ShowOnCheckoutCompleted;
        settings.ShowInviteFriendsInAccount = model.ShowInviteFriendsInAccount;
        settings.ShowLandingBanner = model.ShowLandingBanner;
        settings.ReturnWindowDays = model.ReturnWindowDays;
        settings.ReferralCodeLength = model.ReferralCodeLength;
        settings.PurgeExpiredCouponsAfterDays = model.PurgeExpiredCouponsAfterDays;
        settings.MaxInvitationsPerIpPerHour = model.MaxInvitationsPerIpPerHour;
        settings.ChainEmailsPerDay = model.ChainEmailsPerDay;
        settings.ChainEmailsPerWeek = model.ChainEmailsPerWeek;
        settings.ChainQuietHoursFrom = model.ChainQuietHoursFrom?.Trim() ?? "";
        settings.ChainQuietHoursTo = model.ChainQuietHoursTo?.Trim() ?? "";
        settings.ActivityRetentionDays = model.ActivityRetentionDays;
        settings.RecommendationsOnProductPage = model.RecommendationsOnProductPage;
        settings.RecommendationsProductWidgetZone = model.RecommendationsProductWidgetZone;
        settings.RecommendationsInCart = model.RecommendationsInCart;
        settings.RecommendationsCartWidgetZone = model.RecommendationsCartWidgetZone;
        settings.RecommendationsOnThankYou = model.RecommendationsOnThankYou;
        settings.RecommendationsCount = model.RecommendationsCount;
        settings.RecommendationsMinSupport = model.RecommendationsMinSupport;
        settings.RecommendationsUseSimilar = model.RecommendationsUseSimilar;
        settings.RecommendationsFillWithBestsellers = model.RecommendationsFillWithBestsellers;
        settings.RecommendationsUsePromo = model.RecommendationsUsePromo;
        settings.RecommendationsHoldoutPercent = model.RecommendationsHoldoutPercent;
        //normalised ("12,40"): what is saved is exactly what is enforced
        settings.RecommendationsExcludedProductIds = string.Join(",", Services.Recommendations.IdList.Parse(model.RecommendationsExcludedProductIds));
        settings.RecommendationsExcludedCategoryIds = string.Join(",", Services.Recommendations.IdList.Parse(model.RecommendationsExcludedCategoryIds));

        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.Enabled, model.Enabled_OverrideForStore, storeScope, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.ShowOnCheckoutCompleted, model.ShowOnCheckoutCompleted_OverrideForStore, storeScope, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.ShowInviteFriendsInAccount, model.ShowInviteFriendsInAccount_OverrideForStore, storeScope, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.ShowLandingBanner, model.ShowLandingBanner_OverrideForStore, storeScope, false);
        //contact pressure is the store's: each store has its own caps and quiet hours
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.ChainEmailsPerDay, model.ChainEmailsPerDay_OverrideForStore, storeScope, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.ChainEmailsPerWeek, model.ChainEmailsPerWeek_OverrideForStore, storeScope, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.ChainQuietHoursFrom, model.ChainQuietHoursFrom_OverrideForStore, storeScope, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.ChainQuietHoursTo, model.ChainQuietHoursTo_OverrideForStore, storeScope, false);
        await _settingService.SaveSettingAsync(settings, s => s.ActivityRetentionDays, 0, false);
        //recommendations are the store's: each setting overridable per store, as nopCommerce's own settings pages do
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.RecommendationsOnProductPage, model.RecommendationsOnProductPage_OverrideForStore, storeScope, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.RecommendationsProductWidgetZone, model.RecommendationsProductWidgetZone_OverrideForStore, storeScope, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.RecommendationsInCart, model.RecommendationsInCart_OverrideForStore, storeScope, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.RecommendationsCartWidgetZone, model.RecommendationsCartWidgetZone_OverrideForStore, storeScope, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.RecommendationsOnThankYou, model.RecommendationsOnThankYou_OverrideForStore, storeScope, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.RecommendationsCount, model.RecommendationsCount_OverrideForStore, storeScope, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.RecommendationsMinSupport, model.RecommendationsMinSupport_OverrideForStore, storeScope, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.RecommendationsUseSimilar, model.RecommendationsUseSimilar_OverrideForStore, storeScope, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.RecommendationsFillWithBestsellers, model.RecommendationsFillWithBestsellers_OverrideForStore, storeScope, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.RecommendationsUsePromo, model.RecommendationsUsePromo_OverrideForStore, storeScope, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.RecommendationsHoldoutPercent, model.RecommendationsHoldoutPercent_OverrideForStore, storeScope, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.RecommendationsExcludedProductIds, model.RecommendationsExcludedProductIds_OverrideForStore, storeScope, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.RecommendationsExcludedCategoryIds, model.RecommendationsExcludedCategoryIds_OverrideForStore, storeScope, false);
        var catalogSettings = await _settingService.LoadSettingAsync<Nop.Core.Domain.Catalog.CatalogSettings>(storeScope);
        catalogSettings.ProductsAlsoPurchasedEnabled = !model.HideAlsoPurchased;
        await _settingService.SaveSettingOverridablePerStoreAsync(catalogSettings, s => s.ProductsAlsoPurchasedEnabled, model.HideAlsoPurchased_OverrideForStore, storeScope, false);
        //links and codes are store-wide: one route table serves every store
        await _settingService.SaveSettingAsync(settings, s => s.ReferralRoutePrefix, 0, false);
        await _settingService.SaveSettingAsync(settings, s => s.AttributionWindowDays, 0, false);
        await _settingService.SaveSettingAsync(settings, s => s.ReturnWindowDays, 0, false);
        await _settingService.SaveSettingAsync(settings, s => s.ReferralCodeLength, 0, false);
        await _settingService.SaveSettingAsync(settings, s => s.PurgeExpiredCouponsAfterDays, 0, false);
        await _settingService.SaveSettingAsync(settings, s => s.MaxInvitationsPerIpPerHour, 0, false);
        await _settingService.ClearCacheAsync();

        _notificationService.SuccessNotification(await _localizationService.GetResourceAsync("Admin.Plugins.Saved"));

        return RedirectToAction(nameof(Configure));
    }

    protected virtual async Task PrepareRecommendationListsAsync(ConfigurationModel model)
    {
        model.AvailableProductZones = FlockDefaults.RecommendationProductZones.Select(zone => new Microsoft.AspNetCore.Mvc.Rendering.SelectListItem(zone, zone)).ToList();
        model.AvailableCartZones = FlockDefaults.RecommendationCartZones.Select(zone => new Microsoft.AspNetCore.Mvc.Rendering.SelectListItem(zone, zone)).ToList();
        var status = await _localizationService.GetResourceAsync("Plugins.Misc.Flock.Recommendations.ModelStatus");
        model.RecommendationModelStatus = _recommendationModel.Read((catalog, bought) => string.Format(status,
                catalog.Count, bought.CustomerCount, bought.ProductCount, bought.PairCount, _recommendationModel.BuiltOnUtc, (int)_recommendationModel.BuildDuration.TotalMilliseconds),
            await _localizationService.GetResourceAsync("Plugins.Misc.Flock.Recommendations.ModelBuilding"));
    }
}
