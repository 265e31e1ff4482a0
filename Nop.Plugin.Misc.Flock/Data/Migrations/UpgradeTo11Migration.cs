using FluentMigrator;
using Nop.Data;
using Nop.Data.Extensions;
using Nop.Data.Migrations;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Services;
using Nop.Services.Localization;

namespace Nop.Plugin.Misc.Flock.Data.Migrations;

/// <summary>
/// 1.0 → 1.1 on an installed store: adds the 1.1 tables, columns and indexes, and drops the unique coupon-code index
/// (invitations share their campaign's code). Keeps every row. Reward rows of 1.0 have no DueOnUtc: the settle task's
/// sweep of rows without one re-reads their orders and schedules them; their 1.0 points entry (GrantedPointsHistoryId,
/// no marker) counts as applied, so a later reversal takes it back.
/// Guarded by existence checks, so it is harmless where <see cref="SchemaMigration"/> already made the 1.1 schema.
/// </summary>
[NopMigration("2026-12-01 12:00:00", "Misc.Flock 1.1: bounded discounts, buyer identities, ledger concurrency", MigrationProcessType.Update)]
public class UpgradeTo11Migration : Migration
{
    protected readonly ILanguageService _languageService;
    protected readonly ILocalizationService _localizationService;

    public UpgradeTo11Migration(ILanguageService languageService, ILocalizationService localizationService)
    {
        _languageService = languageService;
        _localizationService = localizationService;
    }

    public override void Up()
    {
        if (!DataSettingsManager.IsDatabaseInstalled())
            return;

        var reward = nameof(FlockReward);
        if (!Schema.Table(reward).Exists())
            return; //Flock is not installed: the installation migration makes everything

        UpdateResources();

        if (!Schema.Table(nameof(FlockOffer)).Exists())
            Create.TableFor<FlockOffer>();
        if (!Schema.Table(nameof(FlockBuyerIdentity)).Exists())
            Create.TableFor<FlockBuyerIdentity>();

        AddInt(reward, nameof(FlockReward.PointsEntries));
        AddInt(reward, nameof(FlockReward.Version));
        AddInt(reward, nameof(FlockReward.FulfilmentAttempts));
        AddInt(reward, nameof(FlockReward.LegacyPointsApplied));
        if (!Schema.Table(reward).Column(nameof(FlockReward.CostAmount)).Exists())
            Alter.Table(reward).AddColumn(nameof(FlockReward.CostAmount)).AsDecimal(18, 4).NotNullable().WithDefaultValue(0m);
        if (!Schema.Table(reward).Column(nameof(FlockReward.DueOnUtc)).Exists())
            Alter.Table(reward).AddColumn(nameof(FlockReward.DueOnUtc)).AsDateTime2().Nullable();
        if (!Schema.Table(reward).Column(nameof(FlockReward.LeaseUntilUtc)).Exists())
            Alter.Table(reward).AddColumn(nameof(FlockReward.LeaseUntilUtc)).AsDateTime2().Nullable();
        if (!Schema.Table(reward).Column(nameof(FlockReward.NeedsFulfilment)).Exists())
            Alter.Table(reward).AddColumn(nameof(FlockReward.NeedsFulfilment)).AsBoolean().NotNullable().WithDefaultValue(false);
        if (!Schema.Table(reward).Column(nameof(FlockReward.LeaseToken)).Exists())
            Alter.Table(reward).AddColumn(nameof(FlockReward.LeaseToken)).AsString(32).Nullable();
        if (!Schema.Table(reward).Column(nameof(FlockReward.LastError)).Exists())
            Alter.Table(reward).AddColumn(nameof(FlockReward.LastError)).AsString(1000).Nullable();

        var claim = nameof(FlockFriendCoupon);
        AddInt(claim, nameof(FlockFriendCoupon.OfferId));
        if (!Schema.Table(claim).Column(nameof(FlockFriendCoupon.IpAddress)).Exists())
            Alter.Table(claim).AddColumn(nameof(FlockFriendCoupon.IpAddress)).AsString(100).Nullable();
        if (Schema.Table(claim).Index(SchemaV11.LegacyCouponCodeIndex).Exists())
            Delete.Index(SchemaV11.LegacyCouponCodeIndex).OnTable(claim);

        foreach (var (table, name, unique, columns) in SchemaV11.Indexes)
            if (!Schema.Table(table).Index(name).Exists())
                SchemaV11.CreateIndex(this, table, name, unique, columns);
    }

    /// <summary>Texts added or changed in 1.1 (AddOrUpdate: harmless on a fresh install).</summary>
    protected void UpdateResources() =>
        new LocaleResourceInstaller(_languageService, _localizationService).InstallAsync().GetAwaiter().GetResult();

    public override void Down()
    {
        //the installation migration's Down drops the tables on uninstall
    }

    protected void AddInt(string table, string column)
    {
        if (!Schema.Table(table).Column(column).Exists())
            Alter.Table(table).AddColumn(column).AsInt32().NotNullable().WithDefaultValue(0);
    }
}
