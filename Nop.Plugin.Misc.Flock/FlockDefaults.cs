namespace Nop.Plugin.Misc.Flock;

/// <summary>Names and constants of the plugin.</summary>
public static class FlockDefaults
{
    public const string SystemName = "Misc.Flock";

    public const string ResourcePrefix = "Plugins.Misc.Flock";

    public const string ConfigurationRouteName = "Plugin.Misc.Flock.Configure";
    public const string LandingRouteName = "Plugin.Misc.Flock.Landing";
    public const string InviteFriendsRouteName = "Plugin.Misc.Flock.InviteFriends";
    public const string ShareEventRouteName = "Plugin.Misc.Flock.ShareEvent";
    public const string RecommendationEventRouteName = "Plugin.Misc.Flock.RecommendationEvent";
    public const string QrCodeRouteName = "Plugin.Misc.Flock.QrCode";
    public const string ThankYouBlockRouteName = "Plugin.Misc.Flock.ThankYouBlock";
    public const string ThankYouRecommendationsRouteName = "Plugin.Misc.Flock.ThankYouRecommendations";
    public const string UnsubscribeRouteName = "Plugin.Misc.Flock.Unsubscribe";
    public const string OpenPixelRouteName = "Plugin.Misc.Flock.OpenPixel";
    public const string TrackedClickRouteName = "Plugin.Misc.Flock.TrackedClick";

    /// <summary>Admin routes of the screens built on top of the foundation (dashboard, campaigns, ledger).</summary>
    public const string AdminDashboardRouteName = "Plugin.Misc.Flock.Admin.Dashboard";
    public const string AdminCampaignsRouteName = "Plugin.Misc.Flock.Admin.Campaigns";
    public const string AdminReferralsRouteName = "Plugin.Misc.Flock.Admin.Referrals";
    public const string AdminRewardsRouteName = "Plugin.Misc.Flock.Admin.Rewards";
    public const string AdminChainsRouteName = "Plugin.Misc.Flock.Admin.Chains";
    public const string AdminSegmentsRouteName = "Plugin.Misc.Flock.Admin.Segments";
    public const string AdminRecommendationsRouteName = "Plugin.Misc.Flock.Admin.Recommendations";

    /// <summary>The most products a recommendation block shows.</summary>
    public const int MaxRecommendations = 12;

    /// <summary>Where the product-page recommendations may go (the first is the default: after the product's reviews).</summary>
    public static readonly string[] RecommendationProductZones =
    [
        Nop.Web.Framework.Infrastructure.PublicWidgetZones.ProductDetailsBottom,
        Nop.Web.Framework.Infrastructure.PublicWidgetZones.ProductDetailsBeforeCollateral,
        Nop.Web.Framework.Infrastructure.PublicWidgetZones.ProductDetailsEssentialBottom,
        Nop.Web.Framework.Infrastructure.PublicWidgetZones.ProductDetailsOverviewBottom,
    ];

    /// <summary>Where the cart recommendations may go (the cart page's order summary, not the confirm step's).</summary>
    public static readonly string[] RecommendationCartZones =
    [
        Nop.Web.Framework.Infrastructure.PublicWidgetZones.OrderSummaryContentAfter,
        Nop.Web.Framework.Infrastructure.PublicWidgetZones.OrderSummaryCartFooter,
    ];

    /// <summary>Length of the canonical referral code column (ReferralCode.MaxLength is 32).</summary>
    public const int CodeColumnLength = 64;

    /// <summary>Cookie that remembers the referrer for the attribution window (code only, no PII).</summary>
    public const string ReferralCookieName = ".Nop.Flock.Ref";

    /// <summary>
    /// Session cookie saying a greeting waits for the next page (the greeting itself is the customer's attribute): every
    /// other page of the store skips the attribute read.
    /// </summary>
    public const string GreetingCookieName = ".Nop.Flock.Greeting";

    /// <summary>Flock's first-party device cookie: a random id, for the self-referral and shared-device checks only.</summary>
    public const string DeviceCookieName = ".Nop.Flock.Device";

    /// <summary>The default campaign inserted on install (R13).</summary>
    public const string DefaultCampaignName = "Default referral campaign";

    public static class SettleRewardsTask
    {
        public const string Name = "Flock: settle rewards";
        public static string Type => typeof(Services.Referrals.SettleRewardsTask).FullName!;
        public const int PeriodSeconds = 600;
    }

    public static class RunChainsTask
    {
        public const string Name = "Flock: run chains";
        public static string Type => typeof(Services.Chains.RunChainsTask).FullName!;
        public const int PeriodSeconds = 60;
    }

    /// <summary>Message templates of the chains are named <c>Flock.Chain.{chain}.{step}</c>.</summary>
    public const string ChainTemplatePrefix = "Flock.Chain.";

    public static class Permissions
    {
        public const string Category = "Flock";
        public const string ManageCampaigns = "Flock.ManageCampaigns";
        public const string ManageRewards = "Flock.ManageRewards";
        public const string ViewReports = "Flock.ViewReports";
        public const string ManageSettings = "Flock.ManageSettings";

        public static readonly string[] All = [ManageCampaigns, ManageRewards, ViewReports, ManageSettings];
    }
}
