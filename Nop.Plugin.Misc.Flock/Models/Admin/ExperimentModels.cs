#nullable disable
using Flock.Engine.Statistics;
using Nop.Web.Framework.Models;

namespace Nop.Plugin.Misc.Flock.Models.Admin;

/// <summary>
/// The Experiments page of one campaign: the causal comparison with the holdout (the shoppers' own behaviour), the sample
/// plan and the decision rule, and the attributed comparisons of its creatives and of the campaigns it competes with.
/// Every number comes from the engine (HoldoutOutcomes, SequentialComparison, SamplePlanner); texts are ready to show.
/// </summary>
public record ExperimentModel : BaseNopEntityModel
{
    public string CampaignName { get; set; }
    public int Version { get; set; }
    public string Error { get; set; }

    /// <summary>"Now" of the report, in the admin's time zone.</summary>
    public string AsOf { get; set; }

    /// <summary>The decision rule in words (α, comparisons, minimum sample, primary measure).</summary>
    public string Rule { get; set; }

    public HoldoutComparisonModel Holdout { get; set; } = new();
    public SamplePlanModel Plan { get; set; }
    public ArmComparisonModel Variants { get; set; } = new();

    /// <summary>Null unless the campaign competes with others for the same shoppers.</summary>
    public ArmComparisonModel Competition { get; set; }
}

/// <summary>Campaign (and its competitors) against the holdout, on what both groups can do: their own next purchases.</summary>
public record HoldoutComparisonModel
{
    /// <summary>The campaign (or a competitor) holds shoppers out, or some were held out.</summary>
    public bool HasHoldout { get; set; }

    /// <summary>The holdout share of the campaign's competition, e.g. "10 %".</summary>
    public string HoldoutShare { get; set; }

    /// <summary>Shown instead of the comparison when there is nothing to compare.</summary>
    public string Message { get; set; }

    /// <summary>The experiment keys counted (the competitions this campaign took part in).</summary>
    public List<string> ExperimentKeys { get; set; } = [];

    public List<int> Windows { get; set; } = [];

    /// <summary>The holdout first, then the campaign arms.</summary>
    public List<OutcomeArmModel> Arms { get; set; } = [];

    public List<UpliftRowModel> Uplifts { get; set; } = [];

    /// <summary>"3 assignments of shoppers without a customer record left out…", or null.</summary>
    public string Excluded { get; set; }
}

public record OutcomeArmModel
{
    public string Key { get; set; }
    public string Label { get; set; }
    public bool IsHoldout { get; set; }
    public bool IsThisCampaign { get; set; }
    public long Shoppers { get; set; }
    public List<OutcomeWindowModel> Windows { get; set; } = [];

    /// <summary>Kaplan–Meier median days to the next own order; null while more than half are still away.</summary>
    public double? MedianDaysToNextOrder { get; set; }
    public string MedianText { get; set; }
}

/// <summary>One arm in one window after assignment. Rates and money are texts; the counts stay numbers.</summary>
public record OutcomeWindowModel
{
    public int Days { get; set; }
    public long Matured { get; set; }
    public long Maturing { get; set; }
    public long Repeaters { get; set; }
    public double? RepeatRate { get; set; }
    public string RepeatRateText { get; set; }
    public double? RevenuePerShopper { get; set; }
    public string RevenuePerShopperText { get; set; }

    /// <summary>Attributed, not causal: distinct friends with an attributed order in the window.</summary>
    public long AttributedNewCustomers { get; set; }
    public string AttributedNewCustomersPer1000 { get; set; }
    public string AttributedRevenuePer1000 { get; set; }
}

/// <summary>One uplift: an arm against the holdout on one measure in one window, or how many more shoppers it needs.</summary>
public record UpliftRowModel
{
    public string Arm { get; set; }
    public string ArmLabel { get; set; }
    public int Days { get; set; }
    public string Measure { get; set; }
    public bool IsPrimary { get; set; }
    public Verdict Verdict { get; set; }
    public string VerdictText { get; set; }

    /// <summary>Arm − holdout (rate points as a fraction, or money per shopper); null below the minimum sample.</summary>
    public double? Difference { get; set; }
    public string DifferenceText { get; set; }
    public string IntervalText { get; set; }
    public string PValueText { get; set; }

    /// <summary>"N more shoppers needed" (null once decided).</summary>
    public long? MoreShoppers { get; set; }
}

/// <summary>The fixed-horizon plan of the holdout comparison on the primary measure, and the always-valid equivalent.</summary>
public record SamplePlanModel
{
    public double BaselineRate { get; set; }
    public bool BaselineObserved { get; set; }
    public double HoldoutShare { get; set; }
    public long FixedHoldout { get; set; }
    public long FixedExposed { get; set; }
    public long SequentialHoldout { get; set; }
    public long SequentialExposed { get; set; }
    public string Text { get; set; }
}

/// <summary>Arms compared with one another on an attributed conversion (brought a friend order after assignment).</summary>
public record ArmComparisonModel
{
    /// <summary>What is counted, in words.</summary>
    public string Definition { get; set; }
    public string Message { get; set; }
    public List<ArmRowModel> Arms { get; set; } = [];
    public List<ComparisonRowModel> Comparisons { get; set; } = [];
    public string WinnerText { get; set; }
}

public record ArmRowModel
{
    public string Key { get; set; }
    public string Label { get; set; }
    public long Shoppers { get; set; }
    public long Converted { get; set; }
    public bool HasMinimumSample { get; set; }

    /// <summary>Hidden ("—") below the minimum sample.</summary>
    public string RateText { get; set; }

    /// <summary>Descriptive only; hidden unless every arm has the minimum sample.</summary>
    public double? ProbabilityToBeBest { get; set; }
    public string ProbabilityToBeBestText { get; set; }
    public bool IsWinner { get; set; }
}

public record ComparisonRowModel
{
    public string ControlLabel { get; set; }
    public string TreatmentLabel { get; set; }
    public Verdict Verdict { get; set; }
    public string VerdictText { get; set; }
    public string DifferenceText { get; set; }
    public string IntervalText { get; set; }
    public string PValueText { get; set; }
    public long? MoreShoppers { get; set; }
}
