using System.Globalization;
using System.Text.RegularExpressions;
using Flock.Engine.Referrals.Rewards;
using Flock.Engine.Referrals.Rewards.Ledger;

namespace Flock.Engine.Analytics;

/// <summary>
/// The <see cref="RewardCostEvent"/>s of one reward-ledger entry, for <see cref="KpiCalculator"/>: its grant and <b>every</b>
/// reversal after it, all under the entry's cause key (the grant's idempotency key), each reversal with a key of its own
/// (<c>cause:reversal:{history index}</c>, stable under replay). Valued like the reward budget (<see cref="RewardCost.Of"/>:
/// fixed coupons at face value, percent coupons on the friend's order subtotal within their cap, points × point value).
/// <list type="bullet">
/// <item>Grant: <see cref="RewardEntry.Granted"/> at the time of the transition to Granted; nothing while never granted.</item>
/// <item>Reversals: each transition after the grant to PartiallyRevoked (a partial refund) or Revoked (cancel, void, full
/// refund, admin revoke) is one reversal, dated at the transition; its amount is the value before it less the value after
/// it. The value after a partial refund is read from the ledger's own reason ("reward reduced from A to B"); the last
/// reversal always ends at the entry's current value (0 when revoked), so the reversals add up to exactly what was taken
/// back, whatever the history says in between.</item>
/// </list>
/// Pure.
/// </summary>
public static partial class RewardCostEvents
{
    /// <summary>The events of <paramref name="entry"/> (empty when it was never granted).</summary>
    /// <param name="entry">The ledger entry.</param>
    /// <param name="campaignId">Its campaign.</param>
    /// <param name="variant">The A/B variant of the referral it rewards ("" when none).</param>
    /// <param name="pointValue">What one reward point is worth in the primary currency.</param>
    public static IReadOnlyList<RewardCostEvent> FromEntry(RewardEntry entry, int campaignId, string variant, decimal pointValue)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (pointValue < 0) throw new ArgumentOutOfRangeException(nameof(pointValue), pointValue, "must be zero or more");
        if (entry.Granted is not { } granted) return [];

        var history = entry.History;
        var grantIndex = -1;
        for (var i = 0; i < history.Count; i++)
            if (history[i].To == RewardState.Granted && history[i].From != RewardState.Granted)
            {
                grantIndex = i;
                break;
            }

        var grantedAt = grantIndex >= 0 ? history[grantIndex].At : entry.RecordedAt;
        decimal Value(decimal magnitude) => RewardCost.Of(entry with { Current = granted.WithMagnitude(magnitude), State = RewardState.Granted }, pointValue);

        var events = new List<RewardCostEvent>
        {
            new(entry.CauseKey, RewardCostKind.Granted, campaignId, variant ?? "", entry.BeneficiaryCustomerId, Value(granted.Magnitude), grantedAt),
        };

        var reversals = new List<int>();
        for (var i = grantIndex + 1; i < history.Count; i++)
            if (history[i].From is not null && history[i].To is RewardState.PartiallyRevoked or RewardState.Revoked)
                reversals.Add(i);

        var before = granted.Magnitude;
        var final = entry.State == RewardState.Revoked ? 0m : entry.Current.Magnitude;
        for (var r = 0; r < reversals.Count; r++)
        {
            var transition = history[reversals[r]];
            var after = r == reversals.Count - 1 ? final
                : transition.To == RewardState.Revoked ? 0m
                : ReducedTo(transition.Reason) ?? before;
            after = Math.Clamp(after, 0m, before);
            var amount = Math.Max(0m, Value(before) - Value(after));
            events.Add(new RewardCostEvent(entry.CauseKey, RewardCostKind.Reversed, campaignId, variant ?? "", entry.BeneficiaryCustomerId, amount,
                transition.At, string.Create(CultureInfo.InvariantCulture, $"{entry.CauseKey}:reversal:{reversals[r]}")));
            before = after;
        }

        return events;
    }

    /// <summary>B of the ledger's "reward reduced from A to B" (invariant digits), or null.</summary>
    private static decimal? ReducedTo(string? reason)
    {
        if (reason is null) return null;
        var match = ReducedPattern().Match(reason);
        return match.Success && decimal.TryParse(match.Groups[1].Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    [GeneratedRegex(@"reward reduced from [0-9.]+ to ([0-9.]+)", RegexOptions.CultureInvariant)]
    private static partial Regex ReducedPattern();
}
