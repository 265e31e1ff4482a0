using Nop.Web.Framework.Models;
using Nop.Web.Framework.Mvc.ModelBinding;

namespace Nop.Plugin.Misc.Flock.Models;

public record ConfigurationModel : BaseNopModel
{
    public int ActiveStoreScopeConfiguration { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Flock.Fields.Enabled")]
    public bool Enabled { get; set; }
    public bool Enabled_OverrideForStore { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Flock.Fields.ReferralRoutePrefix")]
    public string ReferralRoutePrefix { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Flock.Fields.AttributionWindowDays")]
    public int AttributionWindowDays { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Flock.Fields.ShowOnCheckoutCompleted")]
    public bool ShowOnCheckoutCompleted { get; set; }
    public bool ShowOnCheckoutCompleted_OverrideForStore { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Flock.Fields.ShowInviteFriendsInAccount")]
    public bool ShowInviteFriendsInAccount { get; set; }
    public bool ShowInviteFriendsInAccount_OverrideForStore { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Flock.Fields.ShowLandingBanner")]
    public bool ShowLandingBanner { get; set; }
    public bool ShowLandingBanner_OverrideForStore { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Flock.Fields.ReturnWindowDays")]
    public int ReturnWindowDays { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Flock.Fields.ReferralCodeLength")]
    public int ReferralCodeLength { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Flock.Fields.PurgeExpiredCouponsAfterDays")]
    public int PurgeExpiredCouponsAfterDays { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Flock.Fields.MaxInvitationsPerIpPerHour")]
    public int MaxInvitationsPerIpPerHour { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Flock.Fields.ChainEmailsPerDay")]
    public int ChainEmailsPerDay { get; set; }
    public bool ChainEmailsPerDay_OverrideForStore { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Flock.Fields.ChainEmailsPerWeek")]
    public int ChainEmailsPerWeek { get; set; }
    public bool ChainEmailsPerWeek_OverrideForStore { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Flock.Fields.ChainQuietHoursFrom")]
    public string? ChainQuietHoursFrom { get; set; }
    public bool ChainQuietHoursFrom_OverrideForStore { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Flock.Fields.ChainQuietHoursTo")]
    public string? ChainQuietHoursTo { get; set; }
    public bool ChainQuietHoursTo_OverrideForStore { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Flock.Fields.ActivityRetentionDays")]
    public int ActivityRetentionDays { get; set; }

    /// <summary>Rewards still pending or approved (shown as a warning before an uninstall).</summary>
    public int OpenRewards { get; set; }

    /// <summary>Store events recorded and not yet carried out (normally 0 within seconds).</summary>
    public int InboxPending { get; set; }

    /// <summary>Events that failed repeatedly (still retried), with their last errors.</summary>
    public IList<string> InboxStuck { get; set; } = new List<string>();

    [NopResourceDisplayName("Plugins.Misc.Flock.Fields.RecommendationsOnProductPage")]
    public bool RecommendationsOnProductPage { get; set; }
    public bool RecommendationsOnProductPage_OverrideForStore { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Flock.Fields.RecommendationsProductWidgetZone")]
    public string? RecommendationsProductWidgetZone { get; set; }
    public bool RecommendationsProductWidgetZone_OverrideForStore { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Flock.Fields.RecommendationsInCart")]
    public bool RecommendationsInCart { get; set; }
    public bool RecommendationsInCart_OverrideForStore { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Flock.Fields.RecommendationsCartWidgetZone")]
    public string? RecommendationsCartWidgetZone { get; set; }
    public bool RecommendationsCartWidgetZone_OverrideForStore { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Flock.Fields.RecommendationsOnThankYou")]
    public bool RecommendationsOnThankYou { get; set; }
    public bool RecommendationsOnThankYou_OverrideForStore { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Flock.Fields.RecommendationsCount")]
    public int RecommendationsCount { get; set; }
    public bool RecommendationsCount_OverrideForStore { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Flock.Fields.RecommendationsMinSupport")]
    public int RecommendationsMinSupport { get; set; }
    public bool RecommendationsMinSupport_OverrideForStore { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Flock.Fields.RecommendationsUseSimilar")]
    public bool RecommendationsUseSimilar { get; set; }
    public bool RecommendationsUseSimilar_OverrideForStore { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Flock.Fields.RecommendationsFillWithBestsellers")]
    public bool RecommendationsFillWithBestsellers { get; set; }
    public bool RecommendationsFillWithBestsellers_OverrideForStore { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Flock.Fields.RecommendationsUsePromo")]
    public bool RecommendationsUsePromo { get; set; }
    public bool RecommendationsUsePromo_OverrideForStore { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Flock.Fields.RecommendationsHoldoutPercent")]
    public int RecommendationsHoldoutPercent { get; set; }
    public bool RecommendationsHoldoutPercent_OverrideForStore { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Flock.Fields.RecommendationsExcludedProductIds")]
    public string? RecommendationsExcludedProductIds { get; set; }
    public bool RecommendationsExcludedProductIds_OverrideForStore { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Flock.Fields.RecommendationsExcludedCategoryIds")]
    public string? RecommendationsExcludedCategoryIds { get; set; }
    public bool RecommendationsExcludedCategoryIds_OverrideForStore { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Flock.Fields.HideAlsoPurchased")]
    public bool HideAlsoPurchased { get; set; }
    public bool HideAlsoPurchased_OverrideForStore { get; set; }

    public IList<Microsoft.AspNetCore.Mvc.Rendering.SelectListItem> AvailableProductZones { get; set; } = new List<Microsoft.AspNetCore.Mvc.Rendering.SelectListItem>();

    public IList<Microsoft.AspNetCore.Mvc.Rendering.SelectListItem> AvailableCartZones { get; set; } = new List<Microsoft.AspNetCore.Mvc.Rendering.SelectListItem>();

    /// <summary>This node's recommendation model in words (built when, how big), shown under the settings.</summary>
    public string? RecommendationModelStatus { get; set; }
}
