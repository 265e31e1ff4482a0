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

    public static void CreateIndexes(MigrationBase migration)
    {
        CreateIndex<FlockOffer>(migration, OfferKeyIndex, true, nameof(FlockOffer.OfferKey));
        CreateIndex<FlockOffer>(migration, OfferDiscountIndex, true, nameof(FlockOffer.DiscountId));
        CreateIndex<FlockOffer>(migration, OfferRequirementIndex, true, nameof(FlockOffer.RequirementId));
        CreateIndex<FlockBuyerIdentity>(migration, IdentityIndex, true, nameof(FlockBuyerIdentity.KindId), nameof(FlockBuyerIdentity.Hash), nameof(FlockBuyerIdentity.OrderId));
        CreateIndex<FlockBuyerIdentity>(migration, IdentityOrderIndex, false, nameof(FlockBuyerIdentity.OrderId));
        CreateIndex<FlockReward>(migration, RewardDueIndex, false, nameof(FlockReward.DueOnUtc));
        CreateIndex<FlockReward>(migration, RewardFulfilmentIndex, false, nameof(FlockReward.NeedsFulfilment));
        CreateIndex<FlockFriendCoupon>(migration, ClaimIpIndex, false, nameof(FlockFriendCoupon.IpAddress), nameof(FlockFriendCoupon.CreatedOnUtc));
        CreateIndex<FlockFriendCoupon>(migration, ClaimCampaignIndex, false, nameof(FlockFriendCoupon.FriendCustomerId), nameof(FlockFriendCoupon.CampaignId));
        CreateIndex<FlockEvent>(migration, EventCustomerIndex, false, nameof(FlockEvent.CustomerId), nameof(FlockEvent.Kind));
        CreateIndex<FlockBuyerIdentity>(migration, IdentityHashIndex, false, nameof(FlockBuyerIdentity.Hash));
        CreateIndex<FlockEvent>(migration, EventKindCampaignIndex, false, nameof(FlockEvent.Kind), nameof(FlockEvent.CampaignId), nameof(FlockEvent.CustomerId));
        CreateIndex<FlockBuyerIdentity>(migration, IdentityCustomerIndex, false, nameof(FlockBuyerIdentity.CustomerId));
    }

    public static void CreateIndex<TEntity>(MigrationBase migration, string name, bool unique, params string[] columns)
    {
        var index = migration.Create.Index(name).OnTable(typeof(TEntity).Name);
        foreach (var column in columns)
        {
            var options = index.OnColumn(column).Ascending().WithOptions();
            if (unique)
                options.Unique();
        }
    }
}
