using Flock.Engine.Referrals.Rewards;
using Flock.Engine.Referrals.Rewards.Ledger;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Services.Customers;
using Nop.Services.Localization;
using Nop.Services.Logging;
using Nop.Services.Orders;

namespace Nop.Plugin.Misc.Flock.Services.Referrals;

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
        var token = Guid.NewGuid().ToString("N");
        var now = DateTime.UtcNow;
        if (!await _rewardService.TryLeaseAsync(rewardId, token, now, now.Add(LeaseTime)))
            return false;
        try
        {
            //plan from the store, act, read the store again: done when the plan is empty (a state change while we worked
            //needs another pass — its writer found the lease taken and left it to us)
            for (var pass = 0; pass < 4; pass++)
            {
                var row = await _rewardService.GetByIdAsync(rewardId);
                if (row is null || !row.NeedsFulfilment)
                    return true;
                if (!await CarryOutAsync(row, token))
                {
                    await _rewardService.MarkFulfilledAsync(row.Id, row.Version, token);
                    continue;
                }
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
            await _rewardService.ReleaseLeaseAsync(rewardId, token);
        }
    }

    /// <summary>Does one plan's steps; false when there was nothing to do (the store already matches the target).</summary>
    protected virtual async Task<bool> CarryOutAsync(FlockReward row, string token)
    {
        var entry = RewardEntryJson.Read(row.EntryJson);
        var target = RewardFulfilment.Target(entry);
        var state = await ReadStateAsync(row);
        var steps = FulfilmentPlanner.Plan(target, state);
        foreach (var step in steps)
        {
            if (!await _rewardService.HoldsLeaseAsync(row.Id, token, DateTime.UtcNow))
                throw new InvalidOperationException($"reward {row.Id}: the lease ran out before a step; the next run finishes it");
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
                case ActivateCoupon:
                    await _offerDiscountService.ActivateByIdAsync(row.GrantedDiscountId!.Value);
                    break;
                case AddPoints add:
                    await AddPointsAsync(row, token, add);
                    break;
            }
        }

        if (steps.Count == 0 && target.Granted is GiftReward && entry.IsGranted)
            await _logger.InformationAsync($"Flock: reward {row.CauseKey} is a gift ({target.Granted}); hand it over from the rewards ledger.");
        return steps.Count > 0;
    }

    /// <summary>What nopCommerce holds for the row, read from the store — not from the row's own bookkeeping.</summary>
    protected virtual async Task<FulfilmentState> ReadStateAsync(FlockReward row)
    {
        var points = await AppliedPointsAsync(row);
        if (row.GrantedCouponCode is null)
            return FulfilmentState.Nothing with { PointsApplied = points };

        var discount = await _offerDiscountService.FindDiscountByCouponCodeAsync(row.GrantedCouponCode);
        var guard = await _offerDiscountService.GetRewardCouponAsync(row.Id);
        if (discount is null)
        {
            //the discount is gone (deleted in the admin, or its code edited): a new coupon under a new code
            if (guard is not null)
            {
                await _offerDiscountService.DeleteGuardAsync(guard);
                await ReplaceCouponCodeAsync(row);
            }
            return FulfilmentState.Nothing with { PointsApplied = points };
        }
        //a coupon of Flock 1.0 (granted before guards existed) is the reward's own: keep it
        var legacy = guard is null && row.GrantedDiscountId == discount.Id;
        if (!legacy && (guard is null || guard.DiscountId != discount.Id))
        {
            //made, then the node died before Flock's guard was in place: retire it and make the coupon again under a new code
            await _offerDiscountService.RetireAsync(discount.Id);
            await ReplaceCouponCodeAsync(row);
            return FulfilmentState.Nothing with { PointsApplied = points };
        }

        if (row.GrantedDiscountId != discount.Id)
        {
            await _rewardService.SetGrantedDiscountAsync(row.Id, discount.Id);
            row.GrantedDiscountId = discount.Id;
        }
        return new FulfilmentState(true, discount.UsePercentage ? discount.DiscountPercentage : discount.DiscountAmount, discount.IsActive, points,
            await _offerDiscountService.HasUsageAsync(discount.Id));
    }

    /// <summary>A new reserved code for a coupon that must be made again (a conditional swap: another writer's swap wins).</summary>
    protected virtual async Task ReplaceCouponCodeAsync(FlockReward row)
    {
        await _rewardService.TryReplaceCouponCodeAsync(row.Id, row.GrantedCouponCode, await _offerDiscountService.NewCouponCodeAsync(RewardCouponPrefix));
        row.GrantedCouponCode = (await _rewardService.GetByIdAsync(row.Id)).GrantedCouponCode;
        row.GrantedDiscountId = null;
    }

    /// <summary>Net points of the reward's entries in the customer's history: Flock's marked ones, plus a 1.0 grant (unmarked).</summary>
    protected virtual async Task<int> AppliedPointsAsync(FlockReward row)
    {
        var prefix = $"[flock:{row.Id}:";
        var marked = await _pointsRepository.Table
            .Where(h => h.CustomerId == row.BeneficiaryCustomerId && h.Message.Contains(prefix))
            .Select(h => new { h.Id, h.Points }).ToListAsync();
        var applied = marked.Sum(h => h.Points);
        //a reward Flock 1.0 granted (no markers): what 1.0 left applied, recorded by the 1.1 upgrade
        if (row.GrantedPointsHistoryId is int legacyId && marked.All(h => h.Id != legacyId))
            applied += row.LegacyPointsApplied != 0
                ? row.LegacyPointsApplied
                : await _pointsRepository.Table.Where(h => h.Id == legacyId).Select(h => h.Points).FirstOrDefaultAsync();
        return applied;
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

    protected virtual async Task AddPointsAsync(FlockReward row, string token, AddPoints add)
    {
        var customer = await _customerService.GetCustomerByIdAsync(row.BeneficiaryCustomerId);
        if (customer is null || customer.Deleted)
            throw new InvalidOperationException($"reward {row.CauseKey}: customer {row.BeneficiaryCustomerId} no longer exists; no points written");

        //points go to the store the friend ordered in (not the store that happens to run the task)
        var storeId = row.OrderId is { } id ? await StoreOfOrderAsync(id) : 0;
        if (storeId == 0)
            storeId = customer.RegisteredInStoreId;

        //the sequence number is reserved under the lease before the entry exists: two writers never share a marker
        var sequence = row.PointsEntries + 1;
        if (!await _rewardService.TryReservePointsEntryAsync(row.Id, token, row.PointsEntries))
            throw new InvalidOperationException($"reward {row.Id}: points entry {sequence} was reserved by another writer");
        row.PointsEntries = sequence;

        var text = await _localizationService.GetResourceAsync($"{FlockDefaults.ResourcePrefix}.RewardPoints.{(add.Points > 0 ? "Granted" : "Reversed")}");
        var historyId = await _rewardPointService.AddRewardPointsHistoryEntryAsync(customer, add.Points, storeId, $"{text} {PointsMarker(row.Id, sequence)}",
            activatingDate: add.ActivatesAt?.UtcDateTime, endDate: add.ExpiresAt?.UtcDateTime);
        await _rewardService.SetFirstPointsEntryAsync(row.Id, historyId);
        row.GrantedPointsHistoryId ??= historyId;
        //the lease ran out while the entry was written: another node may have written one too; the next run reads both
        //entries back from the store and corrects the difference
        if (!await _rewardService.HoldsLeaseAsync(row.Id, token, DateTime.UtcNow))
            await _rewardService.ReopenFulfilmentAsync(row.Id);
    }

    protected virtual async Task<int> StoreOfOrderAsync(int orderId) =>
        await _orderRepository.Table.Where(o => o.Id == orderId).Select(o => o.StoreId).FirstOrDefaultAsync();
}
