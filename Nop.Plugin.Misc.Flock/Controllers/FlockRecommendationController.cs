using Microsoft.AspNetCore.Mvc;
using Nop.Plugin.Misc.Flock.Models.Admin;
using Nop.Plugin.Misc.Flock.Services.Recommendations;
using Nop.Services.Catalog;
using Nop.Web.Framework;
using Nop.Web.Framework.Controllers;
using Nop.Web.Framework.Mvc.Filters;

namespace Nop.Plugin.Misc.Flock.Controllers;

/// <summary>Per product, what Flock recommends and why (P1–P2): every list as a guest of the current store sees it.</summary>
[AuthorizeAdmin]
[Area(AreaNames.ADMIN)]
[AutoValidateAntiforgeryToken]
public class FlockRecommendationController : BasePluginController
{
    protected readonly FlockSettings _flockSettings;
    protected readonly IProductService _productService;
    protected readonly RecommendationModelCache _cache;
    protected readonly RecommendationService _recommendationService;
    protected readonly RecommendationKpiService _kpiService;
    protected readonly Nop.Core.IWorkContext _workContext;

    public FlockRecommendationController(FlockSettings flockSettings, IProductService productService, RecommendationModelCache cache,
        RecommendationService recommendationService,
        RecommendationKpiService kpiService,
        Nop.Core.IWorkContext workContext)
    {
        _kpiService = kpiService;
        _workContext = workContext;
        _flockSettings = flockSettings;
        _productService = productService;
        _cache = cache;
        _recommendationService = recommendationService;
    }

    [CheckPermission(FlockDefaults.Permissions.ViewReports)]
    public async Task<IActionResult> Explain(int? productId)
    {
        var model = new RecommendationExplainModel { ProductId = productId, ModelReady = _cache.IsReady };
        var language = (await _workContext.GetWorkingLanguageAsync()).UniqueSeoCode;
        var since = DateTime.UtcNow.AddDays(-RecommendationKpiService.AttributionDays);
        foreach (var place in RecommendationPlaces.All)
        {
            var report = global::Flock.Engine.Recommendations.RecommendationKpiCalculator.Compute(await _kpiService.ReadAsync(place, since));
            model.Kpis.Add(new RecommendationExplainModel.Kpi(place, report.Input, report.ClickRate, report.AddToCartRate,
                report.Shown.ConversionRate, report.Holdout.ConversionRate, report.Summary(language)));
        }

        if (productId is > 0 && await _productService.GetProductByIdAsync(productId.Value) is { Deleted: false } product)
        {
            model.ProductName = product.Name;
            foreach (var (list, items) in await _recommendationService.ExplainProductAsync(product.Id, _flockSettings))
                model.Lists.Add(new RecommendationExplainModel.List(list,
                    items.Select(i => new RecommendationExplainModel.Row(i.Product.Id, i.Product.Name, i.ReasonText)).ToList()));
        }
        else if (productId is not null)
            model.NotFound = true;

        return View("~/Plugins/Misc.Flock/Views/Admin/Recommendations.cshtml", model);
    }
}
