using FluentMigrator;
using Nop.Data;
using Nop.Data.Extensions;
using Nop.Data.Migrations;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Services;
using Nop.Services.Localization;

namespace Nop.Plugin.Misc.Flock.Data.Migrations;

/// <summary>
/// 1.6 → 1.7 on an installed store: the recommendation KPI tables and their indexes, and the 1.7 texts (the
/// recommendation settings, blocks and admin page); keeps every row, guarded by existence checks. Fresh installs get
/// the tables from <see cref="SchemaMigration"/>.
/// </summary>
[NopMigration("2026-12-07 00:00:01", "Misc.Flock 1.7: recommendations", MigrationProcessType.Update)]
public class UpgradeTo17Migration : Migration
{
    protected readonly ILanguageService _languageService;
    protected readonly ILocalizationService _localizationService;

    public UpgradeTo17Migration(ILanguageService languageService, ILocalizationService localizationService)
    {
        _languageService = languageService;
        _localizationService = localizationService;
    }

    public override void Up()
    {
        if (!DataSettingsManager.IsDatabaseInstalled() || !Schema.Table(nameof(FlockChainAction)).Exists())
            return; //Flock is not installed: the installation makes everything
        if (!Schema.Table(nameof(FlockRecommendationExposure)).Exists())
            Create.TableFor<FlockRecommendationExposure>();
        if (!Schema.Table(nameof(FlockRecommendationInteraction)).Exists())
            Create.TableFor<FlockRecommendationInteraction>();
        foreach (var (table, name, unique, columns) in SchemaV17.Indexes)
            if (!Schema.Table(table).Index(name).Exists())
                SchemaV11.CreateIndex(this, table, name, unique, columns);
        new LocaleResourceInstaller(_languageService, _localizationService).InstallAsync().GetAwaiter().GetResult();
    }

    public override void Down()
    {
        //the installation migration's Down drops the tables on uninstall
    }
}
