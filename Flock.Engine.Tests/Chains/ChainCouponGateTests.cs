using Flock.Engine.Chains;
using FsCheck.Xunit;

namespace Flock.Engine.Tests.Chains;

public class ChainCouponGateTests
{
    [Fact]
    public void The_holder_may_use_it_and_a_friend_with_the_code_may_not()
    {
        Assert.Null(ChainCouponGate.Check(7, false, 7));
        Assert.Equal(ChainCouponRefusal.NotYours, ChainCouponGate.Check(7, false, 8));
    }

    [Fact]
    public void A_withdrawn_coupon_is_refused_even_to_its_holder()
    {
        Assert.Equal(ChainCouponRefusal.Withdrawn, ChainCouponGate.Check(7, true, 7));
    }

    [Property]
    public bool Only_the_holder_ever_passes(int holder, int other, bool withdrawn) =>
        (ChainCouponGate.Check(holder, withdrawn, other) is null) == (!withdrawn && holder == other);
}
