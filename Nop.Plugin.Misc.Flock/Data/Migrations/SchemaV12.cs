using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Data.Migrations;

/// <summary>
/// The 1.2 schema: the durable inbox of nopCommerce events and the thank-you blocks prepared off the request.
/// Fresh installs get it from <see cref="SchemaMigration"/>; 1.0 and 1.1 installs from <see cref="UpgradeTo12Migration"/>.
/// </summary>
public static class SchemaV12
{
    public const string InboxKeyIndex = "IX_FlockInboxItem_Kind_Entity_Discriminator";
    public const string InboxDueIndex = "IX_FlockInboxItem_Done_Due";
    public const string PreparedOrderIndex = "IX_FlockPreparedWidget_OrderId";
    public const string PreparedCustomerIndex = "IX_FlockPreparedWidget_Customer_Campaign";

    public static readonly IReadOnlyList<(string Table, string Name, bool Unique, string[] Columns)> Indexes =
    [
        (nameof(FlockInboxItem), InboxKeyIndex, true, [nameof(FlockInboxItem.Kind), nameof(FlockInboxItem.EntityId), nameof(FlockInboxItem.Discriminator)]),
        (nameof(FlockInboxItem), InboxDueIndex, false, [nameof(FlockInboxItem.DoneOnUtc), nameof(FlockInboxItem.DueOnUtc)]),
        (nameof(FlockPreparedWidget), PreparedOrderIndex, true, [nameof(FlockPreparedWidget.OrderId)]),
        (nameof(FlockPreparedWidget), PreparedCustomerIndex, false, [nameof(FlockPreparedWidget.CustomerId), nameof(FlockPreparedWidget.CampaignId)]),
    ];
}
