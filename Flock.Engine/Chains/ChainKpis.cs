using Flock.Engine.Experiments;
using Flock.Engine.Statistics;

namespace Flock.Engine.Chains;

/// <summary>One group of a chain's entrants: how many entered, how many bought before the chain ended (the purchase goal), and their revenue.</summary>
public readonly record struct ChainGroupCounts(long Entered, long Converted, decimal Revenue = 0);

/// <summary>
/// What became of one step's messages: sent (queued), cancelled at the last moment (a purchase, consent, a goal),
/// expired, held out; of those sent, delivered (handed to the mail server), opened (the picture loaded, or a link
/// followed) and clicked (a tracked link followed), each counted once per message.
/// </summary>
public readonly record struct ChainStepCounts(string StepId, long Sent, long Cancelled, long Expired, long HeldOut,
    long Delivered = 0, long Opened = 0, long Clicked = 0);

/// <summary>The counts a chain's KPIs are computed from (read by the plugin with one grouped query per table).</summary>
public sealed record ChainKpiInput
{
    public ChainGroupCounts Messaged { get; init; }
    public ChainGroupCounts Holdout { get; init; }
    public long Active { get; init; }
    /// <summary>Messaged entrants who left because they unsubscribed.</summary>
    public long Unsubscribed { get; init; }
    public IReadOnlyList<ChainStepCounts> Steps { get; init; } = [];
}

/// <summary>
/// A chain's measured effect (T6): conversion of messaged entrants against the holdout that entered and was never
/// messaged, with the always-valid comparison of <see cref="ExperimentStatistics"/> — "not enough data yet, N more
/// customers needed" instead of a number while the groups are small — and the per-message rates.
/// </summary>
public sealed record ChainKpiReport
{
    public required ChainKpiInput Input { get; init; }
    public required ArmStatistics Messaged { get; init; }
    public required ArmStatistics Holdout { get; init; }
    public required Comparison Comparison { get; init; }
    public long Sent { get; init; }
    public long Delivered { get; init; }
    public long Opened { get; init; }
    public long Clicked { get; init; }
    /// <summary>Opened per delivered message; null before the first delivery.</summary>
    public double? OpenRate => Delivered == 0 ? null : (double)Opened / Delivered;
    /// <summary>Clicked per delivered message; null before the first delivery.</summary>
    public double? ClickRate => Delivered == 0 ? null : (double)Clicked / Delivered;
    /// <summary>Conversions per message sent; null before the first message.</summary>
    public double? ConversionsPerMessage { get; init; }
    /// <summary>Unsubscribes per message sent; null before the first message.</summary>
    public double? UnsubscribesPerMessage { get; init; }
    /// <summary>Extra conversions the messages brought (messaged minus what the holdout rate predicts), only once the comparison has a verdict.</summary>
    public double? IncrementalConversions { get; init; }

    /// <summary>The effect in one sentence.</summary>
    public string Summary(string language = "en")
    {
        var ru = language.StartsWith("ru", StringComparison.OrdinalIgnoreCase);
        string Pct(double v) => (v * 100).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + "%";
        switch (Comparison.Verdict)
        {
            case Verdict.NotEnoughData:
                var more = Comparison.MoreNeeded?.MoreShoppers ?? 0;
                var atLeast = Comparison.MoreNeeded?.IsLowerBound == true;
                return ru
                    ? $"Данных пока мало — нужно ещё {(atLeast ? "не меньше " : "")}{more} покупателей в цепочке (с контрольной группой)"
                    : $"Not enough data yet — {(atLeast ? "at least " : "")}{more} more customers needed in the chain (holdout included)";
            case Verdict.NoDifferenceYet:
                return ru
                    ? $"Разницы пока не видно: {Pct(Messaged.ConversionRate)} с письмами против {Pct(Holdout.ConversionRate)} без"
                    : $"No difference yet: {Pct(Messaged.ConversionRate)} with the messages against {Pct(Holdout.ConversionRate)} without";
            case Verdict.TreatmentBetter:
                return ru
                    ? $"Письма работают: {Pct(Messaged.ConversionRate)} против {Pct(Holdout.ConversionRate)} в контрольной группе"
                    : $"The messages work: {Pct(Messaged.ConversionRate)} against {Pct(Holdout.ConversionRate)} in the holdout";
            default:
                return ru
                    ? $"Без писем покупают чаще: {Pct(Holdout.ConversionRate)} против {Pct(Messaged.ConversionRate)} — пересмотрите цепочку"
                    : $"Customers buy more without the messages: {Pct(Holdout.ConversionRate)} against {Pct(Messaged.ConversionRate)} — review the chain";
        }
    }
}

public static class ChainKpiCalculator
{
    public static ChainKpiReport Compute(ChainKpiInput input, StatisticsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var messaged = new ArmCounts(input.Messaged.Entered, input.Messaged.Converted, input.Messaged.Revenue);
        var holdout = new ArmCounts(input.Holdout.Entered, input.Holdout.Converted, input.Holdout.Revenue);
        var report = ExperimentStatistics.Analyze([new ArmObservation("messaged", messaged)], holdout, options);
        var arm = report.Arms[0];
        var sent = input.Steps.Sum(s => s.Sent);
        var comparison = arm.HoldoutComparison!;
        return new ChainKpiReport
        {
            Input = input,
            Messaged = arm,
            Holdout = report.Holdout!,
            Comparison = comparison,
            Sent = sent,
            Delivered = input.Steps.Sum(s => s.Delivered),
            Opened = input.Steps.Sum(s => s.Opened),
            Clicked = input.Steps.Sum(s => s.Clicked),
            ConversionsPerMessage = sent == 0 ? null : (double)input.Messaged.Converted / sent,
            UnsubscribesPerMessage = sent == 0 ? null : (double)input.Unsubscribed / sent,
            IncrementalConversions = comparison.Verdict is Verdict.TreatmentBetter or Verdict.ControlBetter or Verdict.NoDifferenceYet
                ? input.Messaged.Converted - holdout.ConversionRate * input.Messaged.Entered
                : null,
        };
    }
}
