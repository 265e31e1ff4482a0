namespace Flock.Engine.Referrals.Rewards;

/// <summary>What makes a top referrer.</summary>
public enum TopReferrerMetric
{
    /// <summary>Number of distinct friends' orders placed in the period.</summary>
    FriendOrders,
    /// <summary>Sum of the friends' order subtotals in the period.</summary>
    FriendRevenue,
}

/// <summary>What happens when several referrers share the best score.</summary>
public enum TopReferrerTieBreak
{
    /// <summary>Every referrer with the best score wins (each gets the prize).</summary>
    AllTiedWin,
    /// <summary>
    /// One winner: whoever reached the best score first (the earliest last counted order), then the lowest customer id.
    /// </summary>
    FirstToReach,
}

/// <summary>
/// One friend's order attributed to a referrer, as the plugin reads it from its referral table.
/// <see cref="Counts"/> is false for cancelled or fully refunded orders; <see cref="Subtotal"/> should be net of partial refunds.
/// </summary>
public sealed record ReferralRecord(int ReferrerCustomerId, int FriendCustomerId, int OrderId, decimal Subtotal, DateTimeOffset PlacedAt, bool Counts = true);

/// <summary>A referrer's score in a period and the moment they reached it.</summary>
public sealed record TopReferrerStanding(int ReferrerCustomerId, decimal Score, DateTimeOffset ReachedAt);

/// <summary>Ranks referrers over a period from plain referral records (feature R6c).</summary>
public static class TopReferrerCalculator
{
    /// <summary>
    /// Every referrer with counted orders placed in the period, best first (score descending, then reached earlier, then lower id).
    /// Records repeating an order id count once (the first one).
    /// </summary>
    public static IReadOnlyList<TopReferrerStanding> Standings(IEnumerable<ReferralRecord> records, RewardPeriod period, TopReferrerMetric metric)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(period);
        var seenOrders = new HashSet<int>();
        var standings = new Dictionary<int, TopReferrerStanding>();
        foreach (var record in records.Where(r => r.Counts && period.Contains(r.PlacedAt)).OrderBy(r => r.PlacedAt).ThenBy(r => r.OrderId))
        {
            if (!seenOrders.Add(record.OrderId))
                continue;
            var points = metric == TopReferrerMetric.FriendOrders ? 1m : record.Subtotal;
            standings[record.ReferrerCustomerId] = standings.TryGetValue(record.ReferrerCustomerId, out var current)
                ? current with { Score = current.Score + points, ReachedAt = record.PlacedAt }
                : new TopReferrerStanding(record.ReferrerCustomerId, points, record.PlacedAt);
        }

        return standings.Values
            .OrderByDescending(s => s.Score)
            .ThenBy(s => s.ReachedAt)
            .ThenBy(s => s.ReferrerCustomerId)
            .ToArray();
    }

    /// <summary>
    /// The winner(s) of the period: nobody when the best score is below <paramref name="minimumScore"/>;
    /// otherwise all tied leaders or the single first to reach the score, per <paramref name="tieBreak"/>.
    /// </summary>
    public static IReadOnlyList<TopReferrerStanding> Winners(
        IEnumerable<ReferralRecord> records,
        RewardPeriod period,
        TopReferrerMetric metric,
        TopReferrerTieBreak tieBreak = TopReferrerTieBreak.AllTiedWin,
        decimal minimumScore = 1m)
    {
        var standings = Standings(records, period, metric);
        if (standings.Count == 0 || standings[0].Score < minimumScore || standings[0].Score <= 0m)
            return [];
        var best = standings[0].Score;
        return tieBreak == TopReferrerTieBreak.FirstToReach
            ? [standings[0]]
            : standings.TakeWhile(s => s.Score == best).ToArray();
    }
}
