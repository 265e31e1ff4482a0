using Flock.Engine.Segments;
using Microsoft.AspNetCore.Mvc;
using Nop.Core;
using Nop.Core.Domain.Directory;
using Nop.Plugin.Misc.Flock.Models.Admin;
using Nop.Plugin.Misc.Flock.Services.Segments;
using Nop.Services.Directory;
using Nop.Web.Framework;
using Nop.Web.Framework.Controllers;
using Nop.Web.Framework.Mvc.Filters;

namespace Nop.Plugin.Misc.Flock.Controllers;

/// <summary>Customer segments in the admin (T3): the RFM segments with their customers and revenue, and the R × F grid.</summary>
[AuthorizeAdmin]
[Area(AreaNames.ADMIN)]
[AutoValidateAntiforgeryToken]
public class FlockSegmentController : BasePluginController
{
    protected readonly CurrencySettings _currencySettings;
    protected readonly ICurrencyService _currencyService;
    protected readonly IWorkContext _workContext;
    protected readonly SegmentService _segmentService;

    public FlockSegmentController(CurrencySettings currencySettings, ICurrencyService currencyService, IWorkContext workContext, SegmentService segmentService)
    {
        _currencySettings = currencySettings;
        _currencyService = currencyService;
        _workContext = workContext;
        _segmentService = segmentService;
    }

    [CheckPermission(FlockDefaults.Permissions.ViewReports)]
    public async Task<IActionResult> List()
    {
        var model = await _segmentService.EnsureModelAsync();
        var rows = await _segmentService.ReadAllAsync();
        var language = (await _workContext.GetWorkingLanguageAsync())?.UniqueSeoCode;
        var overview = RfmOverview.Build(model, rows.Select(r => _segmentService.Input(r.CustomerId, r.Orders, r.Total, r.LastUtc, model.AsOf)));
        var primary = await _currencyService.GetCurrencyByIdAsync(_currencySettings.PrimaryStoreCurrencyId);
        return View("~/Plugins/Misc.Flock/Views/Admin/Segments.cshtml", new SegmentOverviewModel
        {
            AsOf = model.AsOf,
            Customers = overview.Customers,
            Revenue = overview.Revenue,
            CurrencyCode = primary?.CurrencyCode,
            Segments = RfmSegments.All.Where(s => s != RfmSegment.None).Select(s => new SegmentRowModel(RfmSegments.Key(s), RfmSegments.DisplayName(s, language),
                overview.Of(s).Customers, overview.Of(s).Revenue, overview.ShareOf(s))).ToList(),
            Grid = overview.Grid,
        });
    }

    [HttpPost]
    [CheckPermission(FlockDefaults.Permissions.ViewReports)]
    public async Task<IActionResult> Rebuild()
    {
        await _segmentService.RebuildAsync();
        return RedirectToAction(nameof(List));
    }
}
