using Flock.Engine.Common;

namespace Flock.Engine.Statistics;

/// <summary>The Kaplan–Meier product-limit estimator: time to an event when some subjects are still waiting (right-censored).</summary>
public static class KaplanMeier
{
    /// <summary>The curve of <paramref name="observations"/>; ties: events before censorings at the same time.</summary>
    /// <exception cref="FlockValidationException">A time is negative or not finite.</exception>
    public static SurvivalCurve Estimate(IEnumerable<SurvivalObservation> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var all = observations.ToArray();
        var problems = new ProblemCollector();
        for (var i = 0; i < all.Length; i++)
            if (!(all[i].Time >= 0) || !double.IsFinite(all[i].Time)) problems.Add(ProblemCollector.Index("observations", i) + ".time", "must be a finite number, zero or more");
        problems.ToResult().ThrowIfInvalid("survival observations");

        var steps = new List<SurvivalStep>();
        var atRisk = all.Length;
        var survival = 1.0;
        var greenwood = 0.0;
        foreach (var group in all.GroupBy(o => o.Time).OrderBy(g => g.Key))
        {
            var events = group.Count(o => o.Event);
            var censored = group.Count() - events;
            if (events > 0)
            {
                survival *= 1 - (double)events / atRisk;
                if (atRisk > events) greenwood += (double)events / ((double)atRisk * (atRisk - events));
            }

            steps.Add(new SurvivalStep(group.Key, atRisk, events, censored, survival, survival * Math.Sqrt(greenwood)));
            atRisk -= events + censored;
        }

        var totalEvents = all.Count(o => o.Event);
        return new SurvivalCurve(steps, all.Length, totalEvents, all.Length - totalEvents);
    }
}
