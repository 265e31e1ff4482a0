#nullable disable
using Nop.Web.Framework.Models;

namespace Nop.Plugin.Misc.Flock.Models.Admin;

public record ReferralSearchModel : BaseSearchModel
{
    public int SearchCampaignId { get; set; }
    /// <summary>Allow, Review, Block or empty.</summary>
    public string SearchDecision { get; set; }
    public DateTime? SearchFrom { get; set; }
    public DateTime? SearchTo { get; set; }
    public List<(int Id, string Name)> AvailableCampaigns { get; set; } = [];
}

public record ReferralListModel : BasePagedListModel<ReferralRowModel>;

public record ReferralRowModel : BaseNopEntityModel
{
    public int OrderId { get; set; }
    public int FriendCustomerId { get; set; }
    public string Friend { get; set; }
    public int ReferrerCustomerId { get; set; }
    public string Referrer { get; set; }
    public string Campaign { get; set; }
    public string Variant { get; set; }
    public string Evidence { get; set; }
    public string Decision { get; set; }
    public string Reason { get; set; }
    public string Subtotal { get; set; }
    public string CreatedOn { get; set; }
    public int RewardCount { get; set; }
}

public record RewardSearchModel : BaseSearchModel
{
    public string SearchState { get; set; }
    public int SearchCampaignId { get; set; }
    public bool SearchRequiresApproval { get; set; }
    public int SearchReferralId { get; set; }
    public List<(int Id, string Name)> AvailableCampaigns { get; set; } = [];
}

public record RewardListModel : BasePagedListModel<RewardRowModel>;

public record RewardRowModel : BaseNopEntityModel
{
    public int BeneficiaryCustomerId { get; set; }
    public string Beneficiary { get; set; }
    public string Role { get; set; }
    public string Cause { get; set; }
    public int? OrderId { get; set; }
    public string Campaign { get; set; }
    public string Kind { get; set; }
    public string Amount { get; set; }
    public string State { get; set; }
    public bool RequiresApproval { get; set; }
    public string Coupon { get; set; }
    public string CreatedOn { get; set; }
    public string UpdatedOn { get; set; }
    public string SettlesAt { get; set; }
}

public record RewardDetailModel : BaseNopEntityModel
{
    public RewardRowModel Row { get; set; }
    public string Earned { get; set; }
    public string Current { get; set; }
    public string Granted { get; set; }
    public string Error { get; set; }
    public List<RewardHistoryRowModel> History { get; set; } = [];
}

public record RewardHistoryRowModel(string From, string To, string At, string Reason, string Actor);

public record DashboardModel : BaseNopModel
{
    /// <summary>7, 30, 90 or 0 (custom).</summary>
    public int Period { get; set; } = 30;
    public DateTime? From { get; set; }
    public DateTime? To { get; set; }
    public int CampaignId { get; set; }
    public List<(int Id, string Name)> AvailableCampaigns { get; set; } = [];
    public string Error { get; set; }
    public List<DashboardTileModel> Tiles { get; set; } = [];
    /// <summary>The KPIs shown, each with its one definition (the engine's, in the admin's language).</summary>
    public List<DefinitionModel> Definitions { get; set; } = [];
    public string ChartDataJson { get; set; }
    public List<DashboardRowModel> Rows { get; set; } = [];
}

/// <summary>A KPI tile: <see cref="Key"/> is its stable id (data-kpi), <see cref="Definition"/> the one definition of the number.</summary>
public record DashboardTileModel(string Key, string Label, string Value, string Note, string Definition);

/// <summary>A measure and its one definition.</summary>
public record DefinitionModel(string Label, string Definition);

public record DashboardRowModel(string Campaign, string Variant, int ExposedShoppers, int Shares, int Visits, int FriendOrders, string Revenue, string Cost,
    string ShopperConversion, string KFactor, string Roi);
