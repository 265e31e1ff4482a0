using Flock.Engine.Messaging;
using Flock.Engine.Snapshots;

namespace Flock.Engine.Chains;

/// <summary>Something that happened in a store's history, replayed by <see cref="ChainSimulator"/>.</summary>
public abstract record HistoryEvent(DateTimeOffset At, int CustomerId);

/// <summary>A trigger occurrence (a cart change, a view, a paid order as a trigger…).</summary>
public sealed record TriggerHappened(ChainTriggerEvent Trigger) : HistoryEvent(Trigger.At, Trigger.CustomerId);

/// <summary>The customer placed an order (as themselves or as a guest with their email): what purchase goals watch.</summary>
public sealed record OrderHappened(DateTimeOffset At, int CustomerId) : HistoryEvent(At, CustomerId);

/// <summary>The customer emptied their cart (removed every item); a placed order empties it too.</summary>
public sealed record CartEmptied(DateTimeOffset At, int CustomerId) : HistoryEvent(At, CustomerId);

/// <summary>The customer subscribed to or unsubscribed from marketing.</summary>
public sealed record ConsentChanged(DateTimeOffset At, int CustomerId, bool Consent) : HistoryEvent(At, CustomerId);

/// <summary>A message the simulated store would have sent.</summary>
public sealed record SimulatedSend(int CustomerId, string ChainKey, string StepId, string Key, DateTimeOffset At, Channel Channel);

public sealed record SimulationResult(
    IReadOnlyList<SimulatedSend> Sends,
    IReadOnlyList<ChainAction> Actions,
    IReadOnlyList<ChainDecision> Decisions,
    IReadOnlyList<Enrollment> Enrollments,
    int DuplicateActionsRefused);

/// <summary>
/// Replays a store's history through chains exactly as the store would run them (T7 and the 30-day test): entries at
/// each trigger, every enrollment advanced at its due moments by <see cref="ChainRunner"/> with the live facts of that
/// moment (orders since entry, consent, latest activity), one contact-pressure policy over all chains, action keys unique
/// as the database keeps them. History events at a moment are applied before enrollments due at the same moment.
/// </summary>
public static class ChainSimulator
{
    public static SimulationResult Run(IReadOnlyList<CompiledChain> chains, IEnumerable<HistoryEvent> history, ContactPressurePolicy policy,
        Func<int, TimeZoneInfo> zoneOf, DateTimeOffset until, bool initialConsent = true)
    {
        ArgumentNullException.ThrowIfNull(chains);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(zoneOf);
        var pressure = new ContactPressure(policy);
        var events = history.OrderBy(e => e.At).ToList();
        var orders = new Dictionary<int, List<DateTimeOffset>>();
        var activity = new Dictionary<(int, ChainTriggerKind), DateTimeOffset>();
        var consent = new Dictionary<int, bool>();
        var emptyCarts = new HashSet<int>();
        var sendsTo = new Dictionary<int, List<SentMessage>>();
        var lastEntered = new Dictionary<(string, int), DateTimeOffset>();
        var occurrences = new HashSet<(string, int, string)>();
        var enrollments = new List<Enrollment>();
        var due = new List<DateTimeOffset?>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var sends = new List<SimulatedSend>();
        var actions = new List<ChainAction>();
        var decisions = new List<ChainDecision>();
        var refused = 0;
        var byKey = chains.ToDictionary(c => c.Key);

        void Advance(int index, DateTimeOffset now)
        {
            var enrollment = enrollments[index];
            var chain = byKey[enrollment.ChainKey];
            var customer = enrollment.CustomerId;
            var facts = new ChainFacts
            {
                Lifecycle = ChainLifecycle.Live,
                OrdersSinceEntry = orders.TryGetValue(customer, out var placed) ? placed.Count(at => at > enrollment.EnrolledAt && at <= now) : 0,
                MarketingConsent = consent.GetValueOrDefault(customer, initialConsent),
                Reachable = ChannelSet.All,
                RecipientZone = zoneOf(customer),
                LastActivityAt = activity.TryGetValue((customer, chain.Definition.Trigger.Kind), out var last) ? last : null,
                Context = Context(customer, consent.GetValueOrDefault(customer, initialConsent), now),
                CartItems = emptyCarts.Contains(customer) ? 0 : 1,
            };
            var sent = sendsTo.TryGetValue(customer, out var list) ? list : sendsTo[customer] = [];
            var result = ChainRunner.Advance(chain, enrollment, facts, pressure, sent, now);
            enrollments[index] = result.Enrollment;
            due[index] = result.NextDueAt;
            decisions.AddRange(result.Decisions);
            foreach (var action in result.Actions)
            {
                if (!keys.Add(action.Key)) { refused++; continue; }
                actions.Add(action);
                if (action is SendMessageAction send)
                {
                    sends.Add(new SimulatedSend(customer, chain.Key, send.StepId, send.Key, now, send.Channel));
                    sent.Add(new SentMessage(send.Channel, send.Priority, now.UtcDateTime));
                }
            }
        }

        var next = 0;
        while (true)
        {
            var eventAt = next < events.Count ? events[next].At : (DateTimeOffset?)null;
            var dueIndex = -1;
            for (var i = 0; i < enrollments.Count; i++)
                if (due[i] is { } d && (dueIndex < 0 || d < due[dueIndex]!.Value)) dueIndex = i;
            var dueAt = dueIndex >= 0 ? due[dueIndex] : null;
            if (eventAt is null && dueAt is null) break;
            if (eventAt is { } at && (dueAt is null || at <= dueAt))
            {
                if (at > until) break;
                var e = events[next++];
                switch (e)
                {
                    case OrderHappened order:
                        (orders.TryGetValue(order.CustomerId, out var placed) ? placed : orders[order.CustomerId] = []).Add(order.At);
                        emptyCarts.Add(order.CustomerId);
                        break;
                    case CartEmptied emptied:
                        emptyCarts.Add(emptied.CustomerId);
                        break;
                    case ConsentChanged change:
                        consent[change.CustomerId] = change.Consent;
                        break;
                    case TriggerHappened { Trigger: var trigger }:
                        activity[(trigger.CustomerId, trigger.Kind)] = trigger.At;
                        if (trigger.Kind == ChainTriggerKind.CartChanged) emptyCarts.Remove(trigger.CustomerId);
                        foreach (var chain in chains)
                        {
                            var customerConsent = consent.GetValueOrDefault(trigger.CustomerId, initialConsent);
                            var entry = ChainEntry.Decide(chain, trigger, new EntryFacts
                            {
                                Lifecycle = ChainLifecycle.Live,
                                LastEnteredAt = lastEntered.TryGetValue((chain.Key, trigger.CustomerId), out var entered) ? entered : null,
                                OccurrenceEntered = occurrences.Contains((chain.Key, trigger.CustomerId, trigger.InstanceKey)),
                                MarketingConsent = customerConsent,
                                Context = Context(trigger.CustomerId, customerConsent, trigger.At),
                            }, trigger.At);
                            if (entry.Reason != ChainReason.WrongTrigger) decisions.Add(entry.Record);
                            if (entry.Enrollment is null) continue;
                            lastEntered[(chain.Key, trigger.CustomerId)] = trigger.At;
                            occurrences.Add((chain.Key, trigger.CustomerId, trigger.InstanceKey));
                            enrollments.Add(entry.Enrollment);
                            due.Add(trigger.At);
                            Advance(enrollments.Count - 1, trigger.At);
                        }
                        break;
                }
            }
            else
            {
                if (dueAt!.Value > until) break;
                Advance(dueIndex, dueAt.Value);
            }
        }
        return new SimulationResult(sends, actions, decisions, enrollments, refused);
    }

    private static DecisionContext Context(int customerId, bool subscribed, DateTimeOffset now) => new()
    {
        Customer = new CustomerSnapshot { CustomerId = customerId, NewsletterSubscribed = subscribed },
        Now = now,
    };
}
