using Flock.Engine.Referrals.Rewards;
using Flock.Engine.Referrals.Rewards.Ledger;
using FluentMigrator;
using Nop.Data;
using Nop.Data.Migrations;
using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Data.Migrations;

/// <summary>
/// After <see cref="UpgradeTo11Migration"/> added the columns: every reward gets its cost (campaign budgets sum it), and
/// a points reward Flock 1.0 granted keeps what 1.0 applied
/// (its grant minus the reversals it wrote without markers) as <see cref="FlockReward.LegacyPointsApplied"/>, so 1.1's
/// fulfilment, which reads applied points from the store, neither grants it again nor reverses too much.
/// </summary>
[NopMigration("2026-12-01 12:00:01", "Misc.Flock 1.1: points applied by 1.0, reward costs", MigrationProcessType.Update)]
public class UpgradeTo11DataMigration : Migration
{
    protected readonly IRepository<FlockReward> _rewardRepository;
    protected readonly Nop.Core.Domain.Customers.RewardPointsSettings _rewardPointsSettings;

    public UpgradeTo11DataMigration(IRepository<FlockReward> rewardRepository, Nop.Core.Domain.Customers.RewardPointsSettings rewardPointsSettings)
    {
        _rewardRepository = rewardRepository;
        _rewardPointsSettings = rewardPointsSettings;
    }

    public override void Up()
    {
        if (!DataSettingsManager.IsDatabaseInstalled() || !Schema.Table(nameof(FlockReward)).Column(nameof(FlockReward.LegacyPointsApplied)).Exists())
            return;

        var pointValue = Math.Max(0m, _rewardPointsSettings.ExchangeRate);
        foreach (var row in _rewardRepository.Table.Where(r => r.CostAmount == 0m && r.State != "Revoked").ToList())
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
            //every 1.0 row gets its cost, so campaign budgets count what 1.0 committed
            row.CostAmount = RewardCost.Of(entry, pointValue);
            if (row.GrantedPointsHistoryId is not null && row.PointsEntries == 0 && row.LegacyPointsApplied == 0 && entry.Granted is PointsReward granted)
                LegacyPoints(row, entry, granted);
            _rewardRepository.Update(row, false);
        }
    }

    /// <summary>1.0 reversed inline: what is left applied is the grant minus every reversal, i.e. the entry's current value.</summary>
    protected static void LegacyPoints(FlockReward row, RewardEntry entry, PointsReward granted)
    {
        row.LegacyPointsApplied = entry.Current is PointsReward current ? current.Points : 0;
        if (row.LegacyPointsApplied == 0 && entry.ReversedMagnitude == 0m)
            row.LegacyPointsApplied = granted.Points;
    }

    public override void Down()
    {
    }
}
