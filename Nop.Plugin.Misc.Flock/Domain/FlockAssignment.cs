using Nop.Core;

namespace Nop.Plugin.Misc.Flock.Domain;

/// <summary>A sticky experiment assignment: which arm a shopper got in one experiment (unique per shopper + experiment).</summary>
public class FlockAssignment : BaseEntity
{
    public string ShopperKey { get; set; }

    public string ExperimentKey { get; set; }

    public string ArmKey { get; set; }

    public DateTime CreatedOnUtc { get; set; }
}
