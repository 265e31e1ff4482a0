using Flock.Engine.Common;
using Flock.Engine.Referrals.Offers;

namespace Flock.Engine.Tests.Referrals.Offers;

public class FriendOfferTests
{
    private static readonly DateTimeOffset IssuedAt = new(2026, 5, 10, 15, 30, 0, TimeSpan.FromHours(7));

    [Fact]
    public void Default_offer_is_five_percent_for_thirty_days_and_valid()
    {
        var offer = new FriendOffer();

        Assert.Equal(DiscountKind.Percent, offer.Kind);
        Assert.Equal(5m, offer.Value);
        Assert.Equal(IssuedAt.AddDays(30), offer.ExpiresAt(IssuedAt));
        Assert.True(offer.Validate().IsValid);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(100.01)]
    public void Percent_outside_0_to_100_is_rejected_with_its_path(decimal percent)
    {
        var result = new FriendOffer { Value = percent }.Validate();

        var problem = Assert.Single(result.Problems);
        Assert.Equal("friendOffer.value: percent must be between 0 and 100", problem.ToString());
    }

    [Fact]
    public void Hundred_percent_is_allowed()
    {
        Assert.True(new FriendOffer { Value = 100m }.Validate().IsValid);
    }

    [Fact]
    public void Every_problem_is_reported_with_a_path()
    {
        var offer = new FriendOffer
        {
            Kind = DiscountKind.FixedAmount,
            Value = 0m,
            MinimumSubtotal = -1m,
            MaximumDiscount = 10m,
            Expiry = OfferExpiry.AfterDays(0),
        };

        var paths = offer.Validate().Problems.Select(p => p.Path).ToArray();

        Assert.Equal(["friendOffer.value", "friendOffer.minimumSubtotal", "friendOffer.maximumDiscount", "friendOffer.expiry.days"], paths);
    }

    [Theory]
    [InlineData(-5, "must be positive")]
    [InlineData(0.005, "must have at most 2 decimals")]
    public void Bad_maximum_discount_is_rejected(decimal cap, string message)
    {
        var problem = Assert.Single(new FriendOffer { MaximumDiscount = cap }.Validate().Problems);
        Assert.Equal(new Problem("friendOffer.maximumDiscount", message), problem);
    }

    [Fact]
    public void Fixed_amount_with_fractions_of_a_cent_is_rejected()
    {
        var problem = Assert.Single(new FriendOffer { Kind = DiscountKind.FixedAmount, Value = 1.005m }.Validate().Problems);
        Assert.Equal("friendOffer.value", problem.Path);
    }

    [Theory]
    [InlineData(10.10, 0.51)] // 0.505 rounds away from zero
    [InlineData(10.30, 0.52)] // 0.515
    [InlineData(99.99, 5.00)] // 4.9995
    [InlineData(0, 0)]
    public void Percent_discount_rounds_to_cents_away_from_zero(decimal subtotal, decimal expected)
    {
        Assert.Equal(expected, new FriendOffer { Value = 5m }.DiscountFor(subtotal));
    }

    [Fact]
    public void Percent_discount_is_capped_by_the_maximum()
    {
        var offer = new FriendOffer { Value = 20m, MaximumDiscount = 15m };

        Assert.Equal(15m, offer.DiscountFor(1000m));
        Assert.Equal(10m, offer.DiscountFor(50m));
    }

    [Fact]
    public void Fixed_amount_is_never_above_the_subtotal()
    {
        var offer = new FriendOffer { Kind = DiscountKind.FixedAmount, Value = 500m };

        Assert.Equal(500m, offer.DiscountFor(1200m));
        Assert.Equal(320.40m, offer.DiscountFor(320.40m));
    }

    [Fact]
    public void Negative_subtotal_is_bad_input()
    {
        var ex = Assert.Throws<FlockValidationException>(() => new FriendOffer().DiscountFor(-1m));
        Assert.Equal("subtotal", ex.Problems[0].Path);
    }

    [Fact]
    public void Calculations_refuse_an_invalid_offer()
    {
        var offer = new FriendOffer { Value = 150m };

        Assert.Throws<FlockValidationException>(() => offer.DiscountFor(100m));
        var ex = Assert.Throws<FlockValidationException>(() => offer.Qualify(100m, IssuedAt, false, IssuedAt));
        Assert.Equal("friendOffer.value", Assert.Single(ex.Problems).Path);
    }

    [Fact]
    public void Cart_at_exactly_the_minimum_qualifies_with_its_discount()
    {
        var offer = new FriendOffer { MinimumSubtotal = 1000m };

        var result = offer.Qualify(1000m, IssuedAt, alreadyUsed: false, IssuedAt.AddDays(1));

        Assert.True(result.Qualifies);
        Assert.Equal(OfferRejection.None, result.Rejection);
        Assert.Equal(50m, result.Discount);
    }

    [Fact]
    public void Cart_below_the_minimum_is_refused_with_the_reason()
    {
        var offer = new FriendOffer { MinimumSubtotal = 1000m };

        var result = offer.Qualify(999.99m, IssuedAt, alreadyUsed: false, IssuedAt.AddDays(1));

        Assert.False(result.Qualifies);
        Assert.Equal(OfferRejection.BelowMinimum, result.Rejection);
        Assert.Equal(0m, result.Discount);
        Assert.Contains("999.99", result.Reason);
        Assert.Contains("1000.00", result.Reason);
    }

    [Fact]
    public void Offer_expires_exactly_at_its_expiry_moment()
    {
        var offer = new FriendOffer { Expiry = OfferExpiry.AfterDays(7) };

        Assert.True(offer.Qualify(10m, IssuedAt, false, IssuedAt.AddDays(7).AddTicks(-1)).Qualifies);
        Assert.Equal(OfferRejection.Expired, offer.Qualify(10m, IssuedAt, false, IssuedAt.AddDays(7)).Rejection);
    }

    [Fact]
    public void Fixed_end_date_applies_whatever_the_issue_time()
    {
        var endsAt = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.FromHours(7));
        var offer = new FriendOffer { Expiry = OfferExpiry.On(endsAt) };

        Assert.Equal(endsAt, offer.ExpiresAt(IssuedAt));
        Assert.True(offer.Qualify(10m, IssuedAt, false, endsAt.AddMinutes(-1)).Qualifies);
        Assert.Equal(OfferRejection.Expired, offer.Qualify(10m, IssuedAt, false, endsAt).Rejection);
    }

    [Fact]
    public void Used_offer_is_refused_first_even_when_also_expired_and_below_minimum()
    {
        var offer = new FriendOffer { MinimumSubtotal = 100m, Expiry = OfferExpiry.AfterDays(1) };

        var result = offer.Qualify(1m, IssuedAt, alreadyUsed: true, IssuedAt.AddDays(5));

        Assert.Equal(OfferRejection.AlreadyUsed, result.Rejection);
    }

    [Fact]
    public void Offer_is_not_valid_before_it_is_issued()
    {
        Assert.Equal(OfferRejection.NotYetValid, new FriendOffer().Qualify(10m, IssuedAt, false, IssuedAt.AddSeconds(-1)).Rejection);
    }

    [Fact]
    public void Coupon_spec_describes_a_single_use_percent_coupon()
    {
        var offer = new FriendOffer { Value = 7.5m, MinimumSubtotal = 300m, MaximumDiscount = 1000m, Expiry = OfferExpiry.AfterDays(14) };

        var spec = offer.ToCouponSpec("FRIEND-7QX2", IssuedAt);

        Assert.Equal(new CouponSpec
        {
            Name = "Flock friend offer FRIEND-7QX2",
            CouponCode = "FRIEND-7QX2",
            UsePercentage = true,
            Percentage = 7.5m,
            Amount = 0m,
            MaximumDiscountAmount = 1000m,
            MinimumSubtotal = 300m,
            StartsAt = IssuedAt,
            EndsAt = IssuedAt.AddDays(14),
            UsageLimit = 1,
        }, spec);
    }

    [Fact]
    public void Coupon_spec_for_a_fixed_amount_carries_the_amount_and_a_custom_name()
    {
        var spec = new FriendOffer { Kind = DiscountKind.FixedAmount, Value = 250m }.ToCouponSpec("ABC", IssuedAt, "Gift from Vasya");

        Assert.False(spec.UsePercentage);
        Assert.Equal(250m, spec.Amount);
        Assert.Equal(0m, spec.Percentage);
        Assert.Null(spec.MaximumDiscountAmount);
        Assert.Equal("Gift from Vasya", spec.Name);
        Assert.Equal(1, spec.UsageLimit);
    }

    [Fact]
    public void Coupon_spec_refuses_an_offer_that_ended_before_issue()
    {
        var offer = new FriendOffer { Expiry = OfferExpiry.On(IssuedAt.AddDays(-1)) };

        var ex = Assert.Throws<FlockValidationException>(() => offer.ToCouponSpec("ABC", IssuedAt));

        Assert.Equal("friendOffer.expiry.endsAt", Assert.Single(ex.Problems).Path);
    }

    [Fact]
    public void Coupon_spec_refuses_a_missing_code_and_an_invalid_offer_together()
    {
        var ex = Assert.Throws<FlockValidationException>(() => new FriendOffer { Value = 200m }.ToCouponSpec(" ", IssuedAt));

        Assert.Equal(["friendOffer.value", "couponCode"], ex.Problems.Select(p => p.Path));
    }

    [Fact]
    public void Coupon_code_longer_than_nopCommerce_allows_is_refused()
    {
        var ex = Assert.Throws<FlockValidationException>(() => new FriendOffer().ToCouponSpec(new string('A', 101), IssuedAt));
        Assert.Equal("couponCode", Assert.Single(ex.Problems).Path);
    }
}
