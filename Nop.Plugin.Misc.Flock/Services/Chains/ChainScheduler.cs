using Flock.Engine.Chains;
using Flock.Engine.Common;
using Flock.Engine.Messaging;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Services.Behaviour;
using Nop.Services.Customers;
using Nop.Services.Logging;

namespace Nop.Plugin.Misc.Flock.Services.Chains;

/// <summary>
/// One run of the chain scheduler, safe on any number of web-farm nodes at once: (1) offers new activities to the live
/// chains as triggers (an enrollment is unique per chain, customer and occurrence, so two nodes offering the same
/// activity enroll it once); (2) leases the enrollments that are due and runs each as far as it can go with the live
/// facts of this moment, recording actions under their keys before the state (see <see cref="EnrollmentService.SaveAsync"/>);
/// (3) carries out the recorded actions (<see cref="ChainActionExecutor"/>).
/// </summary>
public class ChainScheduler
{
    public const int BatchSize = 500;
    protected static readonly TimeSpan LeaseTime = TimeSpan.FromMinutes(2);

    protected readonly FlockSettings _flockSettings;
    protected readonly ICustomerService _customerService;
    protected readonly ILogger _logger;
    protected readonly ActivityService _activityService;
    protected readonly ChainActionExecutor _actionExecutor;
    protected readonly ChainFactsService _factsService;
    protected readonly ChainService _chainService;
    protected readonly EnrollmentService _enrollmentService;

    public ChainScheduler(FlockSettings flockSettings,
        ICustomerService customerService,
        ILogger logger,
        ActivityService activityService,
        ChainActionExecutor actionExecutor,
        ChainFactsService factsService,
        ChainService chainService,
        EnrollmentService enrollmentService)
    {
        _flockSettings = flockSettings;
        _customerService = customerService;
        _logger = logger;
        _activityService = activityService;
        _actionExecutor = actionExecutor;
        _factsService = factsService;
        _chainService = chainService;
        _enrollmentService = enrollmentService;
    }

    private static (string Key, ContactPressure Pressure) _pressure;

    /// <summary>The contact-pressure policy every chain shares, from the settings (built once per distinct value).</summary>
    public virtual ContactPressure Pressure
    {
        get
        {
            var key = $"{_flockSettings.ChainEmailsPerDay}|{_flockSettings.ChainEmailsPerWeek}|{_flockSettings.ChainQuietHoursFrom}|{_flockSettings.ChainQuietHoursTo}";
            var cached = _pressure;
            if (cached.Key == key)
                return cached.Pressure;
            var pressure = new ContactPressure(PolicyOf(_flockSettings));
            _pressure = (key, pressure);
            return pressure;
        }
    }

    /// <summary>The settings as a policy; a malformed quiet-hours value means none (the settings page validates it).</summary>
    public static ContactPressurePolicy PolicyOf(FlockSettings settings)
    {
        var caps = new List<FrequencyCap>();
        if (settings.ChainEmailsPerDay > 0) caps.Add(new FrequencyCap(Channel.Email, settings.ChainEmailsPerDay, TimeSpan.FromDays(1)));
        if (settings.ChainEmailsPerWeek > 0) caps.Add(new FrequencyCap(Channel.Email, settings.ChainEmailsPerWeek, TimeSpan.FromDays(7)));
        var quiet = TimeOnly.TryParse(settings.ChainQuietHoursFrom, System.Globalization.CultureInfo.InvariantCulture, out var from)
            && TimeOnly.TryParse(settings.ChainQuietHoursTo, System.Globalization.CultureInfo.InvariantCulture, out var to) && from != to
            ? new QuietHours(from, to) : null;
        return new ContactPressurePolicy { Caps = caps, QuietHours = quiet };
    }

    public sealed record RunResult(int Enrolled, int Advanced, int ActionsDone);

    public virtual async Task<RunResult> RunAsync(DateTime? nowUtc = null)
    {
        var enrolled = await EnrollFromActivityAsync(nowUtc ?? DateTime.UtcNow);
        var advanced = await AdvanceDueAsync(nowUtc ?? DateTime.UtcNow);
        var done = await _actionExecutor.ExecuteDueAsync(nowUtc ?? DateTime.UtcNow);
        await _activityService.PurgeAsync(nowUtc ?? DateTime.UtcNow, Math.Max(1, _flockSettings.ActivityRetentionDays));
        return new RunResult(enrolled, advanced, done);
    }

    /// <summary>Offers unhandled activities, oldest first, to every live chain; marks them handled afterwards (a crash re-offers them, harmlessly).</summary>
    public virtual async Task<int> EnrollFromActivityAsync(DateTime nowUtc)
    {
        var activities = await _activityService.GetUnhandledAsync(BatchSize);
        if (activities.Count == 0)
            return 0;
        var live = (await _chainService.GetLiveAsync()).Where(c => activities.Any(a => a.Kind == (int)c.Compiled.Definition.Trigger.Kind)).ToList();
        var enrolled = 0;
        foreach (var activity in activities)
            foreach (var (row, chain) in live)
            {
                if (activity.Kind != (int)chain.Definition.Trigger.Kind || (row.StoreId != 0 && row.StoreId != activity.StoreId))
                    continue;
                if (await EnrollAsync(row, chain, activity))
                    enrolled++;
            }
        await _activityService.MarkHandledAsync(activities.Select(a => a.Id).ToList());
        return enrolled;
    }

    /// <summary>The occurrence an activity stands for: the order for order triggers, one per customer for once-ever chains, else the activity itself.</summary>
    public static string OccurrenceKey(CompiledChain chain, FlockActivity activity) =>
        chain.Definition.ReEntry.Kind == ReEntryKind.OnceEver ? "once"
        : chain.Definition.Trigger.Kind is ChainTriggerKind.OrderPaid or ChainTriggerKind.OrderPlaced ? $"order:{activity.EntityId}"
        : $"activity:{activity.Id}";

    protected virtual async Task<bool> EnrollAsync(FlockChain row, CompiledChain chain, FlockActivity activity)
    {
        var customer = await _customerService.GetCustomerByIdAsync(activity.CustomerId);
        if (customer is null || customer.Deleted)
            return false;
        var at = new DateTimeOffset(DateTime.SpecifyKind(activity.CreatedOnUtc, DateTimeKind.Utc));
        var trigger = new ChainTriggerEvent { Kind = (ChainTriggerKind)activity.Kind, CustomerId = customer.Id, InstanceKey = OccurrenceKey(chain, activity), At = at };
        var (lastEntered, occurrenceEntered) = await _enrollmentService.GetEntryHistoryAsync(chain.Key, customer.Id, trigger.InstanceKey);
        var decision = ChainEntry.Decide(chain, trigger, new EntryFacts
        {
            Lifecycle = (ChainLifecycle)row.Lifecycle,
            LastEnteredAt = lastEntered is { } last ? new DateTimeOffset(DateTime.SpecifyKind(last, DateTimeKind.Utc)) : null,
            OccurrenceEntered = occurrenceEntered,
            //a guest with no email yet may still give one at checkout: consent is checked again before every send
            MarketingConsent = !chain.Definition.Marketing || string.IsNullOrEmpty(customer.Email) || await _factsService.MarketingConsentAsync(customer, activity.StoreId),
            Context = chain.Conditions is null ? null : await _factsService.ReadContextAsync(customer, activity.StoreId),
        }, at);
        //repeated activities a chain does not take (the same cart changed again) are not logged one by one
        if (decision.Enrollment is null)
        {
            if (decision.Reason is not (ChainReason.ReEntryTooSoon or ChainReason.EnteredBefore or ChainReason.AlreadyEnteredForOccurrence))
                await _enrollmentService.LogAsync([decision.Record]);
            return false;
        }
        var e = decision.Enrollment;
        var inserted = await _enrollmentService.InsertOnceAsync(new FlockEnrollment
        {
            ChainKey = e.ChainKey, Version = e.Version, CustomerId = e.CustomerId, TriggerKey = e.TriggerKey, StoreId = activity.StoreId,
            EnrolledOnUtc = e.EnrolledAt.UtcDateTime, IsHoldout = e.IsHoldout, StepIndex = 0, StepEnteredOnUtc = e.StepEnteredAt.UtcDateTime,
            Status = (int)EnrollmentStatus.Active, DueOnUtc = e.EnrolledAt.UtcDateTime
        });
        if (inserted)
            await _enrollmentService.LogAsync([decision.Record]);
        return inserted;
    }

    /// <summary>Leases due enrollments and runs each; a failure gives the row back due again after a back-off.</summary>
    public virtual async Task<int> AdvanceDueAsync(DateTime nowUtc)
    {
        var token = Guid.NewGuid().ToString("N");
        var rows = await _enrollmentService.ClaimDueAsync(nowUtc, BatchSize, token, LeaseTime);
        var advanced = 0;
        foreach (var row in rows)
        {
            try
            {
                if (await AdvanceAsync(row, token, nowUtc))
                    advanced++;
            }
            catch (Exception exception)
            {
                await _enrollmentService.ReleaseAsync(row.Id, token, nowUtc.AddMinutes(5));
                await _logger.WarningAsync($"Flock: chain enrollment {row.Id} ({row.ChainKey}) failed and is retried in 5 minutes: {exception.Message}");
            }
        }
        return advanced;
    }

    protected virtual async Task<bool> AdvanceAsync(FlockEnrollment row, string token, DateTime nowUtc)
    {
        var chainRow = await _chainService.GetAsync(row.ChainKey);
        var chain = await _chainService.GetCompiledAsync(row.ChainKey, row.Version);
        var customer = await _customerService.GetCustomerByIdAsync(row.CustomerId);
        var facts = await _factsService.ReadAsync(chain, chainRow, row, customer);
        if (customer is null || customer.Deleted)
            facts = facts with { Lifecycle = ChainLifecycle.Archived };
        var sent = await _factsService.RecentSendsAsync(row.CustomerId, nowUtc);
        var advance = ChainRunner.Advance(chain, ToEngine(row), facts, Pressure, sent, new DateTimeOffset(DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc)));
        return await _enrollmentService.SaveAsync(row, token, advance);
    }

    public static Enrollment ToEngine(FlockEnrollment row) => new()
    {
        ChainKey = row.ChainKey,
        Version = row.Version,
        CustomerId = row.CustomerId,
        TriggerKey = row.TriggerKey,
        EnrolledAt = new DateTimeOffset(DateTime.SpecifyKind(row.EnrolledOnUtc, DateTimeKind.Utc)),
        IsHoldout = row.IsHoldout,
        StepIndex = row.StepIndex,
        StepEnteredAt = new DateTimeOffset(DateTime.SpecifyKind(row.StepEnteredOnUtc, DateTimeKind.Utc)),
        Status = (EnrollmentStatus)row.Status,
        EndReason = (ChainReason)row.EndReason,
        EndedAt = row.EndedOnUtc is { } ended ? new DateTimeOffset(DateTime.SpecifyKind(ended, DateTimeKind.Utc)) : null,
    };
}
