using Flock.Engine.Offers;
using Flock.Engine.Referrals;
using Nop.Core.Domain.Discounts;
using Nop.Data;
using Nop.Services.Discounts;
using Nop.Services.Logging;

namespace Nop.Plugin.Misc.Flock.Services;

/// <summary>Carries out the engine's coupon specs as nopCommerce discounts: one discount per single-use coupon.</summary>
public class DiscountIssuer
{
    protected readonly IDiscountService _discountService;
    protected readonly ILogger _logger;
    protected readonly IRepository<Discount> _discountRepository;

    public DiscountIssuer(IDiscountService discountService, ILogger logger, IRepository<Discount> discountRepository)
    {
        _discountService = discountService;
        _logger = logger;
        _discountRepository = discountRepository;
    }

    /// <summary>An unguessable coupon code no discount uses yet.</summary>
    public virtual async Task<string> NewCouponCodeAsync(string prefix)
    {
        var generator = new ReferralCodeGenerator(new ReferralCodeOptions { Length = 10 });
        var candidate = await generator.GenerateAsync(async (code, _) =>
        {
            var full = prefix + code;
            return await _discountRepository.Table.AnyAsync(d => d.CouponCode == full);
        });
        return prefix + candidate;
    }

    public virtual async Task<Discount> CreateAsync(CouponSpec spec)
    {
        var discount = new Discount
        {
            Name = spec.Name,
            AdminComment = "Created by Flock; removed with the plugin.",
            DiscountType = DiscountType.AssignedToOrderSubTotal,
            UsePercentage = spec.UsePercentage,
            DiscountPercentage = spec.UsePercentage ? spec.Percentage : 0m,
            DiscountAmount = spec.UsePercentage ? 0m : spec.Amount,
            MaximumDiscountAmount = spec.MaximumDiscountAmount,
            StartDateUtc = spec.StartsAt.UtcDateTime,
            EndDateUtc = spec.EndsAt.UtcDateTime,
            RequiresCouponCode = true,
            CouponCode = spec.CouponCode,
            IsCumulative = false,
            DiscountLimitation = DiscountLimitationType.NTimesOnly,
            LimitationTimes = Math.Max(1, spec.UsageLimit),
            IsActive = true
        };
        await _discountService.InsertDiscountAsync(discount);

        //nopCommerce has no built-in "minimum subtotal" requirement (it needs a discount-rule plugin)
        if (spec.MinimumSubtotal > 0)
            await _logger.WarningAsync($"Flock: coupon {spec.CouponCode} should require a subtotal of {spec.MinimumSubtotal}; nopCommerce core cannot enforce it, add a discount requirement to discount {discount.Id}.");

        return discount;
    }

    public virtual Task<Discount> GetAsync(int discountId) => _discountService.GetDiscountByIdAsync(discountId);

    public virtual async Task DeactivateAsync(int discountId)
    {
        var discount = await _discountService.GetDiscountByIdAsync(discountId);
        if (discount is null || !discount.IsActive)
            return;
        discount.IsActive = false;
        await _discountService.UpdateDiscountAsync(discount);
    }

    /// <summary>Lowers an unused reward coupon to what remains after a partial refund.</summary>
    public virtual async Task ReduceAsync(int discountId, decimal remaining)
    {
        var discount = await _discountService.GetDiscountByIdAsync(discountId);
        if (discount is null)
            return;
        if (discount.UsePercentage)
            discount.DiscountPercentage = remaining;
        else
            discount.DiscountAmount = remaining;
        await _discountService.UpdateDiscountAsync(discount);
    }

    public virtual async Task DeleteAsync(int discountId)
    {
        var discount = await _discountService.GetDiscountByIdAsync(discountId);
        if (discount is not null)
            await _discountService.DeleteDiscountAsync(discount);
    }
}
