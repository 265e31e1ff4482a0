using FluentMigrator;
using Nop.Data;
using Nop.Data.Migrations;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Services;
using Nop.Services.Localization;

namespace Nop.Plugin.Misc.Flock.Data.Migrations;

/// <summary>
/// 1.7.0 → 1.7.1 on an installed store: the texts of the "fill short lists with bestsellers" setting (the setting itself
/// defaults to on where it was never saved). Fresh installs get them from the installation.
/// </summary>
[NopMigration("2026-12-08 00:00:01", "Misc.Flock 1.7.1: bestsellers fill short recommendation lists", MigrationProcessType.Update)]
public class UpgradeTo171Migration : Migration
{
    protected readonly ILanguageService _languageService;
    protected readonly ILocalizationService _localizationService;

    public UpgradeTo171Migration(ILanguageService languageService, ILocalizationService localizationService)
    {
        _languageService = languageService;
        _localizationService = localizationService;
    }

    public override void Up()
    {
        if (!DataSettingsManager.IsDatabaseInstalled() || !Schema.Table(nameof(FlockChainAction)).Exists())
            return; //Flock is not installed: the installation makes everything
        new LocaleResourceInstaller(_languageService, _localizationService).InstallAsync().GetAwaiter().GetResult();
    }

    public override void Down()
    {
    }
}
