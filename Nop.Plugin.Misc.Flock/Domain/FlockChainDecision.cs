using Nop.Core;

namespace Nop.Plugin.Misc.Flock.Domain;

/// <summary>One line of the chain decision log (<see cref="Flock.Engine.Chains.ChainDecision"/>): what "why did (or didn't) this customer get it" is answered from.</summary>
public class FlockChainDecision : BaseEntity
{
    public int CustomerId { get; set; }

    public string ChainKey { get; set; }

    public int Version { get; set; }

    public string TriggerKey { get; set; }

    public string StepId { get; set; }

    /// <summary><see cref="Flock.Engine.Chains.ChainReason"/> as an int.</summary>
    public int Reason { get; set; }

    public string Detail { get; set; }

    public DateTime CreatedOnUtc { get; set; }
}
