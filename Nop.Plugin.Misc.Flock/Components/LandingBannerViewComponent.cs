using Microsoft.AspNetCore.Mvc;
using Nop.Web.Framework.Components;

namespace Nop.Plugin.Misc.Flock.Components;

public class LandingBannerViewComponent : NopViewComponent
{
    public IViewComponentResult Invoke(string widgetZone, object additionalData) => Content(string.Empty);
}
