namespace Flock.Engine.Statistics;

/// <summary>What a comparison of two arms says, under the always-valid rule of <see cref="SequentialComparison"/>.</summary>
public enum Verdict
{
    /// <summary>An arm is below the minimum sample, or the outcome has no variation yet (everyone or no one converted): show
    /// nothing but how many more shoppers are needed.</summary>
    NotEnoughData,

    /// <summary>Enough data to look, but the always-valid p-value is above α: no winner (yet).</summary>
    NoDifferenceYet,

    /// <summary>The treatment arm is better (always-valid p ≤ α, the whole interval above 0).</summary>
    TreatmentBetter,

    /// <summary>The control arm (e.g. the holdout) is better (always-valid p ≤ α, the whole interval below 0).</summary>
    ControlBetter,
}
