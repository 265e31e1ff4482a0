using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Services.Behaviour;

/// <summary>
/// Views and searches waiting to be written (singleton): the shopper's request adds one row without a database round
/// trip; the inbox worker writes them in one batch about every second. A node that dies loses at most that second of
/// browsing signals — never an order, a message or money.
/// </summary>
public class ActivityBuffer : RowBuffer<FlockActivity>
{
}
