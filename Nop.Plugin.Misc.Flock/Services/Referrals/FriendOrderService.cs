using Flock.Engine.Referrals.AntiAbuse;
using Flock.Engine.Referrals.Programme;
using Flock.Engine.Referrals;
using Flock.Engine.Referrals.Rewards;
using Flock.Engine.Referrals.Rewards.Ledger;
using Flock.Engine.Snapshots;
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
using Nop.Plugin.Misc.Flock.Services.Inbox;

namespace Nop.Plugin.Misc.Flock.Services.Referrals;

/// <summary>
/// A friend's order was placed: gather the evidence (the friend's invitations whose code is on the order, their visits
/// of referral links) and the referrers' identities, let the engine judge once — at placement, with the order's own
/// time — then store the judgement (one row per order, unique) and, only for a rewarded referral, the reward intents
/// (one ledger row per cause). Payment later only confirms what was judged; replays change nothing.
/// </summary>
public class FriendOrderService
{
    protected const int HistoryDays = 90;
    protected const int MaxHistory = 500;

    protected readonly IAddressService _addressService;
    protected readonly ICustomerService _customerService;
    protected readonly BuyerIdentityService _buyerIdentityService;
    protected readonly OfferDiscountService _offerDiscountService;
    protected readonly Nop.Services.Orders.IOrderService _orderService;
    protected readonly RewardService _rewardService;
    protected readonly ILogger _logger;
    protected readonly IRepository<Order> _orderRepository;
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
        BuyerIdentityService buyerIdentityService,
        OfferDiscountService offerDiscountService,
        Nop.Services.Orders.IOrderService orderService,
        RewardService rewardService,
        ILogger logger,
        IRepository<Order> orderRepository,
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
        _buyerIdentityService = buyerIdentityService;
        _offerDiscountService = offerDiscountService;
        _orderService = orderService;
        _rewardService = rewardService;
        _logger = logger;
        _orderRepository = orderRepository;
        _flockSettings = flockSettings;
        _friendCouponService = friendCouponService;
        _programmeService = programmeService;
        _referralService = referralService;
        _referrerService = referrerService;
        _rewardLedgerService = rewardLedgerService;
        _snapshotFactory = snapshotFactory;
        _visitService = visitService;
    }

    /// <summary>
    /// Judges the order once, with the programme of the order's own store. <paramref name="facts"/>: what the placement
    /// request knew (its referral and device cookies); null when the placement was never recorded (judged from durable
    /// facts only, at the order's time).
    /// </summary>
    public virtual async Task JudgeAsync(Order order, PlacementFacts facts)
    {
        if (order is null || order.Deleted)
            return;
        var programme = await _programmeService.GetForStoreAsync(order.StoreId);
        if (programme is null)
        {
            //Flock was on when the order was placed (its discount may have been given): judged once it is back, never skipped
            if (facts?.FlockEnabled == true)
                throw new InvalidOperationException("the referral programme is off or invalid in the order's store; the order is judged when it is back");
            return;
        }
        var friend = await _customerService.GetCustomerByIdAsync(order.CustomerId);
        if (friend is null || friend.Deleted)
            return; //erased (GDPR) before the worker got here: nothing of them is judged or kept

        var judgedAt = _snapshotFactory.InStoreZone(order.CreatedOnUtc);

        //the evidence first (most orders have none, and then nothing else is read): the coupons on the order, the
        //friend's invitations and link visits
        var couponCodes = await _snapshotFactory.CouponCodesOfAsync(order.Id);

        //only this friend's own invitations for the offers used: the campaign's code is shared, the invitation is personal
        var codes = couponCodes.Select(c => c.Trim().ToUpperInvariant()).ToHashSet();
        var usedOffers = await _offerDiscountService.GetFriendOffersByCodesAsync(codes);
        var usedMotivations = new HashSet<int>();
        foreach (var offer in usedOffers)
            usedMotivations.UnionWith(await _offerDiscountService.GetFriendOfferIdsAsync(offer.CampaignId, offer.MotivationId));
        var couponRows = (await _friendCouponService.GetByFriendAsync(friend.Id))
            .Where(c => usedMotivations.Contains(c.OfferId) || (c.OfferId == 0 && codes.Contains(c.CouponCode.ToUpperInvariant()))).ToList();
        var since = order.CreatedOnUtc.AddDays(-Math.Max(1, _flockSettings.AttributionWindowDays));
        var visits = (await _visitService.GetByVisitorAsync(friend.Id, since)).ToList();
        if (visits.Count == 0 && facts is not null && await VisitFromCookieAsync(facts, friend.Id, since) is { } cookieVisit)
            visits.Add(cookieVisit);
        if (couponRows.Count == 0 && visits.Count == 0)
            return; //no evidence of any referral: nothing to judge
        if (await _referralService.GetByOrderIdAsync(order.Id) is not null)
            return; //judged already: payment, replays and a second node change nothing
        var orderSnapshot = await _snapshotFactory.OrderForJudgingAsync(order, couponCodes);

        //an erased (GDPR) or blocked referrer is no candidate: it must not break the judgement for the others
        var referrers = (await _referrerService.GetByIdsAsync(couponRows.Select(c => c.ReferrerId).Concat(visits.Select(v => v.ReferrerId)).Distinct().ToList()))
            .Where(r => !r.IsBlocked && r.CustomerId > 0)
            .ToDictionary(r => r.Id);

        var coupons = couponRows.Where(c => referrers.ContainsKey(c.ReferrerId)).Select(c => new UsedFlockCoupon(c.CouponCode,
            referrers[c.ReferrerId].Code, referrers[c.ReferrerId].CustomerId, c.Variant ?? "", _snapshotFactory.InStoreZone(c.CreatedOnUtc))).ToArray();
        var clicks = visits.Where(v => referrers.ContainsKey(v.ReferrerId) && v.CreatedOnUtc <= order.CreatedOnUtc).Select(v => new LinkClickRecord(
            referrers[v.ReferrerId].Code, referrers[v.ReferrerId].CustomerId,
            ShareChannels.TryParse(v.Channel, out var channel) ? channel : ShareChannel.CopyLink,
            v.CampaignId, v.Variant ?? "", _snapshotFactory.InStoreZone(v.CreatedOnUtc))).ToArray();

        //the campaign of the strongest evidence: the invitation on the order, then the link visit, then the referrer's own
        var campaignIds = programme.Campaigns.Select(c => c.Id).ToHashSet();
        var campaignId = couponRows.Select(c => c.CampaignId).Concat(visits.Select(v => v.CampaignId)).Concat(referrers.Values.Select(r => r.CampaignId))
            .FirstOrDefault(campaignIds.Contains);
        if (campaignId == 0)
            return;

        var friendKeys = await _buyerIdentityService.KeysForOrderAsync(order, friend);
        var friendDevice = facts is not null
            ? (await _buyerIdentityService.DeviceKeyAsync(facts.DeviceId))?.Hash
            : (await _buyerIdentityService.DevicesOfOrdersAsync([order.Id])).TryGetValue(order.Id, out var stored) ? stored : null;
        var candidates = new List<ReferrerCandidate>();
        foreach (var referrer in referrers.Values)
            candidates.Add(await CandidateAsync(referrer, friend, order));

        var judgement = programme.JudgeFriendOrder(new FriendOrderRequest
        {
            CampaignId = campaignId,
            Order = orderSnapshot,
            Friend = await FriendAsync(friend, order, friendKeys),
            FriendDeviceId = friendDevice,
            Coupons = coupons,
            LinkClicks = clicks,
            Referrers = candidates,
            Stage = FriendOrderStage.Placed,
            DiscountGiven = order.OrderSubTotalDiscountInclTax + order.OrderDiscount,
            Now = judgedAt
        });

        var referrerRow = judgement.Referrer is { } found ? referrers.Values.FirstOrDefault(r => r.CustomerId == found.CustomerId) : null;
        var outcome = judgement.Outcome.ToString();
        var reason = judgement.Reason;

        //the invitation is spent on this order (conditional): when another order placed at the same moment spent it
        //first, this order got the discount by a race — it earns nothing and the admin sees why
        if (couponRows.Count > 0)
        {
            var campaigns = couponRows.Select(c => c.CampaignId).Distinct().ToList();
            var marked = 0;
            foreach (var id in campaigns)
                marked += await _friendCouponService.MarkUsedAsync(friend.Id, id, order.Id);
            foreach (var legacy in couponRows.Where(c => c.OfferId == 0))
                marked += await _friendCouponService.MarkUsedByIdAsync(legacy.Id, order.Id);
            var now = (await _friendCouponService.GetByFriendAsync(friend.Id)).Where(c => couponRows.Any(r => r.Id == c.Id)).ToList();
            var spentElsewhere = marked == 0 && now.All(c => c.UsedOrderId is int used && used != order.Id);
            if (spentElsewhere)
            {
                var other = now.Select(c => c.UsedOrderId).FirstOrDefault(u => u is not null);
                outcome = ReferralDecisions.Blocked;
                reason = $"the invitation was already used on order {other} (two orders at once); this order's discount was not earned";
                //the money went out already: tell the admin on the order itself
                await _orderService.InsertOrderNoteAsync(new OrderNote
                {
                    OrderId = order.Id,
                    Note = $"Flock: the friend's invitation of this order had just been used on order {other}; this order got the friend discount only because both were placed at the same moment. Review before shipping.",
                    DisplayToCustomer = false,
                    CreatedOnUtc = DateTime.UtcNow
                });
            }
        }

        //ledger rows first (idempotent by cause key): a crash before the judgement row below is finished by a replay
        if (outcome == ReferralDecisions.Rewarded && judgement.RewardIntents.Count > 0)
            await _rewardLedgerService.RecordAsync(judgement.RewardIntents, null, campaignId, judgedAt);

        var (referral, created) = await _referralService.InsertOnceAsync(new FlockReferral
        {
            OrderId = order.Id,
            FriendCustomerId = friend.Id,
            ReferrerId = referrerRow?.Id ?? 0,
            ReferrerCustomerId = referrerRow?.CustomerId ?? 0,
            CampaignId = campaignId,
            Variant = judgement.Variant,
            EvidenceKind = judgement.Evidence?.Kind.ToString(),
            Decision = outcome,
            Reason = Truncate(reason, 2000),
            OrderSubtotal = orderSnapshot.Subtotal,
            DiscountAmount = order.OrderSubTotalDiscountInclTax + order.OrderDiscount,
            CreatedOnUtc = DateTime.UtcNow
        });
        if (created && referral is not null)
            await _rewardService.SetReferralAsync(order.Id, referral.Id);

        //the reason (with e-mails and addresses) stays in Flock's referral row, erased with the customer; the log gets no PII
        if (created && outcome == ReferralDecisions.Blocked)
            await _logger.InformationAsync($"Flock: order {order.Id} referral blocked (see Flock > Referrals).");
    }

    /// <summary>
    /// The link was opened under another customer record (e.g. as a guest, then the friend logged in): the referral
    /// cookie of the placement request still says which code and when. Not stored: it is evidence for this order only.
    /// </summary>
    protected virtual async Task<FlockVisit> VisitFromCookieAsync(PlacementFacts facts, int friendCustomerId, DateTime sinceUtc)
    {
        //only the friend's own checkout request carries the friend's cookie (not an admin's, not a payment callback)
        if (facts.RequestCustomerId != friendCustomerId)
            return null;
        if (!ReferralCookie.TryRead(facts.ReferralCookie, _flockSettings.EmailHashSecret, out var cookie) || cookie.OpenedAt.UtcDateTime < sinceUtc)
            return null;
        var openedAt = cookie.OpenedAt;
        var referrer = await _referrerService.GetByCodeAsync(cookie.Code);
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

    /// <summary>
    /// The friend, with OrderCount = orders (not cancelled) placed before this one by this customer record or with the same
    /// normalised e-mail, phone or address (a returning customer checking out as a guest with a second e-mail is not new).
    /// </summary>
    protected virtual async Task<CustomerSnapshot> FriendAsync(Customer friend, Order order, IReadOnlyList<IdentityKey> keys)
    {
        var snapshot = await _snapshotFactory.CustomerAsync(friend, order.StoreId, order.Id);
        var earlier = await _buyerIdentityService.CountEarlierOrdersAsync(friend.Id, keys, order.Id, order.CreatedOnUtc);
        return snapshot with { OrderCount = earlier };
    }

    protected virtual async Task<ReferrerCandidate> CandidateAsync(FlockReferrer referrer, Customer friend, Order order)
    {
        var customer = await _customerService.GetCustomerByIdAsync(referrer.CustomerId);
        var billing = customer?.BillingAddressId is int addressId ? await _addressService.GetAddressByIdAsync(addressId) : null;
        var shipping = customer?.ShippingAddressId is int shippingId ? await _addressService.GetAddressByIdAsync(shippingId) : null;
        var address = shipping ?? billing;

        //bounded, set-based: the referrer's recent referrals with the IP their orders came from, recent redemptions
        var since = order.CreatedOnUtc.AddDays(-HistoryDays);
        var recent = await _referralService.GetRecentWithIpAsync(referrer.Id, since, order.Id, MaxHistory);
        var devices = await _buyerIdentityService.DevicesOfOrdersAsync(recent.Select(r => r.OrderId).ToList());
        var history = recent.Select(r => new PastReferral
        {
            FriendCustomerId = r.FriendCustomerId,
            At = _snapshotFactory.InStoreZone(r.CreatedOnUtc),
            Ip = r.Ip,
            DeviceId = devices.TryGetValue(r.OrderId, out var device) ? device : null
        }).ToArray();
        var redemptions = (await _friendCouponService.GetRecentRedemptionsAsync(referrer.Id, since, order.Id, MaxHistory))
            .Select(c => new CodeRedemption { At = _snapshotFactory.InStoreZone(c.CreatedOnUtc), HadLinkClick = c.HadLinkClick })
            .ToArray();

        return new ReferrerCandidate
        {
            Identity = new PartyIdentity
            {
                CustomerId = referrer.CustomerId,
                Email = customer?.Email ?? billing?.Email,
                Phone = customer?.Phone ?? billing?.PhoneNumber,
                Address = address is null ? null : IdentityKeys.OneLine(address.ZipPostalCode, address.City, address.Address1, address.Address2),
                Ip = customer?.LastIpAddress ?? await _referralService.LastOrderIpAsync(referrer.CustomerId),
                KnownDeviceIds = (await _buyerIdentityService.DevicesOfCustomerAsync(referrer.CustomerId)).ToArray()
            },
            History = history,
            CodeRedemptions = redemptions,
            FriendsWhoBoughtBefore = await _referralService.CountFriendsWhoBoughtBeforeAsync(referrer.Id, friend.Id, order.CreatedOnUtc)
        };
    }

    protected static string Truncate(string value, int max) => value is null || value.Length <= max ? value : value[..max];
}
