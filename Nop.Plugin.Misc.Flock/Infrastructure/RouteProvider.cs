using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Nop.Web.Framework;
using Nop.Web.Framework.Mvc.Routing;

namespace Nop.Plugin.Misc.Flock.Infrastructure;

public class RouteProvider : IRouteProvider
{
    public void RegisterRoutes(IEndpointRouteBuilder endpointRouteBuilder)
    {
        endpointRouteBuilder.MapControllerRoute(name: FlockDefaults.ConfigurationRouteName,
            pattern: "Admin/Flock/Configure",
            defaults: new { controller = "FlockAdmin", action = "Configure", area = AreaNames.ADMIN });

        endpointRouteBuilder.MapControllerRoute(name: FlockDefaults.InviteFriendsRouteName,
            pattern: "customer/invite-friends",
            defaults: new { controller = "FlockPublic", action = "InviteFriends" });

        endpointRouteBuilder.MapControllerRoute(name: FlockDefaults.ShareEventRouteName,
            pattern: "flock/share-event",
            defaults: new { controller = "FlockPublic", action = "ShareEvent" });

        endpointRouteBuilder.MapControllerRoute(name: FlockDefaults.RecommendationEventRouteName,
            pattern: "flock/recommendation-event",
            defaults: new { controller = "FlockPublic", action = "RecommendationEvent" });

        endpointRouteBuilder.MapControllerRoute(name: FlockDefaults.ThankYouRecommendationsRouteName,
            pattern: "flock/thank-you-recommendations/{orderId:int}",
            defaults: new { controller = "FlockPublic", action = "ThankYouRecommendations" });

        endpointRouteBuilder.MapControllerRoute(name: FlockDefaults.ThankYouBlockRouteName,
            pattern: "flock/thank-you/{orderId:int}",
            defaults: new { controller = "FlockPublic", action = "ThankYouBlock" });

        endpointRouteBuilder.MapControllerRoute(name: FlockDefaults.UnsubscribeRouteName,
            pattern: "flock/unsubscribe/{customerId:int}/{signature}",
            defaults: new { controller = "FlockUnsubscribe", action = "Unsubscribe" });

        endpointRouteBuilder.MapControllerRoute(name: FlockDefaults.OpenPixelRouteName,
            pattern: "flock/o/{actionId:int}/{signature}",
            defaults: new { controller = "FlockTracking", action = "Open" });

        endpointRouteBuilder.MapControllerRoute(name: FlockDefaults.TrackedClickRouteName,
            pattern: "flock/c/{actionId:int}/{signature}",
            defaults: new { controller = "FlockTracking", action = "Click" });

        endpointRouteBuilder.MapControllerRoute(name: FlockDefaults.QrCodeRouteName,
            pattern: "flock/qr",
            defaults: new { controller = "FlockPublic", action = "QrCode" });

        //the prefix is a setting, so it is matched by a constraint rather than baked into the pattern
        endpointRouteBuilder.MapControllerRoute(name: FlockDefaults.LandingRouteName,
            pattern: "{flockprefix}/{flockcode}",
            defaults: new { controller = "FlockPublic", action = "Landing" },
            constraints: new { flockprefix = new ReferralPrefixConstraint() });
        //the short per-channel link: /r/CODE/vk
        endpointRouteBuilder.MapControllerRoute(name: FlockDefaults.LandingRouteName + ".Channel",
            pattern: "{flockprefix}/{flockcode}/{flockchannel}",
            defaults: new { controller = "FlockPublic", action = "Landing" },
            constraints: new { flockprefix = new ReferralPrefixConstraint() });
    }

    /// <summary>Before nopCommerce's catch-all SEO routes.</summary>
    public int Priority => 100;
}

/// <summary>Matches the configured referral prefix ("r" by default).</summary>
public class ReferralPrefixConstraint : IRouteConstraint
{
    public bool Match(HttpContext httpContext, IRouter route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection)
    {
        if (httpContext is null || !values.TryGetValue(routeKey, out var value) || value is not string prefix)
            return false;

        var settings = httpContext.RequestServices.GetService<FlockSettings>();
        return settings is { Enabled: true } && string.Equals(prefix, settings.ReferralRoutePrefix, StringComparison.OrdinalIgnoreCase);
    }
}
