using Flock.Engine.Referrals.Campaigns;
using Flock.Engine.Referrals.Programme;
using Flock.Engine.Snapshots;

namespace Flock.Engine.Tests.Referrals.Programme;

internal static class ProgrammeFixtures
{
    public static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.FromHours(3));

    public static ProgrammeSettings Settings(int returnWindowDays = 14) => new()
    {
        StoreBaseUrl = "https://shop.example",
        EmailHashSecret = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray(),
        ReturnWindowDays = returnWindowDays,
        DefaultCountryCode = "RU",
    };

    public static ReferralProgramme BuildProgramme(params CampaignConfig[] campaigns) =>
        new(campaigns.Length == 0 ? [DefaultCampaign.Create()] : campaigns, Settings());

    public static CustomerSnapshot Customer(int id, string? firstName = null, int orders = 0, bool guest = false) => new()
    {
        CustomerId = id,
        FirstName = firstName,
        IsGuest = guest,
        OrderCount = orders,
        Email = $"customer{id}@mail.example",
    };

    public static WidgetRequest WidgetRequestFor(CustomerSnapshot customer, CampaignTriggers trigger = CampaignTriggers.OrderPlaced, string? shopperKey = null) => new()
    {
        Trigger = trigger,
        Context = new DecisionContext { Customer = customer, Now = Now, StoreId = 1, LanguageCode = "en" },
        ShopperKey = shopperKey ?? $"shopper-{customer.CustomerId}",
        Usage = CampaignUsage.NoneCounted,
        Bandit = BanditObservations.NoDataYet,
    };
}
