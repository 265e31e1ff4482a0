using FluentMigrator;
using Nop.Core.Domain.ScheduleTasks;
using Nop.Data;
using Nop.Data.Migrations;

namespace Nop.Plugin.Misc.Flock.Data.Migrations;

/// <summary>
/// 1.3 → 1.4: the services are grouped by feature, so the settle task's class now lives in
/// <c>Nop.Plugin.Misc.Flock.Services.Referrals</c>; nopCommerce finds a task by the type name stored in its row, which
/// is renamed here (idempotent: a row already renamed, or none, is left alone).
/// </summary>
[NopMigration("2026-12-04 00:00:00", "Misc.Flock 1.4: settle task type after the services were grouped by feature", MigrationProcessType.Update)]
public class UpgradeTo14TaskTypeMigration : Migration
{
    public const string OldSettleTaskType = "Nop.Plugin.Misc.Flock.Services.SettleRewardsTask";

    protected readonly IRepository<ScheduleTask> _scheduleTaskRepository;

    public UpgradeTo14TaskTypeMigration(IRepository<ScheduleTask> scheduleTaskRepository)
    {
        _scheduleTaskRepository = scheduleTaskRepository;
    }

    public override void Up()
    {
        if (!DataSettingsManager.IsDatabaseInstalled())
            return;
        var tasks = _scheduleTaskRepository.Table.Where(t => t.Type == OldSettleTaskType).ToList();
        foreach (var task in tasks)
        {
            task.Type = FlockDefaults.SettleRewardsTask.Type;
            _scheduleTaskRepository.Update(task, publishEvent: false);
        }
    }

    public override void Down()
    {
    }
}
