using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Data.Migrations;

/// <summary>The 1.7 indexes (recommendation KPIs): a shopper's exposures by time, a place's by time. Fresh installs get them from <see cref="SchemaMigration"/>.</summary>
public static class SchemaV17
{
    public static readonly IReadOnlyList<(string Table, string Name, bool Unique, string[] Columns)> Indexes =
    [
        (nameof(FlockRecommendationExposure), "IX_FlockRecommendationExposure_Customer_Created", false,
            [nameof(FlockRecommendationExposure.CustomerId), nameof(FlockRecommendationExposure.CreatedOnUtc)]),
        //the KPI query reads these columns only: an index-only scan per place and period
        (nameof(FlockRecommendationExposure), "IX_FlockRecommendationExposure_Place_Created", false,
            [nameof(FlockRecommendationExposure.Place), nameof(FlockRecommendationExposure.CreatedOnUtc), nameof(FlockRecommendationExposure.CustomerId),
             nameof(FlockRecommendationExposure.ProductId), nameof(FlockRecommendationExposure.Holdout), nameof(FlockRecommendationExposure.StoreId)]),
        (nameof(FlockRecommendationInteraction), "IX_FlockRecommendationInteraction_Place_Created", false,
            [nameof(FlockRecommendationInteraction.Place), nameof(FlockRecommendationInteraction.CreatedOnUtc)]),
        (nameof(FlockRecommendationInteraction), "IX_FlockRecommendationInteraction_Customer_Created", false,
            [nameof(FlockRecommendationInteraction.CustomerId), nameof(FlockRecommendationInteraction.CreatedOnUtc)]),
    ];
}
