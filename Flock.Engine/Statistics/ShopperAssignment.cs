namespace Flock.Engine.Statistics;

/// <summary>
/// Where one shopper was placed in one experiment: the plugin's assignment row (shopper key, arm key, when). The arm the
/// shopper was <b>first</b> assigned to is the one they are counted in for good (intention to treat), whatever they were
/// shown later.
/// </summary>
public sealed record ShopperAssignment(string ShopperKey, string Arm, DateTimeOffset AssignedAt);

/// <summary>The assignments of one analysis, each shopper once, and how many later duplicate assignments were set aside.</summary>
public sealed record DistinctAssignments(IReadOnlyList<ShopperAssignment> Assignments, int DuplicatesIgnored);
