namespace Flock.Engine.Segments;

/// <summary>
/// The named RFM segments. The mapping from scores is <see cref="RfmSegments.Of"/>; the stable keys used in targeting rules
/// are <see cref="RfmSegments.Key"/> ("best", "at_risk"…). Numeric values are stable too (stored by the plugin).
/// </summary>
public enum RfmSegment : byte
{
    /// <summary>No paid order yet (a prospect), or no population to compare with (an empty model). Key "none".</summary>
    None = 0,

    /// <summary>Recent, frequent and big-spending: R ≥ 4, F ≥ 4, M ≥ 4. Key "best".</summary>
    Best = 1,

    /// <summary>Buys often and not long ago: R ≥ 3, F ≥ 3 (and not best). Key "loyal".</summary>
    Loyal = 2,

    /// <summary>Recent but not (yet) frequent: R ≥ 3 otherwise (not new). Key "promising".</summary>
    Promising = 3,

    /// <summary>Exactly one paid order, and recent: R ≥ 4. Key "new".</summary>
    New = 4,

    /// <summary>Bought often or spent among the top fifth, but not lately: R ≤ 2 and (F ≥ 3 or M = 5). Key "at_risk".</summary>
    AtRisk = 5,

    /// <summary>Not lately and not much: R = 2 otherwise. Key "sleeping".</summary>
    Sleeping = 6,

    /// <summary>Among the longest gone and not much: R = 1 otherwise. Key "lost".</summary>
    Lost = 7,
}
