using Nop.Core;

namespace Nop.Plugin.Misc.Flock.Domain;

/// <summary>
/// One row per customer Flock messages: the lock every chain takes (a conditional update inside its transaction) before
/// it reads the customer's recent sends and records a new one, so two web-farm nodes advancing two chains of the same
/// customer at once see each other's messages and the contact-pressure caps hold across chains. A negative id is the gate
/// of an address (<see cref="Services.Messaging.ContactGateService.AddressGateId"/>), taken after the customer's.
/// </summary>
public class FlockContactGate : BaseEntity
{
    public int CustomerId { get; set; }

    /// <summary>Incremented by every holder of the lock.</summary>
    public int Revision { get; set; }
}
