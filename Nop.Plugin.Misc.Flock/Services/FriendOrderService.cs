using Flock.Engine.AntiAbuse;
using Flock.Engine.Programme;
using Flock.Engine.Referrals;
using Flock.Engine.Rewards;
using Flock.Engine.Rewards.Ledger;
using Flock.Engine.Snapshots;
using Microsoft.AspNetCore.Http;
using Nop.Core;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Factories;
using Nop.Services.Common;
using Nop.Services.Customers;
using Nop.Services.Logging;

namespace Nop.Plugin.Misc.Flock.Services;

/// <summary>
/// A friend's order was placed or paid: gather the evidence (Flock coupons on the order, the friend's visits of
/// referral links) and the referrers' identities, let the engine judge, then store the judgement (one row per order)
/// and the reward intents (one ledger row per cause). Replays change nothing.
/// </summary>
public class FriendOrderService
{
    protected readonly IAddressService _addressService;
    protected readonly ICustomerService _customerService;
    protected readonly IHttpContextAccessor _httpContextAccessor;
    protected readonly ILogger _logger;
    protected readonly IRepository<Order> _orderRepository;
    protected readonly IWorkContext _workContext;
    protected readonly FlockSettings _flockSettings;
    protected readonly FriendCouponService _friendCouponService;
    protected readonly ProgrammeService _programmeService;
    protected readonly ReferralService _referralService;
    protected readonly ReferrerService _referrerService;
    protected readonly RewardLedgerService _rewardLedgerService;
    protected readonly SnapshotFactory _snapshotFactory;
    protected readonly VisitService _visitService;

    public FriendOrderService(IAddressService addressService,
        ICustomerService customerService,
        IHttpContextAccessor httpContextAccessor,
        ILogger logger,
        IRepository<Order> orderRepository,
        IWorkContext workContext,
        FlockSettings flockSettings,
        FriendCouponService friendCouponService,
        ProgrammeService programmeService,
        ReferralService referralService,
        ReferrerService referrerService,
        RewardLedgerService rewardLedgerService,
        SnapshotFactory snapshotFactory,
        VisitService visitService)
    {
        _addressService = addressService;
        _customerService = customerService;
        _httpContextAccessor = httpContextAccessor;
        _logger = logger;
        _orderRepository = orderRepository;
        _workContext = workContext;
        _flockSettings = flockSettings;
        _friendCouponService = friendCouponService;
        _programmeService = programmeService;
        _referralService = referralService;
        _referrerService = referrerService;
        _rewardLedgerService = rewardLedgerService;
        _snapshotFactory = snapshotFactory;
        _visitService = visitService;
    }

    public virtual async Task JudgeAsync(Order order, FriendOrderStage stage)
    {
        var programme = await _programmeService.GetAsync();
        if (programme is null || order is null || order.Deleted)
            return;

        var friend = await _customerService.GetCustomerByIdAsync(order.CustomerId);
        if (friend is null)
            return;

        var now = _snapshotFactory.Now();
        var orderSnapshot = await _snapshotFactory.OrderForJudgingAsync(order);

        var couponRows = await _friendCouponService.GetByCodesAsync(orderSnapshot.CouponCodes.ToList());
        var since = order.CreatedOnUtc.AddDays(-Math.Max(1, _flockSettings.AttributionWindowDays));
        var visits = (await _visitService.GetByVisitorAsync(friend.Id, since)).ToList();
        if (visits.Count == 0 && stage == FriendOrderStage.Placed && await VisitFromCookieAsync(friend.Id, since) is { } cookieVisit)
            visits.Add(cookieVisit);
        if (couponRows.Count == 0 && visits.Count == 0)
            return; //no evidence of any referral: nothing to judge

        var referrers = (await _referrerService.GetByIdsAsync(couponRows.Select(c => c.ReferrerId).Concat(visits.Select(v => v.ReferrerId)).Distinct().ToList()))
            .ToDictionary(r => r.Id);

        var coupons = couponRows.Where(c => referrers.ContainsKey(c.ReferrerId)).Select(c => new UsedFlockCoupon(c.CouponCode,
            referrers[c.ReferrerId].Code, referrers[c.ReferrerId].CustomerId, c.Variant ?? "", _snapshotFactory.InStoreZone(c.CreatedOnUtc))).ToArray();
        var clicks = visits.Where(v => referrers.ContainsKey(v.ReferrerId) && v.CreatedOnUtc <= order.CreatedOnUtc).Select(v => new LinkClickRecord(
            referrers[v.ReferrerId].Code, referrers[v.ReferrerId].CustomerId,
            ShareChannels.TryParse(v.Channel, out var channel) ? channel : ShareChannel.CopyLink,
            v.CampaignId, v.Variant ?? "", _snapshotFactory.InStoreZone(v.CreatedOnUtc))).ToArray();

        var campaignIds = programme.Campaigns.Select(c => c.Id).ToHashSet();
        var campaignId = couponRows.Select(c => c.CampaignId).Concat(visits.Select(v => v.CampaignId)).Concat(referrers.Values.Select(r => r.CampaignId))
            .FirstOrDefault(campaignIds.Contains);
        if (campaignId == 0)
            return;

        var candidates = new List<ReferrerCandidate>();
        foreach (var referrer in referrers.Values)
            candidates.Add(await CandidateAsync(referrer, friend, order));

        var judgement = programme.JudgeFriendOrder(new FriendOrderRequest
        {
            CampaignId = campaignId,
            Order = orderSnapshot,
            Friend = await FriendAsync(friend, order),
            Coupons = coupons,
            LinkClicks = clicks,
            Referrers = candidates,
            Stage = stage,
            DiscountGiven = order.OrderSubTotalDiscountInclTax + order.OrderDiscount,
            Now = now
        });

        var referrerRow = judgement.Referrer is { } found ? referrers.Values.FirstOrDefault(r => r.CustomerId == found.CustomerId) : null;
        var (referral, _) = await _referralService.InsertOnceAsync(new FlockReferral
        {
            OrderId = order.Id,
            FriendCustomerId = friend.Id,
            ReferrerId = referrerRow?.Id ?? 0,
            ReferrerCustomerId = referrerRow?.CustomerId ?? 0,
            CampaignId = campaignId,
            Variant = judgement.Variant,
            EvidenceKind = judgement.Evidence?.Kind.ToString(),
            Decision = judgement.Outcome.ToString(),
            Reason = Truncate(judgement.Reason, 2000),
            OrderSubtotal = orderSnapshot.Subtotal,
            DiscountAmount = order.OrderSubTotalDiscountInclTax + order.OrderDiscount,
            CreatedOnUtc = DateTime.UtcNow
        });

        if (judgement.Outcome == FriendOrderOutcome.Blocked)
            await _logger.InformationAsync($"Flock: order {order.Id} referral blocked: {judgement.Reason}");

        foreach (var coupon in couponRows.Where(c => c.UsedOrderId is null))
        {
            coupon.UsedOrderId = order.Id;
            await _friendCouponService.UpdateAsync(coupon);
        }

        if (judgement.RewardIntents.Count > 0)
            await _rewardLedgerService.RecordAsync(judgement.RewardIntents, referral?.Id, campaignId, now);
    }

    /// <summary>
    /// The link was opened under another customer record (e.g. as a guest, then the friend logged in): the referral
    /// cookie of this request still says which code and when. Not stored: it is evidence for this order only.
    /// </summary>
    protected virtual async Task<FlockVisit> VisitFromCookieAsync(int friendCustomerId, DateTime sinceUtc)
    {
        //only the friend's own checkout request carries the friend's cookie (not an admin's, not a payment callback)
        if ((await _workContext.GetCurrentCustomerAsync())?.Id != friendCustomerId)
            return null;
        var value = _httpContextAccessor.HttpContext?.Request.Cookies[FlockDefaults.ReferralCookieName];
        if (!ReferralCookie.TryRead(value, out var code, out var openedAt) || openedAt.UtcDateTime < sinceUtc)
            return null;
        var referrer = await _referrerService.GetByCodeAsync(code);
        return referrer is null ? null : new FlockVisit
        {
            ReferrerId = referrer.Id,
            Channel = ShareChannel.CopyLink.Slug(),
            CampaignId = referrer.CampaignId,
            Variant = referrer.Variant,
            VisitorCustomerId = friendCustomerId,
            CreatedOnUtc = openedAt.UtcDateTime
        };
    }

    /// <summary>The friend, with OrderCount = paid orders before this one (what "new customer" means to the engine).</summary>
    protected virtual async Task<CustomerSnapshot> FriendAsync(Customer friend, Order order)
    {
        var snapshot = await _snapshotFactory.CustomerAsync(friend, order.StoreId, order.Id);
        var paidBefore = await _orderRepository.Table.CountAsync(o => o.CustomerId == friend.Id && !o.Deleted && o.Id != order.Id
            && o.CreatedOnUtc < order.CreatedOnUtc && o.PaymentStatusId == (int)PaymentStatus.Paid);
        return snapshot with { OrderCount = paidBefore };
    }

    protected virtual async Task<ReferrerCandidate> CandidateAsync(FlockReferrer referrer, Customer friend, Order order)
    {
        var customer = await _customerService.GetCustomerByIdAsync(referrer.CustomerId);
        var billing = customer?.BillingAddressId is int addressId ? await _addressService.GetAddressByIdAsync(addressId) : null;
        var shipping = customer?.ShippingAddressId is int shippingId ? await _addressService.GetAddressByIdAsync(shippingId) : null;
        var address = shipping ?? billing;

        var history = (await _referralService.GetByReferrerAsync(referrer.Id))
            .Where(r => r.OrderId != order.Id)
            .Select(r => new PastReferral { FriendCustomerId = r.FriendCustomerId, At = _snapshotFactory.InStoreZone(r.CreatedOnUtc) })
            .ToArray();
        var visitors = (await _visitService.GetByReferrerAsync(referrer.Id)).Select(v => v.VisitorCustomerId).ToHashSet();
        var redemptions = (await _friendCouponService.GetByReferrerAsync(referrer.Id))
            .Where(c => c.UsedOrderId is not null && c.UsedOrderId != order.Id)
            .Select(c => new CodeRedemption { At = _snapshotFactory.InStoreZone(c.CreatedOnUtc), HadLinkClick = visitors.Contains(c.FriendCustomerId) })
            .ToArray();

        return new ReferrerCandidate
        {
            Identity = new PartyIdentity
            {
                CustomerId = referrer.CustomerId,
                Email = customer?.Email ?? billing?.Email,
                Phone = customer?.Phone ?? billing?.PhoneNumber,
                Address = address is null ? null : string.Join(", ", new[] { address.ZipPostalCode, address.City, address.Address1, address.Address2 }.Where(s => !string.IsNullOrWhiteSpace(s))),
                Ip = customer?.LastIpAddress
            },
            History = history,
            CodeRedemptions = redemptions,
            FriendsWhoBoughtBefore = await _referralService.CountFriendsWhoBoughtBeforeAsync(referrer.Id, friend.Id, order.CreatedOnUtc)
        };
    }

    protected static string Truncate(string value, int max) => value is null || value.Length <= max ? value : value[..max];
}
