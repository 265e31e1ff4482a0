using Nop.Core.Configuration;

namespace Nop.Plugin.Misc.Flock;

/// <summary>Plugin-wide settings, per store through ISettingService. Campaign-specific choices live in the campaigns.</summary>
public class FlockSettings : ISettings
{
    public bool Enabled { get; set; }

    /// <summary>First path segment of referral links: /{prefix}/{code}.</summary>
    public string ReferralRoutePrefix { get; set; }

    /// <summary>How long a visit of a referral link counts for attribution (the cookie lives as long).</summary>
    public int AttributionWindowDays { get; set; }

    /// <summary>Secret for hashing emails in analytics and anti-abuse keys (random 32 bytes, base64; never shown).</summary>
    public string EmailHashSecret { get; set; }

    public bool ShowOnCheckoutCompleted { get; set; }

    public bool ShowInviteFriendsInAccount { get; set; }

    public bool ShowLandingBanner { get; set; }

    /// <summary>Days after payment before an order's rewards are granted (returns are still possible until then).</summary>
    public int ReturnWindowDays { get; set; }

    /// <summary>Length of generated referral codes (the engine lengthens them when collisions pile up).</summary>
    public int ReferralCodeLength { get; set; }

    /// <summary>Landing rate limit: at most this many new invitations per IP address per hour (0: no limit).</summary>
    public int MaxInvitationsPerIpPerHour { get; set; } = 20;

    /// <summary>Retire the single-use discounts of 1.0 friend coupons this many days after they expired.</summary>
    public int PurgeExpiredCouponsAfterDays { get; set; }

    /// <summary>Stamp changed on every campaign save; each web-farm node rebuilds its compiled programme when it differs.</summary>
    public string ProgrammeVersionStamp { get; set; }

    /// <summary>Contact pressure of the chains (one policy across every chain): marketing emails per customer per rolling day (0: no cap).</summary>
    public int ChainEmailsPerDay { get; set; } = 1;

    /// <summary>Marketing emails per customer per rolling 7 days (0: no cap).</summary>
    public int ChainEmailsPerWeek { get; set; } = 3;

    /// <summary>Quiet hours in each recipient's own time zone, "HH:mm"; equal or empty values: none. Messages due then wait for the morning.</summary>
    public string ChainQuietHoursFrom { get; set; } = "21:00";

    public string ChainQuietHoursTo { get; set; } = "09:00";

    /// <summary>Days shopper activity (cart changes, views…) is kept once the chains have seen it.</summary>
    public int ActivityRetentionDays { get; set; } = 90;

    /// <summary>Recommendations (P1–P2): a block on the product page, "bought together" with the product.</summary>
    public bool RecommendationsOnProductPage { get; set; } = true;

    /// <summary>One of <see cref="FlockDefaults.RecommendationProductZones"/>.</summary>
    public string RecommendationsProductWidgetZone { get; set; } = FlockDefaults.RecommendationProductZones[0];

    /// <summary>A personal block in the cart (seeded by the cart, the recently viewed products and past orders).</summary>
    public bool RecommendationsInCart { get; set; } = true;

    /// <summary>One of <see cref="FlockDefaults.RecommendationCartZones"/>.</summary>
    public string RecommendationsCartWidgetZone { get; set; } = FlockDefaults.RecommendationCartZones[0];

    /// <summary>"You may also like" on the thank-you page: what goes with the order's products.</summary>
    public bool RecommendationsOnThankYou { get; set; } = true;

    /// <summary>Products per block (1 to <see cref="FlockDefaults.MaxRecommendations"/>).</summary>
    public int RecommendationsCount { get; set; } = 4;

    /// <summary>A pair is "bought together" only when at least this many customers bought both in one order.</summary>
    public int RecommendationsMinSupport { get; set; } = 2;

    /// <summary>Similar products (same category, price band, specifications) fill short lists and feed the personal blend.</summary>
    public bool RecommendationsUseSimilar { get; set; } = true;

    /// <summary>A list still short after its own sources is filled with the store's bestsellers (most customers lately).</summary>
    public bool RecommendationsFillWithBestsellers { get; set; } = true;

    /// <summary>Products on sale in the categories the shopper looks at feed the personal blend.</summary>
    public bool RecommendationsUsePromo { get; set; } = true;

    /// <summary>Percent of shoppers (stable per shopper) who see no recommendation block, so the KPIs can tell what the blocks add (0–50).</summary>
    public int RecommendationsHoldoutPercent { get; set; } = 10;

    /// <summary>Never recommended: product ids, comma-separated.</summary>
    public string RecommendationsExcludedProductIds { get; set; } = string.Empty;

    /// <summary>Products of these categories are never recommended: category ids, comma-separated.</summary>
    public string RecommendationsExcludedCategoryIds { get; set; } = string.Empty;
}
