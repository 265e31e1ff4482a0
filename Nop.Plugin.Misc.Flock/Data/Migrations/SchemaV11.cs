using FluentMigrator;
using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Data.Migrations;

/// <summary>
/// The 1.1 schema: bounded discounts (FlockOffer), buyer identities, and the reward ledger's concurrency columns.
/// Fresh installs get it from <see cref="SchemaMigration"/>; existing 1.0 installs from <see cref="UpgradeTo11Migration"/>.
/// </summary>
public static class SchemaV11
{
    public const string OfferKeyIndex = "IX_FlockOffer_OfferKey";
    public const string OfferDiscountIndex = "IX_FlockOffer_DiscountId";
    public const string OfferRequirementIndex = "IX_FlockOffer_RequirementId";
    public const string IdentityIndex = "IX_FlockBuyerIdentity_Kind_Hash_Order";
    public const string IdentityOrderIndex = "IX_FlockBuyerIdentity_OrderId";
    public const string RewardDueIndex = "IX_FlockReward_DueOnUtc";
    public const string RewardFulfilmentIndex = "IX_FlockReward_NeedsFulfilment";
    public const string ClaimIpIndex = "IX_FlockFriendCoupon_Ip_Created";
    public const string ClaimCampaignIndex = "IX_FlockFriendCoupon_Friend_Campaign";
    public const string EventCustomerIndex = "IX_FlockEvent_Customer_Kind";
    public const string IdentityHashIndex = "IX_FlockBuyerIdentity_Hash";
    public const string EventKindCampaignIndex = "IX_FlockEvent_Kind_Campaign_Customer";
    public const string IdentityCustomerIndex = "IX_FlockBuyerIdentity_CustomerId";
    /// <summary>1.0's unique coupon-code index: friend invitations now share their campaign's code.</summary>
    public const string LegacyCouponCodeIndex = "IX_FlockFriendCoupon_CouponCode";

    /// <summary>Every 1.1 index: one list for the installation and the upgrade.</summary>
    public static readonly IReadOnlyList<(string Table, string Name, bool Unique, string[] Columns)> Indexes =
    [
        (nameof(FlockOffer), OfferKeyIndex, true, [nameof(FlockOffer.OfferKey)]),
        (nameof(FlockOffer), OfferDiscountIndex, true, [nameof(FlockOffer.DiscountId)]),
        (nameof(FlockOffer), OfferRequirementIndex, true, [nameof(FlockOffer.RequirementId)]),
        (nameof(FlockBuyerIdentity), IdentityIndex, true, [nameof(FlockBuyerIdentity.KindId), nameof(FlockBuyerIdentity.Hash), nameof(FlockBuyerIdentity.OrderId)]),
        (nameof(FlockBuyerIdentity), IdentityOrderIndex, false, [nameof(FlockBuyerIdentity.OrderId)]),
        (nameof(FlockBuyerIdentity), IdentityHashIndex, false, [nameof(FlockBuyerIdentity.Hash)]),
        (nameof(FlockBuyerIdentity), IdentityCustomerIndex, false, [nameof(FlockBuyerIdentity.CustomerId)]),
        (nameof(FlockReward), RewardDueIndex, false, [nameof(FlockReward.DueOnUtc)]),
        (nameof(FlockReward), RewardFulfilmentIndex, false, [nameof(FlockReward.NeedsFulfilment)]),
        (nameof(FlockFriendCoupon), ClaimIpIndex, false, [nameof(FlockFriendCoupon.IpAddress), nameof(FlockFriendCoupon.CreatedOnUtc)]),
        (nameof(FlockFriendCoupon), ClaimCampaignIndex, false, [nameof(FlockFriendCoupon.FriendCustomerId), nameof(FlockFriendCoupon.CampaignId)]),
        (nameof(FlockEvent), EventCustomerIndex, false, [nameof(FlockEvent.CustomerId), nameof(FlockEvent.Kind)]),
        (nameof(FlockEvent), EventKindCampaignIndex, false, [nameof(FlockEvent.Kind), nameof(FlockEvent.CampaignId), nameof(FlockEvent.CustomerId)]),
    ];

    public static void CreateIndexes(MigrationBase migration)
    {
        foreach (var (table, name, unique, columns) in Indexes)
            CreateIndex(migration, table, name, unique, columns);
    }

    public static void CreateIndex<TEntity>(MigrationBase migration, string name, bool unique, params string[] columns) =>
        CreateIndex(migration, typeof(TEntity).Name, name, unique, columns);

    public static void CreateIndex(MigrationBase migration, string table, string name, bool unique, string[] columns)
    {
        var index = migration.Create.Index(name).OnTable(table);
        foreach (var column in columns)
        {
            var options = index.OnColumn(column).Ascending().WithOptions();
            if (unique)
                options.Unique();
        }
    }
}
