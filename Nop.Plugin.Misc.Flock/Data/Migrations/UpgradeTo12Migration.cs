using FluentMigrator;
using Nop.Data;
using Nop.Data.Extensions;
using Nop.Data.Migrations;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Services;
using Nop.Services.Localization;

namespace Nop.Plugin.Misc.Flock.Data.Migrations;

/// <summary>
/// 1.1 → 1.2 on an installed store: the inbox and prepared-widget tables with their indexes. Keeps every row; guarded by
/// existence checks, so it is harmless where <see cref="SchemaMigration"/> already made the 1.2 schema.
/// </summary>
[NopMigration("2026-12-02 00:00:00", "Misc.Flock 1.2: durable event inbox, thank-you blocks prepared off the request", MigrationProcessType.Update)]
public class UpgradeTo12Migration : Migration
{
    protected readonly ILanguageService _languageService;
    protected readonly ILocalizationService _localizationService;

    public UpgradeTo12Migration(ILanguageService languageService, ILocalizationService localizationService)
    {
        _languageService = languageService;
        _localizationService = localizationService;
    }

    public override void Up()
    {
        if (!DataSettingsManager.IsDatabaseInstalled() || !Schema.Table(nameof(FlockReward)).Exists())
            return; //Flock is not installed: the installation migration makes everything

        new LocaleResourceInstaller(_languageService, _localizationService).InstallAsync().GetAwaiter().GetResult();

        if (!Schema.Table(nameof(FlockInboxItem)).Exists())
            Create.TableFor<FlockInboxItem>();
        if (!Schema.Table(nameof(FlockPreparedWidget)).Exists())
            Create.TableFor<FlockPreparedWidget>();
        foreach (var (table, name, unique, columns) in SchemaV12.Indexes)
            if (!Schema.Table(table).Index(name).Exists())
                SchemaV11.CreateIndex(this, table, name, unique, columns);
    }

    public override void Down()
    {
        //the installation migration's Down drops the tables on uninstall
    }
}
