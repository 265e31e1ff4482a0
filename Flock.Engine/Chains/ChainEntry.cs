using Flock.Engine.Experiments;
using Flock.Engine.Snapshots;

namespace Flock.Engine.Chains;

/// <summary>What the plugin knows, at the moment of a trigger, about the customer's past with the chain.</summary>
public readonly record struct EntryFacts
{
    public required ChainLifecycle Lifecycle { get; init; }
    /// <summary>When the customer last entered this chain (any version, any occurrence); null: never.</summary>
    public required DateTimeOffset? LastEnteredAt { get; init; }
    /// <summary>True when this very occurrence already started an enrollment.</summary>
    public required bool OccurrenceEntered { get; init; }
    public required bool MarketingConsent { get; init; }
    /// <summary>Required when the chain has entry conditions.</summary>
    public DecisionContext? Context { get; init; }
}

/// <summary>The outcome of <see cref="ChainEntry.Decide"/>: the new enrollment, or why not; and the log line either way.</summary>
public sealed record EntryDecision(Enrollment? Enrollment, ChainDecision Record)
{
    public bool Enrolls => Enrollment is not null;
    public ChainReason Reason => Record.Reason;
}

/// <summary>
/// Whether a trigger occurrence enrolls the customer, checked in this order: the trigger matches the chain (kind, and
/// its segment, status or days); the chain is live; this occurrence has not enrolled already; the re-entry policy
/// (once ever / once per N days / every occurrence); the entry conditions on the live facts; marketing consent for a
/// marketing chain. An enrolled customer is held out with the chain's share by a stable hash of (customer, chain), so
/// the same customer is always held out of the same chain. The database's unique key on (chain, customer, occurrence)
/// remains the last word against two nodes enrolling the same occurrence at once.
/// </summary>
public static class ChainEntry
{
    public static EntryDecision Decide(CompiledChain chain, ChainTriggerEvent trigger, in EntryFacts facts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(trigger);
        if (string.IsNullOrWhiteSpace(trigger.InstanceKey) || trigger.InstanceKey.Length > 64)
            throw new ArgumentException("a trigger occurrence needs an instance key of 1 to 64 characters", nameof(trigger));
        var definition = chain.Definition;
        EntryDecision Skip(ChainReason reason, string? detail = null) =>
            new(null, new ChainDecision(chain.Key, chain.Version, trigger.CustomerId, trigger.InstanceKey, null, now, reason, detail));

        if (!Matches(definition.Trigger, trigger)) return Skip(ChainReason.WrongTrigger, trigger.Kind.ToString());
        if (facts.Lifecycle != ChainLifecycle.Live) return Skip(ChainReason.ChainNotLive, facts.Lifecycle.ToString());
        if (facts.OccurrenceEntered) return Skip(ChainReason.AlreadyEnteredForOccurrence);
        if (facts.LastEnteredAt is { } last)
            switch (definition.ReEntry.Kind)
            {
                case ReEntryKind.OnceEver:
                    return Skip(ChainReason.EnteredBefore, $"{last:yyyy-MM-dd HH:mm} UTC");
                case ReEntryKind.OncePerDays when now - last < TimeSpan.FromDays(definition.ReEntry.Days):
                    return Skip(ChainReason.ReEntryTooSoon, $"entered {last:yyyy-MM-dd HH:mm} UTC; again from {last.AddDays(definition.ReEntry.Days):yyyy-MM-dd HH:mm} UTC");
            }
        if (chain.Conditions is { } conditions)
        {
            if (facts.Context is null) throw new ArgumentException("the chain has entry conditions: the entry facts need a decision context", nameof(facts));
            var explanation = conditions.Explain(facts.Context);
            if (!explanation.Matched) return Skip(ChainReason.ConditionsNotMet, explanation.ToString());
        }
        if (definition.Marketing && !facts.MarketingConsent) return Skip(ChainReason.NoMarketingConsent);

        var holdout = IsHeldOut(chain.Key, trigger.CustomerId, definition.HoldoutShare);
        var enrollment = new Enrollment
        {
            ChainKey = chain.Key,
            Version = chain.Version,
            CustomerId = trigger.CustomerId,
            TriggerKey = trigger.InstanceKey,
            EnrolledAt = now,
            StepEnteredAt = now,
            IsHoldout = holdout,
        };
        return new EntryDecision(enrollment, new ChainDecision(chain.Key, chain.Version, trigger.CustomerId, trigger.InstanceKey, null, now,
            holdout ? ChainReason.HeldOut : ChainReason.Entered));
    }

    /// <summary>Whether the customer is in the chain's holdout: a stable draw, the same on every node and every day.</summary>
    public static bool IsHeldOut(string chainKey, int customerId, double share) =>
        share > 0 && StableHash.Point(StableHash.Of("c" + customerId, "chain:" + chainKey), StableHash.HoldoutStream) < share;

    private static bool Matches(ChainTrigger wanted, ChainTriggerEvent actual) =>
        wanted.Kind == actual.Kind && wanted.Kind switch
        {
            ChainTriggerKind.SegmentEntered => string.Equals(wanted.Segment, actual.Segment, StringComparison.OrdinalIgnoreCase),
            ChainTriggerKind.OrderStatusChanged => string.Equals(wanted.OrderStatus, actual.OrderStatus, StringComparison.OrdinalIgnoreCase),
            ChainTriggerKind.PointsExpiring or ChainTriggerKind.LastOrderAged => wanted.Days == actual.Days,
            _ => true,
        };
}
