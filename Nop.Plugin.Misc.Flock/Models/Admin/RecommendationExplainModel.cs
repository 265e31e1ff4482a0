using Nop.Web.Framework.Models;

namespace Nop.Plugin.Misc.Flock.Models.Admin;

/// <summary>The admin's "what Flock recommends for this product and why".</summary>
public record RecommendationExplainModel : BaseNopModel
{
    public int? ProductId { get; set; }
    public string ProductName { get; set; }
    public bool NotFound { get; set; }
    public bool ModelReady { get; set; }
    public IList<List> Lists { get; } = new List<List>();
    public IList<Kpi> Kpis { get; } = new List<Kpi>();

    /// <summary>One place's KPIs over the attribution window: counts, rates, and the verdict against the holdout in words.</summary>
    public record Kpi(string Place, global::Flock.Engine.Recommendations.RecommendationKpiInput Counts, double? ClickRate, double? AddToCartRate,
        double ShownConversion, double HoldoutConversion, string Summary);

    public record List(string Key, IList<Row> Rows);

    public record Row(int ProductId, string Name, string Reason);
}
