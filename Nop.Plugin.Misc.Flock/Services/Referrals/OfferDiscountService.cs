using Flock.Engine.Referrals.Offers;
using Flock.Engine.Referrals;
using Nop.Core.Caching;
using Nop.Core.Domain.Discounts;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Infrastructure;
using Nop.Services.Discounts;

namespace Nop.Plugin.Misc.Flock.Services.Referrals;

/// <summary>
/// The nopCommerce discounts Flock makes, each guarded by Flock's discount requirement (checked by nopCommerce on every
/// cart calculation and at order placement): one friend-offer discount per campaign motivation and offer terms, and
/// one coupon per granted referrer reward. Their number is bounded by campaigns and unused rewards, not by visits.
/// A discount with usage history is never deleted (nopCommerce would cascade into orders' history): it is deactivated.
/// </summary>
public class OfferDiscountService
{
    public const string FriendOfferPrefix = "FLF";

    protected static readonly CacheKey OfferByRequirementKey = NopCompatibility.CacheKey("Nop.Plugin.Misc.Flock.offer.requirement.{0}", OfferPrefix);
    protected static readonly CacheKey OfferByKeyKey = NopCompatibility.CacheKey("Nop.Plugin.Misc.Flock.offer.key.{0}", OfferPrefix);
    protected const string OfferPrefix = "Nop.Plugin.Misc.Flock.offer.";

    protected readonly IDiscountService _discountService;
    protected readonly IRepository<Discount> _discountRepository;
    protected readonly IRepository<DiscountUsageHistory> _usageRepository;
    protected readonly IRepository<FlockOffer> _offerRepository;
    protected readonly IStaticCacheManager _staticCacheManager;

    public OfferDiscountService(IDiscountService discountService,
        IRepository<Discount> discountRepository,
        IRepository<DiscountUsageHistory> usageRepository,
        IRepository<FlockOffer> offerRepository,
        IStaticCacheManager staticCacheManager)
    {
        _discountService = discountService;
        _discountRepository = discountRepository;
        _usageRepository = usageRepository;
        _offerRepository = offerRepository;
        _staticCacheManager = staticCacheManager;
    }

    /// <summary>The offer a requirement guards (immutable rows, cached).</summary>
    public virtual Task<FlockOffer> GetByRequirementIdAsync(int requirementId) =>
        _staticCacheManager.GetAsync(_staticCacheManager.PrepareKeyForDefaultCache(OfferByRequirementKey, requirementId),
            async () => await _offerRepository.Table.FirstOrDefaultAsync(o => o.RequirementId == requirementId));

    /// <summary>The friend offer whose coupon code the shopper holds, if any (a Flock code among the applied ones).</summary>
    public virtual async Task<FlockOffer> GetFriendOfferByCouponCodeAsync(IReadOnlyCollection<string> codes) =>
        (await GetFriendOffersByCodesAsync(codes.Where(c => c?.Trim().StartsWith(FriendOfferPrefix, StringComparison.OrdinalIgnoreCase) == true)))
            .OrderByDescending(o => o.Id).FirstOrDefault();

    public virtual async Task<IList<FlockOffer>> GetAllAsync() => await _offerRepository.Table.ToListAsync();

    /// <summary>
    /// The campaign motivation's friend-offer discount, made on first use. Two requests racing here both make one; the
    /// unique offer key keeps the first, and the loser's fresh (never used) discount is deleted.
    /// </summary>
    public virtual async Task<FlockOffer> EnsureFriendOfferAsync(FriendOfferDiscount offer, string name)
    {
        var existing = await GetByKeyAsync(offer.OfferKey);
        if (existing is not null)
        {
            //terms changed back (A → B → A): A's discount is the live one again — but a discount the admin switched
            //off (no other terms of this motivation are live) stays off
            if (await _discountService.GetDiscountByIdAsync(existing.DiscountId) is { IsActive: false } dormant && await OtherTermsActiveAsync(existing))
            {
                dormant.IsActive = true;
                await _discountService.UpdateDiscountAsync(dormant);
                await DeactivateOtherTermsAsync(existing);
            }
            return existing;
        }

        var code = await NewCouponCodeAsync(FriendOfferPrefix);
        var spec = offer.Offer.ToCampaignCouponSpec(code, name, DateTimeOffset.MinValue);
        var (discount, requirement) = await CreateGuardedDiscountAsync(spec);
        var row = new FlockOffer
        {
            Kind = FlockOfferKind.FriendOffer,
            OfferKey = offer.OfferKey,
            CampaignId = offer.CampaignId,
            MotivationId = offer.MotivationId,
            DiscountId = discount.Id,
            RequirementId = requirement.Id,
            CouponCode = code,
            CreatedOnUtc = DateTime.UtcNow
        };
        try
        {
            await _offerRepository.InsertAsync(row, false);
        }
        catch (Exception exception) when (UniqueKey.IsViolation(exception))
        {
            await DeleteDiscountAsync(discount);
            return await _offerRepository.Table.FirstOrDefaultAsync(o => o.OfferKey == offer.OfferKey);
        }

        await ActivateAsync(discount);
        await DeactivateOtherTermsAsync(row);
        return row;
    }

    /// <summary>Older terms of the same motivation: no new friend gets them (their requirement refuses a changed offer anyway).</summary>
    protected virtual async Task DeactivateOtherTermsAsync(FlockOffer current)
    {
        var kind = (int)FlockOfferKind.FriendOffer;
        foreach (var stale in await _offerRepository.Table.Where(o => o.KindId == kind
                     && o.CampaignId == current.CampaignId && o.MotivationId == current.MotivationId && o.Id != current.Id).ToListAsync())
            await DeactivateAsync(stale.DiscountId);
    }

    /// <summary>Every friend offer (all versions of the terms) of a campaign's motivation.</summary>
    public virtual async Task<IReadOnlySet<int>> GetFriendOfferIdsAsync(int campaignId, string motivationId)
    {
        var kind = (int)FlockOfferKind.FriendOffer;
        return (await _offerRepository.Table.Where(o => o.KindId == kind && o.CampaignId == campaignId && o.MotivationId == motivationId)
            .Select(o => o.Id).ToListAsync()).ToHashSet();
    }

    /// <summary>The friend offers whose coupon codes are among <paramref name="codes"/> (an order's, a cart's).</summary>
    public virtual async Task<IList<FlockOffer>> GetFriendOffersByCodesAsync(IEnumerable<string> codes)
    {
        var wanted = codes.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim().ToUpperInvariant()).Distinct().ToArray();
        if (wanted.Length == 0)
            return [];
        var kind = (int)FlockOfferKind.FriendOffer;
        return await _offerRepository.Table.Where(o => o.KindId == kind && wanted.Contains(o.CouponCode)).ToListAsync();
    }

    protected virtual async Task<bool> OtherTermsActiveAsync(FlockOffer current)
    {
        var kind = (int)FlockOfferKind.FriendOffer;
        var discountIds = await _offerRepository.Table.Where(o => o.KindId == kind && o.CampaignId == current.CampaignId
            && o.MotivationId == current.MotivationId && o.Id != current.Id).Select(o => o.DiscountId).ToListAsync();
        return discountIds.Count > 0 && await _discountRepository.Table.AnyAsync(d => discountIds.Contains(d.Id) && d.IsActive);
    }

    public virtual async Task DeleteGuardAsync(FlockOffer guard) => await _offerRepository.DeleteAsync(guard, false);

    public virtual async Task ActivateByIdAsync(int discountId)
    {
        if (await _discountService.GetDiscountByIdAsync(discountId) is { IsActive: false } discount)
            await ActivateAsync(discount);
    }

    /// <summary>The guard row of a reward's coupon, if it was made.</summary>
    public virtual Task<FlockOffer> GetRewardCouponAsync(int rewardId)
    {
        var key = $"reward:{rewardId}";
        return _offerRepository.Table.FirstOrDefaultAsync(o => o.OfferKey == key);
    }

    public virtual async Task<bool> IsActiveAsync(int discountId) =>
        (await _discountService.GetDiscountByIdAsync(discountId))?.IsActive == true;

    /// <summary>The referrer's reward coupon: usable only by the beneficiary (Flock's requirement), deactivated once used or revoked.</summary>
    public virtual Task<FlockOffer> CreateRewardCouponAsync(CouponSpec spec, FlockReward reward) =>
        CreateGuardedOfferAsync(spec, new FlockOffer
        {
            Kind = FlockOfferKind.RewardCoupon, OfferKey = $"reward:{reward.Id}", CampaignId = reward.CampaignId, RewardId = reward.Id
        });

    /// <summary>A chain recipient's coupon: usable only by its holder (Flock's requirement), once.</summary>
    public virtual Task<FlockOffer> CreateChainCouponAsync(CouponSpec spec, string offerKey) =>
        CreateGuardedOfferAsync(spec, new FlockOffer { Kind = FlockOfferKind.ChainCoupon, OfferKey = offerKey });

    /// <summary>
    /// One guarded coupon per offer key: the existing one, or a new discount with Flock's requirement and its guard row,
    /// activated last. A second writer of the same key loses at the unique index and gets the first one's (outside a
    /// transaction; inside one, as the chain executor's, the violation rolls the attempt back and it is retried).
    /// </summary>
    protected virtual async Task<FlockOffer> CreateGuardedOfferAsync(CouponSpec spec, FlockOffer row)
    {
        var existing = await GetByKeyAsync(row.OfferKey);
        if (existing is not null)
            return existing;

        var (discount, requirement) = await CreateGuardedDiscountAsync(spec);
        row.DiscountId = discount.Id;
        row.RequirementId = requirement.Id;
        row.CouponCode = spec.CouponCode;
        row.CreatedOnUtc = DateTime.UtcNow;
        try
        {
            await _offerRepository.InsertAsync(row, false);
        }
        catch (Exception exception) when (UniqueKey.IsViolation(exception))
        {
            await DeleteDiscountAsync(discount);
            return await GetByKeyAsync(row.OfferKey);
        }
        await ActivateAsync(discount);
        return row;
    }

    /// <summary>Chain coupons past their end date: deleted when no order used them, else deactivated; the guard row goes with a deleted one.</summary>
    public virtual async Task<int> RetireExpiredChainCouponsAsync(DateTime nowUtc, int max = 500)
    {
        var kind = (int)FlockOfferKind.ChainCoupon;
        var expired = await (from offer in _offerRepository.Table
                             join discount in _discountRepository.Table on offer.DiscountId equals discount.Id into discounts
                             from discount in discounts.DefaultIfEmpty()
                             where offer.KindId == kind && (discount == null || (discount.EndDateUtc != null && discount.EndDateUtc < nowUtc))
                             select offer).Take(max).ToListAsync();
        foreach (var offer in expired)
            await RetireChainCouponAsync(offer);
        return expired.Count;
    }

    /// <summary>
    /// Takes a chain coupon away (its message was never sent, or it expired): an unused one goes entirely, a used one is
    /// deactivated (orders keep their discount history); the guard row goes in both cases, so the expiry sweep never
    /// picks the same coupon again and an inactive discount is refused by the requirement anyway.
    /// </summary>
    public virtual async Task RetireChainCouponAsync(FlockOffer offer)
    {
        await RetireAsync(offer.DiscountId);
        await _offerRepository.DeleteAsync(offer, false);
    }

    public virtual Task<FlockOffer> GetByOfferKeyAsync(string key) => GetByKeyAsync(key);

    /// <summary>A reward or chain coupon used on the order is spent: deactivated, so the active discounts stay few.</summary>
    public virtual async Task RetireUsedRewardCouponsAsync(int orderId)
    {
        var used = _usageRepository.Table.Where(u => u.OrderId == orderId).Select(u => u.DiscountId);
        var reward = (int)FlockOfferKind.RewardCoupon;
        var chain = (int)FlockOfferKind.ChainCoupon;
        foreach (var discountId in await _offerRepository.Table.Where(o => (o.KindId == reward || o.KindId == chain) && used.Contains(o.DiscountId)).Select(o => o.DiscountId).ToListAsync())
            await DeactivateAsync(discountId);
    }

    /// <summary>Reward coupons past their end date: deactivated (their usage history, if any, stays).</summary>
    public virtual async Task<int> RetireExpiredRewardCouponsAsync(DateTime nowUtc, int max = 500)
    {
        var kind = (int)FlockOfferKind.RewardCoupon;
        var expired = await (from offer in _offerRepository.Table
                             join discount in _discountRepository.Table on offer.DiscountId equals discount.Id
                             where offer.KindId == kind && discount.IsActive && discount.EndDateUtc != null && discount.EndDateUtc < nowUtc
                             select discount.Id).Take(max).ToListAsync();
        foreach (var discountId in expired)
            await DeactivateAsync(discountId);
        return expired.Count;
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

    public virtual Task<Discount> FindDiscountByCouponCodeAsync(string couponCode) =>
        _discountRepository.Table.FirstOrDefaultAsync(d => d.CouponCode == couponCode);

    public virtual async Task SetRewardCouponValueAsync(int discountId, decimal value)
    {
        var discount = await _discountService.GetDiscountByIdAsync(discountId);
        if (discount is null)
            return;
        if (discount.UsePercentage)
            discount.DiscountPercentage = value;
        else
            discount.DiscountAmount = value;
        await _discountService.UpdateDiscountAsync(discount);
    }

    protected virtual async Task ActivateAsync(Discount discount)
    {
        discount.IsActive = true;
        await _discountService.UpdateDiscountAsync(discount);
    }

    public virtual async Task DeactivateAsync(int discountId)
    {
        var discount = await _discountService.GetDiscountByIdAsync(discountId);
        if (discount is null || !discount.IsActive)
            return;
        discount.IsActive = false;
        await _discountService.UpdateDiscountAsync(discount);
    }

    public virtual Task<bool> HasUsageAsync(int discountId) => _usageRepository.Table.AnyAsync(u => u.DiscountId == discountId);

    /// <summary>Deletes a discount no order used; deactivates one that has usage (orders keep their discount history).</summary>
    public virtual async Task RetireAsync(int discountId)
    {
        var discount = await _discountService.GetDiscountByIdAsync(discountId);
        if (discount is null)
            return;
        if (await HasUsageAsync(discountId))
        {
            await DeactivateAsync(discountId);
            return;
        }
        await DeleteDiscountAsync(discount);
    }

    /// <summary>Deletes a discount and its requirements, children before their group (the database refuses the other order).</summary>
    protected virtual async Task DeleteDiscountAsync(Discount discount)
    {
        var requirements = await _discountService.GetAllDiscountRequirementsAsync(discount.Id);
        foreach (var requirement in requirements.OrderBy(r => r.IsGroup).ThenByDescending(r => r.ParentId ?? 0))
            await _discountService.DeleteDiscountRequirementAsync(requirement, false);
        await _discountService.DeleteDiscountAsync(discount);
    }

    /// <summary>Removes Flock's requirement from a discount (uninstall: a granted reward coupon keeps working for its holder).</summary>
    public virtual async Task RemoveRequirementAsync(int requirementId)
    {
        var requirement = await _discountService.GetDiscountRequirementByIdAsync(requirementId);
        if (requirement is null)
            return;
        var groupId = requirement.ParentId;
        await _discountService.DeleteDiscountRequirementAsync(requirement, false);
        if (groupId is int id && await _discountService.GetDiscountRequirementByIdAsync(id) is { } group
            && (await _discountService.GetDiscountRequirementsByParentAsync(group)).Count == 0)
            await _discountService.DeleteDiscountRequirementAsync(group, false);
    }

    protected virtual async Task<FlockOffer> GetByKeyAsync(string key) =>
        await _offerRepository.Table.FirstOrDefaultAsync(o => o.OfferKey == key);

    /// <summary>A coupon discount with nopCommerce's default "AND" requirement group holding Flock's requirement.</summary>
    protected virtual async Task<(Discount Discount, DiscountRequirement Requirement)> CreateGuardedDiscountAsync(CouponSpec spec)
    {
        var discount = new Discount
        {
            Name = spec.Name,
            AdminComment = "Created by Flock and guarded by its requirement (invitation, new customer, minimum order, one use).",
            DiscountType = DiscountType.AssignedToOrderSubTotal,
            UsePercentage = spec.UsePercentage,
            DiscountPercentage = spec.UsePercentage ? spec.Percentage : 0m,
            DiscountAmount = spec.UsePercentage ? 0m : spec.Amount,
            MaximumDiscountAmount = spec.MaximumDiscountAmount,
            StartDateUtc = spec.StartsAt == DateTimeOffset.MinValue ? null : spec.StartsAt.UtcDateTime,
            EndDateUtc = spec.EndsAt == DateTimeOffset.MaxValue ? null : spec.EndsAt.UtcDateTime,
            RequiresCouponCode = true,
            CouponCode = spec.CouponCode,
            IsCumulative = false,
            DiscountLimitation = spec.UsageLimit > 0 ? DiscountLimitationType.NTimesOnly : DiscountLimitationType.Unlimited,
            LimitationTimes = Math.Max(1, spec.UsageLimit),
            //inactive until Flock's requirement and guard row exist: a crash in between leaves nothing usable
            IsActive = false
        };
        await _discountService.InsertDiscountAsync(discount);

        var group = new DiscountRequirement
        {
            DiscountId = discount.Id,
            IsGroup = true,
            InteractionType = RequirementGroupInteractionType.And,
            DiscountRequirementRuleSystemName = "Default requirement group"
        };
        await _discountService.InsertDiscountRequirementAsync(group);
        var requirement = new DiscountRequirement
        {
            DiscountId = discount.Id,
            ParentId = group.Id,
            DiscountRequirementRuleSystemName = FlockDefaults.SystemName
        };
        await _discountService.InsertDiscountRequirementAsync(requirement);
        return (discount, requirement);
    }
}
