#nullable disable
using Nop.Web.Framework.Models;
using Nop.Plugin.Misc.Flock.Services.Referrals;

namespace Nop.Plugin.Misc.Flock.Models.Admin;

/// <summary>Filters of the campaign grid.</summary>
public record CampaignSearchModel : BaseSearchModel
{
    /// <summary>Empty = every status except archived; "all" = every status.</summary>
    public string SearchStatus { get; set; }
}

public record CampaignListModel : BasePagedListModel<CampaignRowModel>;

public record CampaignRowModel : BaseNopEntityModel
{
    public string Name { get; set; }
    public string Status { get; set; }
    public int Priority { get; set; }
    public int Version { get; set; }
    public string Triggers { get; set; }
    public string Stores { get; set; }
    public string Dates { get; set; }
    public int Variants { get; set; }
    public int Friends { get; set; }
    public int Orders { get; set; }
    public string Revenue { get; set; }
    /// <summary>Spent / left under each budget cap (the engine's CampaignBudget.Describe over CampaignUsageService's counts).</summary>
    public string Budget { get; set; }
    public bool CanDelete { get; set; }
}

/// <summary>The campaign editor: every CampaignConfig member as a plain form field.</summary>
public record CampaignEditModel : BaseNopEntityModel
{
    public string Name { get; set; }
    public string Slug { get; set; }
    public string Status { get; set; } = "Draft";
    public int Priority { get; set; }
    public int Version { get; set; } = 1;

    public bool TriggerOrderPlaced { get; set; }
    public bool TriggerOrderPaid { get; set; }
    public bool TriggerRegistered { get; set; }
    public bool TriggerSubscribed { get; set; }

    /// <summary>UTC, yyyy-MM-ddTHH:mm (datetime-local input).</summary>
    public DateTime? StartsAt { get; set; }
    public DateTime? EndsAt { get; set; }
    public List<int> DaysOfWeek { get; set; } = [];
    /// <summary>HH:mm store-local.</summary>
    public string HoursFrom { get; set; }
    public string HoursTo { get; set; }

    public List<int> StoreIds { get; set; } = [];
    public List<(int Id, string Name)> AvailableStores { get; set; } = [];

    public decimal? MaxTotalRewardCost { get; set; }
    public int? MaxParticipants { get; set; }
    public int? MaxParticipantsPerDay { get; set; }
    /// <summary>Percent 0–50.</summary>
    public double HoldoutPercent { get; set; }
    public double TrafficWeight { get; set; } = 1;

    /// <summary>RuleJson written by the rule builder; empty = everyone.</summary>
    public string AudienceJson { get; set; }

    public string Strategy { get; set; } = "FixedWeights";
    public List<MotivationEditModel> Motivations { get; set; } = [];
    public List<TextEditModel> Texts { get; set; } = [];
    public List<PictureEditModel> Pictures { get; set; } = [];

    /// <summary>Selected channel slugs in display order (comma separated, kept by the order widget).</summary>
    public string ChannelOrder { get; set; }
    public List<string> Channels { get; set; } = [];

    public List<string> AttributionPriority { get; set; } = [];
    public int AttributionWindowDays { get; set; } = 30;
    public string AttributionChoice { get; set; } = "Last";
    public bool FriendMustBeNewCustomer { get; set; } = true;
    public string AttributionDescription { get; set; }

    public int MaxFriendsPerIp { get; set; } = 2;
    public int SameIpWindowDays { get; set; } = 30;
    public int MaxFriendsPerDay { get; set; } = 5;
    public int MaxFriendsPerWeek { get; set; } = 20;
    public string VelocityDecision { get; set; } = "Block";
    public string SameAddressDecision { get; set; } = "Block";
    public bool RequireNewFriend { get; set; } = true;
    public int BurstMaxRedemptions { get; set; } = 10;
    public int BurstWindowMinutes { get; set; } = 60;
    public string BurstDecision { get; set; } = "Review";
    public int NoClickMinRedemptions { get; set; } = 5;
    public double NoClickMaxSharePercent { get; set; } = 80;
    public int NoClickWindowDays { get; set; } = 7;
    public string NoClickDecision { get; set; } = "Review";

    public string CustomCss { get; set; }

    /// <summary>Products in the thank-you "you may also like" block beside this campaign's share block; 0 none, empty the store's setting.</summary>
    public int? ThankYouRecommendations { get; set; }

    /// <summary>Problems from the engine (path → messages).</summary>
    public List<ProblemModel> Problems { get; set; } = [];
    /// <summary>The audience rule builder's fields, labels and pickers (JSON, see AudienceBuilderFactory).</summary>
    public string AudienceBuilderJson { get; set; }
    public string TokensJson { get; set; }
}

public record ProblemModel(string Path, string Message);

public record MotivationEditModel
{
    public string Id { get; set; }
    public string Label { get; set; }
    public double Weight { get; set; } = 1;
    public string OfferKind { get; set; } = "Percent";
    public decimal OfferValue { get; set; } = 5;
    public decimal OfferMinimumSubtotal { get; set; }
    public decimal? OfferMaximumDiscount { get; set; }
    public int? OfferValidDays { get; set; } = 30;
    public RewardEditModel ReferrerReward { get; set; } = new();
    public bool HasFriendReward { get; set; }
    public RewardEditModel FriendReward { get; set; } = new();
    public decimal MinimumFriendOrder { get; set; }
    public bool FirstOrderOnly { get; set; } = true;
    public bool RequiresManualApproval { get; set; }
}

public record RewardEditModel
{
    public string Type { get; set; } = "Coupon";
    public string Kind { get; set; } = "Percent";
    public decimal Value { get; set; } = 10;
    public int? ValidDays { get; set; }
    public decimal MinimumSubtotal { get; set; }
    public decimal? MaximumDiscount { get; set; }
    public string Basis { get; set; } = "Fixed";
    public int ActivationDelayDays { get; set; }
    public string Gift { get; set; }
    public int Quantity { get; set; } = 1;
    public int? ProductId { get; set; }
}

public record TextEditModel
{
    public string Id { get; set; }
    public string Label { get; set; }
    public double Weight { get; set; } = 1;
    public string WidgetEn { get; set; }
    public string WidgetRu { get; set; }
    public string ShareEn { get; set; }
    public string ShareRu { get; set; }
}

public record PictureEditModel
{
    public string Id { get; set; }
    public string Label { get; set; }
    public double Weight { get; set; } = 1;
    public string ImageUrl { get; set; }
}

/// <summary>Preview request (AJAX).</summary>
public record PreviewRequestModel
{
    public string Template { get; set; }
    public string Mode { get; set; }
    public string Language { get; set; }
}
