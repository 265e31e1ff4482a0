using Flock.Engine.Messaging;
using Flock.Engine.Snapshots;

namespace Flock.Engine.Chains;

/// <summary>Whether the chain may run: live, paused (enrollments wait where they are), archived (they leave).</summary>
public enum ChainLifecycle
{
    Live = 0,
    Paused = 1,
    Archived = 2,
}

/// <summary>A set of channels, for consent.</summary>
[Flags]
public enum ChannelSet
{
    None = 0,
    Email = 1 << Channel.Email,
    Sms = 1 << Channel.Sms,
    WhatsApp = 1 << Channel.WhatsApp,
    Telegram = 1 << Channel.Telegram,
    Vk = 1 << Channel.Vk,
    OnSite = 1 << Channel.OnSite,
    All = Email | Sms | WhatsApp | Telegram | Vk | OnSite,
}

public static class ChannelSetExtensions
{
    public static bool Has(this ChannelSet set, Channel channel) => (set & (ChannelSet)(1 << (int)channel)) != 0;
}

/// <summary>
/// The live facts about one enrolled customer, re-read by the plugin right before each step is decided — never a copy
/// synced earlier. <see cref="OrdersSinceEntry"/> counts orders placed after the enrollment by the customer and by any
/// guest with the same email; <see cref="Context"/> is required when the chain has a branch or a rule goal.
/// </summary>
public readonly record struct ChainFacts
{
    public required ChainLifecycle Lifecycle { get; init; }
    public required int OrdersSinceEntry { get; init; }
    /// <summary>Marketing consent (nopCommerce newsletter subscription); marketing chains need it.</summary>
    public required bool MarketingConsent { get; init; }
    /// <summary>Channels the customer can be reached on and has not unsubscribed from.</summary>
    public required ChannelSet Reachable { get; init; }
    public required TimeZoneInfo RecipientZone { get; init; }
    /// <summary>The latest activity of the trigger's kind (a cart change, a view), for inactivity waits.</summary>
    public DateTimeOffset? LastActivityAt { get; init; }
    public DecisionContext? Context { get; init; }
    /// <summary>
    /// The address this enrollment would message already got (or is about to get: recorded, not yet carried out) this
    /// chain's messages through another customer record — a second guest session, a second account with the same
    /// (normalised) address — within the chain's re-entry window. Re-entry is per customer record; this is what keeps
    /// fresh sessions from collecting a coupon each. It ends only an enrollment that has sent nothing yet
    /// (<see cref="SentAlready"/>): the first record to message the address wins, one under way is never ended.
    /// </summary>
    public bool AddressServedElsewhere { get; init; }
    /// <summary>This enrollment has a message recorded or sent already (it is under way at its address). It only qualifies
    /// <see cref="AddressServedElsewhere"/>, so a host may leave it unread (false) when that is false.</summary>
    public bool SentAlready { get; init; }
    /// <summary>Another record got the address first and this enrollment has not messaged it: it leaves.</summary>
    public bool AddressTakenByAnother => AddressServedElsewhere && !SentAlready;
    /// <summary>Items in the customer's cart now (sum of quantities); required when the chain ends on an emptied cart.</summary>
    public int? CartItems { get; init; }
    /// <summary>The customer was deleted or erased: the enrollment ends before anything else is looked at.</summary>
    public bool CustomerGone { get; init; }
    /// <summary>The enrollment was a guest's that ended when the shopper signed in (<see cref="AccountJoin"/>): nothing recorded for it goes out any more.</summary>
    public bool EndedBySignIn { get; init; }
}
