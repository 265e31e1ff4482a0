using Nop.Core.Domain.Orders;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Data;
using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Services.Referrals;

/// <summary>The engine's judgement of orders, one row per order.</summary>
public class ReferralService
{
    protected readonly IRepository<FlockReferral> _referralRepository;
    protected readonly IRepository<Order> _orderRepository;

    public ReferralService(IRepository<FlockReferral> referralRepository, IRepository<Order> orderRepository)
    {
        _referralRepository = referralRepository;
        _orderRepository = orderRepository;
    }

    public virtual Task<FlockReferral> GetByOrderIdAsync(int orderId) =>
        _referralRepository.Table.FirstOrDefaultAsync(r => r.OrderId == orderId);

    /// <summary>Inserts the judgement; on a replay (same order) returns the row stored first.</summary>
    public virtual async Task<(FlockReferral Referral, bool Created)> InsertOnceAsync(FlockReferral referral)
    {
        try
        {
            await _referralRepository.InsertAsync(referral, false);
            return (referral, true);
        }
        catch (Exception exception) when (UniqueKey.IsViolation(exception))
        {
            return (await GetByOrderIdAsync(referral.OrderId), false);
        }
    }

    public virtual async Task<IList<FlockReferral>> GetByReferrerAsync(int referrerId) =>
        await _referralRepository.Table.Where(r => r.ReferrerId == referrerId).OrderByDescending(r => r.CreatedOnUtc).ToListAsync();

    /// <summary>Distinct friends of the referrer whose first accepted referral came before this order (reward tiers).</summary>
    /// <summary>Friends whose referred order was PLACED before <paramref name="beforeUtc"/> (judgements run after placement, so their own time is not it).</summary>
    public virtual Task<int> CountFriendsWhoBoughtBeforeAsync(int referrerId, int friendCustomerId, DateTime beforeUtc) =>
        (from r in _referralRepository.Table
         join order in _orderRepository.Table on r.OrderId equals order.Id
         where r.ReferrerId == referrerId && (r.Decision == ReferralDecisions.Rewarded || r.Decision == ReferralDecisions.NeedsReview)
               && r.FriendCustomerId != friendCustomerId && order.CreatedOnUtc < beforeUtc
         select r.FriendCustomerId).Distinct().CountAsync();

    /// <summary>
    /// The referrer's referrals (any verdict) whose orders were placed since a moment, newest first, dated by their order's
    /// placement (not by when the worker judged them: a burst of orders judged later must still see each other), with the IP
    /// their order came from.
    /// </summary>
    public virtual async Task<IList<(int OrderId, int FriendCustomerId, DateTime CreatedOnUtc, string Ip)>> GetRecentWithIpAsync(int referrerId, DateTime sinceUtc, int excludeOrderId, int max)
    {
        var rows = await (from referral in _referralRepository.Table
                          join order in _orderRepository.Table on referral.OrderId equals order.Id
                          where referral.ReferrerId == referrerId && order.CreatedOnUtc >= sinceUtc && referral.OrderId != excludeOrderId
                          orderby order.CreatedOnUtc descending
                          select new { referral.OrderId, referral.FriendCustomerId, order.CreatedOnUtc, order.CustomerIp }).Take(max).ToListAsync();
        return rows.Select(r => (r.OrderId, r.FriendCustomerId, r.CreatedOnUtc, r.CustomerIp)).ToList();
    }

    /// <summary>The IP of the customer's latest order (a guest referrer has no LastIpAddress worth trusting).</summary>
    public virtual Task<string> LastOrderIpAsync(int customerId) =>
        _orderRepository.Table.Where(o => o.CustomerId == customerId && !o.Deleted).OrderByDescending(o => o.Id).Select(o => o.CustomerIp).FirstOrDefaultAsync();

    public virtual async Task<IList<FlockReferral>> GetByFriendAsync(int friendCustomerId) =>
        await _referralRepository.Table.Where(r => r.FriendCustomerId == friendCustomerId).ToListAsync();

    public virtual async Task<IList<FlockReferral>> GetByReferrerCustomerAsync(int referrerCustomerId) =>
        await _referralRepository.Table.Where(r => r.ReferrerCustomerId == referrerCustomerId).ToListAsync();

    public virtual Task UpdateAsync(FlockReferral referral) => _referralRepository.UpdateAsync(referral, false);
}

/// <summary>Values of <see cref="FlockReferral.Decision"/>: the engine's FriendOrderOutcome names.</summary>
public static class ReferralDecisions
{
    public const string Rewarded = "Rewarded";
    public const string NeedsReview = "NeedsReview";
    public const string Blocked = "Blocked";
    public const string NotAttributed = "NotAttributed";
}
