using Flock.Engine.Common;

namespace Flock.Engine.Statistics;

/// <summary>One subject's follow-up: the time until the event, or until observation stopped without it (censored).</summary>
/// <param name="Time">Time from the start (e.g. days from assignment), zero or more.</param>
/// <param name="Event">True when the event (e.g. the next order) happened at <paramref name="Time"/>; false when the subject
/// was still waiting then (censored: "has not returned yet").</param>
public readonly record struct SurvivalObservation(double Time, bool Event);

/// <summary>The curve at one distinct time with events or censorings.</summary>
/// <param name="Time">The time.</param>
/// <param name="AtRisk">Subjects still waiting just before it.</param>
/// <param name="Events">Events at it.</param>
/// <param name="Censored">Censorings at it (counted after the events at the same time).</param>
/// <param name="Survival">S(t): the estimated share still waiting after it.</param>
/// <param name="StandardError">Greenwood's standard error of S(t).</param>
public sealed record SurvivalStep(double Time, int AtRisk, int Events, int Censored, double Survival, double StandardError);

/// <summary>A Kaplan–Meier survival curve, S(t) = Π over event times tᵢ ≤ t of (1 − dᵢ/nᵢ).</summary>
public sealed record SurvivalCurve(IReadOnlyList<SurvivalStep> Steps, int Subjects, int Events, int Censored)
{
    /// <summary>
    /// The median time to the event: the smallest t with S(t) &lt; 0.5; when S is exactly 0.5 on [tᵢ, tⱼ) until the next
    /// event time tⱼ, the midpoint (tᵢ + tⱼ)/2 (so without censoring it is the ordinary median), or tᵢ when no event
    /// follows. Null when S never reaches 0.5: more than half are still waiting (see <see cref="LongestFollowUp"/>).
    /// </summary>
    public double? Median => Quantile(0.5);

    /// <summary>The longest time observed (event or censoring); 0 without subjects.</summary>
    public double LongestFollowUp => Steps.Count == 0 ? 0 : Steps[^1].Time;

    /// <summary>The time by which a share <paramref name="p"/> (0–1) has had the event; null when not reached (same rule as <see cref="Median"/>).</summary>
    public double? Quantile(double p)
    {
        if (!(p > 0 && p < 1)) throw new FlockValidationException("survival quantile", "p", "must be strictly between 0 and 1");
        var level = 1 - p;
        const double tolerance = 1e-12;
        for (var i = 0; i < Steps.Count; i++)
        {
            var s = Steps[i];
            if (s.Events == 0) continue;
            if (s.Survival < level - tolerance) return s.Time;
            if (Math.Abs(s.Survival - level) <= tolerance)
            {
                for (var j = i + 1; j < Steps.Count; j++)
                    if (Steps[j].Events > 0) return (s.Time + Steps[j].Time) / 2;
                return s.Time;
            }
        }

        return null;
    }

    /// <summary>S(<paramref name="time"/>): the estimated share who have not had the event by then (1 before the first event).</summary>
    public double SurvivalAt(double time)
    {
        var survival = 1.0;
        foreach (var s in Steps)
        {
            if (s.Time > time) break;
            survival = s.Survival;
        }

        return survival;
    }
}
