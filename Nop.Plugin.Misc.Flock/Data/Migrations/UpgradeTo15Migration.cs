using FluentMigrator;
using Nop.Data;
using Nop.Data.Migrations;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Services;
using Nop.Services.Localization;

namespace Nop.Plugin.Misc.Flock.Data.Migrations;

/// <summary>1.4 → 1.5 on an installed store: the contact gate and the 1.5 indexes (<see cref="SchemaV15"/>) and the 1.5 texts; keeps every row, guarded by existence checks.</summary>
[NopMigration("2026-12-05 00:00:01", "Misc.Flock 1.5: contact gate, chain retention indexes", MigrationProcessType.Update)]
public class UpgradeTo15Migration : Migration
{
    protected readonly ILanguageService _languageService;
    protected readonly ILocalizationService _localizationService;

    public UpgradeTo15Migration(ILanguageService languageService, ILocalizationService localizationService)
    {
        _languageService = languageService;
        _localizationService = localizationService;
    }

    public override void Up()
    {
        if (!DataSettingsManager.IsDatabaseInstalled() || !Schema.Table(nameof(FlockChain)).Exists())
            return; //Flock 1.4 is not installed: the installation or the 1.4 migration makes everything
        SchemaV15.CreateTables(this, table => Schema.Table(table).Exists());
        foreach (var (table, name, unique, columns) in SchemaV15.Indexes)
            if (!Schema.Table(table).Exists() || !Schema.Table(table).Index(name).Exists())
                SchemaV11.CreateIndex(this, table, name, unique, columns);
        new LocaleResourceInstaller(_languageService, _localizationService).InstallAsync().GetAwaiter().GetResult();
    }

    public override void Down()
    {
        //the installation migration's Down drops the tables on uninstall
    }
}
