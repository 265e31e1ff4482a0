using Flock.Engine.Rewards;
using Flock.Engine.Rewards.Ledger;
using Nop.Core;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Services.Customers;
using Nop.Services.Localization;
using Nop.Services.Logging;
using Nop.Services.Orders;

namespace Nop.Plugin.Misc.Flock.Services;

/// <summary>
/// Carries out the ledger's effects through nopCommerce: a coupon (discount) for the referrer's next order or reward
/// points. The row's ids say whether a grant already happened, so a replayed effect is a no-op.
/// </summary>
public class RewardExecutionService
{
    protected const string RewardCouponPrefix = "FLR";

    protected readonly ICustomerService _customerService;
    protected readonly ILocalizationService _localizationService;
    protected readonly ILogger _logger;
    protected readonly IRewardPointService _rewardPointService;
    protected readonly IStoreContext _storeContext;
    protected readonly DiscountIssuer _discountIssuer;

    public RewardExecutionService(ICustomerService customerService,
        ILocalizationService localizationService,
        ILogger logger,
        IRewardPointService rewardPointService,
        IStoreContext storeContext,
        DiscountIssuer discountIssuer)
    {
        _customerService = customerService;
        _localizationService = localizationService;
        _logger = logger;
        _rewardPointService = rewardPointService;
        _storeContext = storeContext;
        _discountIssuer = discountIssuer;
    }

    /// <summary>Carries out one effect on its row; returns true when the row changed (new ids to save).</summary>
    public virtual async Task<bool> ExecuteAsync(FlockReward row, RewardEffect effect) => effect switch
    {
        GrantReward grant => await GrantAsync(row, grant),
        ReverseReward reverse => await ReverseAsync(row, reverse),
        _ => false
    };

    protected virtual async Task<bool> GrantAsync(FlockReward row, GrantReward grant)
    {
        if (row.GrantedDiscountId is not null || row.GrantedPointsHistoryId is not null)
            return false;

        switch (grant.Reward)
        {
            case CouponReward coupon:
                var code = await _discountIssuer.NewCouponCodeAsync(RewardCouponPrefix);
                var name = string.Format(await _localizationService.GetResourceAsync($"{FlockDefaults.ResourcePrefix}.Discount.RewardName"), code);
                var discount = await _discountIssuer.CreateAsync(coupon.ToCouponSpec(code, grant.At, name));
                row.GrantedDiscountId = discount.Id;
                row.GrantedCouponCode = code;
                return true;

            case PointsReward points:
                var customer = await _customerService.GetCustomerByIdAsync(grant.BeneficiaryCustomerId);
                if (customer is null || customer.Deleted)
                    return false;
                var store = await _storeContext.GetCurrentStoreAsync();
                var message = await _localizationService.GetResourceAsync($"{FlockDefaults.ResourcePrefix}.RewardPoints.Granted");
                row.GrantedPointsHistoryId = await _rewardPointService.AddRewardPointsHistoryEntryAsync(customer, points.Points, store.Id, message,
                    activatingDate: grant.ActivatesAt.UtcDateTime, endDate: grant.ExpiresAt?.UtcDateTime);
                return true;

            default:
                //gifts are handed over by the store team from the ledger screen
                await _logger.InformationAsync($"Flock: reward {row.CauseKey} is a gift ({grant.Reward}); hand it over manually.");
                return false;
        }
    }

    protected virtual async Task<bool> ReverseAsync(FlockReward row, ReverseReward reverse)
    {
        if (row.GrantedDiscountId is int discountId)
        {
            if (reverse.IsFull)
                await _discountIssuer.DeactivateAsync(discountId);
            else
                await _discountIssuer.ReduceAsync(discountId, reverse.Remaining.Magnitude);
            return false;
        }

        if (row.GrantedPointsHistoryId is not null && reverse.Reversed is PointsReward reversed && reversed.Points > 0)
        {
            var customer = await _customerService.GetCustomerByIdAsync(reverse.BeneficiaryCustomerId);
            if (customer is null)
                return false;
            var store = await _storeContext.GetCurrentStoreAsync();
            var message = await _localizationService.GetResourceAsync($"{FlockDefaults.ResourcePrefix}.RewardPoints.Reversed");
            await _rewardPointService.AddRewardPointsHistoryEntryAsync(customer, -reversed.Points, store.Id, message);
        }

        return false;
    }
}
