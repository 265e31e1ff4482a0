using Nop.Core;

namespace Nop.Plugin.Misc.Flock.Domain;

/// <summary>
/// One thing a shopper did that chains react to (a cart change, a view, a search, an order), as compact as it can be:
/// written by the request in one insert, read by the chain scheduler in order of <see cref="BaseEntity.Id"/>.
/// </summary>
public class FlockActivity : BaseEntity
{
    public int CustomerId { get; set; }

    public int StoreId { get; set; }

    /// <summary><see cref="Flock.Engine.Chains.ChainTriggerKind"/> as an int.</summary>
    public int Kind { get; set; }

    /// <summary>The product, category or order the activity is about; 0 when none.</summary>
    public int EntityId { get; set; }

    /// <summary>Search terms and the like; null otherwise.</summary>
    public string Text { get; set; }

    public DateTime CreatedOnUtc { get; set; }

    /// <summary>Set once the chain scheduler has offered the activity to every live chain as a trigger.</summary>
    public bool Handled { get; set; }
}
