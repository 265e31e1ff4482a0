using FluentMigrator.Runner;
using Flock.Engine.Statistics;
using Microsoft.Extensions.DependencyInjection;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Localization;
using Nop.Core.Domain.Orders;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Data.Migrations;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Localization;
using Nop.Plugin.Misc.Flock.Services;
using Nop.Plugin.Misc.Flock.Tests.Infrastructure;
using Nop.Services.Localization;
using Nop.Plugin.Misc.Flock.Services.Referrals;

namespace Nop.Plugin.Misc.Flock.Tests;

/// <summary>
/// The 1.2 → 1.3 upgrade as nopCommerce runs it on an installed store (the plugin's update migrations through
/// FluentMigrator's runner): obsolete texts go, the new ones and every KPI definition arrive, the 1.3 indexes exist, and
/// shoppers held out under 1.2 (a HoldoutSkipped event, no assignment row) get their holdout row; run twice, it changes
/// nothing more. On PostgreSQL only: FluentMigrator runs a migration in a transaction of its own, and on the test base's
/// shared in-memory SQLite that transaction locks the tables the migration's repositories write (the store's database
/// has no such limit).
/// </summary>
[Collection(NopCollection.Name)]
[Trait(PostgresFactAttribute.Trait, PostgresFactAttribute.PostgreSQL)]
public class UpgradeTo13Tests : IAsyncLifetime
{
    private readonly NopFixture _fixture;

    public UpgradeTo13Tests(NopFixture fixture) => _fixture = fixture;

    public Task InitializeAsync() => _fixture.EnsureInstalledAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private void Upgrade()
    {
        var requests = _fixture.Host.NewRequest();
        using var scope = _fixture.Host.ServiceProvider.CreateScope();
        var runner = scope.ServiceProvider.GetRequiredService<IMigrationRunner>();
        runner.Up(new UpgradeTo13Migration(requests.Get<ILanguageService>(), requests.Get<ILocalizationService>()));
        runner.Up(new UpgradeTo13DataMigration(requests.Get<IRepository<Customer>>(), requests.Get<IRepository<FlockAssignment>>(),
            requests.Get<IRepository<FlockEvent>>(), requests.Get<IRepository<FlockReferral>>(), requests.Get<IRepository<Order>>()));
    }

    [PostgresFact]
    public async Task The_upgrade_brings_the_texts_and_indexes_and_gives_shoppers_held_out_under_12_their_holdout_row()
    {
        var requests = _fixture.Host.NewRequest();
        var localization = requests.Get<ILocalizationService>();
        // what 1.2 left: an obsolete text, a definition missing, two shoppers held out (one also has an arm row already)
        var obsolete = FlockAdminResources.Obsolete[0];
        await localization.InsertLocaleStringResourceAsync(new LocaleStringResource { LanguageId = 1, ResourceName = obsolete, ResourceValue = "ARPU before" });
        var definition = FlockDefinitionResources.Prefix + "Roi";
        await localization.DeleteLocaleStringResourceAsync(await localization.GetLocaleStringResourceByNameAsync(definition, 1, false));
        var shoppers = await ExperimentReportTests.ShoppersAsync(requests, 2);
        var key = $"campaigns:{800_000 + Random.Shared.Next(1, 99_999)}";
        var first = DateTime.UtcNow.AddDays(-40);
        await requests.Get<IRepository<FlockEvent>>().InsertAsync(shoppers.SelectMany(c => new[] { first, first.AddDays(3) }.Select(at => new FlockEvent
        {
            Kind = FlockEventKinds.HoldoutSkipped, CampaignId = 0, Variant = key, CustomerId = c.Id, CreatedOnUtc = at
        })).ToList(), false);
        await requests.Get<IRepository<FlockAssignment>>().InsertAsync(new FlockAssignment
        {
            ShopperKey = ShareWidgetService.ShopperKey(shoppers[1]), ExperimentKey = key, ArmKey = "42", CreatedOnUtc = first.AddDays(-1)
        }, false);

        Upgrade();
        Upgrade();

        localization = _fixture.Host.NewRequest().Get<ILocalizationService>();
        Assert.Null(await localization.GetLocaleStringResourceByNameAsync(obsolete, 1, false));
        Assert.Equal(FlockAdminResources.English[definition], (await localization.GetLocaleStringResourceByNameAsync(definition, 1, false))?.ResourceValue);
        var indexes = await Schema.FlockIndexesAsync();
        Assert.All(SchemaV13.Indexes, i => Assert.Contains(i.Name, indexes));

        var rows = requests.Get<IRepository<FlockAssignment>>().Table.Where(a => a.ExperimentKey == key).OrderBy(a => a.CreatedOnUtc).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal((ShareWidgetService.ShopperKey(shoppers[1]), "42"), (rows[0].ShopperKey, rows[0].ArmKey)); // the first assignment stays
        Assert.Equal((ShareWidgetService.ShopperKey(shoppers[0]), ArmSamples.Holdout), (rows[1].ShopperKey, rows[1].ArmKey));
        Assert.Equal(first, rows[1].CreatedOnUtc, TimeSpan.FromSeconds(1)); // dated at the first HoldoutSkipped event
    }
}
