namespace Nop.Plugin.Misc.Flock.Services.Recommendations;

/// <summary>Where a recommendation block is shown; the KPIs are per place.</summary>
public static class RecommendationPlaces
{
    public const string Product = "product";
    public const string Cart = "cart";
    public const string ThankYou = "thankyou";
    public const string Email = "email";

    public static readonly string[] All = [Product, Cart, ThankYou, Email];

    public static bool IsKnown(string place) => All.Contains(place);
}
