using Flock.Engine.Common;
using Microsoft.AspNetCore.Mvc;
using Nop.Plugin.Misc.Flock.Factories;
using Nop.Plugin.Misc.Flock.Models.Admin;
using Nop.Web.Framework;
using Nop.Web.Framework.Controllers;
using Nop.Web.Framework.Mvc.Filters;

namespace Nop.Plugin.Misc.Flock.Controllers;

/// <summary>Dashboard (KPIs from the engine, each with its definition), referrals list and the CSV exports of referrals and KPIs.</summary>
[AuthorizeAdmin]
[Area(AreaNames.ADMIN)]
[AutoValidateAntiforgeryToken]
public class FlockReportController : BasePluginController
{
    protected const string ViewPath = "~/Plugins/Misc.Flock/Views/Admin/";

    protected readonly DashboardModelFactory _dashboardModelFactory;
    protected readonly FlockReportFactory _reportFactory;

    public FlockReportController(DashboardModelFactory dashboardModelFactory, FlockReportFactory reportFactory)
    {
        _dashboardModelFactory = dashboardModelFactory;
        _reportFactory = reportFactory;
    }

    // ------------------------------------------------------------------ dashboard

    [CheckPermission(FlockDefaults.Permissions.ViewReports)]
    public async Task<IActionResult> Dashboard(DashboardModel model)
    {
        model ??= new DashboardModel();
        ModelState.Clear();
        try
        {
            model = await _dashboardModelFactory.PrepareAsync(model);
        }
        catch (FlockValidationException e)
        {
            model.AvailableCampaigns = await _reportFactory.CampaignOptionsAsync();
            model.Error = e.Message;
        }
        return View(ViewPath + "Dashboard.cshtml", model);
    }

    [CheckPermission(FlockDefaults.Permissions.ViewReports)]
    public async Task<IActionResult> ExportKpis(DashboardModel model)
    {
        var (header, rows) = DashboardModelFactory.Csv(await _dashboardModelFactory.KpisAsync(model ?? new DashboardModel()));
        return File(CsvExport.Write(header, rows), "text/csv", $"flock-kpis-{DateTime.UtcNow:yyyyMMdd}.csv");
    }

    // ------------------------------------------------------------------ referrals

    [CheckPermission(FlockDefaults.Permissions.ViewReports)]
    public async Task<IActionResult> Referrals()
    {
        var model = new ReferralSearchModel { AvailableCampaigns = await _reportFactory.CampaignOptionsAsync() };
        model.SetGridPageSize();
        return View(ViewPath + "Referrals.cshtml", model);
    }

    [HttpPost]
    [CheckPermission(FlockDefaults.Permissions.ViewReports)]
    public async Task<IActionResult> ReferralsJson(ReferralSearchModel searchModel) =>
        Json(await _reportFactory.PrepareReferralListAsync(searchModel));

    [CheckPermission(FlockDefaults.Permissions.ViewReports)]
    public async Task<IActionResult> ExportReferrals(ReferralSearchModel searchModel)
    {
        var rows = await _reportFactory.AllReferralsAsync(searchModel);
        var bytes = CsvExport.Write(["id", "order_id", "friend_customer_id", "friend", "referrer_customer_id", "referrer", "campaign", "variant", "evidence", "verdict", "reason", "subtotal", "created"],
            rows.Select(r => new object[] { r.Id, r.OrderId, r.FriendCustomerId, r.Friend, r.ReferrerCustomerId, r.Referrer, r.Campaign, r.Variant, r.Evidence, r.Decision, r.Reason, r.Subtotal, r.CreatedOn }));
        return File(bytes, "text/csv", $"flock-referrals-{DateTime.UtcNow:yyyyMMdd}.csv");
    }
}
