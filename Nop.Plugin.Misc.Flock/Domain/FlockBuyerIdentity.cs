using Nop.Core;

namespace Nop.Plugin.Misc.Flock.Domain;

/// <summary>
/// One keyed hash (engine IdentityKeys: normalised e-mail, phone or address) seen on one order, so "is this a new
/// customer?" is answered across customer records and guest checkouts. No PII: the hash needs the store's secret.
/// Unique by (KindId, Hash, OrderId).
/// </summary>
public class FlockBuyerIdentity : BaseEntity
{
    public int KindId { get; set; }

    public string Hash { get; set; }

    public int OrderId { get; set; }

    public int CustomerId { get; set; }

    public DateTime OrderCreatedOnUtc { get; set; }
}
