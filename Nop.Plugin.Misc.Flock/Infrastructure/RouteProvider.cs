using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
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
    }

    public int Priority => 0;
}
