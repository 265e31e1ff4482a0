using Flock.Engine.Chains;
using FsCheck;
using FsCheck.Xunit;

namespace Flock.Engine.Tests.Chains;

public class ChainCouponGateTests
{
    [Fact]
    public void The_holder_may_use_it_and_a_friend_with_the_code_may_not()
    {
        Assert.Null(ChainCouponGate.Check(7, "ann@example.com", false, 7, null));
        Assert.Equal(ChainCouponRefusal.NotYours, ChainCouponGate.Check(7, "ann@example.com", false, 8, "bob@example.com"));
        Assert.Equal(ChainCouponRefusal.NotYours, ChainCouponGate.Check(7, "ann@example.com", false, 8, null));
    }

    [Fact]
    public void The_same_address_on_another_account_is_the_holder_but_a_blank_one_is_not()
    {
        Assert.Null(ChainCouponGate.Check(7, "Ann@Example.com", false, 9, " ann@example.com "));
        Assert.Equal(ChainCouponRefusal.NotYours, ChainCouponGate.Check(7, "", false, 9, ""));
        Assert.Equal(ChainCouponRefusal.NotYours, ChainCouponGate.Check(7, null, false, 9, null));
    }

    [Fact]
    public void A_withdrawn_coupon_is_refused_even_to_its_holder()
    {
        Assert.Equal(ChainCouponRefusal.Withdrawn, ChainCouponGate.Check(7, "ann@example.com", true, 7, "ann@example.com"));
    }

    [Property]
    public bool Another_customer_without_the_address_is_always_refused(int holder, int other, NonEmptyString email)
    {
        if (holder == other) return true;
        return ChainCouponGate.Check(holder, email.Get, false, other, email.Get + "x") == ChainCouponRefusal.NotYours;
    }
}
