using Nop.Core;

namespace Nop.Plugin.Misc.Flock.Domain;

/// <summary>
/// The RFM segment a customer was last recorded in, one row per customer: a chain starting on "entered segment X" starts
/// when a recomputed segment differs from this row, and the conditional update of the row is what makes one node, once,
/// write that entry.
/// </summary>
public class FlockCustomerSegment : BaseEntity
{
    public int CustomerId { get; set; }

    /// <summary><see cref="global::Flock.Engine.Segments.RfmSegment"/> as an int.</summary>
    public int Segment { get; set; }

    /// <summary>When the customer was first recorded in <see cref="Segment"/>.</summary>
    public DateTime SinceUtc { get; set; }

    /// <summary>The token of the call that moved the row last: tells a node which of the rows it updated were its own move.</summary>
    public Guid? MoveToken { get; set; }
}
