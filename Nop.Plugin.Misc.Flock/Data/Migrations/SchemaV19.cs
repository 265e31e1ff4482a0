using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Data.Migrations;

/// <summary>The 1.9 keys (price-drop and back-in-stock triggers): one recorded state per product, and the product views by product. Fresh installs get it from <see cref="SchemaMigration"/>.</summary>
public static class SchemaV19
{
    public static readonly IReadOnlyList<(string Table, string Name, bool Unique, string[] Columns)> Indexes =
    [
        (nameof(FlockProductState), "IX_FlockProductState_ProductId", true, [nameof(FlockProductState.ProductId)]),
        //who viewed a product lately: the customers a price drop or a return to stock is told to
        (nameof(FlockActivity), "IX_FlockActivity_Kind_Entity_Created", false, [nameof(FlockActivity.Kind), nameof(FlockActivity.EntityId), nameof(FlockActivity.CreatedOnUtc)]),
    ];
}
