using Flock.Engine.Referrals.Rewards.Ledger;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Flock.Engine.Tests.Referrals.Rewards.Ledger;

public class LedgerProperties
{
    private const int Runs = 300;

    [Property(MaxTest = Runs)]
    public Property Never_two_grants_for_one_cause() => Prop.ForAll(LedgerScenario.Arbitrary, scenario =>
    {
        var effects = scenario.RunOn(new RewardLedger());
        return effects.OfType<GrantReward>().GroupBy(g => g.CauseKey).All(g => g.Count() == 1);
    });

    [Property(MaxTest = Runs)]
    public Property Granted_never_exceeds_earned_and_net_never_negative() => Prop.ForAll(LedgerScenario.Arbitrary, scenario =>
    {
        var ledger = new RewardLedger();
        var effects = scenario.RunOn(ledger);
        return ledger.Entries.All(entry =>
        {
            var granted = effects.OfType<GrantReward>().Where(g => g.CauseKey == entry.CauseKey).Sum(g => g.Reward.Magnitude);
            var reversed = effects.OfType<ReverseReward>().Where(r => r.CauseKey == entry.CauseKey).Sum(r => r.Reversed.Magnitude);
            return granted <= entry.Earned.Magnitude
                && reversed >= 0m
                && granted - reversed >= 0m
                && granted - reversed == (entry.IsGranted ? entry.Current.Magnitude : 0m)
                && reversed == entry.ReversedMagnitude
                && (entry.Granted?.Magnitude ?? 0m) == granted;
        });
    });

    [Property(MaxTest = Runs)]
    public Property Terminal_states_stay_terminal() => Prop.ForAll(LedgerScenario.Arbitrary, scenario =>
    {
        var revoked = new Dictionary<string, RewardEntry>();
        var stayed = true;
        scenario.RunOn(new RewardLedger(), ledger =>
        {
            foreach (var entry in ledger.Entries)
            {
                if (revoked.TryGetValue(entry.CauseKey, out var before))
                    stayed &= before.Equals(entry);
                else if (entry.IsTerminal)
                    revoked[entry.CauseKey] = entry;
            }
        });
        return stayed;
    });

    [Property(MaxTest = Runs)]
    public Property Replaying_the_whole_sequence_changes_nothing() => Prop.ForAll(LedgerScenario.Arbitrary, scenario =>
    {
        var ledger = new RewardLedger();
        scenario.RunOn(ledger);
        var before = ledger.Entries;
        var replayEffects = scenario.RunOn(ledger);
        return replayEffects.Count == 0 && before.SequenceEqual(ledger.Entries);
    });

    [Property(MaxTest = Runs)]
    public Property Order_rewards_are_granted_only_after_payment_and_the_return_window() => Prop.ForAll(LedgerScenario.Arbitrary, scenario =>
    {
        var ledger = new RewardLedger();
        var effects = scenario.RunOn(ledger);
        return effects.OfType<GrantReward>().All(grant =>
        {
            var entry = ledger.Find(grant.CauseKey)!;
            return entry.OrderId is null
                || (entry.OrderPaidAt is { } paidAt && grant.At >= paidAt.AddDays(LedgerScenario.ReturnWindowDays));
        });
    });

    [Property(MaxTest = Runs)]
    public Property History_records_every_state_change_in_order() => Prop.ForAll(LedgerScenario.Arbitrary, scenario =>
    {
        var ledger = new RewardLedger();
        scenario.RunOn(ledger);
        return ledger.Entries.All(entry =>
            entry.History[0].From is null
            && entry.History.Zip(entry.History.Skip(1)).All(pair => pair.Second.From == pair.First.To && pair.Second.At >= pair.First.At)
            && entry.History[^1].To == entry.State);
    });

    [Property(MaxTest = Runs)]
    public Property Rewards_of_cancelled_orders_are_never_kept() => Prop.ForAll(LedgerScenario.Arbitrary, scenario =>
    {
        var ledger = new RewardLedger();
        scenario.RunOn(ledger);
        var cancelled = scenario.Ops.OfType<CancelOp>().Select(c => c.Order).ToHashSet();
        return ledger.Entries.Where(e => e.OrderId is { } order && cancelled.Contains(order))
            .All(e => e.State == RewardState.Revoked && e.Current.Magnitude == 0m);
    });
}

public class LedgerScenarioCoverage
{
    [Fact]
    public void Generated_histories_reach_every_state_and_effect()
    {
        var scenarios = LedgerScenario.Arbitrary.Generator.Sample(50, new Rnd(20260401UL), 400); // seeded: reproducible
        var states = new HashSet<RewardState>();
        int grants = 0, partialReversals = 0, fullReversals = 0;
        foreach (var scenario in scenarios)
        {
            var ledger = new RewardLedger();
            var effects = scenario.RunOn(ledger);
            states.UnionWith(ledger.Entries.SelectMany(e => e.History).Select(t => t.To));
            grants += effects.OfType<GrantReward>().Count();
            partialReversals += effects.OfType<ReverseReward>().Count(r => !r.IsFull);
            fullReversals += effects.OfType<ReverseReward>().Count(r => r.IsFull);
        }

        Assert.Equal(Enum.GetValues<RewardState>().ToHashSet(), states);
        Assert.True(grants > 60, $"grants {grants} partial {partialReversals} full {fullReversals} states {string.Join(",", states)}");
        Assert.True(partialReversals > 10, $"partial reversals {partialReversals}");
        Assert.True(fullReversals > 30, $"full reversals {fullReversals}");
    }
}
