namespace Flock.Engine.Statistics;

/// <summary>
/// How a competition splits its shoppers: <see cref="HoldoutShare"/> held out, the rest shared evenly by its
/// <see cref="Arms"/> campaigns. Sizes the plan and the "N more needed" of one campaign against the holdout.
/// </summary>
public sealed record HoldoutAllocation(double HoldoutShare, int Arms)
{
    private int ArmCount => Math.Max(1, Arms);

    /// <summary>Shoppers of one arm per held-out shopper.</summary>
    public double ArmPerHeldOut => (1 - HoldoutShare) / ArmCount / HoldoutShare;

    /// <summary>The holdout's share of the shoppers of the holdout and one arm together.</summary>
    public double ControlShareOfPair => HoldoutShare / (HoldoutShare + (1 - HoldoutShare) / ArmCount);

    /// <summary>Whether the split is a real one (a holdout that is neither empty nor everyone).</summary>
    public bool IsValid => HoldoutShare is > 0 and < 1;
}
