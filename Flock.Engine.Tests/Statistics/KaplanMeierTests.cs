using Flock.Engine.Common;
using Flock.Engine.Statistics;

namespace Flock.Engine.Tests.Statistics;

public sealed class KaplanMeierTests
{
    // Freireich et al. (1963) 6-MP arm, weeks in remission (+ = censored), the textbook Kaplan–Meier example
    // (e.g. Kleinbaum & Klein, Survival Analysis, ch. 2): 6 6 6 6+ 7 9+ 10 10+ 11+ 13 16 17+ 19+ 20+ 22 23 25+ 32+ 32+ 34+ 35+.
    private static readonly SurvivalObservation[] Remission =
    [
        new(6, true), new(6, true), new(6, true), new(6, false), new(7, true), new(9, false), new(10, true), new(10, false),
        new(11, false), new(13, true), new(16, true), new(17, false), new(19, false), new(20, false), new(22, true), new(23, true),
        new(25, false), new(32, false), new(32, false), new(34, false), new(35, false),
    ];

    [Fact]
    public void The_textbook_6MP_curve_and_median()
    {
        var curve = KaplanMeier.Estimate(Remission);

        Assert.Equal((21, 9, 12), (curve.Subjects, curve.Events, curve.Censored));
        Assert.Equal(0.857, curve.SurvivalAt(6), 3);
        Assert.Equal(0.807, curve.SurvivalAt(7), 3);
        Assert.Equal(0.753, curve.SurvivalAt(10), 3);
        Assert.Equal(0.690, curve.SurvivalAt(13), 3);
        Assert.Equal(0.627, curve.SurvivalAt(16), 3);
        Assert.Equal(0.538, curve.SurvivalAt(22), 3);
        Assert.Equal(0.448, curve.SurvivalAt(23), 3);
        Assert.Equal(0.448, curve.SurvivalAt(35), 3);
        Assert.Equal(23, curve.Median);
        Assert.Equal(1, curve.SurvivalAt(5.9));
        Assert.Equal(0.0764, curve.Steps.Single(s => s.Time == 6).StandardError, 4); // Greenwood: 0.857·√(3/(21·18))
    }

    [Fact]
    public void Without_censoring_the_median_is_the_ordinary_median()
    {
        Assert.Equal(8, KaplanMeier.Estimate([new(3, true), new(13, true)]).Median);
        Assert.Equal(5, KaplanMeier.Estimate([new(2, true), new(5, true), new(9, true)]).Median);
    }

    [Fact]
    public void Those_still_waiting_hold_the_median_up_instead_of_being_dropped()
    {
        // Two returned after 2 and 4 days, three have not returned after 30 days: dropping them would say "3 days".
        var curve = KaplanMeier.Estimate([new(2, true), new(4, true), new(30, false), new(30, false), new(30, false)]);

        Assert.Null(curve.Median);
        Assert.Equal(0.6, curve.SurvivalAt(30), 10);
        Assert.Equal(30, curve.LongestFollowUp);
        Assert.Equal(4, curve.Quantile(0.4));
    }

    [Fact]
    public void A_curve_that_ends_exactly_at_one_half_takes_the_last_event_time()
    {
        Assert.Equal(3, KaplanMeier.Estimate([new(3, true), new(10, false)]).Median);
    }

    [Fact]
    public void No_subjects_gives_an_empty_curve_and_no_median()
    {
        var curve = KaplanMeier.Estimate([]);
        Assert.Null(curve.Median);
        Assert.Equal(1, curve.SurvivalAt(100));
    }

    [Fact]
    public void Negative_times_are_rejected()
    {
        var error = Assert.Throws<FlockValidationException>(() => KaplanMeier.Estimate([new(1, true), new(-1, true)]));
        Assert.Equal("observations[1].time", error.Problems.Single().Path);
    }
}
