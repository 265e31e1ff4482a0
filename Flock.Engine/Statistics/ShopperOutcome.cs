namespace Flock.Engine.Statistics;

/// <summary>One shopper's outcome in the arm they were assigned to: converted or not, and an optional value (e.g. revenue; 0 when none).</summary>
public sealed record ShopperOutcome(string ShopperKey, string Arm, bool Converted, double Value = 0);
