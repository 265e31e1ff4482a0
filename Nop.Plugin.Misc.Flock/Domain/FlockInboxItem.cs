using Nop.Core;
using Nop.Plugin.Misc.Flock.Services.Inbox;

namespace Nop.Plugin.Misc.Flock.Domain;

/// <summary>
/// One nopCommerce event Flock must act on, recorded before it is acted on: unique per (kind, entity, discriminator),
/// leased by one worker at a time, retried with back-off until done. The durable half of every event handler.
/// </summary>
public class FlockInboxItem : BaseEntity
{
    /// <summary>One of <see cref="InboxKinds"/>.</summary>
    public string Kind { get; set; }

    /// <summary>The order or customer the event is about.</summary>
    public int EntityId { get; set; }

    /// <summary>Tells apart two events of one kind for one entity that are both to be handled (e.g. the refunded amount); empty otherwise.</summary>
    public string Discriminator { get; set; }

    /// <summary>Facts of the moment that only the event's own request knew (JSON), e.g. the placement's cookies.</summary>
    public string Payload { get; set; }

    public DateTime CreatedOnUtc { get; set; }

    /// <summary>When the item is (next) to be handled.</summary>
    public DateTime DueOnUtc { get; set; }

    /// <summary>Failed attempts so far.</summary>
    public int Attempts { get; set; }

    public string LeaseToken { get; set; }

    public DateTime? LeaseUntilUtc { get; set; }

    public DateTime? DoneOnUtc { get; set; }

    public string LastError { get; set; }
}
