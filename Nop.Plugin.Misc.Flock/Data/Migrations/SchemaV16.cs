using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Data.Migrations;

/// <summary>The 1.6 indexes: "did this address already get the chain" is one index seek. Fresh installs get them from <see cref="SchemaMigration"/>.</summary>
public static class SchemaV16
{
    public static readonly IReadOnlyList<(string Table, string Name, bool Unique, string[] Columns)> Indexes =
    [
        (nameof(FlockChainAction), "IX_FlockChainAction_Recipient_Chain", false, [nameof(FlockChainAction.RecipientKey), nameof(FlockChainAction.ChainKey)]),
    ];
}
