using System.Globalization;
using Flock.Engine.Chains;
using Flock.Engine.Statistics;
using Nop.Core;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Messages;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Models.Admin;
using Nop.Plugin.Misc.Flock.Services.Chains;
using Nop.Services.Customers;
using Nop.Services.Helpers;

namespace Nop.Plugin.Misc.Flock.Factories;

//inside the namespace: linq2db's async helpers win over nopCommerce's same-named ones
using LinqToDB;

/// <summary>
/// The chain admin's models: counts read with one grouped query per table for all chains at once, words from the
/// engine (<see cref="ChainDescriber"/>, <see cref="ChainExplainer"/>), effect from <see cref="ChainKpiCalculator"/>.
/// </summary>
public class ChainModelFactory
{
    protected readonly ICustomerService _customerService;
    protected readonly IDateTimeHelper _dateTimeHelper;
    protected readonly IRepository<FlockActivity> _activityRepository;
    protected readonly IRepository<FlockChainAction> _actionRepository;
    protected readonly IRepository<FlockChainDecision> _decisionRepository;
    protected readonly IRepository<FlockChainVersion> _versionRepository;
    protected readonly IRepository<FlockEnrollment> _enrollmentRepository;
    protected readonly IRepository<QueuedEmail> _queuedEmailRepository;
    protected readonly IWorkContext _workContext;
    protected readonly ChainFactsService _factsService;
    protected readonly ChainService _chainService;
    protected readonly EnrollmentService _enrollmentService;
    protected readonly Nop.Core.Domain.Customers.CustomerSettings _customerSettings;
    protected readonly Nop.Core.Domain.Customers.RewardPointsSettings _rewardPointsSettings;

    public ChainModelFactory(ICustomerService customerService,
        IDateTimeHelper dateTimeHelper,
        IRepository<FlockActivity> activityRepository,
        IRepository<FlockChainAction> actionRepository,
        IRepository<FlockChainDecision> decisionRepository,
        IRepository<FlockChainVersion> versionRepository,
        IRepository<FlockEnrollment> enrollmentRepository,
        IRepository<QueuedEmail> queuedEmailRepository,
        IWorkContext workContext,
        ChainFactsService factsService,
        ChainService chainService,
        EnrollmentService enrollmentService,
        Nop.Core.Domain.Customers.CustomerSettings customerSettings,
        Nop.Core.Domain.Customers.RewardPointsSettings rewardPointsSettings)
    {
        _rewardPointsSettings = rewardPointsSettings;
        _customerSettings = customerSettings;
        _customerService = customerService;
        _dateTimeHelper = dateTimeHelper;
        _activityRepository = activityRepository;
        _actionRepository = actionRepository;
        _decisionRepository = decisionRepository;
        _versionRepository = versionRepository;
        _enrollmentRepository = enrollmentRepository;
        _queuedEmailRepository = queuedEmailRepository;
        _workContext = workContext;
        _factsService = factsService;
        _chainService = chainService;
        _enrollmentService = enrollmentService;
    }

    protected virtual async Task<string> LanguageAsync() => (await _workContext.GetWorkingLanguageAsync())?.UniqueSeoCode ?? "en";

    protected sealed record EnrollmentCount(string ChainKey, bool IsHoldout, int Status, int EndReason, long Count);
    protected sealed record ActionCount(string ChainKey, string StepId, string State, long Count);
    protected sealed record StepCount(string ChainKey, string StepId, long Count);
    protected sealed record WaitingCount(string ChainKey, int StepIndex, long Count);
    protected sealed record EngagementCount(string ChainKey, string StepId, long Delivered, long Opened, long Clicked);

    /// <summary>Of the sent messages per step: delivered (nopCommerce's queue sent it), opened, clicked — one grouped query.</summary>
    protected virtual async Task<IList<EngagementCount>> EngagementCountsAsync(string chainKey = null)
    {
        var done = ChainActionStates.Done;
        return await (from action in _actionRepository.Table
                      join queued in _queuedEmailRepository.Table on action.ResultId equals queued.Id into mails
                      from mail in mails.DefaultIfEmpty()
                      where action.Kind == ChainActionKinds.Send && action.State == done && (chainKey == null || action.ChainKey == chainKey)
                      group new { mail.SentOnUtc, action.OpenedOnUtc, action.ClickedOnUtc } by new { action.ChainKey, action.StepId } into g
                      select new EngagementCount(g.Key.ChainKey, g.Key.StepId,
                          //an opened message was delivered even when the admin has since deleted nopCommerce's sent emails
                          g.LongCount(x => x.SentOnUtc != null || x.OpenedOnUtc != null), g.LongCount(x => x.OpenedOnUtc != null), g.LongCount(x => x.ClickedOnUtc != null)))
            .ToListAsync();
    }

    protected virtual async Task<IList<EnrollmentCount>> EnrollmentCountsAsync(string chainKey = null) =>
        await _enrollmentRepository.Table.Where(e => chainKey == null || e.ChainKey == chainKey)
            .GroupBy(e => new { e.ChainKey, e.IsHoldout, e.Status, e.EndReason })
            .Select(g => new EnrollmentCount(g.Key.ChainKey, g.Key.IsHoldout, g.Key.Status, g.Key.EndReason, g.LongCount())).ToListAsync();

    protected virtual async Task<IList<ActionCount>> SendCountsAsync(string chainKey = null) =>
        await _actionRepository.Table.Where(a => a.Kind == ChainActionKinds.Send && (chainKey == null || a.ChainKey == chainKey))
            .GroupBy(a => new { a.ChainKey, a.StepId, a.State })
            .Select(g => new ActionCount(g.Key.ChainKey, g.Key.StepId, g.Key.State, g.LongCount())).ToListAsync();

    protected virtual async Task<IList<StepCount>> HeldOutCountsAsync(string chainKey = null)
    {
        var suppressed = (int)ChainReason.HoldoutSuppressed;
        return await _decisionRepository.Table.Where(d => d.Reason == suppressed && (chainKey == null || d.ChainKey == chainKey))
            .GroupBy(d => new { d.ChainKey, d.StepId })
            .Select(g => new StepCount(g.Key.ChainKey, g.Key.StepId, g.LongCount())).ToListAsync();
    }

    protected virtual ChainKpiInput KpiInput(string chainKey, IList<EnrollmentCount> enrollments, IList<ActionCount> sends, IList<StepCount> heldOut,
        IList<EngagementCount> engagement)
    {
        var mine = enrollments.Where(e => e.ChainKey == chainKey && AccountJoin.CountsAsEntrant((ChainReason)e.EndReason)).ToList();
        ChainGroupCounts Group(bool holdout) => new(
            mine.Where(e => e.IsHoldout == holdout).Sum(e => e.Count),
            mine.Where(e => e.IsHoldout == holdout && e.EndReason == (int)ChainReason.GoalPurchase).Sum(e => e.Count));
        var steps = sends.Where(s => s.ChainKey == chainKey).Select(s => s.StepId)
            .Concat(heldOut.Where(h => h.ChainKey == chainKey).Select(h => h.StepId)).Distinct()
            .Select(step => new ChainStepCounts(step,
                sends.Where(s => s.ChainKey == chainKey && s.StepId == step && s.State == ChainActionStates.Done).Sum(s => s.Count),
                sends.Where(s => s.ChainKey == chainKey && s.StepId == step && s.State == ChainActionStates.Cancelled).Sum(s => s.Count),
                sends.Where(s => s.ChainKey == chainKey && s.StepId == step && s.State == ChainActionStates.Expired).Sum(s => s.Count),
                heldOut.Where(h => h.ChainKey == chainKey && h.StepId == step).Sum(h => h.Count),
                engagement.Where(x => x.ChainKey == chainKey && x.StepId == step).Sum(x => x.Delivered),
                engagement.Where(x => x.ChainKey == chainKey && x.StepId == step).Sum(x => x.Opened),
                engagement.Where(x => x.ChainKey == chainKey && x.StepId == step).Sum(x => x.Clicked)))
            .ToList();
        return new ChainKpiInput
        {
            Messaged = Group(false),
            Holdout = Group(true),
            Active = mine.Where(e => e.Status == (int)EnrollmentStatus.Active).Sum(e => e.Count),
            Unsubscribed = mine.Where(e => !e.IsHoldout && e.EndReason == (int)ChainReason.GoalUnsubscribed).Sum(e => e.Count),
            Steps = steps
        };
    }

    protected virtual ChainRowModel Row(FlockChain chain, CompiledChain compiled, ChainKpiInput input, string language)
    {
        var report = ChainKpiCalculator.Compute(input);
        string Pct(double v) => (v * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
        return new ChainRowModel
        {
            Key = chain.Key,
            Name = chain.Name,
            Trigger = ChainDescriber.Trigger(compiled.Definition.Trigger, language),
            Lifecycle = ((ChainLifecycle)chain.Lifecycle).ToString(),
            Version = chain.CurrentVersion,
            HoldoutPercent = compiled.Definition.HoldoutShare * 100,
            Entered = input.Messaged.Entered + input.Holdout.Entered,
            Active = input.Active,
            Sent = report.Sent,
            OpenRate = report.OpenRate is { } open ? $"{Pct(open)} ({report.Opened}/{report.Delivered})" : "",
            ClickRate = report.ClickRate is { } click ? $"{Pct(click)} ({report.Clicked}/{report.Delivered})" : "",
            Converted = input.Messaged.Converted + input.Holdout.Converted,
            Unsubscribed = input.Unsubscribed,
            MessagedRate = $"{Pct(report.Messaged.ConversionRate)} ({input.Messaged.Converted}/{input.Messaged.Entered})",
            HoldoutRate = $"{Pct(report.Holdout.ConversionRate)} ({input.Holdout.Converted}/{input.Holdout.Entered})",
            Effect = report.Summary(language),
            Verdict = report.Comparison.Verdict.ToString()
        };
    }

    public virtual async Task<ChainListModel> PrepareListAsync()
    {
        var language = await LanguageAsync();
        var ru = language.StartsWith("ru", StringComparison.OrdinalIgnoreCase);
        var chains = await _chainService.GetAllAsync();
        var (enrollments, sends, heldOut, engagement) = (await EnrollmentCountsAsync(), await SendCountsAsync(), await HeldOutCountsAsync(), await EngagementCountsAsync());
        var rows = new List<ChainRowModel>();
        foreach (var chain in chains)
        {
            var compiled = await _chainService.GetCompiledAsync(chain.Key, chain.CurrentVersion);
            rows.Add(Row(chain, compiled, KpiInput(chain.Key, enrollments, sends, heldOut, engagement), language));
        }
        var launched = chains.Select(c => c.Key).ToHashSet();
        var gallery = ChainGallery.All.Select(s => new ScenarioModel
        {
            Key = s.Key,
            Name = ru ? s.NameRu : s.NameEn,
            Description = ru ? s.DescriptionRu : s.DescriptionEn,
            Trigger = ChainDescriber.Trigger(s.Chain.Trigger, language),
            Steps = s.Chain.Steps.Select(step => ChainDescriber.Step(s.Chain, step, language)).ToList(),
            Launched = launched.Contains(s.Chain.Key),
            CannotLaunchReason = ChainService.WhyNotStartable(s.Chain, _customerSettings, _rewardPointsSettings)
        }).OrderByDescending(s => s.CanLaunch).ToList();
        return new ChainListModel { Chains = rows, Gallery = gallery };
    }

    public virtual async Task<ChainDetailModel> PrepareDetailAsync(string key, ChainEditModel edit = null, IList<string> editErrors = null)
    {
        var chain = await _chainService.GetAsync(key);
        if (chain is null)
            return null;
        var language = await LanguageAsync();
        var compiled = await _chainService.GetCompiledAsync(chain.Key, chain.CurrentVersion);
        var definition = compiled.Definition;
        var input = KpiInput(key, await EnrollmentCountsAsync(key), await SendCountsAsync(key), await HeldOutCountsAsync(key), await EngagementCountsAsync(key));
        var active = (int)EnrollmentStatus.Active;
        var current = chain.CurrentVersion;
        var waiting = await _enrollmentRepository.Table.Where(e => e.ChainKey == key && e.Status == active && e.Version == current)
            .GroupBy(e => e.StepIndex).Select(g => new WaitingCount(key, g.Key, g.LongCount())).ToListAsync();
        var steps = definition.Steps.Select((step, index) =>
        {
            var counts = input.Steps.FirstOrDefault(s => s.StepId == step.Id);
            return new ChainStepModel
            {
                Number = index + 1, Id = step.Id, Text = ChainDescriber.Step(definition, step, language),
                Sent = counts.Sent, Cancelled = counts.Cancelled, Expired = counts.Expired, HeldOut = counts.HeldOut,
                Delivered = counts.Delivered, Opened = counts.Opened, Clicked = counts.Clicked,
                Waiting = waiting.Where(w => w.StepIndex == index).Sum(w => w.Count)
            };
        }).ToList();
        var versions = await _versionRepository.Table.Where(v => v.ChainKey == key).OrderByDescending(v => v.Version)
            .Select(v => new { v.Version, v.CreatedOnUtc }).ToListAsync();
        var activeByVersion = await _enrollmentRepository.Table.Where(e => e.ChainKey == key && e.Status == active)
            .GroupBy(e => e.Version).Select(g => new { Version = g.Key, Count = g.LongCount() }).ToListAsync();
        var recent = await _decisionRepository.Table.Where(d => d.ChainKey == key).OrderByDescending(d => d.Id).Take(50).ToListAsync();
        var pending = ChainActionStates.Pending;
        var problems = await _actionRepository.Table.Where(a => a.ChainKey == key && a.State == pending && a.Attempts > 0)
            .OrderByDescending(a => a.Attempts).Take(50).ToListAsync();
        return new ChainDetailModel
        {
            Row = Row(chain, compiled, input, language),
            ReEntry = ChainDescriber.ReEntry(definition.ReEntry, language),
            Marketing = definition.Marketing,
            Goals = definition.ExitGoals.Select(g => ChainDescriber.Goal(g, language)).ToList(),
            Steps = steps,
            Versions = versions.Select(v => (v.Version, v.CreatedOnUtc, activeByVersion.Where(a => a.Version == v.Version).Sum(a => a.Count))).ToList(),
            Recent = recent.Select(d => Entry(d, language)).ToList(),
            Problems = problems.Select(a => new ChainActionProblemModel(a.Id, a.StepId, a.Kind, a.Attempts, a.NextAttemptOnUtc, a.LastError, a.CustomerId)).ToList(),
            Edit = edit ?? EditModel(definition),
            EditErrors = editErrors ?? []
        };
    }

    protected virtual TimelineEntryModel Entry(FlockChainDecision d, string language) =>
        new(d.CreatedOnUtc, "decision", d.ChainKey, d.StepId,
            ChainExplainer.Reason((ChainReason)d.Reason, language.StartsWith("ru", StringComparison.OrdinalIgnoreCase)) + (string.IsNullOrEmpty(d.Detail) ? "" : $" ({d.Detail})"),
            d.CustomerId);

    public static ChainEditModel EditModel(ChainDefinition definition) => new()
    {
        Key = definition.Key,
        Name = definition.Name,
        HoldoutPercent = Math.Round(definition.HoldoutShare * 100, 2),
        ReEntryDays = definition.ReEntry.Kind == ReEntryKind.OncePerDays ? definition.ReEntry.Days : 0,
        ReEntryEveryTrigger = definition.ReEntry.Kind == ReEntryKind.EveryTrigger,
        Steps = definition.Steps.Select(step => step switch
        {
            WaitStep w => new ChainStepEditModel { Id = w.Id, Kind = "wait", Minutes = (int)w.Duration.TotalMinutes },
            WaitUntilStep u => new ChainStepEditModel { Id = u.Id, Kind = "until", LocalTime = u.LocalTime.ToString("HH:mm", CultureInfo.InvariantCulture) },
            SendStep s => new ChainStepEditModel { Id = s.Id, Kind = "send", Template = s.Template, Minutes = (int)s.ExpiresAfter.TotalMinutes },
            CouponStep c => new ChainStepEditModel { Id = c.Id, Kind = "coupon", Percent = c.Percent, ValidDays = c.ValidDays },
            PointsStep p => new ChainStepEditModel { Id = p.Id, Kind = "points", Points = p.Points, ValidDays = p.ValidDays },
            _ => new ChainStepEditModel { Id = step.Id, Kind = "fixed" }
        }).ToList()
    };

    /// <summary>
    /// The edit applied to the current definition (structure unchanged; the engine validates the result when it is
    /// saved). Every field the form shows is required: an emptied or unreadable field is a problem with its path, never a
    /// silent default (an empty holdout would switch measurement off, an empty re-entry turn "once a week" into "once ever").
    /// </summary>
    public static ChainDefinition Apply(ChainDefinition definition, ChainEditModel edit)
    {
        var problems = new List<global::Flock.Engine.Common.Problem>();
        void Require(bool present, string path, string what) { if (!present) problems.Add(new(path, $"enter {what}")); }
        var byId = (edit.Steps ?? []).Where(s => s?.Id is not null).GroupBy(s => s.Id).ToDictionary(g => g.Key, g => g.First());
        ChainStep Edited(ChainStep step)
        {
            if (!byId.TryGetValue(step.Id, out var e))
                return step;
            var path = $"steps[{step.Id}]";
            switch (step)
            {
                case WaitStep w:
                    Require(e.Minutes is not null, path + ".minutes", "the wait in minutes");
                    return e.Minutes is { } wait ? w with { Duration = TimeSpan.FromMinutes(wait) } : w;
                case WaitUntilStep u:
                    if (TimeOnly.TryParseExact(e.LocalTime?.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
                        return u with { LocalTime = t };
                    problems.Add(new(path + ".localTime", $"'{e.LocalTime}' is not a time of day (HH:mm)"));
                    return u;
                case SendStep s:
                    Require(!string.IsNullOrWhiteSpace(e.Template), path + ".template", "the message template's name");
                    Require(e.Minutes is not null, path + ".minutes", "how long the message stays worth sending, in minutes");
                    return s with
                    {
                        Template = string.IsNullOrWhiteSpace(e.Template) ? s.Template : e.Template.Trim(),
                        ExpiresAfter = e.Minutes is { } worth ? TimeSpan.FromMinutes(worth) : s.ExpiresAfter
                    };
                case CouponStep c:
                    Require(e.Percent is not null, path + ".percent", "the coupon's percent");
                    Require(e.ValidDays is not null, path + ".validDays", "how many days the coupon is valid");
                    return c with { Percent = e.Percent ?? c.Percent, ValidDays = e.ValidDays ?? c.ValidDays };
                case PointsStep p:
                    Require(e.Points is not null, path + ".points", "the points");
                    return p with { Points = e.Points ?? p.Points, ValidDays = e.ValidDays };
                default:
                    return step;
            }
        }
        Require(!string.IsNullOrWhiteSpace(edit.Name), "name", "a name");
        Require(edit.HoldoutPercent is not null, "holdoutPercent", "the holdout share (0 switches measurement off)");
        Require(edit.ReEntryEveryTrigger || edit.ReEntryDays is not null, "reEntryDays", "after how many days a customer may enter again (0: once ever)");
        var steps = definition.Steps.Select(Edited).ToList();
        if (problems.Count > 0)
            throw new global::Flock.Engine.Common.FlockValidationException("chain", problems);
        return definition with
        {
            Name = edit.Name.Trim(),
            HoldoutShare = edit.HoldoutPercent!.Value / 100,
            ReEntry = edit.ReEntryEveryTrigger ? ReEntryPolicy.EveryTrigger : edit.ReEntryDays > 0 ? ReEntryPolicy.OncePer(edit.ReEntryDays!.Value) : ReEntryPolicy.OnceEver,
            Steps = steps
        };
    }

    public virtual async Task<CustomerTimelineModel> PrepareTimelineAsync(int customerId, int max = 200)
    {
        var customer = await _customerService.GetCustomerByIdAsync(customerId);
        var language = await LanguageAsync();
        var ru = language.StartsWith("ru", StringComparison.OrdinalIgnoreCase);
        var entries = new List<TimelineEntryModel>();
        var activities = await _activityRepository.Table.Where(a => a.CustomerId == customerId).OrderByDescending(a => a.Id).Take(max).ToListAsync();
        entries.AddRange(activities.Select(a => new TimelineEntryModel(a.CreatedOnUtc, "activity", null, null,
            ChainDescriber.Trigger(new ChainTrigger { Kind = (ChainTriggerKind)a.Kind }, language) + (a.EntityId > 0 ? $" #{a.EntityId}" : ""))));
        var decisions = await _decisionRepository.Table.Where(d => d.CustomerId == customerId).OrderByDescending(d => d.Id).Take(max).ToListAsync();
        entries.AddRange(decisions.Select(d => Entry(d, language)));
        var actions = await _actionRepository.Table.Where(a => a.CustomerId == customerId).OrderByDescending(a => a.Id).Take(max).ToListAsync();
        entries.AddRange(actions.Select(a => new TimelineEntryModel(a.DoneOnUtc ?? a.CreatedOnUtc, "action", a.ChainKey, a.StepId,
            $"{a.Kind}: {a.State}" + (a.Attempts > 0 ? (ru ? $", попыток {a.Attempts}" : $", {a.Attempts} attempt(s)") : "") + (string.IsNullOrEmpty(a.LastError) ? "" : $" — {a.LastError}"))));
        var enrollments = await _enrollmentRepository.Table.Where(e => e.CustomerId == customerId).OrderByDescending(e => e.Id).Take(max).ToListAsync();
        var log = await _enrollmentService.GetDecisionsAsync(customerId);
        var rows = new List<EnrollmentRowModel>();
        foreach (var e in enrollments)
        {
            var chain = await _chainService.GetCompiledAsync(e.ChainKey, e.Version);
            var stepId = e.StepIndex < chain.StepCount ? chain.Step(e.StepIndex).Id : chain.StepCount > 0 ? chain.Step(chain.StepCount - 1).Id : "";
            rows.Add(new EnrollmentRowModel(e.ChainKey, e.Version, e.TriggerKey, e.IsHoldout, ((EnrollmentStatus)e.Status).ToString()
                + (e.EndReason != 0 ? " — " + ChainExplainer.Reason((ChainReason)e.EndReason, ru) : ""),
                e.StepIndex + 1, e.EnrolledOnUtc, e.DueOnUtc, ChainExplainer.WhyStep(log, e.ChainKey, stepId, language, e.TriggerKey)));
        }
        return new CustomerTimelineModel
        {
            CustomerId = customerId,
            Customer = customer is null ? $"#{customerId}" : await _customerService.GetCustomerFullNameAsync(customer) is { Length: > 0 } name ? name : $"#{customerId}",
            Email = await _factsService.RecipientEmailAsync(customer),
            Entries = entries.OrderByDescending(x => x.At).Take(max).ToList(),
            Enrollments = rows
        };
    }
}
