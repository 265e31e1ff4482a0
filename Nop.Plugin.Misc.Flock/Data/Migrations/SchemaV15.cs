using FluentMigrator;
using Nop.Data.Extensions;
using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Data.Migrations;

/// <summary>
/// The 1.5 schema: the per-customer contact gate (caps across chains and nodes) and the indexes retention and the chain
/// reports read by. Fresh installs get it from <see cref="SchemaMigration"/>; earlier installs from <see cref="UpgradeTo15Migration"/>.
/// </summary>
public static class SchemaV15
{
    public static readonly IReadOnlyList<(string Table, string Name, bool Unique, string[] Columns)> Indexes =
    [
        (nameof(FlockContactGate), "IX_FlockContactGate_CustomerId", true, [nameof(FlockContactGate.CustomerId)]),
        (nameof(FlockActivity), "IX_FlockActivity_Handled_Created", false, [nameof(FlockActivity.Handled), nameof(FlockActivity.CreatedOnUtc)]),
        (nameof(FlockEnrollment), "IX_FlockEnrollment_Status_Ended", false, [nameof(FlockEnrollment.Status), nameof(FlockEnrollment.EndedOnUtc)]),
        (nameof(FlockEnrollment), "IX_FlockEnrollment_Chain_Status", false, [nameof(FlockEnrollment.ChainKey), nameof(FlockEnrollment.Status)]),
        (nameof(FlockChainAction), "IX_FlockChainAction_Enrollment", false, [nameof(FlockChainAction.EnrollmentId)]),
        (nameof(FlockChainAction), "IX_FlockChainAction_Chain_Kind_State", false, [nameof(FlockChainAction.ChainKey), nameof(FlockChainAction.Kind), nameof(FlockChainAction.State)]),
        (nameof(FlockChainDecision), "IX_FlockChainDecision_Created", false, [nameof(FlockChainDecision.CreatedOnUtc)]),
    ];

    /// <summary>The 1.5 tables that do not exist yet.</summary>
    public static void CreateTables(Migration migration, Func<string, bool> exists)
    {
        if (!exists(nameof(FlockContactGate))) migration.Create.TableFor<FlockContactGate>();
    }
}
