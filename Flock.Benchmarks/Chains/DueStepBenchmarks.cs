using BenchmarkDotNet.Attributes;
using Flock.Engine.Chains;
using Flock.Engine.Messaging;

namespace Flock.Benchmarks.Chains;

/// <summary>
/// Due-step decisions as the scheduler makes them: for each of 1 024 due enrollments (abandoned cart, welcome series,
/// post-purchase service; every step position; recipients in four time zones, 0–6 earlier sends each) the state machine
/// decides the step and, for a message, contact pressure (three caps, quiet hours 21:00–09:00 on the recipient's clock)
/// says now or when. The peer is the same decision written the usual way: LINQ over the send list per cap and
/// <see cref="TimeZoneInfo.ConvertTime(DateTimeOffset, TimeZoneInfo)"/> for quiet hours. One operation = one enrollment.
/// </summary>
[MemoryDiagnoser]
public class DueStepBenchmarks
{
    private const int Count = 1024;
    private static readonly TimeZoneInfo[] Zones = new[] { "Europe/Berlin", "Europe/Moscow", "America/New_York", "Asia/Novosibirsk" }
        .Select(TimeZoneInfo.FindSystemTimeZoneById).ToArray();

    private readonly ContactPressure _pressure = new(ContactPressurePolicy.Default);
    private CompiledChain[] _chains = [];
    private Enrollment[] _enrollments = [];
    private ChainFacts[] _facts = [];
    private SentMessage[][] _histories = [];
    private List<SentMessage>[] _historyLists = [];
    private DateTimeOffset _now;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20261202);
        _chains = new[] { "abandoned-cart", "welcome", "post-purchase-service" }.Select(k => new CompiledChain(ChainGallery.Find(k)!.Chain)).ToArray();
        _now = new DateTimeOffset(2026, 6, 10, 12, 0, 0, TimeSpan.Zero);
        _enrollments = new Enrollment[Count];
        _facts = new ChainFacts[Count];
        _histories = new SentMessage[Count][];
        for (var i = 0; i < Count; i++)
        {
            var chain = _chains[i % _chains.Length];
            var enteredAt = _now.AddHours(-random.Next(1, 400));
            _enrollments[i] = new Enrollment
            {
                ChainKey = chain.Key, Version = chain.Version, CustomerId = i, TriggerKey = "t", EnrolledAt = enteredAt,
                StepIndex = random.Next(chain.StepCount), StepEnteredAt = enteredAt.AddMinutes(random.Next(0, 60)),
            };
            _facts[i] = new ChainFacts
            {
                Lifecycle = ChainLifecycle.Live, OrdersSinceEntry = random.Next(10) == 0 ? 1 : 0, MarketingConsent = true,
                Reachable = ChannelSet.All, CartItems = 1, RecipientZone = Zones[random.Next(Zones.Length)], LastActivityAt = enteredAt.AddMinutes(random.Next(0, 90)),
            };
            _histories[i] = Enumerable.Range(0, random.Next(0, 7)).Select(_ => new SentMessage((Channel)random.Next(2), (MessagePriority)random.Next(4),
                _now.UtcDateTime.AddHours(-random.Next(1, 24 * 10)))).OrderBy(s => s.SentAtUtc).ToArray();
        }
        _historyLists = _histories.Select(h => h.ToList()).ToArray();
        if (Flock() != Naive()) throw new InvalidOperationException("the peer and Flock disagree");
    }

    private CompiledChain ChainOf(int i) => _chains[i % _chains.Length];

    [Benchmark(OperationsPerInvoke = Count)]
    public long Flock()
    {
        long checksum = 0;
        for (var i = 0; i < Count; i++)
        {
            var chain = ChainOf(i);
            var decision = ChainMachine.Decide(chain, _enrollments[i], _facts[i], _now);
            if (decision.Kind == StepDecisionKind.Send)
            {
                var step = (SendStep)chain.Step(decision.StepIndex);
                var message = new PendingMessage(step.Channel, step.Priority ?? chain.Definition.Priority, decision.At.UtcDateTime,
                    (decision.At + step.ExpiresAfter).UtcDateTime);
                var verdict = _pressure.Check(message, _histories[i], _facts[i].RecipientZone, _now.UtcDateTime);
                checksum += (int)verdict.Outcome * 7 + verdict.NotBeforeUtc.Ticks % 1_000_003;
            }
            else checksum += (int)decision.Kind * 13 + decision.At.UtcTicks % 1_000_003;
        }
        return checksum;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Count)]
    public long Naive()
    {
        long checksum = 0;
        for (var i = 0; i < Count; i++)
        {
            var chain = ChainOf(i);
            var decision = ChainMachine.Decide(chain, _enrollments[i], _facts[i], _now);
            if (decision.Kind == StepDecisionKind.Send)
            {
                var step = (SendStep)chain.Step(decision.StepIndex);
                var (outcome, at) = NaivePressure(step.Channel, step.Priority ?? chain.Definition.Priority, decision.At, decision.At + step.ExpiresAfter,
                    _historyLists[i], _facts[i].RecipientZone);
                checksum += outcome * 7 + at.UtcDateTime.Ticks % 1_000_003;
            }
            else checksum += (int)decision.Kind * 13 + decision.At.UtcTicks % 1_000_003;
        }
        return checksum;
    }

    // the same rules written with LINQ and DateTimeOffset conversions
    private (int Outcome, DateTimeOffset At) NaivePressure(Channel channel, MessagePriority priority, DateTimeOffset due, DateTimeOffset deadline,
        List<SentMessage> history, TimeZoneInfo zone)
    {
        var now = _now;
        if (now > deadline) return (2, deadline);
        var at = due > now ? due : now;
        var start = at;
        if (priority != MessagePriority.Transactional)
            foreach (var cap in _pressure.Policy.Caps.Where(c => c.Channel is null || c.Channel == channel))
            {
                var counted = history.Where(s => s.Priority != MessagePriority.Transactional && (cap.Channel is null || cap.Channel == s.Channel)
                    && s.SentAtUtc > (start - cap.Window).UtcDateTime).OrderBy(s => s.SentAtUtc).ToList();
                if (counted.Count >= cap.MaxMessages)
                {
                    var release = new DateTimeOffset(counted[counted.Count - cap.MaxMessages].SentAtUtc, TimeSpan.Zero) + cap.Window;
                    if (release > at) at = release;
                }
            }
        if (_pressure.Policy.QuietHours is { } quiet)
        {
            var local = TimeZoneInfo.ConvertTime(at, zone);
            var time = TimeOnly.FromDateTime(local.DateTime);
            if (quiet.Contains(time))
            {
                var endDay = quiet.From > quiet.To && time >= quiet.From ? local.Date.AddDays(1) : local.Date;
                var end = endDay + quiet.To.ToTimeSpan();
                var next = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(end, zone), TimeSpan.Zero);
                if (next > at) at = next;
            }
        }
        if (at <= now) return (0, now);
        if (at > deadline) return now >= deadline ? (2, deadline) : (1, deadline);
        return (1, at);
    }
}
