using Nop.Core;

namespace Nop.Plugin.Misc.Flock.Domain;

/// <summary>
/// How far the scan for one date trigger ("birthday", "aged:180"…) has come: the next scan takes the moments after
/// <see cref="ScannedToUtc"/>. Moving it on is a conditional update inside the transaction that writes the occurrences,
/// so two nodes scanning at once write one window once.
/// </summary>
public class FlockTriggerScan : BaseEntity
{
    public string Key { get; set; }

    public DateTime ScannedToUtc { get; set; }
}
