using Nop.Web.Framework.Models;

namespace Nop.Plugin.Misc.Flock.Models;

/// <summary>The customer's own referral page: their link and buttons, their friends (anonymous), their rewards.</summary>
public record InviteFriendsModel : BaseNopModel
{
    public ShareWidgetModel Widget { get; init; }

    public IList<InvitedFriendModel> Friends { get; init; } = new List<InvitedFriendModel>();

    public IList<EarnedRewardModel> Rewards { get; init; } = new List<EarnedRewardModel>();
}

public record InvitedFriendModel
{
    /// <summary>"Friend 1", "Friend 2"...: a referrer never sees who their friends are in the store's records.</summary>
    public int Number { get; init; }

    /// <summary>Visited, Ordered or Rewarded (resource suffix).</summary>
    public string Status { get; init; }

    public DateTime Date { get; init; }
}

public record EarnedRewardModel
{
    public string Description { get; init; }

    public string State { get; init; }

    public string CouponCode { get; init; }

    public DateTime Date { get; init; }
}
