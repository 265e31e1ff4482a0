using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Data.Migrations;

/// <summary>The 1.8 tables' unique keys (segment and date triggers): one recorded segment per customer, one scan mark per trigger. Fresh installs get them from <see cref="SchemaMigration"/>.</summary>
public static class SchemaV18
{
    public static readonly IReadOnlyList<(string Table, string Name, bool Unique, string[] Columns)> Indexes =
    [
        (nameof(FlockCustomerSegment), "IX_FlockCustomerSegment_CustomerId", true, [nameof(FlockCustomerSegment.CustomerId)]),
        (nameof(FlockTriggerScan), "IX_FlockTriggerScan_Key", true, [nameof(FlockTriggerScan.Key)]),
    ];
}
