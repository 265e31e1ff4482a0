using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Nop.Web.Framework;
using Nop.Web.Framework.Mvc.Routing;

namespace Nop.Plugin.Misc.Flock.Infrastructure;

/// <summary>Friendly admin URLs of the menu (the controllers also answer on the default Admin/{controller}/{action} route).</summary>
public class AdminRouteProvider : IRouteProvider
{
    public void RegisterRoutes(IEndpointRouteBuilder endpointRouteBuilder)
    {
        endpointRouteBuilder.MapControllerRoute(name: FlockDefaults.AdminCampaignsRouteName,
            pattern: "Admin/Flock/Campaigns",
            defaults: new { controller = "FlockCampaign", action = "List", area = AreaNames.ADMIN });
        endpointRouteBuilder.MapControllerRoute(name: FlockDefaults.AdminDashboardRouteName,
            pattern: "Admin/Flock/Dashboard",
            defaults: new { controller = "FlockReport", action = "Dashboard", area = AreaNames.ADMIN });
        endpointRouteBuilder.MapControllerRoute(name: FlockDefaults.AdminReferralsRouteName,
            pattern: "Admin/Flock/Referrals",
            defaults: new { controller = "FlockReport", action = "Referrals", area = AreaNames.ADMIN });
        endpointRouteBuilder.MapControllerRoute(name: FlockDefaults.AdminRewardsRouteName,
            pattern: "Admin/Flock/Rewards",
            defaults: new { controller = "FlockReward", action = "List", area = AreaNames.ADMIN });
        endpointRouteBuilder.MapControllerRoute(name: FlockDefaults.AdminChainsRouteName,
            pattern: "Admin/Flock/Chains",
            defaults: new { controller = "FlockChain", action = "List", area = AreaNames.ADMIN });
        endpointRouteBuilder.MapControllerRoute(name: FlockDefaults.AdminSegmentsRouteName,
            pattern: "Admin/Flock/Segments",
            defaults: new { controller = "FlockSegment", action = "List", area = AreaNames.ADMIN });
        endpointRouteBuilder.MapControllerRoute(name: FlockDefaults.AdminRecommendationsRouteName,
            pattern: "Admin/Flock/Recommendations",
            defaults: new { controller = "FlockRecommendation", action = "Explain", area = AreaNames.ADMIN });
    }

    public int Priority => 0;
}
