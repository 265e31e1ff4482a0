using FluentMigrator;
using Nop.Data.Extensions;
using Nop.Data.Migrations;
using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Data.Migrations;

/// <summary>
/// Every Flock table. The UNIQUE indexes are how "never twice" holds across web-farm nodes: services insert, and a
/// unique violation means "already done". Auto-reversing: uninstall drops the indexes and tables.
/// </summary>
[NopMigration("2026-11-23 08:00:00", "Misc.Flock base schema", MigrationProcessType.Installation)]
public class SchemaMigration : AutoReversingMigration
{
    public override void Up()
    {
        Create.TableFor<FlockCampaign>();
        Create.TableFor<FlockReferrer>();
        Create.TableFor<FlockVisit>();
        Create.TableFor<FlockFriendCoupon>();
        Create.TableFor<FlockReferral>();
        Create.TableFor<FlockReward>();
        Create.TableFor<FlockEvent>();
        Create.TableFor<FlockAssignment>();
        Create.TableFor<FlockOffer>();
        Create.TableFor<FlockBuyerIdentity>();
        Create.TableFor<FlockInboxItem>();
        Create.TableFor<FlockPreparedWidget>();
        Create.TableFor<FlockChain>();
        Create.TableFor<FlockChainVersion>();
        Create.TableFor<FlockEnrollment>();
        Create.TableFor<FlockChainAction>();
        Create.TableFor<FlockChainDecision>();
        Create.TableFor<FlockActivity>();
        Create.TableFor<FlockContactGate>();
        Create.TableFor<FlockRecommendationExposure>();
        Create.TableFor<FlockRecommendationInteraction>();
        Create.TableFor<FlockCustomerSegment>();
        Create.TableFor<FlockTriggerScan>();
        Create.TableFor<FlockProductState>();

        Unique<FlockReferrer>("IX_FlockReferrer_CustomerId", nameof(FlockReferrer.CustomerId));
        Unique<FlockReferrer>("IX_FlockReferrer_Code", nameof(FlockReferrer.Code));
        Index<FlockVisit>("IX_FlockVisit_VisitorCustomerId", nameof(FlockVisit.VisitorCustomerId));
        Index<FlockVisit>("IX_FlockVisit_ReferrerId", nameof(FlockVisit.ReferrerId));
        Unique<FlockFriendCoupon>("IX_FlockFriendCoupon_Referrer_Friend", nameof(FlockFriendCoupon.ReferrerId), nameof(FlockFriendCoupon.FriendCustomerId));
        Index<FlockFriendCoupon>("IX_FlockFriendCoupon_FriendCustomerId", nameof(FlockFriendCoupon.FriendCustomerId));
        Unique<FlockReferral>("IX_FlockReferral_OrderId", nameof(FlockReferral.OrderId));
        Index<FlockReferral>("IX_FlockReferral_ReferrerId", nameof(FlockReferral.ReferrerId));
        Unique<FlockReward>("IX_FlockReward_CauseKey", nameof(FlockReward.CauseKey));
        Index<FlockReward>("IX_FlockReward_OrderId", nameof(FlockReward.OrderId));
        Index<FlockReward>("IX_FlockReward_State", nameof(FlockReward.State));
        Index<FlockReward>("IX_FlockReward_BeneficiaryCustomerId", nameof(FlockReward.BeneficiaryCustomerId));
        Index<FlockEvent>("IX_FlockEvent_CampaignId_CreatedOnUtc", nameof(FlockEvent.CampaignId), nameof(FlockEvent.CreatedOnUtc));
        Unique<FlockAssignment>("IX_FlockAssignment_Shopper_Experiment", nameof(FlockAssignment.ShopperKey), nameof(FlockAssignment.ExperimentKey));
        SchemaV11.CreateIndexes(this);
        foreach (var (table, name, unique, columns) in SchemaV12.Indexes.Concat(SchemaV13.Indexes).Concat(SchemaV14.Indexes).Concat(SchemaV15.Indexes).Concat(SchemaV16.Indexes).Concat(SchemaV17.Indexes).Concat(SchemaV18.Indexes).Concat(SchemaV19.Indexes))
            SchemaV11.CreateIndex(this, table, name, unique, columns);
    }

    protected void Unique<TEntity>(string name, params string[] columns) => SchemaV11.CreateIndex<TEntity>(this, name, true, columns);

    protected void Index<TEntity>(string name, params string[] columns) => SchemaV11.CreateIndex<TEntity>(this, name, false, columns);
}
