namespace Nop.Plugin.Misc.Flock.Services.Inbox;

/// <summary>Kinds of <see cref="Domain.FlockInboxItem"/>: one per nopCommerce event Flock acts on.</summary>
public static class InboxKinds
{
    public const string OrderPlaced = "order.placed";
    public const string OrderPaid = "order.paid";
    public const string OrderCancelled = "order.cancelled";
    public const string OrderVoided = "order.voided";
    public const string OrderRefunded = "order.refunded";
    public const string CustomerRegistered = "customer.registered";
    public const string NewsletterSubscribed = "customer.subscribed";
    public const string CustomerErased = "customer.erased";
}

/// <summary>
/// What only the placement request knew, kept with the inbox item: the friend's signed referral cookie, the device
/// cookie (none when staff placed the order impersonating the customer), whose request it was (an admin's or a payment
/// callback's cookies are not the friend's), and whether Flock was on in that store then.
/// </summary>
public sealed record PlacementFacts(string ReferralCookie, string DeviceId, int RequestCustomerId, bool FlockEnabled = false);

/// <summary>The store and language a registration or subscription happened in (the worker has no request to ask).</summary>
public sealed record CustomerMoment(int StoreId, int LanguageId);
