using Flock.Engine.Referrals.Offers;
using Flock.Engine.Referrals.Rewards;
using Flock.Engine.Referrals.Rewards.Ledger;
using Flock.Engine.Templates;
using Microsoft.AspNetCore.Http;
using Nop.Core;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Directory;
using Nop.Core.Domain.Orders;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Factories;
using Nop.Services.Customers;
using Nop.Services.Directory;
using Nop.Services.Discounts;
using Nop.Services.Orders;

namespace Nop.Plugin.Misc.Flock.Services.Referrals;

/// <summary>
/// Flock's discount requirement (feature B6): nopCommerce asks it on every cart calculation and at order placement
/// whether a Flock discount applies to this customer (a friend offer, a reward coupon, a chain recipient's coupon). It reads the live facts — the friend's invitation, the cart
/// subtotal before discounts, earlier orders by customer, e-mail, phone or address, the referrer's identity — and the
/// engine decides; a refusal carries the shopper's message, which nopCommerce shows when the code is entered.
/// </summary>
public class FriendOfferRequirementService
{
    protected readonly CurrencySettings _currencySettings;
    protected readonly ICurrencyService _currencyService;
    protected readonly ICustomerService _customerService;
    protected readonly IHttpContextAccessor _httpContextAccessor;
    protected readonly Nop.Services.Logging.ILogger _logger;
    protected readonly IShoppingCartService _shoppingCartService;
    protected readonly IWorkContext _workContext;
    protected readonly BuyerIdentityService _buyerIdentityService;
    protected readonly Chains.ChainCouponService _chainCouponService;
    protected readonly FriendCouponService _friendCouponService;
    protected readonly InvitationService _invitationService;
    protected readonly OfferDiscountService _offerDiscountService;
    protected readonly ProgrammeService _programmeService;
    protected readonly RewardService _rewardService;
    protected readonly SnapshotFactory _snapshotFactory;

    public FriendOfferRequirementService(CurrencySettings currencySettings,
        ICurrencyService currencyService,
        ICustomerService customerService,
        IHttpContextAccessor httpContextAccessor,
        Nop.Services.Logging.ILogger logger,
        IShoppingCartService shoppingCartService,
        IWorkContext workContext,
        BuyerIdentityService buyerIdentityService,
        Chains.ChainCouponService chainCouponService,
        FriendCouponService friendCouponService,
        InvitationService invitationService,
        OfferDiscountService offerDiscountService,
        ProgrammeService programmeService,
        RewardService rewardService,
        SnapshotFactory snapshotFactory)
    {
        _currencySettings = currencySettings;
        _currencyService = currencyService;
        _customerService = customerService;
        _httpContextAccessor = httpContextAccessor;
        _logger = logger;
        _shoppingCartService = shoppingCartService;
        _workContext = workContext;
        _buyerIdentityService = buyerIdentityService;
        _chainCouponService = chainCouponService;
        _friendCouponService = friendCouponService;
        _invitationService = invitationService;
        _offerDiscountService = offerDiscountService;
        _programmeService = programmeService;
        _rewardService = rewardService;
        _snapshotFactory = snapshotFactory;
    }

    /// <summary>Never throws into nopCommerce's cart or checkout: a failure refuses the Flock discount and is logged.</summary>
    public virtual async Task<DiscountRequirementValidationResult> CheckAsync(DiscountRequirementValidationRequest request)
    {
        try
        {
            return await CheckUnsafeAsync(request);
        }
        catch (Exception exception)
        {
            await _logger.ErrorAsync($"Flock: the discount requirement {request?.DiscountRequirementId} could not be checked; the discount is not applied", exception);
            return new DiscountRequirementValidationResult { UserError = await _invitationService.MessageAsync("Requirement.Unavailable") };
        }
    }

    protected virtual async Task<DiscountRequirementValidationResult> CheckUnsafeAsync(DiscountRequirementValidationRequest request)
    {
        var offer = request?.Customer is null ? null : await _offerDiscountService.GetByRequirementIdAsync(request.DiscountRequirementId);
        if (offer is null)
            return new DiscountRequirementValidationResult(); //not a Flock discount we know: never valid by accident

        //one verdict per request: nopCommerce validates the same discount several times while it prices one page
        var memoKey = $"Flock.Requirement.{request.DiscountRequirementId}.{request.Customer.Id}";
        var items = _httpContextAccessor.HttpContext?.Items;
        if (items?[memoKey] is DiscountRequirementValidationResult memo)
            return memo;

        var result = offer.Kind switch
        {
            FlockOfferKind.RewardCoupon => await CheckRewardCouponAsync(offer, request.Customer, request.Store?.Id ?? 0),
            FlockOfferKind.ChainCoupon => await _chainCouponService.CheckAsync(offer, request.Customer),
            _ => await CheckFriendOfferAsync(offer, request.Customer, request.Store?.Id ?? 0)
        };
        if (items is not null)
            items[memoKey] = result;
        return result;
    }

    /// <summary>The engine's verdict for a friend offer (also used by the cart notice); one per request, offer and customer.</summary>
    public virtual async Task<FriendOfferVerdict> JudgeFriendOfferAsync(FlockOffer offer, Customer customer, int storeId)
    {
        var memoKey = $"Flock.Verdict.{offer.Id}.{customer.Id}";
        var items = _httpContextAccessor.HttpContext?.Items;
        if (items?[memoKey] is FriendOfferVerdict memo)
            return memo;
        var verdict = await JudgeUncachedAsync(offer, customer, storeId);
        if (items is not null)
            items[memoKey] = verdict;
        return verdict;
    }

    protected virtual async Task<FriendOfferVerdict> JudgeUncachedAsync(FlockOffer offer, Customer customer, int storeId)
    {
        var programme = await _programmeService.GetAsync();
        var language = (await _workContext.GetWorkingLanguageAsync()).UniqueSeoCode;
        var claim = await _invitationService.FindOrAdoptAsync(customer, offer);
        var referrerCustomer = claim is null ? null : await _customerService.GetCustomerByIdAsync(claim.ReferrerCustomerId);

        var keys = await _buyerIdentityService.KeysForCustomerAsync(customer);
        var earlier = await _buyerIdentityService.CountEarlierOrdersAsync(customer.Id, keys);
        var referrerKeys = referrerCustomer is null ? [] : await _buyerIdentityService.KnownKeysOfCustomerAsync(referrerCustomer);
        var primary = await _currencyService.GetCurrencyByIdAsync(_currencySettings.PrimaryStoreCurrencyId);

        var checkRequest = new FriendOfferCheckRequest
        {
            CampaignId = offer.CampaignId,
            MotivationId = offer.MotivationId ?? "",
            OfferKey = offer.OfferKey,
            Claim = claim is null ? null : new FriendOfferClaim
            {
                ReferrerCustomerId = claim.ReferrerCustomerId,
                IssuedAt = _snapshotFactory.InStoreZone(claim.Invitation.CreatedOnUtc),
                ExpiresAt = _snapshotFactory.InStoreZone(claim.Invitation.ExpiresOnUtc ?? DateTime.MaxValue.AddDays(-1)),
                UsedOrderId = claim.Invitation.UsedOrderId
            },
            CustomerId = customer.Id,
            Subtotal = await SubtotalBeforeDiscountsAsync(customer, storeId),
            EarlierOrders = earlier,
            SharesIdentityWithReferrer = referrerKeys.Intersect(keys).Any(),
            Language = language,
            Currency = primary is null ? null : new CurrencyModel(primary.CurrencyCode),
            Now = _snapshotFactory.Now()
        };

        if (programme is null)
            return FriendOfferGate.Check(checkRequest, null, true);
        return programme.CheckFriendOffer(checkRequest);
    }

    protected virtual async Task<DiscountRequirementValidationResult> CheckFriendOfferAsync(FlockOffer offer, Customer customer, int storeId)
    {
        var verdict = await JudgeFriendOfferAsync(offer, customer, storeId);
        return new DiscountRequirementValidationResult { IsValid = verdict.IsValid, UserError = verdict.IsValid ? null : verdict.Message };
    }

    /// <summary>A reward coupon: the engine's gate over the reward's ledger entry (beneficiary, still granted, minimum subtotal).</summary>
    protected virtual async Task<DiscountRequirementValidationResult> CheckRewardCouponAsync(FlockOffer offer, Customer customer, int storeId)
    {
        var reward = offer.RewardId is int id ? await _rewardService.GetByIdAsync(id) : null;
        if (reward is null)
            return new DiscountRequirementValidationResult { UserError = await _invitationService.MessageAsync("RewardCoupon.NotYours") };
        var entry = RewardEntryJson.Read(reward.EntryJson);
        //the subtotal is read only when the minimum can matter
        var subtotal = entry.Granted is CouponReward { MinimumSubtotal: > 0m } ? await SubtotalBeforeDiscountsAsync(customer, storeId) : decimal.MaxValue;
        return RewardCouponGate.Check(entry, customer.Id, subtotal) switch
        {
            null => new DiscountRequirementValidationResult { IsValid = true },
            ({ } refusal, var minimum) => new DiscountRequirementValidationResult
            {
                UserError = refusal switch
                {
                    RewardCouponRefusal.NotYours => await _invitationService.MessageAsync("RewardCoupon.NotYours"),
                    RewardCouponRefusal.BelowMinimum => string.Format(await _invitationService.MessageAsync("RewardCoupon.BelowMinimum"), minimum.ToString("0.##")),
                    _ => await _invitationService.MessageAsync("RewardCoupon.Revoked")
                }
            }
        };
    }

    /// <summary>The cart's subtotal at product prices, before any discount (computing it with discounts would ask this requirement again).</summary>
    protected virtual async Task<decimal> SubtotalBeforeDiscountsAsync(Customer customer, int storeId)
    {
        var cart = await _shoppingCartService.GetShoppingCartAsync(customer, ShoppingCartType.ShoppingCart, storeId);
        var subtotal = 0m;
        foreach (var item in cart)
            subtotal += (await _shoppingCartService.GetSubTotalAsync(item, false)).subTotal;
        return subtotal;
    }
}
