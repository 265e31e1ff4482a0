using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Nop.Core.Domain.Catalog;
using Nop.Plugin.Misc.Flock.Controllers;
using Nop.Plugin.Misc.Flock.Models;
using Nop.Plugin.Misc.Flock.Tests.Infrastructure;
using Nop.Services.Configuration;

namespace Nop.Plugin.Misc.Flock.Tests;

/// <summary>The settings page as the admin uses it: what the form shows, saved, is what is stored (every field, none lost to a later one's failure).</summary>
[Collection(NopCollection.Name)]
public class ConfigurationFormTests : IAsyncLifetime
{
    private readonly NopFixture _fixture;

    public ConfigurationFormTests(NopFixture fixture) => _fixture = fixture;

    public Task InitializeAsync() => _fixture.EnsureInstalledAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Saving_the_form_stores_every_field_the_referral_recommendation_and_catalog_ones()
    {
        var requests = _fixture.Host.NewRequest();
        var controller = ActivatorUtilities.CreateInstance<FlockAdminController>(requests);
        var shown = (ConfigurationModel)Assert.IsType<ViewResult>(await controller.Configure()).Model!;
        var settingService = requests.Get<ISettingService>();
        var before = await settingService.LoadSettingAsync<FlockSettings>();
        try
        {
            var posted = shown with
            {
                ReturnWindowDays = 0,
                RecommendationsCount = 6,
                RecommendationsMinSupport = 3,
                RecommendationsUsePromo = false,
                RecommendationsProductWidgetZone = FlockDefaults.RecommendationProductZones[1],
                RecommendationsExcludedProductIds = " 12, 40 ",
                HideAlsoPurchased = true,
                RecommendationModelStatus = null,
            };
            Assert.IsType<RedirectToActionResult>(await controller.Configure(posted));

            await settingService.ClearCacheAsync();
            var saved = await settingService.LoadSettingAsync<FlockSettings>();
            Assert.Equal(0, saved.ReturnWindowDays);
            Assert.Equal(6, saved.RecommendationsCount);
            Assert.Equal(3, saved.RecommendationsMinSupport);
            Assert.False(saved.RecommendationsUsePromo);
            Assert.Equal(FlockDefaults.RecommendationProductZones[1], saved.RecommendationsProductWidgetZone);
            Assert.Equal("12,40", saved.RecommendationsExcludedProductIds);
            Assert.False((await settingService.LoadSettingAsync<CatalogSettings>()).ProductsAlsoPurchasedEnabled);
        }
        finally
        {
            await settingService.SaveSettingAsync(before);
            var catalog = await settingService.LoadSettingAsync<CatalogSettings>();
            catalog.ProductsAlsoPurchasedEnabled = true;
            await settingService.SaveSettingAsync(catalog);
            await settingService.ClearCacheAsync();
        }
    }
}
