using FluentMigrator;
using Nop.Data;
using Nop.Data.Migrations;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Localization;
using Nop.Plugin.Misc.Flock.Services;
using Nop.Services.Localization;

namespace Nop.Plugin.Misc.Flock.Data.Migrations;

/// <summary>
/// 1.2 → 1.3 on an installed store: the texts of the new Experiments page and dashboard (with every KPI's definition, en and
/// ru; texts no longer used are deleted) and the 1.3 indexes. Keeps every row; guarded by existence checks, so it is
/// harmless where <see cref="SchemaMigration"/> already made the 1.3 schema.
/// </summary>
[NopMigration("2026-12-03 00:00:00", "Misc.Flock 1.3: honest numbers (holdout comparison, KPI definitions)", MigrationProcessType.Update)]
public class UpgradeTo13Migration : Migration
{
    protected readonly ILanguageService _languageService;
    protected readonly ILocalizationService _localizationService;

    public UpgradeTo13Migration(ILanguageService languageService, ILocalizationService localizationService)
    {
        _languageService = languageService;
        _localizationService = localizationService;
    }

    public override void Up()
    {
        if (!DataSettingsManager.IsDatabaseInstalled() || !Schema.Table(nameof(FlockReward)).Exists())
            return; //Flock is not installed: the installation migration makes everything

        _localizationService.DeleteLocaleResourcesAsync(FlockAdminResources.Obsolete.ToList()).GetAwaiter().GetResult();
        new LocaleResourceInstaller(_languageService, _localizationService).InstallAsync().GetAwaiter().GetResult();

        foreach (var (table, name, unique, columns) in SchemaV13.Indexes)
            if (!Schema.Table(table).Index(name).Exists())
                SchemaV11.CreateIndex(this, table, name, unique, columns);
    }

    public override void Down()
    {
        //the installation migration's Down drops the tables on uninstall
    }
}
