using System.Globalization;
using Flock.Engine.Analytics;
using Flock.Engine.Referrals.Campaigns;
using Flock.Engine.Common;
using Flock.Engine.Referrals.Programme;
using Flock.Engine.Statistics;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Models.Admin;
using Nop.Plugin.Misc.Flock.Services;
using Nop.Services.Catalog;
using Nop.Services.Helpers;
using Nop.Services.Localization;
using Nop.Plugin.Misc.Flock.Services.Referrals;

namespace Nop.Plugin.Misc.Flock.Factories;

/// <summary>
/// The Experiments page of a campaign. Reads the rows (ExperimentDataService), hands them to the engine
/// (HoldoutOutcomes.Compute for the campaign against its holdout, SequentialComparison.Analyze for creatives and competing
/// campaigns, SamplePlanner for the plan) and puts its answers into words; no statistics here.
/// </summary>
public class ExperimentModelFactory
{
    /// <summary>The measure decisions are made on (the statistics README suggests the 90-day repeat-purchase rate).</summary>
    public const int PrimaryWindowDays = 90;

    /// <summary>The baseline of the sample plan while no repeat rate has been observed.</summary>
    public const double AssumedRepeatRate = 0.2;

    /// <summary>The holdout share the plan suggests for a campaign without one.</summary>
    public const double SuggestedHoldoutShare = 0.1;

    /// <summary>The decision rule of every comparison on the page (the engine's defaults: α 5 %, 100 shoppers and 5 conversions per arm, MDE 20 %).</summary>
    public static readonly ComparisonOptions Options = ComparisonOptions.Default;

    protected readonly CampaignService _campaignService;
    protected readonly AdminProgrammeFactory _programmeFactory;
    protected readonly ExperimentDataService _dataService;
    protected readonly IDateTimeHelper _dateTimeHelper;
    protected readonly ILocalizationService _localizationService;
    protected readonly IPriceFormatter _priceFormatter;

    public ExperimentModelFactory(CampaignService campaignService,
        AdminProgrammeFactory programmeFactory,
        ExperimentDataService dataService,
        IDateTimeHelper dateTimeHelper,
        ILocalizationService localizationService,
        IPriceFormatter priceFormatter)
    {
        _campaignService = campaignService;
        _programmeFactory = programmeFactory;
        _dataService = dataService;
        _dateTimeHelper = dateTimeHelper;
        _localizationService = localizationService;
        _priceFormatter = priceFormatter;
    }

    protected Task<string> T(string key) => _localizationService.GetResourceAsync($"{FlockDefaults.ResourcePrefix}.Admin.{key}");

    protected async Task<string> T(string key, params object[] args) => string.Format(CultureInfo.CurrentCulture, await T(key), args);


    /// <summary>What the shoppers of the campaign's experiments did up to <paramref name="asOfUtc"/> (now when null).</summary>
    public virtual async Task<ExperimentModel> PrepareAsync(FlockCampaign row, DateTime? asOfUtc = null)
    {
        var asOf = asOfUtc ?? DateTime.UtcNow;
        var model = new ExperimentModel
        {
            Id = row.Id,
            CampaignName = row.Name,
            Version = row.Version,
            AsOf = (await _dateTimeHelper.ConvertToUserTimeAsync(asOf, DateTimeKind.Utc)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
        };
        try
        {
            var rows = await _campaignService.GetAllAsync();
            var names = rows.ToDictionary(c => c.Id, c => c.Name);
            var configs = CampaignModelFactory.LoadAll(rows).ToDictionary(c => c.Id);
            var programme = await _programmeFactory.BuildTolerantAsync(configs.Values);

            //judged within one randomisation (its holdout against the arms drawn with it), without shoppers whose
            //treatment is mixed by another competition
            var main = CampaignSelector.MainCompetition(await _dataService.CompetitionsOfAsync(row.Id));
            var keys = main is null ? new List<string>() : new List<string> { main };
            var mixed = main is null ? new HashSet<string>() : await _dataService.ShoppersOfOtherCompetitionsAsync(main);
            var competition = (await _dataService.AssignmentsAsync(keys.ToArray(), asOf)).Where(a => !mixed.Contains(a.ShopperKey)).ToList();
            var creatives = await _dataService.AssignmentsAsync([CampaignSelector.CreativeExperimentKey(row.Id, row.Version)], asOf);
            var customers = await _dataService.CustomerIdsAsync(competition.Concat(creatives).Select(a => a.ShopperKey));
            var campaignIds = keys.SelectMany(CampaignSelector.CampaignIdsOf).Append(row.Id).Distinct().ToArray();
            var since = competition.Concat(creatives).Select(a => a.AssignedAt.UtcDateTime).DefaultIfEmpty(asOf).Min();
            var customerIds = customers.Values.Distinct().ToArray();
            var purchases = await _dataService.PurchasesAsync(customerIds, since, asOf, configs.TryGetValue(row.Id, out var own) ? own.StoreIds : null);
            var referrals = (await _dataService.AcceptedReferralsAsync(customerIds, campaignIds, since, asOf)).ToLookup(r => r.ReferrerCustomerId);

            var holdoutShare = campaignIds.Select(id => configs.TryGetValue(id, out var c) ? c.HoldoutShare : 0).DefaultIfEmpty(0).Max();
            string Label(string arm) => arm == ArmSamples.Holdout ? null
                : int.TryParse(arm, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? names.GetValueOrDefault(id, $"#{id}") : arm;

            var comparisons = await HoldoutAsync(model, row, competition, customers, purchases, referrals, holdoutShare, keys, asOf, Label);
            model.Rule = await T("Experiments.Rule", Pct(Options.Alpha / comparisons, "0.##"), Pct(Options.Alpha, "0.##"), comparisons,
                Options.MinShoppersPerArm, Options.MinConversionsPerArm, PrimaryWindowDays);

            model.Variants = await AttributedAsync(creatives, customers, referrals, campaignId => campaignId == row.Id,
                key => programme.DescribeVariant(row.Id, ReferralProgramme.VariantKeyOfCombination(key)),
                await T("Experiments.Variants.Definition"));

            if (competition.Select(a => a.Arm).Where(a => a != ArmSamples.Holdout).Distinct().Count() > 1)
                model.Competition = await AttributedAsync(competition, customers, referrals, null, Label, await T("Experiments.Competition.Definition"),
                    leaveOut: ArmSamples.Holdout);
        }
        catch (FlockValidationException e)
        {
            model.Error = e.Message;
        }

        return model;
    }

    /// <summary>The campaign (and its competitors) against the holdout, and the sample plan; returns the number of comparisons (α is shared over them).</summary>
    protected virtual async Task<int> HoldoutAsync(ExperimentModel model, FlockCampaign row, IList<ShopperAssignment> competition,
        IReadOnlyDictionary<string, int> customers, IReadOnlyDictionary<int, IReadOnlyList<ShopperOrder>> purchases, ILookup<int, FlockReferral> referrals,
        double holdoutShare, IList<string> keys, DateTime asOf, Func<string, string> label)
    {
        var holdout = model.Holdout;
        holdout.ExperimentKeys = keys.ToList();
        holdout.HasHoldout = holdoutShare > 0 || competition.Any(a => a.Arm == ArmSamples.Holdout);
        holdout.HoldoutShare = Pct(holdoutShare, "0.#");
        var mine = row.Id.ToString(CultureInfo.InvariantCulture);

        OutcomeReport report = null;
        if (!holdout.HasHoldout)
            holdout.Message = await T("Experiments.Holdout.None");
        else if (competition.Count == 0)
            holdout.Message = await T("Experiments.Holdout.NoShoppers");
        else
        {
            var known = competition.Where(a => customers.ContainsKey(a.ShopperKey)).ToList();
            var shoppers = known.Select(a => a.ShopperKey).Distinct(StringComparer.Ordinal).ToList();
            var orders = shoppers.ToDictionary(k => k, k => purchases.GetValueOrDefault(customers[k]) ?? [], StringComparer.Ordinal);
            var friends = shoppers.ToDictionary(k => k, k => (IReadOnlyList<AttributedFriendOrder>)referrals[customers[k]]
                .Select(r => new AttributedFriendOrder(r.OrderId, r.FriendCustomerId, UtcTime.Of(r.CreatedOnUtc), r.OrderSubtotal)).ToList(), StringComparer.Ordinal);
            //while the holdout (or an arm) has no matured shopper yet, "N more needed" follows the allocation: the holdout's
            //share against one of the competition's arms
            var arms = Math.Max(1, competition.Select(a => a.Arm).Where(a => a != ArmSamples.Holdout).Distinct().Count());
            var allocation = new HoldoutAllocation(holdoutShare, arms);
            var options = allocation.IsValid ? Options with { ControlShare = allocation.ControlShareOfPair } : Options;
            report = HoldoutOutcomes.Compute(HoldoutOutcomes.Histories(known, orders, friends), new OutcomeQuery { AsOf = UtcTime.Of(asOf), Options = options });

            holdout.Windows = report.Query.WindowDays.ToList();
            foreach (var arm in report.Arms)
                holdout.Arms.Add(await ArmAsync(arm, label(arm.Arm) ?? await T("Experiments.HoldoutArm"), arm.Arm == mine));
            foreach (var uplift in report.Uplifts)
                foreach (var window in uplift.Windows)
                {
                    var armLabel = label(uplift.Arm);
                    holdout.Uplifts.Add(await UpliftAsync(uplift.Arm, armLabel, window.Days, await T("Experiments.Measure.RepeatPurchase", window.Days),
                        window.Days == PrimaryWindowDays, window.RepeatPurchase, money: false));
                    holdout.Uplifts.Add(await UpliftAsync(uplift.Arm, armLabel, window.Days, await T("Experiments.Measure.Revenue", window.Days),
                        false, window.RevenuePerShopper, money: true));
                }
            var unknown = competition.Count - known.Count;
            if (unknown > 0 || report.DuplicatesIgnored > 0)
                holdout.Excluded = await T("Experiments.Excluded", unknown, report.DuplicatesIgnored);
        }

        var comparisons = Math.Max(1, (report?.Arms.Count ?? 2) - 1);
        model.Plan = await PlanAsync(report, holdoutShare, mine, comparisons);
        return comparisons;
    }

    protected virtual async Task<OutcomeArmModel> ArmAsync(ArmOutcomes arm, string label, bool isThisCampaign)
    {
        var model = new OutcomeArmModel
        {
            Key = arm.Arm,
            Label = label,
            IsHoldout = arm.Arm == ArmSamples.Holdout,
            IsThisCampaign = isThisCampaign,
            Shoppers = arm.Shoppers,
            MedianDaysToNextOrder = arm.MedianDaysToNextOrder
        };
        var curve = arm.TimeToNextOrder;
        model.MedianText = arm.MedianDaysToNextOrder is { } median
            ? await T("Experiments.Median", median.ToString("0.#", CultureInfo.InvariantCulture), curve.Censored, curve.Subjects)
            : curve.Subjects == 0 ? "—" : await T("Experiments.MedianNone", curve.Censored, curve.Subjects);
        foreach (var w in arm.Windows)
            model.Windows.Add(new OutcomeWindowModel
            {
                Days = w.Days,
                Matured = w.Matured,
                Maturing = w.Maturing,
                Repeaters = w.Sample.Converted,
                RepeatRate = w.RepeatRate,
                RepeatRateText = w.RepeatRate is { } rate ? await T("Experiments.RateOf", Pct(rate), w.Sample.Converted, w.Matured) : "—",
                RevenuePerShopper = w.RevenuePerShopper,
                RevenuePerShopperText = w.RevenuePerShopper is { } revenue ? await Money(revenue) : "—",
                AttributedNewCustomers = w.Attributed.NewCustomers,
                AttributedNewCustomersPer1000 = w.Attributed.NewCustomersPer1000 is { } n ? n.ToString("0.#", CultureInfo.InvariantCulture) : "—",
                AttributedRevenuePer1000 = w.Attributed.RevenuePer1000 is { } r ? await Money(r) : "—"
            });
        return model;
    }

    protected virtual async Task<UpliftRowModel> UpliftAsync(string arm, string armLabel, int days, string measure, bool primary, Comparison c, bool money) => new()
    {
        Arm = arm,
        ArmLabel = armLabel,
        Days = days,
        Measure = measure,
        IsPrimary = primary,
        Verdict = c.Verdict,
        VerdictText = await VerdictAsync(c, armLabel, await T("Experiments.HoldoutArm"), money),
        Difference = c.Difference,
        DifferenceText = c.Difference is { } d ? await Signed(d, money) : "—",
        IntervalText = c.Interval is { } i ? $"[{await Signed(i.Low, money)}; {await Signed(i.High, money)}]" : "—",
        PValueText = P(c.PValue),
        MoreShoppers = c.MoreNeeded?.MoreShoppers
    };

    /// <summary>The sample plan of the primary measure: the holdout against this campaign's arm.</summary>
    protected virtual async Task<SamplePlanModel> PlanAsync(OutcomeReport report, double holdoutShare, string mine, int comparisons)
    {
        var share = holdoutShare > 0 ? holdoutShare : SuggestedHoldoutShare;
        var primary = report?.Arms.SelectMany(a => a.Windows).Where(w => w.Days == PrimaryWindowDays).ToList() ?? [];
        var matured = primary.Sum(w => w.Matured);
        var observed = matured > 0 ? (double)primary.Sum(w => w.Sample.Converted) / matured : 0;
        var baselineObserved = observed is > 0 and < 0.8;
        var baseline = baselineObserved ? observed : AssumedRepeatRate;
        var alpha = Options.Alpha / comparisons;
        var ratio = new HoldoutAllocation(share, comparisons).ArmPerHeldOut;
        SamplePlan plan;
        try
        {
            plan = SamplePlanner.PlanRelative(baseline, Options.RelativeMde, alpha, Options.Power, ratio);
        }
        catch (FlockValidationException)
        {
            return null;
        }

        var result = new SamplePlanModel
        {
            BaselineRate = baseline,
            BaselineObserved = baselineObserved,
            HoldoutShare = share,
            FixedHoldout = plan.ControlShoppers,
            FixedExposed = plan.TreatmentShoppers,
            SequentialHoldout = plan.SequentialControlShoppers,
            SequentialExposed = (long)Math.Ceiling(plan.SequentialControlShoppers * ratio - 1e-9)
        };
        //"so far" as the plan counts them: shoppers whose primary window has passed (the maturing ones do not count yet)
        long MaturedOf(string arm) => report?.Arms.FirstOrDefault(a => a.Arm == arm)?.Windows.FirstOrDefault(w => w.Days == PrimaryWindowDays)?.Matured ?? 0;
        var soFarHoldout = MaturedOf(ArmSamples.Holdout);
        var soFarExposed = MaturedOf(mine);
        result.Text = await T("Experiments.Plan.Text",
            Pct(Options.RelativeMde, "0"), PrimaryWindowDays, Pct(plan.BaselineRate), Pct(plan.TreatmentRate), Pct(Options.Power, "0"),
            Pct(share, "0.#"), Pct(alpha, "0.##"),
            N(result.FixedHoldout), N(result.FixedExposed), N(result.SequentialHoldout), N(result.SequentialExposed),
            N(soFarHoldout), N(soFarExposed),
            await T(baselineObserved ? "Experiments.Plan.BaselineObserved" : "Experiments.Plan.BaselineAssumed"));
        if (holdoutShare <= 0)
            result.Text = await T("Experiments.Plan.Suggested", Pct(share, "0")) + " " + result.Text;
        return result;
    }

    /// <summary>
    /// Arms compared with one another on an attributed conversion: each shopper once, in the arm of their first assignment;
    /// converted = at least one accepted friend order (in a campaign <paramref name="counts"/> accepts, any of the
    /// experiment's when null: the arm's own) placed after that assignment. Shoppers whose first arm is
    /// <paramref name="leaveOut"/> (the holdout: it has no link) are not compared, and do not move to a later arm.
    /// </summary>
    protected virtual async Task<ArmComparisonModel> AttributedAsync(IEnumerable<ShopperAssignment> assignments, IReadOnlyDictionary<string, int> customers,
        ILookup<int, FlockReferral> referrals, Func<int, bool> counts, Func<string, string> label, string definition, string leaveOut = null)
    {
        var model = new ArmComparisonModel { Definition = definition };
        var first = ArmSamples.FirstPerShopper(assignments.Where(a => customers.ContainsKey(a.ShopperKey))).Assignments
            .Where(a => a.Arm != leaveOut).ToList();
        var outcomes = first.Select(a => new ShopperOutcome(a.ShopperKey, a.Arm, referrals[customers[a.ShopperKey]].Any(r =>
            UtcTime.Of(r.CreatedOnUtc) > a.AssignedAt && (counts?.Invoke(r.CampaignId)
                ?? r.CampaignId.ToString(CultureInfo.InvariantCulture) == a.Arm)))).ToList();
        var samples = ArmSamples.FromShoppers(outcomes);
        if (samples.Count == 0)
        {
            model.Message = await T("Experiments.NoShoppers");
            return model;
        }
        if (samples.Count == 1)
        {
            var only = samples[0];
            model.Arms.Add(new ArmRowModel
            {
                Key = only.Arm, Label = label(only.Arm), Shoppers = only.Shoppers, Converted = only.Converted,
                HasMinimumSample = SequentialComparison.HasMinimumSample(only, Metric.Conversion, Options), RateText = "—", ProbabilityToBeBestText = "—"
            });
            model.Message = await T("Experiments.OneArm");
            return model;
        }

        var verdict = SequentialComparison.Analyze(samples, Metric.Conversion, null, Options);
        foreach (var arm in verdict.Arms)
            model.Arms.Add(new ArmRowModel
            {
                Key = arm.Sample.Arm,
                Label = label(arm.Sample.Arm),
                Shoppers = arm.Sample.Shoppers,
                Converted = arm.Sample.Converted,
                HasMinimumSample = arm.HasMinimumSample,
                RateText = arm.Mean is { } mean ? Pct(mean) : "—",
                ProbabilityToBeBest = arm.ProbabilityToBeBest,
                ProbabilityToBeBestText = arm.ProbabilityToBeBest is { } best ? Pct(best) : "—",
                IsWinner = arm.Sample.Arm == verdict.Winner
            });
        foreach (var c in verdict.Comparisons)
        {
            var control = label(c.Control);
            var treatment = label(c.Treatment);
            model.Comparisons.Add(new ComparisonRowModel
            {
                ControlLabel = control,
                TreatmentLabel = treatment,
                Verdict = c.Verdict,
                VerdictText = await VerdictAsync(c, treatment, control, money: false),
                DifferenceText = c.Difference is { } d ? await Signed(d, false) : "—",
                IntervalText = c.Interval is { } i ? $"[{await Signed(i.Low, false)}; {await Signed(i.High, false)}]" : "—",
                PValueText = P(c.PValue),
                MoreShoppers = c.MoreNeeded?.MoreShoppers
            });
        }
        model.WinnerText = verdict.Winner is { } winner
            ? await T("Experiments.Winner", label(winner), Pct(verdict.ComparisonAlpha, "0.##"))
            : await T(verdict.NeedsMoreData ? "Experiments.NoWinner.MoreData" : "Experiments.NoWinner");
        return model;
    }

    /// <summary>The verdict in words; below the minimum sample only how many more shoppers are needed.</summary>
    protected virtual async Task<string> VerdictAsync(Comparison c, string treatment, string control, bool money)
    {
        switch (c.Verdict)
        {
            case Verdict.TreatmentBetter:
                return await T("Experiments.Verdict.Better", treatment);
            case Verdict.ControlBetter:
                return await T("Experiments.Verdict.Better", control);
            case Verdict.NotEnoughData:
                var needed = c.MoreNeeded;
                return needed is null ? await T("Experiments.Verdict.NotEnoughDataUnknown")
                    : await T(needed.IsLowerBound ? "Experiments.Verdict.NotEnoughDataAtLeast" : "Experiments.Verdict.NotEnoughData", N(needed.MoreShoppers));
            default:
                var more = c.MoreNeeded;
                var mde = more?.MinimumDetectableEffect is { } effect ? await Signed(effect, money, signed: false) : "—";
                return more is { MoreShoppers: > 0 }
                    ? await T("Experiments.Verdict.NoDifferenceYet", N(more.MoreShoppers), mde)
                    : await T("Experiments.Verdict.NoDifference", mde);
        }
    }

    protected virtual async Task<string> Money(double value) => await _priceFormatter.FormatPriceAsync(Math.Round((decimal)value, 2), true, false);

    /// <summary>"+1.5 pp" for a rate difference, "+12.00 $" for money; <paramref name="signed"/> false drops the sign.</summary>
    protected virtual async Task<string> Signed(double value, bool money, bool signed = true)
    {
        var sign = signed && value > 0 ? "+" : "";
        if (money)
            return sign + await Money(value);
        return sign + (value * 100).ToString("0.0#", CultureInfo.InvariantCulture) + " pp";
    }

    protected static string Pct(double? value, string format = "0.0") =>
        value is { } v ? (v * 100).ToString(format, CultureInfo.InvariantCulture) + " %" : "—";

    protected static string P(double? p) => p switch
    {
        null => "—",
        < 0.001 => "< 0.001",
        { } v => v.ToString("0.000", CultureInfo.InvariantCulture)
    };

    protected static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture).Replace(",", "\u202f");
}
