using Flock.Engine.Referrals.Offers;
using Flock.Engine.Referrals.Rewards;
using Flock.Engine.Referrals.Rewards.Ledger;
using Nop.Core.Domain.Customers;
using Nop.Plugin.Misc.Flock.Models;
using Nop.Plugin.Misc.Flock.Services;
using Nop.Services.Helpers;
using Nop.Plugin.Misc.Flock.Services.Referrals;

namespace Nop.Plugin.Misc.Flock.Factories;

/// <summary>Builds the "Invite friends" page from the customer's own rows only.</summary>
public class InviteFriendsModelFactory
{
    protected readonly IDateTimeHelper _dateTimeHelper;
    protected readonly ReferralService _referralService;
    protected readonly ReferrerService _referrerService;
    protected readonly RewardService _rewardService;
    protected readonly ShareWidgetService _shareWidgetService;
    protected readonly VisitService _visitService;

    public InviteFriendsModelFactory(IDateTimeHelper dateTimeHelper,
        ReferralService referralService,
        ReferrerService referrerService,
        RewardService rewardService,
        ShareWidgetService shareWidgetService,
        VisitService visitService)
    {
        _dateTimeHelper = dateTimeHelper;
        _referralService = referralService;
        _referrerService = referrerService;
        _rewardService = rewardService;
        _shareWidgetService = shareWidgetService;
        _visitService = visitService;
    }

    public virtual async Task<InviteFriendsModel> PrepareAsync(Customer customer)
    {
        var widget = await _shareWidgetService.PrepareForAccountAsync(customer, "account");
        var referrer = await _referrerService.GetByCustomerIdAsync(customer.Id);
        var rewards = await _rewardService.GetByBeneficiaryAsync(customer.Id);

        var friends = new List<InvitedFriendModel>();
        if (referrer is not null)
        {
            var rewardedOrders = rewards.Where(r => r.OrderId is not null && (r.GrantedDiscountId is not null || r.GrantedPointsHistoryId is not null))
                .Select(r => r.OrderId).ToHashSet();
            var referrals = (await _referralService.GetByReferrerAsync(referrer.Id))
                .Where(r => r.Decision is ReferralDecisions.Rewarded or ReferralDecisions.NeedsReview)
                .GroupBy(r => r.FriendCustomerId).ToDictionary(g => g.Key, g => g.OrderBy(r => r.CreatedOnUtc).ToList());
            var visits = (await _visitService.GetByReferrerAsync(referrer.Id))
                .GroupBy(v => v.VisitorCustomerId).ToDictionary(g => g.Key, g => g.Min(v => v.CreatedOnUtc));

            var friendIds = visits.Keys.Union(referrals.Keys).Where(id => id != customer.Id).ToList();
            var number = 0;
            foreach (var friendId in friendIds.OrderBy(id => visits.TryGetValue(id, out var at) ? at : DateTime.MaxValue))
            {
                var orders = referrals.TryGetValue(friendId, out var list) ? list : null;
                var status = orders is null ? "Visited" : orders.Any(o => rewardedOrders.Contains(o.OrderId)) ? "Rewarded" : "Ordered";
                var date = orders?.Last().CreatedOnUtc ?? visits[friendId];
                friends.Add(new InvitedFriendModel
                {
                    Number = ++number,
                    Status = status,
                    Date = await _dateTimeHelper.ConvertToUserTimeAsync(date, DateTimeKind.Utc)
                });
            }
        }

        var earned = new List<EarnedRewardModel>();
        foreach (var row in rewards)
        {
            earned.Add(new EarnedRewardModel
            {
                Description = Describe(row.EntryJson),
                State = row.State,
                CouponCode = row.State == nameof(RewardState.Granted) || row.State == nameof(RewardState.PartiallyRevoked) ? row.GrantedCouponCode : null,
                Date = await _dateTimeHelper.ConvertToUserTimeAsync(row.CreatedOnUtc, DateTimeKind.Utc)
            });
        }

        return new InviteFriendsModel { Widget = widget, Friends = friends, Rewards = earned };
    }

    protected static string Describe(string entryJson)
    {
        try
        {
            return RewardEntryJson.Read(entryJson).Current switch
            {
                CouponReward { Kind: DiscountKind.Percent } c => $"{c.Value:0.##} %",
                CouponReward c => $"{c.Value:0.##}",
                PointsReward p => $"{p.Points} pts",
                GiftReward g => g.Quantity > 1 ? $"{g.Gift} × {g.Quantity}" : g.Gift,
                var other => other.ToString()
            };
        }
        catch (FormatException)
        {
            return "—";
        }
    }
}
