using FluentMigrator.Builders.Create.Table;
using Nop.Data.Mapping.Builders;
using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Data.Mapping;

// Column types nopCommerce would not guess well; every other column takes its default mapping.
// Keys and codes are short and indexed; JSON and free text are unlimited.

public class FlockCampaignBuilder : NopEntityBuilder<FlockCampaign>
{
    public override void MapEntity(CreateTableExpressionBuilder table) => table
        .WithColumn(nameof(FlockCampaign.Name)).AsString(400).NotNullable()
        .WithColumn(nameof(FlockCampaign.Status)).AsString(32).NotNullable()
        .WithColumn(nameof(FlockCampaign.ConfigJson)).AsString(int.MaxValue).NotNullable();
}

public class FlockReferrerBuilder : NopEntityBuilder<FlockReferrer>
{
    public override void MapEntity(CreateTableExpressionBuilder table) => table
        .WithColumn(nameof(FlockReferrer.Code)).AsString(FlockDefaults.CodeColumnLength).NotNullable()
        .WithColumn(nameof(FlockReferrer.Variant)).AsString(200).Nullable()
        .WithColumn(nameof(FlockReferrer.BlockedReason)).AsString(1000).Nullable();
}

public class FlockVisitBuilder : NopEntityBuilder<FlockVisit>
{
    public override void MapEntity(CreateTableExpressionBuilder table) => table
        .WithColumn(nameof(FlockVisit.Channel)).AsString(32).Nullable()
        .WithColumn(nameof(FlockVisit.Variant)).AsString(200).Nullable()
        .WithColumn(nameof(FlockVisit.IpAddress)).AsString(100).Nullable();
}

public class FlockFriendCouponBuilder : NopEntityBuilder<FlockFriendCoupon>
{
    public override void MapEntity(CreateTableExpressionBuilder table) => table
        .WithColumn(nameof(FlockFriendCoupon.CouponCode)).AsString(100).NotNullable()
        .WithColumn(nameof(FlockFriendCoupon.Variant)).AsString(200).Nullable()
        .WithColumn(nameof(FlockFriendCoupon.IpAddress)).AsString(100).Nullable();
}

public class FlockReferralBuilder : NopEntityBuilder<FlockReferral>
{
    public override void MapEntity(CreateTableExpressionBuilder table) => table
        .WithColumn(nameof(FlockReferral.Variant)).AsString(200).Nullable()
        .WithColumn(nameof(FlockReferral.EvidenceKind)).AsString(64).Nullable()
        .WithColumn(nameof(FlockReferral.Decision)).AsString(64).NotNullable()
        .WithColumn(nameof(FlockReferral.Reason)).AsString(2000).Nullable();
}

public class FlockRewardBuilder : NopEntityBuilder<FlockReward>
{
    public override void MapEntity(CreateTableExpressionBuilder table) => table
        .WithColumn(nameof(FlockReward.CauseKey)).AsString(400).NotNullable()
        .WithColumn(nameof(FlockReward.State)).AsString(32).NotNullable()
        .WithColumn(nameof(FlockReward.EntryJson)).AsString(int.MaxValue).NotNullable()
        .WithColumn(nameof(FlockReward.GrantedCouponCode)).AsString(100).Nullable()
        .WithColumn(nameof(FlockReward.LastError)).AsString(1000).Nullable()
        .WithColumn(nameof(FlockReward.LeaseToken)).AsString(32).Nullable();
}

public class FlockEventBuilder : NopEntityBuilder<FlockEvent>
{
    public override void MapEntity(CreateTableExpressionBuilder table) => table
        .WithColumn(nameof(FlockEvent.Kind)).AsString(64).NotNullable()
        .WithColumn(nameof(FlockEvent.Variant)).AsString(200).Nullable()
        .WithColumn(nameof(FlockEvent.Channel)).AsString(32).Nullable();
}

public class FlockAssignmentBuilder : NopEntityBuilder<FlockAssignment>
{
    public override void MapEntity(CreateTableExpressionBuilder table) => table
        .WithColumn(nameof(FlockAssignment.ShopperKey)).AsString(200).NotNullable()
        .WithColumn(nameof(FlockAssignment.ExperimentKey)).AsString(400).NotNullable()
        .WithColumn(nameof(FlockAssignment.ArmKey)).AsString(400).NotNullable();
}

public class FlockOfferBuilder : NopEntityBuilder<FlockOffer>
{
    public override void MapEntity(CreateTableExpressionBuilder table) => table
        .WithColumn(nameof(FlockOffer.OfferKey)).AsString(400).NotNullable()
        .WithColumn(nameof(FlockOffer.MotivationId)).AsString(64).Nullable()
        .WithColumn(nameof(FlockOffer.CouponCode)).AsString(100).NotNullable();
}

public class FlockBuyerIdentityBuilder : NopEntityBuilder<FlockBuyerIdentity>
{
    public override void MapEntity(CreateTableExpressionBuilder table) => table
        .WithColumn(nameof(FlockBuyerIdentity.Hash)).AsString(64).NotNullable();
}

public class FlockInboxItemBuilder : NopEntityBuilder<FlockInboxItem>
{
    public override void MapEntity(CreateTableExpressionBuilder table) => table
        .WithColumn(nameof(FlockInboxItem.Kind)).AsString(64).NotNullable()
        .WithColumn(nameof(FlockInboxItem.Discriminator)).AsString(64).NotNullable()
        .WithColumn(nameof(FlockInboxItem.Payload)).AsString(int.MaxValue).Nullable()
        .WithColumn(nameof(FlockInboxItem.LeaseToken)).AsString(32).Nullable()
        .WithColumn(nameof(FlockInboxItem.LastError)).AsString(1000).Nullable();
}

public class FlockPreparedWidgetBuilder : NopEntityBuilder<FlockPreparedWidget>
{
    public override void MapEntity(CreateTableExpressionBuilder table) => table
        .WithColumn(nameof(FlockPreparedWidget.Variant)).AsString(200).Nullable()
        .WithColumn(nameof(FlockPreparedWidget.ModelJson)).AsString(int.MaxValue).Nullable();
}

public class FlockChainBuilder : NopEntityBuilder<FlockChain>
{
    public override void MapEntity(CreateTableExpressionBuilder table) => table
        .WithColumn(nameof(FlockChain.Key)).AsString(64).NotNullable()
        .WithColumn(nameof(FlockChain.Name)).AsString(200).NotNullable();
}

public class FlockChainVersionBuilder : NopEntityBuilder<FlockChainVersion>
{
    public override void MapEntity(CreateTableExpressionBuilder table) => table
        .WithColumn(nameof(FlockChainVersion.ChainKey)).AsString(64).NotNullable()
        .WithColumn(nameof(FlockChainVersion.Json)).AsString(int.MaxValue).NotNullable();
}

public class FlockEnrollmentBuilder : NopEntityBuilder<FlockEnrollment>
{
    public override void MapEntity(CreateTableExpressionBuilder table) => table
        .WithColumn(nameof(FlockEnrollment.ChainKey)).AsString(64).NotNullable()
        .WithColumn(nameof(FlockEnrollment.TriggerKey)).AsString(64).NotNullable()
        .WithColumn(nameof(FlockEnrollment.LeaseToken)).AsString(32).Nullable();
}

public class FlockChainActionBuilder : NopEntityBuilder<FlockChainAction>
{
    public override void MapEntity(CreateTableExpressionBuilder table) => table
        .WithColumn(nameof(FlockChainAction.Key)).AsString(400).NotNullable()
        .WithColumn(nameof(FlockChainAction.ChainKey)).AsString(64).NotNullable()
        .WithColumn(nameof(FlockChainAction.StepId)).AsString(64).NotNullable()
        .WithColumn(nameof(FlockChainAction.Kind)).AsString(16).NotNullable()
        .WithColumn(nameof(FlockChainAction.PayloadJson)).AsString(4000).Nullable()
        .WithColumn(nameof(FlockChainAction.State)).AsString(16).NotNullable()
        .WithColumn(nameof(FlockChainAction.LastError)).AsString(1000).Nullable()
        .WithColumn(nameof(FlockChainAction.LeaseToken)).AsString(32).Nullable()
        .WithColumn(nameof(FlockChainAction.RecipientKey)).AsString(64).Nullable();
}

public class FlockChainDecisionBuilder : NopEntityBuilder<FlockChainDecision>
{
    public override void MapEntity(CreateTableExpressionBuilder table) => table
        .WithColumn(nameof(FlockChainDecision.ChainKey)).AsString(64).NotNullable()
        .WithColumn(nameof(FlockChainDecision.TriggerKey)).AsString(64).NotNullable()
        .WithColumn(nameof(FlockChainDecision.StepId)).AsString(64).Nullable()
        .WithColumn(nameof(FlockChainDecision.Detail)).AsString(2000).Nullable();
}

public class FlockActivityBuilder : NopEntityBuilder<FlockActivity>
{
    public override void MapEntity(CreateTableExpressionBuilder table) => table
        .WithColumn(nameof(FlockActivity.Text)).AsString(200).Nullable();
}

public class FlockRecommendationExposureBuilder : NopEntityBuilder<FlockRecommendationExposure>
{
    public override void MapEntity(CreateTableExpressionBuilder table) => table
        .WithColumn(nameof(FlockRecommendationExposure.Place)).AsString(16).NotNullable();
}

public class FlockRecommendationInteractionBuilder : NopEntityBuilder<FlockRecommendationInteraction>
{
    public override void MapEntity(CreateTableExpressionBuilder table) => table
        .WithColumn(nameof(FlockRecommendationInteraction.Place)).AsString(16).NotNullable()
        .WithColumn(nameof(FlockRecommendationInteraction.Kind)).AsString(8).NotNullable();
}

public class FlockTriggerScanBuilder : NopEntityBuilder<FlockTriggerScan>
{
    public override void MapEntity(CreateTableExpressionBuilder table) => table
        .WithColumn(nameof(FlockTriggerScan.Key)).AsString(64).NotNullable();
}

public class FlockProductStateBuilder : NopEntityBuilder<FlockProductState>
{
    public override void MapEntity(CreateTableExpressionBuilder table) => table
        .WithColumn(nameof(FlockProductState.Price)).AsDecimal(18, 4).NotNullable()
        .WithColumn(nameof(FlockProductState.ReferencePrice)).AsDecimal(18, 4).NotNullable();
}
