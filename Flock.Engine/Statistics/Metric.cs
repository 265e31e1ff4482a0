namespace Flock.Engine.Statistics;

/// <summary>Which outcome of an <see cref="ArmSample"/> is compared. Higher is better for both.</summary>
public enum Metric
{
    /// <summary>Converted ÷ shoppers (e.g. repeat-purchase rate, share rate, referral conversion).</summary>
    Conversion,

    /// <summary>Σ value ÷ shoppers (e.g. revenue per shopper); needs Σ value and Σ value².</summary>
    ValuePerShopper,
}
