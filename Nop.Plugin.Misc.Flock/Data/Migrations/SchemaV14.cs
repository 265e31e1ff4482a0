using FluentMigrator;
using Nop.Data.Extensions;
using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Data.Migrations;

/// <summary>
/// The 1.4 schema: trigger chains. The unique indexes carry "never twice": one chain per key, one document per version,
/// one enrollment per (chain, customer, trigger occurrence), one action per idempotency key. The scheduler reads due
/// enrollments and actions by their due indexes, the timeline reads a customer's decisions and activity by customer.
/// Fresh installs get it from <see cref="SchemaMigration"/>; earlier installs from <see cref="UpgradeTo14Migration"/>.
/// </summary>
public static class SchemaV14
{
    public static readonly IReadOnlyList<(string Table, string Name, bool Unique, string[] Columns)> Indexes =
    [
        (nameof(FlockChain), "IX_FlockChain_Key", true, [nameof(FlockChain.Key)]),
        (nameof(FlockChainVersion), "IX_FlockChainVersion_Chain_Version", true, [nameof(FlockChainVersion.ChainKey), nameof(FlockChainVersion.Version)]),
        (nameof(FlockEnrollment), "IX_FlockEnrollment_Chain_Customer_Trigger", true, [nameof(FlockEnrollment.ChainKey), nameof(FlockEnrollment.CustomerId), nameof(FlockEnrollment.TriggerKey)]),
        (nameof(FlockEnrollment), "IX_FlockEnrollment_Status_Due", false, [nameof(FlockEnrollment.Status), nameof(FlockEnrollment.DueOnUtc)]),
        (nameof(FlockEnrollment), "IX_FlockEnrollment_CustomerId", false, [nameof(FlockEnrollment.CustomerId)]),
        (nameof(FlockChainAction), "IX_FlockChainAction_Key", true, [nameof(FlockChainAction.Key)]),
        (nameof(FlockChainAction), "IX_FlockChainAction_State_Next", false, [nameof(FlockChainAction.State), nameof(FlockChainAction.NextAttemptOnUtc)]),
        (nameof(FlockChainAction), "IX_FlockChainAction_Customer_Created", false, [nameof(FlockChainAction.CustomerId), nameof(FlockChainAction.CreatedOnUtc)]),
        (nameof(FlockChainDecision), "IX_FlockChainDecision_Customer_Created", false, [nameof(FlockChainDecision.CustomerId), nameof(FlockChainDecision.CreatedOnUtc)]),
        (nameof(FlockActivity), "IX_FlockActivity_Customer_Kind_Created", false, [nameof(FlockActivity.CustomerId), nameof(FlockActivity.Kind), nameof(FlockActivity.CreatedOnUtc)]),
        (nameof(FlockActivity), "IX_FlockActivity_Handled_Id", false, [nameof(FlockActivity.Handled), nameof(FlockActivity.Id)]),
    ];

    /// <summary>The 1.4 tables that do not exist yet.</summary>
    public static void CreateTables(Migration migration, Func<string, bool> exists)
    {
        if (!exists(nameof(FlockChain))) migration.Create.TableFor<FlockChain>();
        if (!exists(nameof(FlockChainVersion))) migration.Create.TableFor<FlockChainVersion>();
        if (!exists(nameof(FlockEnrollment))) migration.Create.TableFor<FlockEnrollment>();
        if (!exists(nameof(FlockChainAction))) migration.Create.TableFor<FlockChainAction>();
        if (!exists(nameof(FlockChainDecision))) migration.Create.TableFor<FlockChainDecision>();
        if (!exists(nameof(FlockActivity))) migration.Create.TableFor<FlockActivity>();
    }
}
