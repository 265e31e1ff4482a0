using Flock.Engine.Statistics;

namespace Flock.Engine.Analytics;

/// <summary>The causal uplift of one arm over the control in one window: treatment − control, always-valid.</summary>
/// <param name="Days">The window.</param>
/// <param name="RepeatPurchase">Repeat-purchase rate comparison (rate points), or "N more needed".</param>
/// <param name="RevenuePerShopper">Own revenue per shopper comparison (money per shopper), or "N more needed".</param>
public sealed record WindowUplift(int Days, Comparison RepeatPurchase, Comparison RevenuePerShopper);

/// <summary>The uplift of one arm over the control, per window.</summary>
public sealed record ArmUplift(string Arm, string Control, IReadOnlyList<WindowUplift> Windows);

/// <summary>Everything <see cref="HoldoutOutcomes.Compute"/> measured.</summary>
/// <param name="Query">The query.</param>
/// <param name="Arms">The control first, then the other arms in ordinal order.</param>
/// <param name="Uplifts">Each non-control arm against the control.</param>
/// <param name="DuplicatesIgnored">Later histories of shoppers already counted (their first assignment wins).</param>
/// <param name="NotYetAssigned">Histories assigned after AsOf (left out).</param>
public sealed record OutcomeReport(OutcomeQuery Query, IReadOnlyList<ArmOutcomes> Arms, IReadOnlyList<ArmUplift> Uplifts, int DuplicatesIgnored, int NotYetAssigned);
