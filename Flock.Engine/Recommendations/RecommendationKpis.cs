using Flock.Engine.Common;
using Flock.Engine.Experiments;
using Flock.Engine.Statistics;

namespace Flock.Engine.Recommendations;

/// <summary>
/// Who sees recommendation blocks: a stable share of shoppers (by their customer key) is held out and sees none, while
/// what they would have been shown is still recorded, so "bought a recommended product" is measured for both groups.
/// </summary>
public static class RecommendationHoldout
{
    /// <summary>The share of shoppers held out by default (10 %).</summary>
    public const double DefaultShare = 0.1;

    /// <summary>True when the shopper is in the holdout for <paramref name="share"/> (0 = nobody, 0.5 at most); stable for the shopper.</summary>
    public static bool IsHeldOut(Guid shopperKey, double share)
    {
        if (!double.IsFinite(share) || share <= 0) return false;
        return StableHash.Point(StableHash.Of("s" + shopperKey.ToString("N"), "recommendations"), StableHash.HoldoutStream) < Math.Min(share, 0.5);
    }
}

/// <summary>
/// The counts of one place (product page, cart, thank-you page, email) over a period: shoppers who were shown a block (or,
/// in the holdout, would have been), how many of the shown clicked a recommended product or put one in the cart, and how
/// many of each group bought a product that was (or would have been) recommended to them afterwards, with that revenue.
/// </summary>
public sealed record RecommendationKpiInput
{
    public long Impressions { get; init; }
    public long ShownShoppers { get; init; }
    public long Clicked { get; init; }
    public long AddedToCart { get; init; }
    public long ShownBuyers { get; init; }
    public decimal ShownRevenue { get; init; }
    public long HoldoutShoppers { get; init; }
    public long HoldoutBuyers { get; init; }
    public decimal HoldoutRevenue { get; init; }

    internal ValidationResult Validate()
    {
        var problems = new ProblemCollector();
        void NonNegative(long value, string path)
        {
            if (value < 0) problems.Add(path, "must be 0 or more");
        }

        NonNegative(Impressions, "impressions");
        NonNegative(ShownShoppers, "shownShoppers");
        NonNegative(HoldoutShoppers, "holdoutShoppers");
        if (Clicked < 0 || Clicked > ShownShoppers) problems.Add("clicked", "must be from 0 to the shoppers shown");
        if (AddedToCart < 0 || AddedToCart > ShownShoppers) problems.Add("addedToCart", "must be from 0 to the shoppers shown");
        if (ShownBuyers < 0 || ShownBuyers > ShownShoppers) problems.Add("shownBuyers", "must be from 0 to the shoppers shown");
        if (HoldoutBuyers < 0 || HoldoutBuyers > HoldoutShoppers) problems.Add("holdoutBuyers", "must be from 0 to the shoppers held out");
        if (ShownRevenue < 0) problems.Add("shownRevenue", "must be 0 or more");
        if (HoldoutRevenue < 0) problems.Add("holdoutRevenue", "must be 0 or more");
        return problems.ToResult();
    }
}

/// <summary>
/// What the recommendations of one place earned: click and add-to-cart rates of the shown shoppers, and the share who
/// bought a recommended product against the holdout's share who bought it anyway — with the same always-valid
/// comparison as the chains and campaigns, so a small store reads "not enough data yet — N more shoppers needed".
/// </summary>
public sealed record RecommendationKpiReport
{
    public required RecommendationKpiInput Input { get; init; }
    public required ArmStatistics Shown { get; init; }
    public required ArmStatistics Holdout { get; init; }
    public required Comparison Comparison { get; init; }

    public double? ClickRate => Input.ShownShoppers == 0 ? null : (double)Input.Clicked / Input.ShownShoppers;
    public double? AddToCartRate => Input.ShownShoppers == 0 ? null : (double)Input.AddedToCart / Input.ShownShoppers;

    /// <summary>Extra buyers the blocks brought (shown buyers minus what the holdout's rate predicts), once there is a verdict.</summary>
    public double? IncrementalBuyers { get; init; }

    public string Summary(string language = "en")
    {
        var ru = language.StartsWith("ru", StringComparison.OrdinalIgnoreCase);
        string Pct(double v) => (v * 100).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + "%";
        return Comparison.Verdict switch
        {
            Verdict.NotEnoughData => ru
                ? $"Данных пока мало — нужно ещё {(Comparison.MoreNeeded?.IsLowerBound == true ? "не меньше " : "")}{Comparison.MoreNeeded?.MoreShoppers ?? 0} покупателей (с контрольной группой)"
                : $"Not enough data yet — {(Comparison.MoreNeeded?.IsLowerBound == true ? "at least " : "")}{Comparison.MoreNeeded?.MoreShoppers ?? 0} more shoppers needed (holdout included)",
            Verdict.NoDifferenceYet => ru
                ? $"Разницы пока не видно: {Pct(Shown.ConversionRate)} купили рекомендованное против {Pct(Holdout.ConversionRate)} без блока"
                : $"No difference yet: {Pct(Shown.ConversionRate)} bought a recommended product against {Pct(Holdout.ConversionRate)} without the block",
            Verdict.TreatmentBetter => ru
                ? $"Рекомендации работают: {Pct(Shown.ConversionRate)} против {Pct(Holdout.ConversionRate)} в контрольной группе"
                : $"The recommendations work: {Pct(Shown.ConversionRate)} against {Pct(Holdout.ConversionRate)} in the holdout",
            _ => ru
                ? $"Без блока покупают рекомендованное чаще: {Pct(Holdout.ConversionRate)} против {Pct(Shown.ConversionRate)}"
                : $"Shoppers without the block buy the recommended products more often: {Pct(Holdout.ConversionRate)} against {Pct(Shown.ConversionRate)}",
        };
    }
}

public static class RecommendationKpiCalculator
{
    /// <exception cref="FlockValidationException">Counts that cannot be (more buyers than shoppers, negatives).</exception>
    public static RecommendationKpiReport Compute(RecommendationKpiInput input, StatisticsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.Validate().ThrowIfInvalid("recommendation KPIs");
        var shown = new ArmCounts(input.ShownShoppers, input.ShownBuyers, input.ShownRevenue);
        var holdout = new ArmCounts(input.HoldoutShoppers, input.HoldoutBuyers, input.HoldoutRevenue);
        var report = ExperimentStatistics.Analyze([new ArmObservation("shown", shown)], holdout, options);
        var arm = report.Arms[0];
        var comparison = arm.HoldoutComparison!;
        return new RecommendationKpiReport
        {
            Input = input,
            Shown = arm,
            Holdout = report.Holdout!,
            Comparison = comparison,
            IncrementalBuyers = comparison.Verdict is Verdict.NotEnoughData ? null : input.ShownBuyers - holdout.ConversionRate * input.ShownShoppers,
        };
    }
}
