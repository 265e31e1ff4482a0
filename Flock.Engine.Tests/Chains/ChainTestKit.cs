using Flock.Engine.Chains;
using Flock.Engine.Messaging;
using Flock.Engine.Snapshots;

namespace Flock.Engine.Tests.Chains;

internal static class ChainTestKit
{
    public static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    public static readonly DateTimeOffset T0 = new(2026, 6, 10, 8, 0, 0, TimeSpan.Zero); // 10:00 in Berlin

    public static CompiledChain Gallery(string key, Func<ChainDefinition, ChainDefinition>? edit = null)
    {
        var chain = ChainGallery.Find(key)!.Chain;
        return new CompiledChain(edit is null ? chain : edit(chain));
    }

    public static ChainFacts Facts(int ordersSinceEntry = 0, bool consent = true, DateTimeOffset? lastActivity = null,
        ChainLifecycle lifecycle = ChainLifecycle.Live, ChannelSet reachable = ChannelSet.All, DecisionContext? context = null, int? cartItems = 1) => new()
    {
        CartItems = cartItems,
        Lifecycle = lifecycle,
        OrdersSinceEntry = ordersSinceEntry,
        MarketingConsent = consent,
        Reachable = reachable,
        RecipientZone = Berlin,
        LastActivityAt = lastActivity,
        Context = context,
    };

    public static EntryFacts Entry(DateTimeOffset? lastEntered = null, bool occurrence = false, bool consent = true, DecisionContext? context = null,
        ChainLifecycle lifecycle = ChainLifecycle.Live) => new()
    {
        Lifecycle = lifecycle,
        LastEnteredAt = lastEntered,
        OccurrenceEntered = occurrence,
        MarketingConsent = consent,
        Context = context,
    };

    public static ChainTriggerEvent Trigger(ChainTriggerKind kind, int customer, DateTimeOffset at, string instance = "cart", string? segment = null, int? days = null) =>
        new() { Kind = kind, CustomerId = customer, At = at, InstanceKey = instance, Segment = segment, Days = days };

    /// <summary>A customer id the chain does not hold out (the holdout draw is stable, so this is found once).</summary>
    public static int Exposed(string chainKey, int from = 1)
    {
        var id = from;
        while (ChainEntry.IsHeldOut(chainKey, id, 0.10)) id++;
        return id;
    }

    public static int HeldOut(string chainKey)
    {
        var id = 1;
        while (!ChainEntry.IsHeldOut(chainKey, id, 0.10)) id++;
        return id;
    }

    public static Enrollment Enroll(CompiledChain chain, int customer, DateTimeOffset at, string instance = "cart") =>
        ChainEntry.Decide(chain, Trigger(chain.Definition.Trigger.Kind, customer, at, instance, chain.Definition.Trigger.Segment, chain.Definition.Trigger.Days),
            Entry(), at).Enrollment ?? throw new InvalidOperationException("not enrolled");

    public static readonly ContactPressure NoPressure = new(ContactPressurePolicy.None);
}
