using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Services.Referrals;

/// <summary>
/// "Widget shown" rows waiting to be written (singleton): the thank-you page adds one without a database round trip;
/// the inbox worker writes them in one batch about every second. A node that dies loses at most that second of
/// exposures — analytics, never money.
/// </summary>
public class ExposureBuffer : RowBuffer<FlockEvent>
{
}
