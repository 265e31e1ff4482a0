using Flock.Engine.Referrals.AntiAbuse;
using Flock.Engine.Referrals.Attribution;
using Flock.Engine.Referrals.Campaigns;
using Flock.Engine.Referrals.Offers;
using Flock.Engine.Templates;

namespace Flock.Engine.Referrals.Programme;

/// <summary>
/// The campaign that works at once (R13): "Thank you! Give your friends 5% off; when they buy you get 10% off your
/// next order".
/// </summary>
public static class DefaultCampaign
{
    /// <summary>Every share channel, in the default display order.</summary>
    public static IReadOnlyList<string> Channels { get; } =
        ["vk", "ok", "facebook", "x", "telegram", "whatsapp", "email", "copy", "native", "blog", "qr"];

    /// <summary>The default campaign with the given id (active, priority 0, version 1).</summary>
    public static CampaignConfig Create(int id = 1, string name = "Thank-you referral") => new()
    {
        Id = id,
        Name = name,
        Slug = "thank-you",
        Status = CampaignStatus.Active,
        Triggers = new TriggerConfig { OrderPlaced = true, Registered = true, Subscribed = true },
        Creatives = new CreativesConfig
        {
            Motivations =
            [
                new MotivationConfig
                {
                    Id = "p5_c10",
                    Label = "Friend 5%, you 10%",
                    FriendOffer = new OfferConfig { Kind = DiscountKind.Percent, Value = 5m, ValidDays = 30 },
                    ReferrerReward = new RewardConfig { Type = RewardType.Coupon, Kind = DiscountKind.Percent, Value = 10m, ValidDays = 30 },
                },
            ],
            Texts =
            [
                new TextConfig
                {
                    Id = "thanks",
                    Label = "Thank you",
                    Widget = DefaultTemplates.ThankYouWidget,
                    ShareMessage = DefaultTemplates.ShareMessage,
                },
            ],
        },
        Channels = Channels,
        Attribution = new AttributionPolicy
        {
            Priority = [EvidenceKind.CouponAtCheckout, EvidenceKind.LinkClick, EvidenceKind.EmailInvitation],
            WindowDays = 30,
            Choice = ReferrerChoice.Last,
            FriendMustBeNewCustomer = true,
        },
        AbuseGuard = new AbuseGuardOptions(),
    };
}
