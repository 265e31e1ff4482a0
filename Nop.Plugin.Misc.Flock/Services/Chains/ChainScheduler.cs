using Flock.Engine.Chains;
using Flock.Engine.Common;
using Flock.Engine.Messaging;
using Nop.Plugin.Misc.Flock.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Services.Behaviour;
using Nop.Plugin.Misc.Flock.Services.Messaging;
using Nop.Services.Configuration;
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
    protected readonly ISettingService _settingService;
    protected readonly ActivityService _activityService;
    protected readonly ChainActionExecutor _actionExecutor;
    protected readonly ChainCouponService _couponService;
    protected readonly ChainFactsService _factsService;
    protected readonly ChainService _chainService;
    protected readonly ContactGateService _contactGate;
    protected readonly EnrollmentService _enrollmentService;

    protected readonly Behaviour.AccountJoinService _accountJoinService;
    protected readonly ScheduledTriggerService _scheduledTriggers;

    public ChainScheduler(FlockSettings flockSettings,
        ICustomerService customerService,
        ILogger logger,
        ISettingService settingService,
        ActivityService activityService,
        ChainActionExecutor actionExecutor,
        ChainCouponService couponService,
        ChainFactsService factsService,
        ChainService chainService,
        ContactGateService contactGate,
        EnrollmentService enrollmentService,
        Behaviour.AccountJoinService accountJoinService,
        ScheduledTriggerService scheduledTriggers)
    {
        _scheduledTriggers = scheduledTriggers;
        _accountJoinService = accountJoinService;
        _flockSettings = flockSettings;
        _customerService = customerService;
        _logger = logger;
        _settingService = settingService;
        _activityService = activityService;
        _actionExecutor = actionExecutor;
        _couponService = couponService;
        _factsService = factsService;
        _chainService = chainService;
        _contactGate = contactGate;
        _enrollmentService = enrollmentService;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, ContactPressure> Pressures = new();
    private static DateTime _nextPurgeUtc = DateTime.MinValue;
    /// <summary>How often one node runs retention (it is batched; a busy store catches up over several runs).</summary>
    public static readonly TimeSpan PurgeInterval = TimeSpan.FromMinutes(30);

    /// <summary>The contact-pressure policy every chain of a store shares, from that store's settings (built once per distinct value).</summary>
    public virtual async Task<ContactPressure> PressureAsync(int storeId)
    {
        var settings = await _settingService.LoadSettingAsync<FlockSettings>(storeId);
        var key = $"{settings.ChainEmailsPerDay}|{settings.ChainEmailsPerWeek}|{settings.ChainQuietHoursFrom}|{settings.ChainQuietHoursTo}";
        if (Pressures.TryGetValue(key, out var pressure))
            return pressure;
        var (policy, problem) = PolicyOf(settings);
        if (problem is not null)
            await _logger.WarningAsync($"Flock: store {storeId}: {problem}");
        if (Pressures.Count > 64)
            Pressures.Clear();
        return Pressures.GetOrAdd(key, new ContactPressure(policy));
    }

    /// <summary>
    /// The settings as a policy. Quiet hours that do not read as "HH:mm" fall back to the defaults (21:00–09:00), never
    /// to none: a typo must not let messages out at night. Equal or both empty values switch quiet hours off.
    /// </summary>
    public static (ContactPressurePolicy Policy, string Problem) PolicyOf(FlockSettings settings)
    {
        var caps = new List<FrequencyCap>();
        if (settings.ChainEmailsPerDay > 0) caps.Add(new FrequencyCap(Channel.Email, settings.ChainEmailsPerDay, TimeSpan.FromDays(1)));
        if (settings.ChainEmailsPerWeek > 0) caps.Add(new FrequencyCap(Channel.Email, settings.ChainEmailsPerWeek, TimeSpan.FromDays(7)));
        string problem = null;
        QuietHours quiet = null;
        if (!(string.IsNullOrWhiteSpace(settings.ChainQuietHoursFrom) && string.IsNullOrWhiteSpace(settings.ChainQuietHoursTo)))
        {
            var culture = System.Globalization.CultureInfo.InvariantCulture;
            if (TimeOnly.TryParseExact(settings.ChainQuietHoursFrom?.Trim(), "HH:mm", culture, System.Globalization.DateTimeStyles.None, out var from)
                && TimeOnly.TryParseExact(settings.ChainQuietHoursTo?.Trim(), "HH:mm", culture, System.Globalization.DateTimeStyles.None, out var to))
                quiet = from == to ? null : new QuietHours(from, to);
            else
            {
                var defaults = new FlockSettings();
                quiet = new QuietHours(TimeOnly.ParseExact(defaults.ChainQuietHoursFrom, "HH:mm", culture), TimeOnly.ParseExact(defaults.ChainQuietHoursTo, "HH:mm", culture));
                problem = $"quiet hours '{settings.ChainQuietHoursFrom}'–'{settings.ChainQuietHoursTo}' are not HH:mm; the defaults {defaults.ChainQuietHoursFrom}–{defaults.ChainQuietHoursTo} apply until they are fixed";
            }
        }
        return (new ContactPressurePolicy { Caps = caps, QuietHours = quiet }, problem);
    }

    public sealed record RunResult(int Enrolled, int Advanced, int ActionsDone);

    /// <summary>One run; each phase stands alone, so a failure in one (logged) never keeps the others from running.</summary>
    public virtual async Task<RunResult> RunAsync(DateTime? nowUtc = null)
    {
        await PhaseAsync("finding dates and segment entries", () => _scheduledTriggers.FindAsync(nowUtc ?? DateTime.UtcNow));
        var enrolled = await PhaseAsync("enrolling", () => EnrollFromActivityAsync(nowUtc ?? DateTime.UtcNow));
        var advanced = await PhaseAsync("advancing", () => AdvanceDueAsync(nowUtc ?? DateTime.UtcNow));
        var done = await PhaseAsync("carrying out actions", () => _actionExecutor.ExecuteDueAsync(nowUtc ?? DateTime.UtcNow));
        var now = nowUtc ?? DateTime.UtcNow;
        if (nowUtc is not null || _nextPurgeUtc <= now)
        {
            _nextPurgeUtc = now.Add(PurgeInterval);
            var days = Math.Max(1, _flockSettings.ActivityRetentionDays);
            await PhaseAsync("purging activity", () => _activityService.PurgeAsync(now, days));
            await PhaseAsync("purging chain history", async () => await _enrollmentService.PurgeAsync(now, days, await EnrollmentWindowsAsync()));
            await PhaseAsync("retiring chain coupons", () => _couponService.RetireExpiredAsync(now));
        }
        return new RunResult(enrolled, advanced, done);
    }

    /// <summary>How long each chain's ended enrollments must be kept (the engine's <see cref="ReEntryPolicy.DaysOfHistoryNeeded"/>); chains that need them for good are not listed.</summary>
    protected virtual async Task<IReadOnlyDictionary<string, int>> EnrollmentWindowsAsync()
    {
        var windows = new Dictionary<string, int>();
        foreach (var chain in await _chainService.GetAllAsync())
        {
            if ((await _chainService.GetCompiledAsync(chain.Key, chain.CurrentVersion)).Definition.ReEntry.DaysOfHistoryNeeded is { } keep)
                windows[chain.Key] = keep;
        }
        return windows;
    }

    protected virtual async Task<int> PhaseAsync(string name, Func<Task<int>> phase)
    {
        try
        {
            return await phase();
        }
        catch (Exception exception)
        {
            await _logger.ErrorAsync($"Flock: chains: {name} failed; the next run tries again", exception);
            return 0;
        }
    }

    /// <summary>Offers unhandled activities, oldest first, to every live chain; marks them handled afterwards (a crash re-offers them, harmlessly).</summary>
    public virtual async Task<int> EnrollFromActivityAsync(DateTime nowUtc)
    {
        //a burst (a sale, a crawler on the catalog) is worked through in one run, not 500 a minute
        var enrolled = 0;
        for (var round = 0; round < MaxEnrollRounds; round++)
        {
            var (offered, entered) = await EnrollBatchAsync();
            enrolled += entered;
            if (offered < BatchSize)
                break;
        }
        return enrolled;
    }

    /// <summary>How many batches of activity one run takes at most (the next run goes on).</summary>
    public const int MaxEnrollRounds = 20;

    protected virtual async Task<(int Offered, int Enrolled)> EnrollBatchAsync()
    {
        var activities = await _activityService.GetUnhandledAsync(BatchSize);
        if (activities.Count == 0)
            return (0, 0);
        var allLive = await _chainService.GetLiveAsync();
        var live = allLive.Where(c => activities.Any(a => a.Kind == (int)c.Compiled.Definition.Trigger.Kind)).ToList();
        var paidBy = new HashSet<int>();
        var enrolled = 0;
        var offered = new List<FlockActivity>(activities.Count);
        var joinedGuests = new HashSet<int>();
        foreach (var activity in activities)
        {
            //read as a guest's before that guest signed in: it is the account's now, and offered as such in the next batch
            if (joinedGuests.Contains(activity.CustomerId))
                continue;
            if (activity.Kind == (int)ChainTriggerKind.SignedIn && activity.EntityId > 0)
            {
                try
                {
                    await _accountJoinService.JoinAsync(activity.EntityId, activity.CustomerId, DateTime.UtcNow);
                    joinedGuests.Add(activity.EntityId);
                }
                catch (Exception exception)
                {
                    //the sign-in and everything after it stay unhandled: the next run joins again from this row
                    await _logger.WarningAsync($"Flock: guest {activity.EntityId} could not be joined to customer {activity.CustomerId} (signed in); the next run tries again: {exception.Message}");
                    break;
                }
            }
            offered.Add(activity);
            if (activity.Kind == (int)ChainTriggerKind.OrderPaid)
                paidBy.Add(activity.CustomerId);
            foreach (var (row, chain) in live)
            {
                if (activity.Kind != (int)chain.Definition.Trigger.Kind || (row.StoreId != 0 && row.StoreId != activity.StoreId))
                    continue;
                try
                {
                    if (await EnrollAsync(row, chain, activity))
                        enrolled++;
                }
                catch (Exception exception)
                {
                    //one bad chain or customer never holds up the others; the activity is not offered to this chain again
                    await _logger.WarningAsync($"Flock: activity {activity.Id} could not enter chain {row.Key}: {exception.Message}");
                }
            }
        }
        await _activityService.MarkHandledAsync(offered);
        await _scheduledTriggers.RecordSegmentsOfBuyersAsync(paidBy, allLive.Select(c => c.Compiled.Definition.Trigger));
        //a batch cut short (a join to retry, a joined guest's rows) ends this run's rounds: the next run goes on
        return (offered.Count == activities.Count ? activities.Count : 0, enrolled);
    }

    /// <summary>The occurrence an activity stands for: the order for order triggers, one per customer for once-ever chains, else the activity itself.</summary>
    public static string OccurrenceKey(CompiledChain chain, FlockActivity activity) =>
        chain.Definition.ReEntry.Kind == ReEntryKind.OnceEver ? "once"
        : chain.Definition.Trigger.Kind is ChainTriggerKind.OrderPaid or ChainTriggerKind.OrderPlaced ? $"order:{activity.EntityId}"
        : ScheduledTriggers.IsScheduled(chain.Definition.Trigger.Kind) && !string.IsNullOrEmpty(activity.Text) ? activity.Text
        : $"activity:{activity.Id}";

    protected virtual async Task<bool> EnrollAsync(FlockChain row, CompiledChain chain, FlockActivity activity)
    {
        var customer = await _customerService.GetCustomerByIdAsync(activity.CustomerId);
        //a date or segment reaches customers who did nothing today: not the deactivated ones
        if (customer is null || customer.Deleted || (!customer.Active && ScheduledTriggers.IsScheduled((ChainTriggerKind)activity.Kind)))
            return false;
        var at = new DateTimeOffset(DateTime.SpecifyKind(activity.CreatedOnUtc, DateTimeKind.Utc));
        var scheduled = ScheduledOccurrence.Parse((ChainTriggerKind)activity.Kind, customer.Id, activity.Text, activity.CreatedOnUtc);
        var trigger = new ChainTriggerEvent
        {
            Kind = (ChainTriggerKind)activity.Kind, CustomerId = customer.Id, InstanceKey = OccurrenceKey(chain, activity), At = at,
            Days = scheduled?.Days, Segment = scheduled?.Segment
        };
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

    /// <summary>
    /// One enrollment, in one transaction that first takes the customer's contact gate, then their address's: the sends
    /// read for contact pressure include those another node records for another chain of the same customer this very
    /// moment, a send recorded for another customer record with the same address is seen before this one decides, and
    /// the actions (sends with their address key), the new state and the log are written together or not at all.
    /// </summary>
    protected virtual async Task<bool> AdvanceAsync(FlockEnrollment row, string token, DateTime nowUtc)
    {
        var chainRow = await _chainService.GetAsync(row.ChainKey);
        var chain = await _chainService.GetCompiledAsync(row.ChainKey, row.Version);
        var customer = await _customerService.GetCustomerByIdAsync(row.CustomerId);
        var pressure = await PressureAsync(row.StoreId);
        var recipientKey = _factsService.RecipientKey(await _factsService.RecipientEmailAsync(customer));
        var addressGate = recipientKey is null ? (int?)null : ContactGateService.AddressGateId(recipientKey);
        await _contactGate.EnsureAsync(row.CustomerId);
        if (addressGate is { } ensured)
            await _contactGate.EnsureAsync(ensured);
        using var transaction = FlockTransaction.Begin();
        if (!await _contactGate.LockAsync(row.CustomerId))
            throw new InvalidOperationException($"the contact gate of customer {row.CustomerId} is gone (erased meanwhile?); retried");
        if (addressGate is { } locked && !await _contactGate.LockAsync(locked))
            throw new InvalidOperationException($"the address gate of customer {row.CustomerId} is gone; retried");
        var facts = await _factsService.ReadAsync(chain, chainRow, row, customer);
        var sent = await _factsService.RecentSendsAsync(row.CustomerId, nowUtc);
        var advance = ChainRunner.Advance(chain, ToEngine(row), facts, pressure, sent, new DateTimeOffset(DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc)));
        if (!await _enrollmentService.SaveAsync(row, token, advance, recipientKey))
            return false; //no longer ours: rolled back
        transaction.Complete();
        return true;
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
