using Flock.Engine.Statistics;

namespace Flock.Engine.Tests.Statistics;

public sealed class HoldoutAllocationTests
{
    [Theory]
    [InlineData(0.1, 1, 9.0, 0.1)]      // 10 % against one 90 % arm
    [InlineData(0.1, 2, 4.5, 0.1 / 0.55)] // two campaigns share the 90 %: 45 % each
    [InlineData(0.5, 1, 1.0, 0.5)]
    public void Splits_the_shown_share_between_the_arms(double share, int arms, double armPerHeldOut, double controlShare)
    {
        var allocation = new HoldoutAllocation(share, arms);
        Assert.True(allocation.IsValid);
        Assert.Equal(armPerHeldOut, allocation.ArmPerHeldOut, 10);
        Assert.Equal(controlShare, allocation.ControlShareOfPair, 10);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void An_empty_or_total_holdout_is_no_split(double share) => Assert.False(new HoldoutAllocation(share, 1).IsValid);
}
