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
        var grid = new (long Customers, decimal Revenue)[5, 5];
        var bySegment = new Dictionary<RfmSegment, (long Customers, decimal Revenue)>();
        foreach (var row in rows)
        {
            var score = model.Score(_segmentService.Input(row.CustomerId, row.Orders, row.Total, row.LastUtc, model.AsOf));
            if (!score.IsScored)
                continue;
            var cell = grid[score.Recency - 1, score.Frequency - 1];
            grid[score.Recency - 1, score.Frequency - 1] = (cell.Customers + 1, cell.Revenue + row.Total);
            var segment = bySegment.GetValueOrDefault(score.Segment);
            bySegment[score.Segment] = (segment.Customers + 1, segment.Revenue + row.Total);
        }
        var customers = bySegment.Values.Sum(s => s.Customers);
        var primary = await _currencyService.GetCurrencyByIdAsync(_currencySettings.PrimaryStoreCurrencyId);
        return View("~/Plugins/Misc.Flock/Views/Admin/Segments.cshtml", new SegmentOverviewModel
        {
            AsOf = model.AsOf,
            Customers = customers,
            Revenue = bySegment.Values.Sum(s => s.Revenue),
            CurrencyCode = primary?.CurrencyCode,
            Segments = RfmSegments.All.Where(s => s != RfmSegment.None).Select(s => new SegmentRowModel(RfmSegments.Key(s), RfmSegments.DisplayName(s, language),
                bySegment.GetValueOrDefault(s).Customers, bySegment.GetValueOrDefault(s).Revenue,
                customers == 0 ? 0 : (double)bySegment.GetValueOrDefault(s).Customers / customers)).ToList(),
            Grid = grid,
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
