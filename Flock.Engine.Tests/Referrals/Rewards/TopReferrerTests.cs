using Flock.Engine.Referrals.Rewards;
using static Flock.Engine.Tests.Referrals.Rewards.RewardFixtures;

namespace Flock.Engine.Tests.Referrals.Rewards;

public class TopReferrerTests
{
    private static readonly TimeSpan Msk = TimeSpan.FromHours(3);
    private static readonly RewardPeriod April = new(new(2026, 4, 1, 0, 0, 0, Msk), new(2026, 5, 1, 0, 0, 0, Msk));

    private static DateTimeOffset Day(int day, int hour = 12) => new(2026, 4, day, hour, 0, 0, Msk);

    [Fact]
    public void Most_friend_orders_wins()
    {
        ReferralRecord[] records =
        [
            new(1, 11, 100, 500m, Day(2)),
            new(1, 12, 101, 500m, Day(3)),
            new(2, 21, 102, 9000m, Day(4)),
        ];

        var winner = Assert.Single(TopReferrerCalculator.Winners(records, April, TopReferrerMetric.FriendOrders));

        Assert.Equal(new TopReferrerStanding(1, 2m, Day(3)), winner);
    }

    [Fact]
    public void Most_revenue_wins_under_the_revenue_metric()
    {
        ReferralRecord[] records =
        [
            new(1, 11, 100, 500m, Day(2)),
            new(1, 12, 101, 500m, Day(3)),
            new(2, 21, 102, 9000m, Day(4)),
        ];

        var winner = Assert.Single(TopReferrerCalculator.Winners(records, April, TopReferrerMetric.FriendRevenue));

        Assert.Equal(2, winner.ReferrerCustomerId);
        Assert.Equal(9000m, winner.Score);
    }

    [Fact]
    public void Ties_share_the_prize_by_default()
    {
        ReferralRecord[] records =
        [
            new(5, 51, 1, 100m, Day(2)), new(5, 52, 2, 100m, Day(20)),
            new(3, 31, 3, 100m, Day(3)), new(3, 32, 4, 100m, Day(10)),
            new(4, 41, 5, 50m, Day(5)),
        ];

        var winners = TopReferrerCalculator.Winners(records, April, TopReferrerMetric.FriendOrders);

        Assert.Equal([3, 5], winners.Select(w => w.ReferrerCustomerId)); // listed first-to-reach first
    }

    [Fact]
    public void First_to_reach_the_best_score_wins_a_tie_then_the_lowest_id()
    {
        ReferralRecord[] records =
        [
            new(5, 51, 1, 100m, Day(1)),
            new(5, 52, 2, 100m, Day(20)),
            new(3, 31, 3, 100m, Day(2)),
            new(3, 32, 4, 100m, Day(15)),
            new(4, 41, 5, 100m, Day(3)),
            new(4, 42, 6, 100m, Day(15)),
        ];

        var winner = Assert.Single(TopReferrerCalculator.Winners(records, April, TopReferrerMetric.FriendOrders, TopReferrerTieBreak.FirstToReach));

        Assert.Equal(3, winner.ReferrerCustomerId); // 3 and 4 both reached 2 orders on the 15th; 3 has the lower id
    }

    [Fact]
    public void Only_counted_orders_inside_the_half_open_period_score_and_duplicates_count_once()
    {
        ReferralRecord[] records =
        [
            new(1, 11, 100, 100m, April.Start), // first instant: in
            new(1, 11, 100, 100m, April.Start), // same order delivered twice
            new(2, 21, 200, 100m, April.End), // first instant of May: out
            new(2, 22, 201, 100m, April.Start.AddTicks(-1)), // last instant of March: out
            new(2, 23, 202, 100m, Day(9)),
            new(2, 24, 203, 100m, Day(10), Counts: false), // cancelled
        ];

        var standings = TopReferrerCalculator.Standings(records, April, TopReferrerMetric.FriendOrders);

        Assert.Equal([new TopReferrerStanding(1, 1m, April.Start), new TopReferrerStanding(2, 1m, Day(9))], standings);
    }

    [Fact]
    public void Nobody_wins_below_the_minimum_score_or_without_orders()
    {
        Assert.Empty(TopReferrerCalculator.Winners([], April, TopReferrerMetric.FriendOrders));
        Assert.Empty(TopReferrerCalculator.Winners([new(1, 11, 100, 100m, Day(2))], April, TopReferrerMetric.FriendOrders, minimumScore: 2m));
    }

    [Fact]
    public void Period_closed_event_awards_each_winner_with_a_period_cause_key()
    {
        var evaluator = Evaluator(new TopReferrerPolicy
        {
            Id = "top-month",
            Prize = new GiftRewardDefinition { Gift = "free products" },
            RequiresManualApproval = true,
        });
        var closed = new PeriodClosedEvent
        {
            Period = April,
            Records = [new(5, 51, 1, 100m, Day(20)), new(3, 31, 2, 100m, Day(10))],
            At = April.End,
        };

        var intents = evaluator.Evaluate(closed);

        Assert.Equal(
        [
            "top-referrer:2026-04-01T00:00+03:00..2026-05-01T00:00+03:00:policy:top-month:beneficiary:3",
            "top-referrer:2026-04-01T00:00+03:00..2026-05-01T00:00+03:00:policy:top-month:beneficiary:5",
        ], intents.Select(i => i.CauseKey));
        Assert.All(intents, i => Assert.True(i.RequiresManualApproval));
        Assert.All(intents, i => Assert.Null(i.OrderId));
        Assert.Equal(intents, evaluator.Evaluate(closed));
    }

    [Fact]
    public void A_policy_ignores_periods_of_another_length()
    {
        var evaluator = Evaluator(new TopReferrerPolicy { Id = "top-week", Period = PeriodLength.Week, Prize = new GiftRewardDefinition { Gift = "x" } });

        var intents = evaluator.Evaluate(new PeriodClosedEvent { Period = April, Records = [new(5, 51, 1, 100m, Day(20))], At = April.End });

        Assert.Empty(intents);
    }

    [Theory]
    [InlineData(PeriodLength.Week, "2026-04-13", "2026-04-20")] // Wednesday 15 April → Monday to Monday
    [InlineData(PeriodLength.Month, "2026-04-01", "2026-05-01")]
    [InlineData(PeriodLength.Quarter, "2026-04-01", "2026-07-01")]
    [InlineData(PeriodLength.Year, "2026-01-01", "2027-01-01")]
    public void Calendar_periods_start_at_local_midnight(PeriodLength length, string start, string end)
    {
        var period = RewardPeriod.Containing(length, new DateTimeOffset(2026, 4, 15, 23, 59, 0, Msk));

        Assert.Equal(new DateTimeOffset(DateTime.Parse(start, System.Globalization.CultureInfo.InvariantCulture), Msk), period.Start);
        Assert.Equal(new DateTimeOffset(DateTime.Parse(end, System.Globalization.CultureInfo.InvariantCulture), Msk), period.End);
    }

    [Fact]
    public void Sunday_belongs_to_the_week_that_started_on_monday()
    {
        var sunday = new DateTimeOffset(2026, 4, 19, 10, 0, 0, Msk);

        Assert.Equal(new DateTimeOffset(2026, 4, 13, 0, 0, 0, Msk), RewardPeriod.Containing(PeriodLength.Week, sunday).Start);
    }

    [Fact]
    public void Last_closed_period_is_the_one_before_now()
    {
        Assert.Equal(April, RewardPeriod.LastClosed(PeriodLength.Month, new DateTimeOffset(2026, 5, 1, 0, 0, 0, Msk)));
        Assert.Equal(April, RewardPeriod.LastClosed(PeriodLength.Month, new DateTimeOffset(2026, 5, 31, 23, 0, 0, Msk)));
    }
}
