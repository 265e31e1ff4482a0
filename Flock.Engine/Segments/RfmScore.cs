namespace Flock.Engine.Segments;

/// <summary>
/// One customer's RFM scores, each 1–5 (5 = best: most recent, most orders, most spent), and their segment. A customer
/// without paid orders, or scored against an empty model, has 0, 0, 0 and <see cref="RfmSegment.None"/>.
/// </summary>
public readonly record struct RfmScore(byte Recency, byte Frequency, byte Monetary, RfmSegment Segment)
{
    /// <summary>Not scored: no paid order, or no population to compare with.</summary>
    public static readonly RfmScore None = default;

    /// <summary>Whether the customer was scored (scores 1–5) rather than <see cref="None"/>.</summary>
    public bool IsScored => Recency != 0;

    /// <summary>The segment's stable key ("best", "at_risk"…; "none" when not scored).</summary>
    public string SegmentKey => RfmSegments.Key(Segment);

    /// <summary>The classic three-digit cell, e.g. 545 for R5 F4 M5; 0 when not scored.</summary>
    public int Cell => Recency * 100 + Frequency * 10 + Monetary;

    public override string ToString() => IsScored ? $"R{Recency} F{Frequency} M{Monetary} {SegmentKey}" : SegmentKey;
}
