using Flock.Engine.Rewards;
using Flock.Engine.Rewards.Ledger;
using FluentMigrator;
using Nop.Data;
using Nop.Data.Migrations;
using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Data.Migrations;

/// <summary>
/// After <see cref="UpgradeTo11Migration"/> added the columns: a points reward Flock 1.0 granted keeps what 1.0 applied
/// (its grant minus the reversals it wrote without markers) as <see cref="FlockReward.LegacyPointsApplied"/>, so 1.1's
/// fulfilment, which reads applied points from the store, neither grants it again nor reverses too much.
/// </summary>
[NopMigration("2026-12-01 12:00:01", "Misc.Flock 1.1: points applied by 1.0", MigrationProcessType.Update)]
public class UpgradeTo11DataMigration : Migration
{
    protected readonly IRepository<FlockReward> _rewardRepository;

    public UpgradeTo11DataMigration(IRepository<FlockReward> rewardRepository)
    {
        _rewardRepository = rewardRepository;
    }

    public override void Up()
    {
        if (!DataSettingsManager.IsDatabaseInstalled() || !Schema.Table(nameof(FlockReward)).Column(nameof(FlockReward.LegacyPointsApplied)).Exists())
            return;

        var legacy = _rewardRepository.Table.Where(r => r.GrantedPointsHistoryId != null && r.PointsEntries == 0 && r.LegacyPointsApplied == 0).ToList();
        foreach (var row in legacy)
        {
            RewardEntry entry;
            try
            {
                entry = RewardEntryJson.Read(row.EntryJson);
            }
            catch (FormatException)
            {
                continue;
            }
            if (entry.Granted is not PointsReward granted)
                continue;
            //1.0 reversed inline: what is left applied is the grant minus every reversal, i.e. the entry's current value
            row.LegacyPointsApplied = entry.Current is PointsReward current ? current.Points : 0;
            if (row.LegacyPointsApplied == 0 && entry.ReversedMagnitude == 0m)
                row.LegacyPointsApplied = granted.Points;
            _rewardRepository.Update(row, false);
        }
    }

    public override void Down()
    {
    }
}
