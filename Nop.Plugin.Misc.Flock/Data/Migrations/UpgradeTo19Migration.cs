using FluentMigrator;
using Nop.Data;
using Nop.Data.Extensions;
using Nop.Data.Migrations;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Services;
using Nop.Services.Localization;

namespace Nop.Plugin.Misc.Flock.Data.Migrations;

/// <summary>
/// 1.8 → 1.9 on an installed store: the product states of the price-drop and back-in-stock triggers with their unique key, and the 1.9
/// texts; keeps every row, guarded by existence checks. Fresh installs get the tables from <see cref="SchemaMigration"/>.
/// </summary>
[NopMigration("2026-12-10 00:00:01", "Misc.Flock 1.9: price-drop, back-in-stock and points-expiring triggers", MigrationProcessType.Update)]
public class UpgradeTo19Migration : Migration
{
    protected readonly ILanguageService _languageService;
    protected readonly ILocalizationService _localizationService;

    public UpgradeTo19Migration(ILanguageService languageService, ILocalizationService localizationService)
    {
        _languageService = languageService;
        _localizationService = localizationService;
    }

    public override void Up()
    {
        if (!DataSettingsManager.IsDatabaseInstalled() || !Schema.Table(nameof(FlockChainAction)).Exists())
            return; //Flock is not installed: the installation makes everything
        if (!Schema.Table(nameof(FlockProductState)).Exists())
            Create.TableFor<FlockProductState>();
        foreach (var (table, name, unique, columns) in SchemaV19.Indexes)
            if (!Schema.Table(table).Index(name).Exists())
                SchemaV11.CreateIndex(this, table, name, unique, columns);
        new LocaleResourceInstaller(_languageService, _localizationService).InstallAsync().GetAwaiter().GetResult();
    }

    public override void Down()
    {
        //the installation migration's Down drops the tables on uninstall
    }
}
