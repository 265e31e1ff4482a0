using Flock.Engine.Common;

namespace Flock.Engine.Referrals.Rewards.Ledger;

/// <summary>What recording an intent did: the entry (new or the existing one for that cause) and any effects.</summary>
public sealed record RecordResult(RewardEntry Entry, bool Created, IReadOnlyList<RewardEffect> Effects);

/// <summary>What one ledger event did: the entries it changed, the effects to carry out, and refusals.</summary>
public sealed record LedgerUpdate(IReadOnlyList<RewardEntry> Changed, IReadOnlyList<RewardEffect> Effects, IReadOnlyList<Problem> Rejections);

/// <summary>
/// An in-memory ledger of rewards keyed by cause, for tests and simulation (the plugin persists entries with a
/// unique index on the cause key and calls <see cref="RewardTransitions"/> itself). Thread-safe.
/// <para>
/// Its clock is the latest moment seen in any event or intent (it never goes back), and every call settles every
/// entry at that clock, so a late or duplicated delivery cannot grant what the first delivery did not, and replaying
/// any sequence of events adds no effect. Order facts received before a reward is recorded (paid, refunded,
/// cancelled) are remembered and applied when it is.
/// </para>
/// </summary>
public sealed class RewardLedger
{
    private readonly object _gate = new();
    private readonly Dictionary<string, RewardEntry> _entries = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly Dictionary<int, List<OrderLedgerEvent>> _orderFacts = [];
    private DateTimeOffset? _clock;

    /// <summary>The latest moment seen; null before anything happened.</summary>
    public DateTimeOffset? Clock
    {
        get { lock (_gate) return _clock; }
    }

    /// <summary>Every entry in the order recorded.</summary>
    public IReadOnlyList<RewardEntry> Entries
    {
        get { lock (_gate) return _order.Select(key => _entries[key]).ToArray(); }
    }

    public RewardEntry? Find(string causeKey)
    {
        lock (_gate) return _entries.GetValueOrDefault(causeKey);
    }

    /// <summary>
    /// Records <paramref name="intent"/>; when its cause key already exists, returns the existing entry unchanged
    /// (Created false, no effects). A new entry gets known order facts and settles at once (a reward with no order
    /// and no manual approval is granted immediately).
    /// </summary>
    public RecordResult Record(RewardIntent intent)
    {
        ArgumentNullException.ThrowIfNull(intent);
        RewardTransitions.ValidateIntent(intent).ThrowIfInvalid("reward intent");
        lock (_gate)
        {
            if (_entries.TryGetValue(intent.CauseKey, out var existing))
                return new RecordResult(existing, false, []);

            var now = Advance(intent.EarnedAt);
            var entry = RewardEntry.FromIntent(intent, now);
            var effects = new List<RewardEffect>();
            if (entry.OrderId is { } orderId && _orderFacts.TryGetValue(orderId, out var facts))
            {
                foreach (var fact in facts)
                    entry = Collect(RewardTransitions.Apply(entry, fact, now, settle: false), effects, null).Entry;
            }

            entry = Collect(RewardTransitions.Settle(entry, now), effects, null).Entry;
            _entries.Add(entry.CauseKey, entry);
            _order.Add(entry.CauseKey);
            SettleAll(now, effects, null);
            return new RecordResult(_entries[entry.CauseKey], true, effects);
        }
    }

    /// <summary>
    /// Applies <paramref name="ledgerEvent"/>: order events to every reward of that order, admin events to their
    /// cause key (unknown key: a rejection), then settles every entry. Throws <see cref="FlockValidationException"/>
    /// for a malformed event, changing nothing.
    /// </summary>
    public LedgerUpdate Apply(LedgerEvent ledgerEvent)
    {
        ArgumentNullException.ThrowIfNull(ledgerEvent);
        RewardTransitions.ValidateEvent(ledgerEvent).ThrowIfInvalid("ledger event");
        lock (_gate)
        {
            var now = Advance(ledgerEvent.At);
            var effects = new List<RewardEffect>();
            var changed = new Dictionary<string, RewardEntry>(StringComparer.Ordinal);
            var rejections = new List<Problem>();

            switch (ledgerEvent)
            {
                case OrderLedgerEvent order:
                    RememberFact(order);
                    foreach (var key in _order.Where(k => _entries[k].OrderId == order.OrderId).ToArray())
                        Store(Collect(RewardTransitions.Apply(_entries[key], order, now), effects, rejections), changed);
                    break;
                case AdminLedgerEvent admin when _entries.TryGetValue(admin.CauseKey, out var entry):
                    Store(Collect(RewardTransitions.Apply(entry, admin, now), effects, rejections), changed);
                    break;
                case AdminLedgerEvent admin:
                    rejections.Add(new Problem("causeKey", $"no reward with cause key '{admin.CauseKey}'"));
                    break;
            }

            SettleAll(now, effects, changed);
            return new LedgerUpdate(changed.Values.ToArray(), effects, rejections);
        }
    }

    private DateTimeOffset Advance(DateTimeOffset at)
    {
        if (_clock is null || at > _clock)
            _clock = at;
        return _clock.Value;
    }

    private void RememberFact(OrderLedgerEvent fact)
    {
        if (!_orderFacts.TryGetValue(fact.OrderId, out var facts))
            _orderFacts[fact.OrderId] = facts = [];
        if (!facts.Contains(fact))
            facts.Add(fact);
    }

    private void SettleAll(DateTimeOffset now, List<RewardEffect> effects, Dictionary<string, RewardEntry>? changed)
    {
        foreach (var key in _order)
        {
            var entry = _entries[key];
            if (entry.State is RewardState.Pending or RewardState.Approved)
                Store(Collect(RewardTransitions.Settle(entry, now), effects, null), changed);
        }
    }

    private void Store(TransitionResult result, Dictionary<string, RewardEntry>? changed)
    {
        var key = result.Entry.CauseKey;
        if (result.IsRejected || Equals(_entries[key], result.Entry))
            return;
        _entries[key] = result.Entry;
        if (changed is not null)
            changed[key] = result.Entry;
    }

    private static TransitionResult Collect(TransitionResult result, List<RewardEffect> effects, List<Problem>? rejections)
    {
        if (result.Rejection is { } problem)
            rejections?.Add(problem);
        effects.AddRange(result.Effects);
        return result;
    }
}
