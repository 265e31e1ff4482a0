namespace Flock.Engine.Messaging;

/// <summary>
/// A way of reaching a shopper. Email is carried out through nopCommerce's queue today; the others plug in through
/// provider adapters without a change to chains, contact pressure or the decision log, which only see this value.
/// </summary>
public enum Channel
{
    Email = 0,
    Sms = 1,
    WhatsApp = 2,
    Telegram = 3,
    Vk = 4,
    OnSite = 5,
}

/// <summary>
/// How much a message matters when it competes with others for the same recipient's attention. A smaller value wins:
/// when several messages are due for one recipient at once they are weighed in this order, and a frequency cap is used
/// up by the more important ones first.
/// </summary>
public enum MessagePriority
{
    /// <summary>Service messages the customer expects (order confirmations, rating requests where the store treats them so). Caps do not apply.</summary>
    Transactional = 0,
    /// <summary>About the customer's own cart or checkout.</summary>
    Cart = 1,
    /// <summary>About what the customer looked at or searched for.</summary>
    Browse = 2,
    /// <summary>Everything else: win-back, anniversaries, promotions.</summary>
    Promo = 3,
}
