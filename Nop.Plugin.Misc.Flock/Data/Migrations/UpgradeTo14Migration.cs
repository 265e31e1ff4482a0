using FluentMigrator;
using Nop.Data;
using Nop.Data.Migrations;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Services;
using Nop.Plugin.Misc.Flock.Services.Chains;
using Nop.Services.Configuration;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Nop.Services.ScheduleTasks;

namespace Nop.Plugin.Misc.Flock.Data.Migrations;

/// <summary>1.3 → 1.4 on an installed store: the trigger-chain tables and their indexes (<see cref="SchemaV14"/>) the 1.4 texts, the "run chains" task and the ready scenarios' message templates; keeps every row, guarded by existence checks.</summary>
[NopMigration("2026-12-04 00:00:01", "Misc.Flock 1.4: trigger chains", MigrationProcessType.Update)]
public class UpgradeTo14Migration : Migration
{
    protected readonly ILanguageService _languageService;
    protected readonly ILocalizationService _localizationService;
    protected readonly IMessageTemplateService _messageTemplateService;
    protected readonly IScheduleTaskService _scheduleTaskService;
    protected readonly ISettingService _settingService;

    public UpgradeTo14Migration(ILanguageService languageService,
        ILocalizationService localizationService,
        IMessageTemplateService messageTemplateService,
        IScheduleTaskService scheduleTaskService,
        ISettingService settingService)
    {
        _languageService = languageService;
        _localizationService = localizationService;
        _messageTemplateService = messageTemplateService;
        _scheduleTaskService = scheduleTaskService;
        _settingService = settingService;
    }

    public override void Up()
    {
        if (!DataSettingsManager.IsDatabaseInstalled() || !Schema.Table(nameof(FlockReward)).Exists())
            return; //Flock is not installed: the installation migration makes everything
        SchemaV14.CreateTables(this, table => Schema.Table(table).Exists());
        foreach (var (table, name, unique, columns) in SchemaV14.Indexes)
            if (!Schema.Table(table).Exists() || !Schema.Table(table).Index(name).Exists())
                SchemaV11.CreateIndex(this, table, name, unique, columns);
        new LocaleResourceInstaller(_languageService, _localizationService).InstallAsync().GetAwaiter().GetResult();
        new ChainInstaller(_messageTemplateService, _scheduleTaskService, _settingService).InstallAsync().GetAwaiter().GetResult();
    }

    public override void Down()
    {
        //the installation migration's Down drops the tables on uninstall
    }
}
