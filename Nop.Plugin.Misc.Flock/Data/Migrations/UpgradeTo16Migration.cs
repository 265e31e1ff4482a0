using FluentMigrator;
using Nop.Data;
using Nop.Data.Migrations;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Services;
using Nop.Services.Localization;

namespace Nop.Plugin.Misc.Flock.Data.Migrations;

/// <summary>
/// 1.5 → 1.6 on an installed store: the address key, open and click moments of chain messages (<see cref="FlockChainAction.OpenedOnUtc"/>,
/// <see cref="FlockChainAction.ClickedOnUtc"/>) and the 1.6 texts; keeps every row, guarded by existence checks. Fresh
/// installs get the columns from the entity itself.
/// </summary>
[NopMigration("2026-12-06 00:00:01", "Misc.Flock 1.6: chain message opens and clicks", MigrationProcessType.Update)]
public class UpgradeTo16Migration : Migration
{
    protected readonly ILanguageService _languageService;
    protected readonly ILocalizationService _localizationService;

    public UpgradeTo16Migration(ILanguageService languageService, ILocalizationService localizationService)
    {
        _languageService = languageService;
        _localizationService = localizationService;
    }

    public override void Up()
    {
        if (!DataSettingsManager.IsDatabaseInstalled() || !Schema.Table(nameof(FlockChainAction)).Exists())
            return; //Flock is not installed: the installation makes everything
        foreach (var column in new[] { nameof(FlockChainAction.OpenedOnUtc), nameof(FlockChainAction.ClickedOnUtc) })
            if (!Schema.Table(nameof(FlockChainAction)).Column(column).Exists())
                Alter.Table(nameof(FlockChainAction)).AddColumn(column).AsDateTime2().Nullable();
        if (!Schema.Table(nameof(FlockChainAction)).Column(nameof(FlockChainAction.RecipientKey)).Exists())
            Alter.Table(nameof(FlockChainAction)).AddColumn(nameof(FlockChainAction.RecipientKey)).AsString(64).Nullable();
        foreach (var (table, name, unique, columns) in SchemaV16.Indexes)
            if (!Schema.Table(table).Index(name).Exists())
                SchemaV11.CreateIndex(this, table, name, unique, columns);
        new LocaleResourceInstaller(_languageService, _localizationService).InstallAsync().GetAwaiter().GetResult();
    }

    public override void Down()
    {
        //the installation migration's Down drops the tables on uninstall
    }
}
