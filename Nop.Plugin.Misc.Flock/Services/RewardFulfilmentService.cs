using Flock.Engine.Rewards;
using Flock.Engine.Rewards.Ledger;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Services.Customers;
using Nop.Services.Localization;
using Nop.Services.Logging;
using Nop.Services.Orders;

namespace Nop.Plugin.Misc.Flock.Services;

/// <summary>
/// Carries a reward row out in nopCommerce exactly once: under a lease (one node at a time), it reads what the store
/// really holds — the coupon by its code reserved in the row before the discount was made, the reward points by the
/// markers Flock writes in their messages — lets the engine plan the difference to the row's target state and does it.
/// A crash at any point leaves the row marked <see cref="FlockReward.NeedsFulfilment"/>; the task retries it.
/// </summary>
public class RewardFulfilmentService
{
    public const string RewardCouponPrefix = "FLR";
    protected static readonly TimeSpan LeaseTime = TimeSpan.FromMinutes(2);

    protected readonly ICustomerService _customerService;
    protected readonly ILocalizationService _localizationService;
    protected readonly ILogger _logger;
    protected readonly IRepository<Order> _orderRepository;
    protected readonly IRepository<RewardPointsHistory> _pointsRepository;
    protected readonly IRewardPointService _rewardPointService;
    protected readonly OfferDiscountService _offerDiscountService;
    protected readonly RewardService _rewardService;

    public RewardFulfilmentService(ICustomerService customerService,
        ILocalizationService localizationService,
        ILogger logger,
        IRepository<Order> orderRepository,
        IRepository<RewardPointsHistory> pointsRepository,
        IRewardPointService rewardPointService,
        OfferDiscountService offerDiscountService,
        RewardService rewardService)
    {
        _customerService = customerService;
        _localizationService = localizationService;
        _logger = logger;
        _orderRepository = orderRepository;
        _pointsRepository = pointsRepository;
        _rewardPointService = rewardPointService;
        _offerDiscountService = offerDiscountService;
        _rewardService = rewardService;
    }

    /// <summary>The marker of a reward-points entry Flock wrote: the reward row and the entry's sequence number.</summary>
    public static string PointsMarker(int rewardId, int sequence) => $"[flock:{rewardId}:{sequence}]";

    /// <summary>Brings nopCommerce to the row's target state; false when another node holds the row or a step failed (retried later).</summary>
    public virtual async Task<bool> FulfilAsync(int rewardId)
    {
        var now = DateTime.UtcNow;
        if (!await _rewardService.TryLeaseAsync(rewardId, now, now.Add(LeaseTime)))
            return false;
        try
        {
            //a state change while we worked needs another pass (its writer found the lease taken and left it to us)
            for (var pass = 0; pass < 3; pass++)
            {
                var row = await _rewardService.GetByIdAsync(rewardId);
                if (row is null || !row.NeedsFulfilment)
                    return true;
                await CarryOutAsync(row);
                await _rewardService.MarkFulfilledAsync(row.Id, row.Version);
            }
            return true;
        }
        catch (Exception exception)
        {
            await _rewardService.RecordFailureAsync(rewardId, exception.Message);
            await _logger.ErrorAsync($"Flock: carrying out reward {rewardId} failed; the settle task retries it", exception);
            return false;
        }
        finally
        {
            await _rewardService.ReleaseLeaseAsync(rewardId);
        }
    }

    protected virtual async Task CarryOutAsync(FlockReward row)
    {
        var entry = RewardEntryJson.Read(row.EntryJson);
        var target = RewardFulfilment.Target(entry);
        var state = await ReadStateAsync(row);
        foreach (var step in FulfilmentPlanner.Plan(target, state))
        {
            switch (step)
            {
                case CreateCoupon create:
                    await CreateCouponAsync(row, create);
                    break;
                case SetCouponValue set:
                    await _offerDiscountService.SetRewardCouponValueAsync(row.GrantedDiscountId!.Value, set.Value);
                    break;
                case DeactivateCoupon:
                    await _offerDiscountService.DeactivateAsync(row.GrantedDiscountId!.Value);
                    break;
                case AddPoints add:
                    await AddPointsAsync(row, entry, add, state.PointsApplied);
                    break;
            }
        }

        if (target.Granted is GiftReward && entry.IsGranted && state == FulfilmentState.Nothing && row.PointsEntries == 0)
            await _logger.InformationAsync($"Flock: reward {row.CauseKey} is a gift ({target.Granted}); hand it over from the rewards ledger.");
    }

    /// <summary>What nopCommerce holds for the row, read from the store.</summary>
    protected virtual async Task<FulfilmentState> ReadStateAsync(FlockReward row)
    {
        var coupon = row.GrantedCouponCode is null ? null : await _offerDiscountService.FindDiscountByCouponCodeAsync(row.GrantedCouponCode);
        if (coupon is not null && row.GrantedDiscountId != coupon.Id)
        {
            await _rewardService.SetGrantedDiscountAsync(row.Id, coupon.Id);
            row.GrantedDiscountId = coupon.Id;
        }

        var applied = row.PointsApplied;
        var entries = row.PointsEntries;
        //an entry written just before a crash (its marker exists but the row was not updated): count it now
        while (await FindPointsEntryAsync(row, entries + 1) is { } written)
        {
            applied += written.Points;
            entries++;
            await _rewardService.SetPointsAsync(row.Id, applied, entries, row.GrantedPointsHistoryId ?? written.Id);
            row.PointsApplied = applied;
            row.PointsEntries = entries;
            row.GrantedPointsHistoryId ??= written.Id;
        }

        return coupon is null
            ? FulfilmentState.Nothing with { PointsApplied = applied }
            : new FulfilmentState(true, coupon.UsePercentage ? coupon.DiscountPercentage : coupon.DiscountAmount, coupon.IsActive, applied);
    }

    protected virtual async Task CreateCouponAsync(FlockReward row, CreateCoupon create)
    {
        if (row.GrantedCouponCode is null)
        {
            var code = await _offerDiscountService.NewCouponCodeAsync(RewardCouponPrefix);
            if (!await _rewardService.TryReserveCouponCodeAsync(row.Id, code))
                throw new InvalidOperationException($"reward {row.Id}: its coupon code was reserved by another writer");
            row.GrantedCouponCode = code;
        }

        var name = string.Format(await _localizationService.GetResourceAsync($"{FlockDefaults.ResourcePrefix}.Discount.RewardName"), row.GrantedCouponCode);
        var spec = (create.Reward with { Value = create.Value }).ToCouponSpec(row.GrantedCouponCode, create.GrantedAt, name);
        var offer = await _offerDiscountService.CreateRewardCouponAsync(spec, row);
        await _rewardService.SetGrantedDiscountAsync(row.Id, offer.DiscountId);
        row.GrantedDiscountId = offer.DiscountId;
    }

    protected virtual async Task AddPointsAsync(FlockReward row, RewardEntry entry, AddPoints add, int applied)
    {
        var customer = await _customerService.GetCustomerByIdAsync(row.BeneficiaryCustomerId);
        if (customer is null || customer.Deleted)
        {
            await _logger.WarningAsync($"Flock: reward {row.CauseKey}: customer {row.BeneficiaryCustomerId} no longer exists; no points written.");
            return;
        }

        //points go to the store the friend ordered in (not the store that happens to run the task)
        var storeId = row.OrderId is int orderId ? await _orderRepository.Table.Where(o => o.Id == orderId).Select(o => o.StoreId).FirstOrDefaultAsync() : 0;
        if (storeId == 0)
            storeId = customer.RegisteredInStoreId;

        var sequence = row.PointsEntries + 1;
        var text = await _localizationService.GetResourceAsync($"{FlockDefaults.ResourcePrefix}.RewardPoints.{(add.Points > 0 ? "Granted" : "Reversed")}");
        var historyId = await _rewardPointService.AddRewardPointsHistoryEntryAsync(customer, add.Points, storeId, $"{text} {PointsMarker(row.Id, sequence)}",
            activatingDate: add.ActivatesAt?.UtcDateTime, endDate: add.ExpiresAt?.UtcDateTime);
        await _rewardService.SetPointsAsync(row.Id, applied + add.Points, sequence, row.GrantedPointsHistoryId ?? historyId);
        row.PointsApplied = applied + add.Points;
        row.PointsEntries = sequence;
        row.GrantedPointsHistoryId ??= historyId;
    }

    protected virtual async Task<RewardPointsHistory> FindPointsEntryAsync(FlockReward row, int sequence)
    {
        var marker = PointsMarker(row.Id, sequence);
        return await _pointsRepository.Table.FirstOrDefaultAsync(h => h.CustomerId == row.BeneficiaryCustomerId && h.Message.Contains(marker));
    }
}
