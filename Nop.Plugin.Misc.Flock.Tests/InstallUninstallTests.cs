using Flock.Engine.Referrals.Offers;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Cms;
using Nop.Core.Domain.Discounts;
using Nop.Core.Domain.Localization;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Localization;
using Nop.Plugin.Misc.Flock.Services;
using Nop.Plugin.Misc.Flock.Tests.Infrastructure;
using Nop.Services.Configuration;
using Nop.Services.Discounts;
using Nop.Services.Localization;
using Nop.Services.ScheduleTasks;
using Nop.Services.Security;
using Nop.Plugin.Misc.Flock.Services.Referrals;

namespace Nop.Plugin.Misc.Flock.Tests;

/// <summary>Install, uninstall and reinstall against nopCommerce's real services and database.</summary>
[Collection(NopCollection.Name)]
public class InstallUninstallTests
{
    private static readonly string[] ExpectedTables =
    [
        nameof(FlockActivity), nameof(FlockAssignment), nameof(FlockBuyerIdentity), nameof(FlockCampaign), nameof(FlockChain),
        nameof(FlockChainAction), nameof(FlockChainDecision), nameof(FlockChainVersion), nameof(FlockContactGate), nameof(FlockCustomerSegment), nameof(FlockEnrollment), nameof(FlockEvent),
        nameof(FlockFriendCoupon), nameof(FlockInboxItem), nameof(FlockOffer), nameof(FlockPreparedWidget), nameof(FlockProductState), nameof(FlockRecommendationExposure),
        nameof(FlockRecommendationInteraction), nameof(FlockReferral),
        nameof(FlockReferrer), nameof(FlockReward), nameof(FlockTriggerScan), nameof(FlockVisit)
    ];

    private readonly NopFixture _fixture;

    public InstallUninstallTests(NopFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Install_uninstall_install_leaves_everything_in_place_then_nothing_then_everything_again()
    {
        var russian = await EnsureRussianLanguageAsync();
        if (await _fixture.IsInstalledAsync())
            await _fixture.Host.UninstallPluginAsync();

        await _fixture.Host.InstallPluginAsync();
        await AssertInstalledAsync(russian);

        // Flock-created discounts: a 1.0 friend coupon an order used, an unused one, a granted unused reward coupon
        // (guarded by Flock's requirement) and one discount that is not Flock's.
        var requests = _fixture.Host.NewRequest();
        var discountService = requests.Get<IDiscountService>();
        var usedLegacy = await NewDiscountAsync(discountService, "FLF-UNINSTALL-USED");
        var unusedLegacy = await NewDiscountAsync(discountService, "FLF-UNINSTALL-UNUSED");
        var storeDiscount = await NewDiscountAsync(discountService, "STORE-OWN-1");
        var anyOrder = requests.Get<IRepository<Order>>().Table.OrderBy(o => o.Id).First();
        await discountService.InsertDiscountUsageHistoryAsync(new DiscountUsageHistory { DiscountId = usedLegacy.Id, OrderId = anyOrder.Id, CreatedOnUtc = DateTime.UtcNow });
        foreach (var (discount, friend) in new[] { (usedLegacy, 2), (unusedLegacy, 3) })
            Assert.True(await requests.Get<FriendCouponService>().TryInsertAsync(new FlockFriendCoupon
            {
                ReferrerId = 1, FriendCustomerId = friend, DiscountId = discount.Id, CouponCode = discount.CouponCode, CampaignId = 1, CreatedOnUtc = DateTime.UtcNow
            }));
        var (reward, _) = await requests.Get<RewardService>().InsertOnceAsync(new FlockReward
        {
            CauseKey = "uninstall-test", BeneficiaryCustomerId = 1, CampaignId = 1, State = "Granted", EntryJson = "{}"
        });
        var offers = requests.Get<OfferDiscountService>();
        var rewardOffer = await offers.CreateRewardCouponAsync(new CouponSpec
        {
            Name = "reward", CouponCode = await offers.NewCouponCodeAsync("FLR"), UsePercentage = true, Percentage = 10m,
            StartsAt = DateTimeOffset.UtcNow, EndsAt = DateTimeOffset.UtcNow.AddDays(30)
        }, reward);
        Assert.NotEmpty(await discountService.GetAllDiscountRequirementsAsync(rewardOffer.DiscountId));

        await _fixture.Host.UninstallPluginAsync();
        await AssertNothingLeftAsync();
        // order history is never rewritten, what a customer was granted is never taken away
        var kept = await discountService.GetDiscountByIdAsync(usedLegacy.Id);
        Assert.NotNull(kept);
        Assert.False(kept.IsActive);
        Assert.Single(await discountService.GetAllDiscountUsageHistoryAsync(discountId: usedLegacy.Id));
        Assert.Null(await discountService.GetDiscountByIdAsync(unusedLegacy.Id));
        var rewardCoupon = await discountService.GetDiscountByIdAsync(rewardOffer.DiscountId);
        Assert.True(rewardCoupon.IsActive);
        Assert.Empty(await discountService.GetAllDiscountRequirementsAsync(rewardOffer.DiscountId));
        Assert.NotNull(await discountService.GetDiscountByIdAsync(storeDiscount.Id));
        foreach (var usage in await discountService.GetAllDiscountUsageHistoryAsync(discountId: usedLegacy.Id))
            await discountService.DeleteDiscountUsageHistoryAsync(usage);
        foreach (var leftover in new[] { kept, rewardCoupon, storeDiscount })
            await discountService.DeleteDiscountAsync(leftover);

        await _fixture.Host.InstallPluginAsync();
        await AssertInstalledAsync(russian);
    }

    private static async Task AssertInstalledAsync(Language russian)
    {
        var requests = NopTestHost.Instance.NewRequest();

        Assert.Equal(ExpectedTables, (await Schema.FlockTablesAsync()).OrderBy(t => t, StringComparer.Ordinal));
        var indexes = await Schema.FlockIndexesAsync();
        foreach (var unique in new[] { "IX_FlockReward_CauseKey", "IX_FlockReferral_OrderId", "IX_FlockAssignment_Shopper_Experiment",
                     "IX_FlockReferrer_Code", "IX_FlockFriendCoupon_Referrer_Friend", "IX_FlockOffer_OfferKey", "IX_FlockOffer_DiscountId",
                     "IX_FlockOffer_RequirementId", "IX_FlockBuyerIdentity_Kind_Hash_Order" })
            Assert.Contains(unique, indexes);
        Assert.DoesNotContain("IX_FlockFriendCoupon_CouponCode", indexes); // invitations share their campaign's code

        var settings = await requests.Get<ISettingService>().LoadSettingAsync<FlockSettings>();
        Assert.True(settings.Enabled);
        Assert.False(string.IsNullOrEmpty(settings.EmailHashSecret));
        Assert.True(settings.ReferralCodeLength > 0);

        var localization = requests.Get<ILocalizationService>();
        var english = FlockResources.English.First();
        var englishRow = await localization.GetLocaleStringResourceByNameAsync(english.Key, 1, false);
        Assert.Equal(english.Value, englishRow?.ResourceValue);
        var russianText = FlockResources.Russian.First();
        var russianRow = await localization.GetLocaleStringResourceByNameAsync(russianText.Key, russian.Id, false);
        Assert.Equal(russianText.Value, russianRow?.ResourceValue);

        var task = await requests.Get<IScheduleTaskService>().GetTaskByTypeAsync(FlockDefaults.SettleRewardsTask.Type);
        Assert.NotNull(task);
        Assert.True(task.Enabled);
        Assert.Equal("Nop.Plugin.Misc.Flock.Services.Referrals.SettleRewardsTask", task.Type);
        Assert.True((await requests.Get<IScheduleTaskService>().GetTaskByTypeAsync(FlockDefaults.RunChainsTask.Type))?.Enabled);
        var templates = (await requests.Get<Nop.Services.Messages.IMessageTemplateService>().GetAllMessageTemplatesAsync(0))
            .Where(t => t.Name.StartsWith(FlockDefaults.ChainTemplatePrefix)).Select(t => t.Name).ToList();
        Assert.Equal(Nop.Plugin.Misc.Flock.Services.Chains.ChainInstaller.Templates().Select(t => t.Name).OrderBy(n => n), templates.OrderBy(n => n));
        Assert.Contains("Flock.Chain.abandoned-cart.reminder", templates);

        var permissions = (await requests.Get<IPermissionService>().GetAllPermissionRecordsAsync()).Select(p => p.SystemName).ToList();
        Assert.All(FlockDefaults.Permissions.All, name => Assert.Contains(name, permissions));

        var widgets = await requests.Get<ISettingService>().LoadSettingAsync<WidgetSettings>();
        Assert.Contains(FlockDefaults.SystemName, widgets.ActiveWidgetSystemNames);

        var campaigns = await requests.Get<CampaignService>().GetAllAsync();
        var defaultCampaign = Assert.Single(campaigns, c => c.Name == FlockDefaults.DefaultCampaignName);
        Assert.False(string.IsNullOrWhiteSpace(defaultCampaign.ConfigJson));
    }

    private static async Task AssertNothingLeftAsync()
    {
        var requests = NopTestHost.Instance.NewRequest();

        Assert.Empty(await Schema.FlockTablesAsync());
        Assert.Empty(await Schema.FlockIndexesAsync());

        var settings = await requests.Get<ISettingService>().GetAllSettingsAsync();
        Assert.DoesNotContain(settings, s => s.Name.StartsWith("flocksettings.", StringComparison.OrdinalIgnoreCase));

        var resources = requests.Get<IRepository<LocaleStringResource>>().Table
            .Where(r => r.ResourceName.StartsWith(FlockDefaults.ResourcePrefix)).ToList();
        Assert.Empty(resources);

        Assert.Null(await requests.Get<IScheduleTaskService>().GetTaskByTypeAsync(FlockDefaults.SettleRewardsTask.Type));
        Assert.Null(await requests.Get<IScheduleTaskService>().GetTaskByTypeAsync(FlockDefaults.RunChainsTask.Type));
        Assert.DoesNotContain(await requests.Get<Nop.Services.Messages.IMessageTemplateService>().GetAllMessageTemplatesAsync(0),
            t => t.Name.StartsWith(FlockDefaults.ChainTemplatePrefix));

        var permissions = (await requests.Get<IPermissionService>().GetAllPermissionRecordsAsync()).Select(p => p.SystemName).ToList();
        Assert.All(FlockDefaults.Permissions.All, name => Assert.DoesNotContain(name, permissions));

        var widgets = await requests.Get<ISettingService>().LoadSettingAsync<WidgetSettings>();
        Assert.DoesNotContain(FlockDefaults.SystemName, widgets.ActiveWidgetSystemNames);
    }

    private static async Task<Discount> NewDiscountAsync(IDiscountService discountService, string code)
    {
        var discount = new Discount
        {
            Name = code, DiscountType = DiscountType.AssignedToOrderSubTotal, UsePercentage = true, DiscountPercentage = 5,
            RequiresCouponCode = true, CouponCode = code, DiscountLimitation = DiscountLimitationType.NTimesOnly, LimitationTimes = 1,
            IsActive = true
        };
        await discountService.InsertDiscountAsync(discount);
        return discount;
    }

    /// <summary>The sample data has English only; a Russian language shows that Russian resources land on it.</summary>
    internal static async Task<Language> EnsureRussianLanguageAsync()
    {
        var languages = NopTestHost.Instance.NewRequest().Get<ILanguageService>();
        var russian = (await languages.GetAllLanguagesAsync(showHidden: true)).FirstOrDefault(l => l.UniqueSeoCode == "ru");
        if (russian is not null)
            return russian;
        russian = new Language { Name = "Русский", LanguageCulture = "ru-RU", UniqueSeoCode = "ru", Published = true, DisplayOrder = 2 };
        await languages.InsertLanguageAsync(russian);
        return russian;
    }
}
