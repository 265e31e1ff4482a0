using Flock.Engine.Chains;
using Flock.Engine.Common;
using Flock.Engine.Messaging;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Flock.Engine.Tests.Chains;

/// <summary>Random chains, random store histories and clocks through the simulator, which runs chains as the store does.</summary>
public class ChainProperties
{
    private static readonly TimeZoneInfo[] Zones = new[] { "Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "UTC" }
        .Select(TimeZoneInfo.FindSystemTimeZoneById).ToArray();
    private static readonly DateTimeOffset[] Starts =
    [
        new(2026, 3, 25, 0, 0, 0, TimeSpan.Zero), new(2026, 10, 22, 0, 0, 0, TimeSpan.Zero), new(2026, 3, 5, 0, 0, 0, TimeSpan.Zero), new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero),
    ];
    private static readonly ChainTriggerKind[] Kinds = [ChainTriggerKind.CartChanged, ChainTriggerKind.ProductViewed, ChainTriggerKind.OrderPaid, ChainTriggerKind.Subscribed];

    private static ChainDefinition RandomChain(Random random, int index)
    {
        var steps = new List<ChainStep>();
        var count = random.Next(1, 8);
        for (var i = 0; i < count; i++)
        {
            var id = $"s{i}";
            steps.Add(random.Next(5) switch
            {
                0 => new WaitStep { Id = id, Duration = TimeSpan.FromMinutes(random.Next(1, 3 * 1440)), From = random.Next(3) == 0 ? WaitFrom.LastActivity : WaitFrom.StepStart },
                1 => new WaitUntilStep { Id = id, LocalTime = new TimeOnly(random.Next(24), random.Next(4) * 15) },
                2 => new CouponStep { Id = id, Percent = 5 },
                _ => new SendStep { Id = id, Channel = Channel.Email, Template = $"t{i}", Priority = (MessagePriority)random.Next(4), ExpiresAfter = TimeSpan.FromHours(random.Next(1, 72)) },
            });
        }
        steps.Add(new SendStep { Id = "last", Channel = random.Next(2) == 0 ? Channel.Email : Channel.Sms, Template = "last" });
        var kind = Kinds[random.Next(Kinds.Length)];
        return new ChainDefinition
        {
            Key = $"chain{index}",
            Name = "random",
            Trigger = new ChainTrigger { Kind = kind },
            ReEntry = random.Next(3) switch { 0 => ReEntryPolicy.OnceEver, 1 => ReEntryPolicy.OncePer(random.Next(1, 10)), _ => ReEntryPolicy.EveryTrigger },
            Marketing = random.Next(4) != 0,
            HoldoutShare = random.Next(3) == 0 ? 0.3 : 0.1,
            Steps = steps,
            ExitGoals = random.Next(4) == 0 ? [] : [new ExitGoal { Kind = ExitGoalKind.Purchase }, new ExitGoal { Kind = ExitGoalKind.Unsubscribe }],
        };
    }

    private sealed record World(CompiledChain[] Chains, List<HistoryEvent> History, ContactPressurePolicy Policy, TimeZoneInfo Zone, DateTimeOffset Start, SimulationResult Result);

    private static World Simulate(int seed)
    {
        var random = new Random(seed);
        var chains = Enumerable.Range(0, random.Next(1, 5)).Select(i => new CompiledChain(RandomChain(random, i))).ToArray();
        var start = Starts[random.Next(Starts.Length)];
        var zone = Zones[random.Next(Zones.Length)];
        var history = new List<HistoryEvent>();
        for (var n = random.Next(1, 60); n > 0; n--)
        {
            var customer = random.Next(1, 6);
            var at = start.AddMinutes(random.Next(0, 14 * 1440));
            switch (random.Next(8))
            {
                case 0: history.Add(new OrderHappened(at, customer)); break;
                case 1: history.Add(new ConsentChanged(at, customer, random.Next(2) == 0)); break;
                default:
                    var kind = Kinds[random.Next(Kinds.Length)];
                    history.Add(new TriggerHappened(new ChainTriggerEvent { Kind = kind, CustomerId = customer, At = at, InstanceKey = $"{kind}:{random.Next(4)}" }));
                    break;
            }
        }
        var policy = random.Next(3) == 0 ? ContactPressurePolicy.None : new ContactPressurePolicy
        {
            Caps = [new FrequencyCap(Channel.Email, random.Next(1, 3), TimeSpan.FromHours(random.Next(1, 48))), new FrequencyCap(null, random.Next(2, 5), TimeSpan.FromDays(7))],
            QuietHours = new QuietHours(new TimeOnly(random.Next(18, 24), 0), new TimeOnly(random.Next(6, 10), 0)),
        };
        var result = ChainSimulator.Run(chains, history, policy, _ => zone, start.AddDays(20));
        return new World(chains, history, policy, zone, start, result);
    }

    [Property(MaxTest = 150)]
    public Property A_step_never_acts_twice_for_one_key(int seed)
    {
        var world = Simulate(seed);
        var keys = world.Result.Actions.Select(a => a.Key).ToList();
        return (world.Result.DuplicateActionsRefused == 0 && keys.Distinct().Count() == keys.Count).Label($"refused {world.Result.DuplicateActionsRefused}");
    }

    [Property(MaxTest = 150)]
    public Property A_purchase_goal_always_stops_the_chain_before_the_next_send(int seed)
    {
        var world = Simulate(seed);
        var orders = world.History.OfType<OrderHappened>().ToList();
        foreach (var send in world.Result.Sends)
        {
            var chain = world.Chains.Single(c => c.Key == send.ChainKey);
            if (!chain.Definition.ExitGoals.Any(g => g.Kind == ExitGoalKind.Purchase)) continue;
            var enrollment = world.Result.Enrollments.Single(e => e.ChainKey == send.ChainKey && e.CustomerId == send.CustomerId && send.Key == e.ActionKey(send.StepId));
            if (orders.Any(o => o.CustomerId == send.CustomerId && o.At > enrollment.EnrolledAt && o.At <= send.At))
                return false.Label($"{send.Key} sent at {send.At:o} after an order");
        }
        return true.ToProperty();
    }

    [Property(MaxTest = 150)]
    public Property Caps_and_quiet_hours_always_hold_and_no_marketing_message_goes_without_consent(int seed)
    {
        var world = Simulate(seed);
        var policy = world.Policy;
        foreach (var group in world.Result.Sends.GroupBy(s => s.CustomerId))
        {
            var sends = group.OrderBy(s => s.At).ToList();
            var priorities = sends.Select(s => world.Result.Actions.OfType<SendMessageAction>().Single(a => a.Key == s.Key).Priority).ToList();
            for (var i = 0; i < sends.Count; i++)
            {
                var at = sends[i].At;
                if (policy.QuietHours is { } quiet && quiet.Contains(TimeOnly.FromDateTime(LocalClock.ToLocal(at.UtcDateTime, world.Zone))))
                    return false.Label($"sent in quiet hours at {at:o}");
                if (priorities[i] == MessagePriority.Transactional) continue;
                foreach (var cap in policy.Caps.Where(c => c.Channel is null || c.Channel == sends[i].Channel))
                {
                    var inWindow = Enumerable.Range(0, sends.Count).Count(k => priorities[k] != MessagePriority.Transactional
                        && (cap.Channel is null || cap.Channel == sends[k].Channel) && sends[k].At > at - cap.Window && sends[k].At <= at);
                    if (inWindow > cap.MaxMessages) return false.Label($"cap {cap} broken at {at:o}");
                }
                var chain = world.Chains.Single(c => c.Key == sends[i].ChainKey);
                var consent = world.History.OfType<ConsentChanged>().Where(c => c.CustomerId == group.Key && c.At <= at).OrderBy(c => c.At).LastOrDefault()?.Consent ?? true;
                if (chain.Definition.Marketing && !consent) return false.Label($"marketing message {sends[i].Key} without consent");
            }
        }
        return true.ToProperty();
    }

    [Property(MaxTest = 150)]
    public Property Every_held_back_message_is_sent_expired_or_still_waiting_never_lost(int seed)
    {
        var world = Simulate(seed);
        var deferred = world.Result.Decisions.Where(d => d.Reason is ChainReason.DeferredByCap or ChainReason.DeferredByQuietHours)
            .Select(d => (d.ChainKey, d.CustomerId, d.TriggerKey, d.StepId)).Distinct();
        foreach (var (chain, customer, trigger, step) in deferred)
        {
            var outcome = world.Result.Decisions.Any(d => d.ChainKey == chain && d.CustomerId == customer && d.TriggerKey == trigger && d.StepId == step
                && d.Reason is ChainReason.Sent or ChainReason.Expired or ChainReason.GoalPurchase or ChainReason.GoalUnsubscribed or ChainReason.NoMarketingConsent);
            var stillWaiting = world.Result.Enrollments.Any(e => e.ChainKey == chain && e.CustomerId == customer && e.TriggerKey == trigger && e.IsActive);
            if (!outcome && !stillWaiting) return false.Label($"{chain}/{step} for {customer} vanished");
        }
        return true.ToProperty();
    }
}
