using System.Globalization;
using System.Text.Json;
using Flock.Engine.Analytics;
using Flock.Engine.Referrals.Programme;
using Nop.Plugin.Misc.Flock.Models.Admin;
using Nop.Plugin.Misc.Flock.Services;
using Nop.Services.Catalog;
using Nop.Services.Localization;
using Nop.Plugin.Misc.Flock.Services.Referrals;

namespace Nop.Plugin.Misc.Flock.Factories;

/// <summary>
/// The dashboard: the period's events (KpiEventService) through the engine's KPI calculator, every number shown with its
/// one definition (KpiDefinitions, in the admin's language through the Definition.* resources).
/// </summary>
public class DashboardModelFactory
{
    protected readonly CampaignService _campaignService;
    protected readonly AdminProgrammeFactory _programmeFactory;
    protected readonly FlockReportFactory _reportFactory;
    protected readonly KpiEventService _kpiEventService;
    protected readonly ILocalizationService _localizationService;
    protected readonly IPriceFormatter _priceFormatter;

    public DashboardModelFactory(CampaignService campaignService,
        AdminProgrammeFactory programmeFactory,
        FlockReportFactory reportFactory,
        KpiEventService kpiEventService,
        ILocalizationService localizationService,
        IPriceFormatter priceFormatter)
    {
        _campaignService = campaignService;
        _programmeFactory = programmeFactory;
        _reportFactory = reportFactory;
        _kpiEventService = kpiEventService;
        _localizationService = localizationService;
        _priceFormatter = priceFormatter;
    }

    protected Task<string> T(string key) => _localizationService.GetResourceAsync($"{FlockDefaults.ResourcePrefix}.Admin.{key}");

    /// <summary>The definition of a KPI (a KpiDefinitions key) in the admin's language.</summary>
    public virtual Task<string> DefinitionAsync(string key) => T("Definition." + key);

    /// <summary>The period of the filter: the last 7, 30 or 90 days (today included), or the custom dates; UTC [from, to).</summary>
    public static (DateTime From, DateTime To) Range(DashboardModel m, DateTime todayUtc)
    {
        if (m.Period == 0 && m.From is { } f && m.To is { } t && t >= f)
            return (f.Date, t.Date.AddDays(1));
        if (m.Period is not (7 or 30 or 90)) m.Period = 30;
        return (todayUtc.AddDays(-m.Period + 1), todayUtc.AddDays(1));
    }

    /// <summary>The KPIs of the filter's period, as of <paramref name="asOfUtc"/> (now when null).</summary>
    public virtual async Task<ProgrammeKpis> KpisAsync(DashboardModel model, DateTime? asOfUtc = null)
    {
        var asOf = asOfUtc ?? DateTime.UtcNow;
        var (from, to) = Range(model, asOf.Date);
        model.From = from;
        model.To = to.AddDays(-1);
        var programme = await _programmeFactory.BuildTolerantAsync(CampaignModelFactory.LoadAll(await _campaignService.GetAllAsync()));
        var events = await _kpiEventService.EventsAsync(from, to, asOf, model.CampaignId);
        return programme.Kpis(events, new KpiQuery(new DateTimeOffset(from, TimeSpan.Zero), new DateTimeOffset(to, TimeSpan.Zero))
        {
            AsOf = UtcTime.Of(asOf)
        });
    }

    /// <summary>Tiles (each with its definition), charts and the per-campaign table.</summary>
    public virtual async Task<DashboardModel> PrepareAsync(DashboardModel model, DateTime? asOfUtc = null)
    {
        model ??= new DashboardModel();
        model.AvailableCampaigns = await _reportFactory.CampaignOptionsAsync();
        var kpis = await KpisAsync(model, asOfUtc);
        var t = kpis.Report.Total;

        async Task Tile(string key, string kpi, string label, string value, string note = null) =>
            model.Tiles.Add(new DashboardTileModel(key, await T(label), value, note, await DefinitionAsync(kpi)));

        await Tile("exposed-shoppers", nameof(KpiFigures.ExposedShoppers), "Kpi.ExposedShoppers", t.ExposedShoppers.ToString(CultureInfo.InvariantCulture));
        await Tile("share-rate", nameof(KpiFigures.ShareRate), "Kpi.ShareRate", Pct(t.ShareRate));
        await Tile("shares", nameof(KpiFigures.Shares), "Kpi.Shares", t.Shares.ToString(CultureInfo.InvariantCulture));
        await Tile("visits", nameof(KpiFigures.Visits), "Kpi.Visits", t.Visits.ToString(CultureInfo.InvariantCulture),
            string.Format(await T("Kpi.UniqueVisitorsNote"), t.UniqueVisitors));
        await Tile("friend-orders", nameof(KpiFigures.FriendOrders), "Kpi.FriendOrders", t.FriendOrders.ToString(CultureInfo.InvariantCulture));
        await Tile("new-customers", nameof(KpiFigures.NewCustomers), "Kpi.NewCustomers", t.NewCustomers.ToString(CultureInfo.InvariantCulture));
        await Tile("shopper-conversion", nameof(KpiFigures.ShopperConversion), "Kpi.ShopperConversion", Pct(t.ShopperConversion));
        await Tile("friend-revenue", nameof(KpiFigures.FriendRevenue), "Kpi.FriendRevenue", await Money(t.FriendRevenue));
        await Tile("reward-cost", nameof(KpiFigures.RewardCost), "Kpi.RewardCost", await Money(t.RewardCost));
        await Tile("discount-cost", nameof(KpiFigures.DiscountCost), "Kpi.DiscountCost", await Money(t.DiscountCost));
        await Tile("conversion", nameof(KpiFigures.Conversion), "Kpi.Conversion", N(t.Conversion, "0.000"));
        await Tile("k-factor", nameof(KpiFigures.KFactor), "Kpi.KFactor", N(t.KFactor, "0.000"),
            string.Format(await T("Kpi.KFactorNote"), t.CohortNewCustomers, t.Referrers));
        await Tile("roi", nameof(KpiFigures.Roi), "Kpi.Roi", Pct(t.Roi), t.RoiBasis == RoiBasis.Margin
            ? await T("Kpi.RoiBasis.Margin")
            : string.Format(await T("Kpi.RoiBasis.Revenue"), t.OrdersWithoutCost));
        await Tile("return-days", nameof(KpiFigures.MedianReturnDays), "Kpi.ReturnDays", N(t.MedianReturnDays, "0.0"),
            t.InvitedReferrers == 0 ? null : string.Format(await T("Kpi.StillAwayNote"), t.StillAwayReferrers, t.InvitedReferrers));

        foreach (var (kpi, label) in new[]
                 {
                     (nameof(KpiFigures.ExposedShoppers), "Kpi.ExposedShoppers"), (nameof(KpiFigures.SharingShoppers), "Kpi.SharingShoppers"),
                     (nameof(KpiFigures.ShareRate), "Kpi.ShareRate"), (nameof(KpiFigures.Shares), "Kpi.Shares"), (nameof(KpiFigures.Visits), "Kpi.Visits"),
                     (nameof(KpiFigures.UniqueVisitors), "Kpi.UniqueVisitors"), (nameof(KpiFigures.FriendOrders), "Kpi.FriendOrders"),
                     (nameof(KpiFigures.NewCustomers), "Kpi.NewCustomers"), (nameof(KpiFigures.ConvertedShoppers), "Kpi.ConvertedShoppers"),
                     (nameof(KpiFigures.ShopperConversion), "Kpi.ShopperConversion"), (nameof(KpiFigures.FriendRevenue), "Kpi.FriendRevenue"),
                     (nameof(KpiFigures.CostOfGoods), "Kpi.CostOfGoods"), (nameof(KpiFigures.RewardCost), "Kpi.RewardCost"),
                     (nameof(KpiFigures.DiscountCost), "Kpi.DiscountCost"), (nameof(KpiFigures.TotalCost), "Kpi.TotalCost"),
                     (nameof(KpiFigures.Conversion), "Kpi.Conversion"), (nameof(KpiFigures.Referrers), "Kpi.Referrers"),
                     (nameof(KpiFigures.CohortNewCustomers), "Kpi.CohortNewCustomers"), (nameof(KpiFigures.KFactor), "Kpi.KFactor"),
                     (nameof(KpiFigures.RoiBasis), "Kpi.RoiBasis"), (nameof(KpiFigures.Roi), "Kpi.Roi"),
                     (nameof(KpiFigures.MedianReturnDays), "Kpi.ReturnDays"), (nameof(KpiFigures.StillAwayReferrers), "Kpi.StillAwayReferrers"),
                 })
            model.Definitions.Add(new DefinitionModel(await T(label), await DefinitionAsync(kpi)));

        var channels = t.SharesByChannel.Keys.Union(t.VisitsByChannel.Keys).OrderBy(k => k, StringComparer.Ordinal).ToList();
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
            model.Rows.Add(await RowAsync(name, "", c.Figures));
            foreach (var v in c.Variants)
                model.Rows.Add(await RowAsync(name, kpis.VariantLabels.GetValueOrDefault((c.CampaignId, v.Variant), v.Variant), v.Figures));
        }
        return model;
    }

    protected virtual async Task<DashboardRowModel> RowAsync(string campaign, string variant, KpiFigures f) =>
        new(campaign, variant, f.ExposedShoppers, f.Shares, f.Visits, f.FriendOrders, await Money(f.FriendRevenue), await Money(f.TotalCost),
            Pct(f.ShopperConversion), N(f.KFactor, "0.000"), Pct(f.Roi));

    /// <summary>The CSV export: the same figures, one definition each (see KpiDefinitions); the obsolete ARPU columns are gone.</summary>
    public static (string[] Header, List<object[]> Rows) Csv(ProgrammeKpis kpis)
    {
        var rows = new List<object[]>();
        void Add(string scope, string campaign, string variant, KpiFigures f) => rows.Add([scope, campaign, variant, f.ExposedShoppers, f.SharingShoppers,
            f.ConvertedShoppers, f.Shares, f.Visits, f.UniqueVisitors, f.FriendOrders, f.NewCustomers, f.CohortNewCustomers, f.Referrers, f.FriendRevenue,
            f.CostOfGoods, f.RoiBasis.ToString(), f.RewardCost, f.DiscountCost, f.ShareRate, f.ShopperConversion, f.Conversion, f.KFactor, f.Roi,
            f.MedianReturnDays, f.StillAwayReferrers]);
        Add("total", "", "", kpis.Report.Total);
        foreach (var c in kpis.Report.Campaigns)
        {
            var name = kpis.CampaignNames.GetValueOrDefault(c.CampaignId, $"#{c.CampaignId}");
            Add("campaign", name, "", c.Figures);
            foreach (var v in c.Variants)
                Add("variant", name, v.Variant, v.Figures);
        }
        foreach (var d in kpis.Report.Daily)
            rows.Add(["day", d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "", "", "", "", d.Shares, d.Visits, d.UniqueVisitors, d.FriendOrders,
                "", "", "", d.FriendRevenue, "", "", d.RewardCost, d.DiscountCost]);
        return (["scope", "campaign", "variant", "exposed_shoppers", "sharing_shoppers", "converted_shoppers", "shares", "visits", "unique_visitors",
            "friend_orders", "new_customers", "cohort_new_customers", "referrers", "friend_revenue", "cost_of_goods", "roi_basis", "reward_cost",
            "discount_cost", "share_rate", "shopper_conversion", "conversion", "k_factor", "roi", "median_return_days", "still_away_referrers"], rows);
    }

    protected virtual Task<string> Money(decimal value) => _priceFormatter.FormatPriceAsync(value, true, false);

    protected static string N(decimal? v, string format = "0.00") => v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) : "—";

    protected static string Pct(decimal? v) => v is { } x ? (x * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "—";
}
