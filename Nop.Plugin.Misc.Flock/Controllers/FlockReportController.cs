using System.Globalization;
using System.Text.Json;
using Flock.Engine.Analytics;
using Flock.Engine.Campaigns;
using Microsoft.AspNetCore.Mvc;
using Nop.Plugin.Misc.Flock.Factories;
using Nop.Plugin.Misc.Flock.Models.Admin;
using Nop.Plugin.Misc.Flock.Services;
using Nop.Services.Localization;
using Nop.Web.Framework;
using Nop.Web.Framework.Controllers;
using Nop.Web.Framework.Mvc.Filters;

namespace Nop.Plugin.Misc.Flock.Controllers;

/// <summary>Dashboard (KPIs from the engine), referrals list and the CSV exports of referrals and KPIs.</summary>
[AuthorizeAdmin]
[Area(AreaNames.ADMIN)]
[AutoValidateAntiforgeryToken]
public class FlockReportController : BasePluginController
{
    protected const string ViewPath = "~/Plugins/Misc.Flock/Views/Admin/";

    protected readonly CampaignService _campaignService;
    protected readonly FlockReportFactory _reportFactory;
    protected readonly AdminProgrammeFactory _programmeFactory;
    protected readonly ILocalizationService _localizationService;

    public FlockReportController(CampaignService campaignService,
        FlockReportFactory reportFactory,
        AdminProgrammeFactory programmeFactory,
        ILocalizationService localizationService)
    {
        _campaignService = campaignService;
        _reportFactory = reportFactory;
        _programmeFactory = programmeFactory;
        _localizationService = localizationService;
    }

    protected Task<string> T(string key) => _localizationService.GetResourceAsync($"{FlockDefaults.ResourcePrefix}.Admin.{key}");

    // ------------------------------------------------------------------ dashboard

    protected static (DateTime From, DateTime To) Range(DashboardModel m)
    {
        var today = DateTime.UtcNow.Date;
        if (m.Period == 0 && m.From is { } f && m.To is { } t && t >= f)
            return (f.Date, t.Date.AddDays(1));
        if (m.Period is not (7 or 30 or 90)) m.Period = 30;
        return (today.AddDays(-m.Period + 1), today.AddDays(1));
    }

    protected virtual async Task<ProgrammeKpisResult> KpisAsync(DashboardModel model)
    {
        var (from, to) = Range(model);
        model.From = from;
        model.To = to.AddDays(-1);
        var programme = await _programmeFactory.BuildTolerantAsync(CampaignModelFactory.LoadAll(await _campaignService.GetAllAsync()));
        var events = await _reportFactory.EventsAsync(from, to, model.CampaignId);
        var kpis = programme.Kpis(events, new KpiQuery(new DateTimeOffset(from, TimeSpan.Zero), new DateTimeOffset(to, TimeSpan.Zero)));
        return new ProgrammeKpisResult(kpis);
    }

    protected record ProgrammeKpisResult(global::Flock.Engine.Programme.ProgrammeKpis Kpis);

    protected static string N(decimal? v, string format = "0.00") => v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) : "—";
    protected static string Pct(decimal? v) => v is { } x ? (x * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "—";

    [CheckPermission(FlockDefaults.Permissions.ViewReports)]
    public async Task<IActionResult> Dashboard(DashboardModel model)
    {
        model ??= new DashboardModel();
        ModelState.Clear();
        model.AvailableCampaigns = await _reportFactory.CampaignOptionsAsync();
        try
        {
            var kpis = (await KpisAsync(model)).Kpis;
            var t = kpis.Report.Total;
            model.Tiles =
            [
                ("shares", await T("Kpi.Shares"), t.Shares.ToString()),
                ("visits", await T("Kpi.Visits"), t.Visits.ToString()),
                ("friend-orders", await T("Kpi.FriendOrders"), t.FriendOrders.ToString()),
                ("friend-revenue", await T("Kpi.FriendRevenue"), N(t.FriendRevenue)),
                ("reward-cost", await T("Kpi.RewardCost"), N(t.RewardCost)),
                ("discount-cost", await T("Kpi.DiscountCost"), N(t.DiscountCost)),
                ("conversion", await T("Kpi.Conversion"), Pct(t.Conversion)),
                ("k-factor", await T("Kpi.KFactor"), N(t.KFactor, "0.000")),
                ("roi", await T("Kpi.Roi"), Pct(t.Roi)),
                ("return-days", await T("Kpi.ReturnDays"), N(t.MedianReturnDays, "0.0")),
                ("arpu-before", await T("Kpi.ArpuBefore"), N(t.ArpuBefore)),
                ("arpu-after", await T("Kpi.ArpuAfter"), N(t.ArpuAfter)),
            ];
            var channels = t.SharesByChannel.Keys.Union(t.VisitsByChannel.Keys).OrderBy(k => k).ToList();
            model.ChartDataJson = JsonSerializer.Serialize(new
            {
                days = kpis.Report.Daily.Select(d => d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                shares = kpis.Report.Daily.Select(d => d.Shares),
                visits = kpis.Report.Daily.Select(d => d.Visits),
                orders = kpis.Report.Daily.Select(d => d.FriendOrders),
                revenue = kpis.Report.Daily.Select(d => d.FriendRevenue),
                cost = kpis.Report.Daily.Select(d => d.RewardCost + d.DiscountCost),
                channels,
                channelShares = channels.Select(k => t.SharesByChannel.GetValueOrDefault(k)),
                channelVisits = channels.Select(k => t.VisitsByChannel.GetValueOrDefault(k)),
            });
            foreach (var c in kpis.Report.Campaigns)
            {
                var name = kpis.CampaignNames.GetValueOrDefault(c.CampaignId, $"#{c.CampaignId}");
                model.Rows.Add(Row(name, "", c.Figures));
                foreach (var v in c.Variants)
                    model.Rows.Add(Row(name, kpis.VariantLabels.GetValueOrDefault((c.CampaignId, v.Variant), v.Variant), v.Figures));
            }
        }
        catch (Exception e)
        {
            model.Error = e.Message;
        }
        return View(ViewPath + "Dashboard.cshtml", model);
    }

    protected static DashboardRowModel Row(string campaign, string variant, KpiFigures f) =>
        new(campaign, variant, f.Shares, f.Visits, f.FriendOrders, N(f.FriendRevenue), N(f.TotalCost), Pct(f.Conversion), N(f.KFactor, "0.000"), Pct(f.Roi));

    [CheckPermission(FlockDefaults.Permissions.ViewReports)]
    public async Task<IActionResult> ExportKpis(DashboardModel model)
    {
        var kpis = (await KpisAsync(model)).Kpis;
        var rows = new List<object[]>();
        void Add(string scope, string campaign, string variant, KpiFigures f) => rows.Add([scope, campaign, variant, f.Shares, f.Visits, f.UniqueVisitors,
            f.FriendOrders, f.NewCustomers, f.FriendRevenue, f.RewardCost, f.DiscountCost, f.Conversion, f.KFactor, f.Roi, f.MedianReturnDays, f.ArpuBefore, f.ArpuAfter]);
        Add("total", "", "", kpis.Report.Total);
        foreach (var c in kpis.Report.Campaigns)
        {
            var name = kpis.CampaignNames.GetValueOrDefault(c.CampaignId, $"#{c.CampaignId}");
            Add("campaign", name, "", c.Figures);
            foreach (var v in c.Variants)
                Add("variant", name, v.Variant, v.Figures);
        }
        foreach (var d in kpis.Report.Daily)
            rows.Add(["day", d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "", d.Shares, d.Visits, d.UniqueVisitors, d.FriendOrders, "", d.FriendRevenue, d.RewardCost, d.DiscountCost]);
        var bytes = CsvExport.Write(["scope", "campaign", "variant", "shares", "visits", "unique_visitors", "friend_orders", "new_customers", "friend_revenue",
            "reward_cost", "discount_cost", "conversion", "k_factor", "roi", "median_return_days", "arpu_before", "arpu_after"], rows);
        return File(bytes, "text/csv", $"flock-kpis-{DateTime.UtcNow:yyyyMMdd}.csv");
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
