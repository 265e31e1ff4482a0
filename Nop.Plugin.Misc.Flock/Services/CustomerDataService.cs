using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Services.Referrals;
using Nop.Plugin.Misc.Flock.Services.Behaviour;
using Nop.Plugin.Misc.Flock.Services.Chains;
using Nop.Plugin.Misc.Flock.Services.Inbox;

namespace Nop.Plugin.Misc.Flock.Services;

/// <summary>
/// GDPR: a customer's Flock data goes with the customer. Rows that are other people's history (a friend's order that
/// rewarded a referrer, ledger rows) keep their ids but lose what points to the erased person.
/// </summary>
public class CustomerDataService
{
    protected readonly ActivityService _activityService;
    protected readonly AnalyticsEventService _analyticsEventService;
    protected readonly BuyerIdentityService _buyerIdentityService;
    protected readonly EnrollmentService _enrollmentService;
    protected readonly FriendCouponService _friendCouponService;
    protected readonly InboxService _inboxService;
    protected readonly ReferralService _referralService;
    protected readonly ReferrerService _referrerService;
    protected readonly ShareWidgetService _shareWidgetService;
    protected readonly VisitService _visitService;
    protected readonly Recommendations.RecommendationKpiService _recommendationKpiService;
    protected readonly Segments.SegmentEntryService _segmentEntryService;

    public CustomerDataService(ActivityService activityService,
        AnalyticsEventService analyticsEventService,
        BuyerIdentityService buyerIdentityService,
        EnrollmentService enrollmentService,
        FriendCouponService friendCouponService,
        InboxService inboxService,
        ReferralService referralService,
        ReferrerService referrerService,
        ShareWidgetService shareWidgetService,
        VisitService visitService,
        Recommendations.RecommendationKpiService recommendationKpiService,
        Segments.SegmentEntryService segmentEntryService)
    {
        _segmentEntryService = segmentEntryService;
        _recommendationKpiService = recommendationKpiService;
        _activityService = activityService;
        _analyticsEventService = analyticsEventService;
        _buyerIdentityService = buyerIdentityService;
        _enrollmentService = enrollmentService;
        _friendCouponService = friendCouponService;
        _inboxService = inboxService;
        _referralService = referralService;
        _referrerService = referrerService;
        _shareWidgetService = shareWidgetService;
        _visitService = visitService;
    }

    public virtual async Task EraseAsync(int customerId)
    {
        await _visitService.DeleteByVisitorAsync(customerId);
        await _analyticsEventService.AnonymiseCustomerAsync(customerId);
        await _buyerIdentityService.DeleteByCustomerAsync(customerId);
        await _shareWidgetService.DeletePreparedOfCustomerAsync(customerId);
        await _inboxService.ForgetRequestsOfCustomerAsync(customerId);
        await _activityService.DeleteByCustomerAsync(customerId);
        await _segmentEntryService.DeleteByCustomerAsync(customerId);
        await _enrollmentService.EraseCustomerAsync(customerId);
        await _recommendationKpiService.EraseCustomerAsync(customerId);

        foreach (var referral in await _referralService.GetByFriendAsync(customerId))
        {
            referral.FriendCustomerId = 0;
            referral.Reason = null;
            await _referralService.UpdateAsync(referral);
        }

        await _friendCouponService.EraseIpAsync(customerId);
        foreach (var coupon in await _friendCouponService.GetByFriendAsync(customerId))
        {
            coupon.FriendCustomerId = -coupon.Id; //keeps the (referrer, friend) key unique without pointing at anyone
            await _friendCouponService.UpdateAsync(coupon);
        }

        //other friends' judgements keep their rows but not the erased referrer's e-mail, phone or address in the reason
        foreach (var referral in await _referralService.GetByReferrerCustomerAsync(customerId))
        {
            referral.ReferrerCustomerId = 0;
            referral.Reason = null;
            await _referralService.UpdateAsync(referral);
        }

        var referrer = await _referrerService.GetByCustomerIdAsync(customerId);
        if (referrer is not null)
        {
            await _visitService.DeleteByReferrerAsync(referrer.Id);
            //blocked: the code lands nowhere, its invitations no longer apply, and other referrers' judgements skip it
            referrer.CustomerId = -referrer.Id;
            referrer.IsBlocked = true;
            referrer.BlockedReason = "customer erased (GDPR)";
            await _referrerService.UpdateAsync(referrer);
        }
    }
}
