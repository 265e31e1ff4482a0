using System.Diagnostics;
using Flock.Engine.Referrals.Offers;
using Flock.Engine.Referrals.Rewards;
using Flock.Engine.Referrals.Rewards.Ledger;
using Microsoft.Extensions.DependencyInjection;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Discounts;
using Nop.Core.Domain.Messages;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Services;
using Nop.Plugin.Misc.Flock.Tests.Infrastructure;
using Xunit.Abstractions;
using Nop.Plugin.Misc.Flock.Services.Referrals;

namespace Nop.Plugin.Misc.Flock.Tests;

/// <summary>
/// The ledger and the insert-once keys under real parallel transactions, on PostgreSQL: every racer is its own request
/// (its own DI scope; every statement on its own pooled connection, as in the store), all released together once each
/// has its services in hand, so they meet at the database. What must hold is what the store promises: one grant per
/// reward however many events, approvals or task runs arrive at once; a revocation racing a grant is never lost; a
/// unique key gives one row and no exception. (<see cref="LedgerConcurrencyTests"/> forces the same races one
/// interleaving at a time on the test base's single SQLite connection.)
/// </summary>
[Collection(NopCollection.Name)]
[Trait(PostgresFactAttribute.Trait, PostgresFactAttribute.PostgreSQL)]
public class PostgresConcurrencyTests : IAsyncLifetime
{
    private const int Racers = 16;

    private readonly NopFixture _fixture;
    private readonly ITestOutputHelper _output;

    static PostgresConcurrencyTests()
    {
        // nopCommerce's services block on async work in places: enough pool threads that the racers start at once
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 4 * Racers), Math.Max(io, 4 * Racers));
    }

    public PostgresConcurrencyTests(NopFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    public Task InitializeAsync() => TestDatabase.IsPostgres ? _fixture.EnsureInstalledAsync() : Task.CompletedTask;

    public Task DisposeAsync() => Task.CompletedTask;

    #region Racing

    private sealed record Outcome<T>(T Value, Exception Error);

    /// <summary>How long the racers may take to get their services in hand, and then to run.</summary>
    private static readonly TimeSpan PrepareLimit = TimeSpan.FromMinutes(1), RaceLimit = TimeSpan.FromMinutes(3);

    /// <summary>
    /// <paramref name="racers"/> requests at once: each gets its own DI scope and prepares its work (resolving services),
    /// then all are released together. Exceptions are returned, not thrown, so a test can say none leaked. A race over
    /// its limit is not left running: racers still waiting to start are called off, the database connections of the
    /// ones still running are ended (so their transactions roll back and their connections go back to the pool instead
    /// of starving the tests after this one), and the race fails with a TimeoutException.
    /// </summary>
    private async Task<IReadOnlyList<Outcome<T>>> RaceAsync<T>(int racers, Func<int, FlockServiceProvider, Func<Task<T>>> prepare)
    {
        var ready = 0;
        var allReady = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watch = Stopwatch.StartNew();
        var racing = Enumerable.Range(0, racers).Select(i => Task.Run(async () =>
        {
            using var scope = _fixture.Host.ServiceProvider.CreateScope();
            Func<Task<T>> work = null;
            Exception failed = null;
            try
            {
                work = prepare(i, new FlockServiceProvider(scope.ServiceProvider));
            }
            catch (Exception exception)
            {
                failed = exception;
            }
            if (Interlocked.Increment(ref ready) == racers)
                allReady.TrySetResult();
            await go.Task; //cancelled when the race is called off: the racer ends here and gives its scope back
            if (failed is not null)
                return new Outcome<T>(default, failed);
            try
            {
                return new Outcome<T>(await work(), null);
            }
            catch (Exception exception)
            {
                return new Outcome<T>(default, exception);
            }
        })).ToArray();
        var all = Task.WhenAll(racing);

        if (await Task.WhenAny(allReady.Task, Task.Delay(PrepareLimit)) != allReady.Task)
        {
            go.TrySetCanceled();
            await CallOffAsync(all, $"only {Volatile.Read(ref ready)} of {racers} racers got their services within {PrepareLimit.TotalSeconds:0} s");
        }
        var prepared = watch.Elapsed;
        go.SetResult();
        if (await Task.WhenAny(all, Task.Delay(RaceLimit)) != all)
            await CallOffAsync(all, $"{racing.Count(t => !t.IsCompleted)} of {racers} racers were still running after {RaceLimit.TotalSeconds:0} s");
        _output.WriteLine($"race of {racers}: prepared in {prepared.TotalSeconds:0.0} s, ran in {(watch.Elapsed - prepared).TotalSeconds:0.0} s");
        return await all;
    }

    /// <summary>Ends a race over its limit: the racers' database connections are ended, they are given a moment to unwind, and the race fails.</summary>
    private async Task CallOffAsync(Task racers, string why)
    {
        var ended = TestDatabase.EndOtherConnections();
        var unwound = await Task.WhenAny(racers, Task.Delay(TimeSpan.FromSeconds(30))) == racers;
        throw new TimeoutException($"race called off: {why}; {ended} database connection(s) ended, the racers {(unwound ? "unwound" : "did not unwind within 30 s")}");
    }

    private Task<IReadOnlyList<Outcome<bool>>> RaceActionsAsync(int racers, Func<int, FlockServiceProvider, Func<Task>> prepare) =>
        RaceAsync<bool>(racers, (i, requests) =>
        {
            var work = prepare(i, requests);
            return async () =>
            {
                await work();
                return true;
            };
        });

    private static void NoneFailed<T>(IEnumerable<Outcome<T>> outcomes)
    {
        var errors = outcomes.Where(o => o.Error is not null).Select(o => o.Error.ToString()).ToList();
        Assert.True(errors.Count == 0, $"{errors.Count} racer(s) failed:\n{string.Join("\n---\n", errors.Take(3))}");
    }

    #endregion

    #region Fixtures

    private static RewardIntent Intent(int? orderId, int beneficiary, string policy, RewardValue reward, bool manual, int returnWindowDays) => new()
    {
        CauseKey = orderId is int id ? CauseKeys.FriendOrder(id, policy, beneficiary) : CauseKeys.Visit($"v{Guid.NewGuid():N}"[..20], policy, beneficiary),
        PolicyId = policy,
        BeneficiaryCustomerId = beneficiary,
        Role = BeneficiaryRole.Referrer,
        Reward = reward,
        EarnedAt = DateTimeOffset.UtcNow,
        OrderId = orderId,
        OrderAmount = orderId is null ? 0m : 100m,
        ReturnWindowDays = returnWindowDays,
        RequiresManualApproval = manual
    };

    private static string NewPolicy(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..12];

    /// <summary>A friend's order of its own (so an order event reaches only this test's rewards), paid at <paramref name="paidOnUtc"/>.</summary>
    private async Task<Order> NewPaidOrderAsync(DateTime paidOnUtc)
    {
        var requests = _fixture.Host.NewRequest();
        var friend = await ConsumerLoopTests.NewCustomerAsync(requests, "Racefriend", "Kazan", "3 Bauman");
        var order = await ConsumerLoopTests.NewOrderAsync(requests, friend, null);
        order.PaymentStatus = PaymentStatus.Paid;
        order.OrderStatus = OrderStatus.Processing;
        order.PaidDateUtc = paidOnUtc;
        await requests.Get<IRepository<Order>>().UpdateAsync(order, false);
        return order;
    }

    /// <summary>The reward rows of <paramref name="intents"/>, recorded as the placement records them (pending).</summary>
    private async Task<List<FlockReward>> RecordAsync(params RewardIntent[] intents)
    {
        var requests = _fixture.Host.NewRequest();
        Assert.Equal(intents.Length, await requests.Get<RewardLedgerService>().RecordAsync(intents, null, 1, DateTimeOffset.UtcNow));
        var rewards = requests.Get<RewardService>();
        var rows = new List<FlockReward>();
        foreach (var intent in intents)
            rows.Add(await rewards.GetByCauseKeyAsync(intent.CauseKey));
        return rows;
    }

    private Task<FlockReward> ReloadAsync(FlockReward row) => _fixture.Host.NewRequest().Get<RewardService>().GetByIdAsync(row.Id);

    private List<RewardPointsHistory> PointsOf(Customer customer) =>
        _fixture.Host.NewRequest().Get<IRepository<RewardPointsHistory>>().Table.Where(h => h.CustomerId == customer.Id).ToList();

    /// <summary>The reward's entries in the store, by the markers Flock writes in their messages.</summary>
    private List<RewardPointsHistory> PointsOf(FlockReward row)
    {
        var marker = $"[flock:{row.Id}:";
        return _fixture.Host.NewRequest().Get<IRepository<RewardPointsHistory>>().Table
            .Where(h => h.CustomerId == row.BeneficiaryCustomerId && h.Message.Contains(marker)).ToList();
    }

    private List<Discount> DiscountsWithCode(string code) =>
        code is null ? [] : _fixture.Host.NewRequest().Get<IRepository<Discount>>().Table.Where(d => d.CouponCode == code).ToList();

    private List<FlockOffer> GuardsOf(FlockReward row) =>
        _fixture.Host.NewRequest().Get<IRepository<FlockOffer>>().Table.Where(o => o.RewardId == row.Id).ToList();

    private static RewardHistory History(FlockReward row) => RewardEntryJson.Read(row.EntryJson).History;

    /// <summary>Granted once, in the ledger and in the store: one Granted transition, one coupon or one points entry, nothing left to do.</summary>
    private async Task AssertGrantedOnceAsync(FlockReward recorded, RewardValue reward)
    {
        var row = await ReloadAsync(recorded);
        Assert.Equal(nameof(RewardState.Granted), row.State);
        Assert.False(row.NeedsFulfilment, $"reward {row.Id}: effects left undone ({row.LastError})");
        Assert.Single(History(row), t => t.To == RewardState.Granted);
        switch (reward)
        {
            case PointsReward points:
                var entry = Assert.Single(PointsOf(row));
                Assert.Equal(points.Points, entry.Points);
                Assert.Equal(entry.Id, row.GrantedPointsHistoryId);
                break;
            case CouponReward:
                var discount = Assert.Single(DiscountsWithCode(row.GrantedCouponCode));
                Assert.True(discount.IsActive);
                Assert.Equal(discount.Id, row.GrantedDiscountId);
                Assert.Equal(discount.Id, Assert.Single(GuardsOf(row)).DiscountId);
                break;
        }
    }

    #endregion

    private Task ChainSettingsAsync(int emailsPerDay) => ChainSchedulerTests.ContactPressureAsync(_fixture.Host.NewRequest(), emailsPerDay);

    /// <summary>An executor that dies right after nopCommerce queued the email, before the action is marked done.</summary>
    /// <summary>A node advancing one enrollment it holds the lease of.</summary>
    private sealed class RowAdvancer : Nop.Plugin.Misc.Flock.Services.Chains.ChainScheduler
    {
        public RowAdvancer(FlockSettings flockSettings, Nop.Services.Customers.ICustomerService customerService, Nop.Services.Logging.ILogger logger,
            Nop.Services.Configuration.ISettingService settingService, Nop.Plugin.Misc.Flock.Services.Behaviour.ActivityService activityService,
            Nop.Plugin.Misc.Flock.Services.Chains.ChainActionExecutor actionExecutor, Nop.Plugin.Misc.Flock.Services.Chains.ChainCouponService couponService,
            Nop.Plugin.Misc.Flock.Services.Chains.ChainFactsService factsService, Nop.Plugin.Misc.Flock.Services.Chains.ChainService chainService,
            Nop.Plugin.Misc.Flock.Services.Messaging.ContactGateService contactGate, Nop.Plugin.Misc.Flock.Services.Chains.EnrollmentService enrollmentService,
            Nop.Plugin.Misc.Flock.Services.Behaviour.AccountJoinService accountJoinService, Nop.Plugin.Misc.Flock.Services.Chains.ScheduledTriggerService scheduledTriggers)
            : base(flockSettings, customerService, logger, settingService, activityService, actionExecutor, couponService, factsService, chainService, contactGate, enrollmentService,
                accountJoinService, scheduledTriggers)
        {
        }

        public Task<bool> AdvanceLeasedAsync(FlockEnrollment row, string token, DateTime nowUtc) => AdvanceAsync(row, token, nowUtc);
    }

    private sealed class CrashingExecutor : Nop.Plugin.Misc.Flock.Services.Chains.ChainActionExecutor
    {
        public CrashingExecutor(Nop.Core.Domain.Messages.EmailAccountSettings emailAccountSettings, Nop.Services.Customers.ICustomerService customerService,
            Nop.Services.Messages.IEmailAccountService emailAccountService, Nop.Services.Localization.ILanguageService languageService, Nop.Services.Logging.ILogger logger,
            Nop.Services.Messages.IMessageTemplateService messageTemplateService,
            Nop.Services.Messages.IMessageTokenProvider messageTokenProvider, IRepository<FlockChainAction> actionRepository, IRepository<FlockEnrollment> enrollmentRepository,
            Nop.Services.Orders.IRewardPointService rewardPointService, Nop.Services.Stores.IStoreService storeService, Nop.Services.Messages.IWorkflowMessageService workflowMessageService,
            Lazy<Nop.Plugin.Misc.Flock.Services.Chains.ChainContentService> contentService,
            Nop.Plugin.Misc.Flock.Services.Chains.ChainCouponService couponService, Nop.Plugin.Misc.Flock.Services.Chains.ChainFactsService factsService,
            Nop.Plugin.Misc.Flock.Services.Chains.ChainService chainService, Nop.Plugin.Misc.Flock.Services.Chains.EnrollmentService enrollmentService,
            Nop.Plugin.Misc.Flock.Services.Chains.UnsubscribeLinks unsubscribeLinks, Nop.Plugin.Misc.Flock.Services.Chains.TrackingLinks trackingLinks,
            Nop.Services.Messages.IQueuedEmailService queuedEmailService)
            : base(emailAccountSettings, customerService, emailAccountService, languageService, logger, messageTemplateService, messageTokenProvider, actionRepository,
                enrollmentRepository, rewardPointService, storeService, workflowMessageService, contentService, couponService, factsService, chainService, enrollmentService,
                unsubscribeLinks, trackingLinks, queuedEmailService)
        {
        }

        protected override async Task<Outcome> SendAsync(FlockChainAction action, DateTime nowUtc)
        {
            await base.SendAsync(action, nowUtc);
            throw new IOException("the node died after queuing the email");
        }
    }

    [PostgresFact]
    public async Task Many_nodes_scanning_a_date_trigger_and_rescoring_a_buyer_at_once_write_each_occurrence_once()
    {
        var requests = _fixture.Host.NewRequest();
        var days = Random.Shared.Next(3000, 3600);
        var trigger = new global::Flock.Engine.Chains.ChainTrigger { Kind = global::Flock.Engine.Chains.ChainTriggerKind.LastOrderAged, Days = days };
        var now = DateTime.UtcNow;
        var lapsed = await ChainSchedulerTests.SubscribedCustomerAsync(requests, "Racelapsed");
        await ScheduledTriggerTests.PaidOrderAtAsync(requests, lapsed, now.AddDays(-days).AddHours(-2));

        var scans = await RaceAsync<int>(Racers, (_, racer) =>
        {
            var dates = racer.Get<Nop.Plugin.Misc.Flock.Services.Chains.DateTriggerService>();
            return () => dates.ScanAsync(trigger, now);
        });
        Assert.All(scans, s => Assert.Null(s.Error));
        Assert.Equal(1, scans.Sum(s => s.Value));
        Assert.Single(ScheduledTriggerTests.ActivitiesOf(requests, lapsed, global::Flock.Engine.Chains.ChainTriggerKind.LastOrderAged));

        //the buyer's recorded segment is another one: every node rescoring them moves the row, one of them writes the entry
        var segments = requests.Get<Nop.Plugin.Misc.Flock.Services.Segments.SegmentService>();
        await segments.RebuildAsync();
        var entries = requests.Get<Nop.Plugin.Misc.Flock.Services.Segments.SegmentEntryService>();
        await requests.Get<IRepository<FlockTriggerScan>>().DeleteAsync(s => s.Key == Nop.Plugin.Misc.Flock.Services.Segments.SegmentEntryService.DailyMark
            || s.Key == Nop.Plugin.Misc.Flock.Services.Segments.SegmentEntryService.BaselineMark);
        await entries.RecordEveryoneAsync(await segments.EnsureModelAsync(), new HashSet<string>(), now); //the daily recording, claimed afresh
        var rows = requests.Get<IRepository<FlockCustomerSegment>>();
        var row = rows.Table.Single(r => r.CustomerId == lapsed.Id);
        var current = row.Segment;
        row.Segment = current == (int)global::Flock.Engine.Segments.RfmSegment.Best ? (int)global::Flock.Engine.Segments.RfmSegment.Loyal : (int)global::Flock.Engine.Segments.RfmSegment.Best;
        await rows.UpdateAsync(row, publishEvent: false);
        var listened = new HashSet<string> { global::Flock.Engine.Segments.RfmSegments.Key((global::Flock.Engine.Segments.RfmSegment)current) };
        var moves = await RaceAsync<int>(Racers, (_, racer) =>
        {
            var service = racer.Get<Nop.Plugin.Misc.Flock.Services.Segments.SegmentEntryService>();
            return () => service.RecordCustomersAsync([lapsed.Id], listened, now);
        });
        Assert.All(moves, m => Assert.Null(m.Error));
        Assert.Equal(1, moves.Sum(m => m.Value));
        Assert.Single(ScheduledTriggerTests.ActivitiesOf(requests, lapsed, global::Flock.Engine.Chains.ChainTriggerKind.SegmentEntered));
        Assert.Equal(current, rows.Table.Single(r => r.CustomerId == lapsed.Id).Segment);
    }

    [PostgresFact]
    public async Task Many_nodes_finding_one_price_drop_at_once_tell_each_customer_once()
    {
        var requests = _fixture.Host.NewRequest();
        var scans = requests.Get<Nop.Plugin.Misc.Flock.Services.Chains.ProductTriggerService>();
        var product = new Nop.Core.Domain.Catalog.Product
        {
            Name = "Race watched", ProductType = Nop.Core.Domain.Catalog.ProductType.SimpleProduct, Price = 100, Published = true, VisibleIndividually = true,
            OrderMinimumQuantity = 1, OrderMaximumQuantity = 10, CreatedOnUtc = DateTime.UtcNow, UpdatedOnUtc = DateTime.UtcNow,
        };
        await requests.Get<Nop.Services.Catalog.IProductService>().InsertProductAsync(product);
        var now = Nop.Plugin.Misc.Flock.Services.Chains.TriggerScanMarks.Exact(DateTime.UtcNow);
        var listened = new HashSet<global::Flock.Engine.Chains.ChainTriggerKind> { global::Flock.Engine.Chains.ChainTriggerKind.PriceDropped };
        await scans.RecordDifferencesAsync(baseline: true, null, now, listened);
        var viewer = await ChainSchedulerTests.SubscribedCustomerAsync(requests, "Raceviewer");
        await requests.Get<IRepository<FlockActivity>>().InsertAsync(new FlockActivity
        {
            CustomerId = viewer.Id, StoreId = 1, Kind = (int)global::Flock.Engine.Chains.ChainTriggerKind.ProductViewed, EntityId = product.Id,
            CreatedOnUtc = now.AddMinutes(1), Handled = true
        }, publishEvent: false);
        product.Price = 70;
        await requests.Get<Nop.Services.Catalog.IProductService>().UpdateProductAsync(product);

        //every node read the same record and finds the same drop: one moves the record on and tells it
        var told = await RaceAsync<int>(Racers, (_, racer) =>
        {
            var service = racer.Get<Nop.Plugin.Misc.Flock.Services.Chains.ProductTriggerService>();
            return () => service.RecordDifferencesAsync(baseline: false, now.AddMinutes(2), now.AddMinutes(6), listened); //the view came before the scan at +2 that saw 100
        });
        Assert.All(told, t => Assert.Null(t.Error));
        Assert.Single(ScheduledTriggerTests.ActivitiesOf(requests, viewer, global::Flock.Engine.Chains.ChainTriggerKind.PriceDropped));
        Assert.Equal(70m, requests.Get<IRepository<FlockProductState>>().Table.Single(s => s.ProductId == product.Id).Price);
    }

    [PostgresFact]
    public async Task A_node_that_dies_after_queuing_an_email_leaves_nothing_and_the_retry_sends_it_once()
    {
        await ChainSettingsAsync(0);
        var requests = _fixture.Host.NewRequest();
        var key = await ChainSchedulerTests.LaunchCartChainAsync(requests);
        var customer = await ChainSchedulerTests.SubscribedCustomerAsync(requests, "Crash");
        await ChainSchedulerTests.AddToCartAsync(requests, customer);
        var start = DateTime.UtcNow;
        var scheduler = _fixture.Host.NewRequest().Get<Nop.Plugin.Misc.Flock.Services.Chains.ChainScheduler>();
        await scheduler.EnrollFromActivityAsync(start);
        await scheduler.AdvanceDueAsync(start);
        await _fixture.Host.NewRequest().Get<Nop.Plugin.Misc.Flock.Services.Chains.ChainScheduler>().AdvanceDueAsync(start.AddMinutes(61));
        var action = requests.Get<IRepository<FlockChainAction>>().Table.Single(a => a.ChainKey == key && a.StepId == "reminder");

        var crashing = ActivatorUtilities.CreateInstance<CrashingExecutor>(_fixture.Host.NewRequest());
        Assert.False(await crashing.ExecuteAsync(action.Id, start.AddMinutes(61)));
        Assert.Empty(ChainSchedulerTests.EmailsTo(requests, customer)); // the queued email went with the transaction
        var failed = requests.Get<IRepository<FlockChainAction>>().Table.Single(a => a.Id == action.Id);
        Assert.Equal(Nop.Plugin.Misc.Flock.Services.Chains.ChainActionStates.Pending, failed.State);
        Assert.Equal(1, failed.Attempts);
        Assert.Contains("died", failed.LastError);

        await _fixture.Host.NewRequest().Get<Nop.Plugin.Misc.Flock.Services.Chains.ChainActionExecutor>().ExecuteDueAsync(failed.NextAttemptOnUtc);
        Assert.Single(ChainSchedulerTests.EmailsTo(requests, customer));
        await _fixture.Host.NewRequest().Get<Nop.Plugin.Misc.Flock.Services.Chains.ChainActionExecutor>().ExecuteDueAsync(failed.NextAttemptOnUtc.AddMinutes(1));
        Assert.Single(ChainSchedulerTests.EmailsTo(requests, customer));
        await _fixture.Host.NewRequest().Get<Nop.Plugin.Misc.Flock.Services.Chains.ChainService>().SetLifecycleAsync(key, global::Flock.Engine.Chains.ChainLifecycle.Archived);
    }

    [PostgresFact]
    public async Task Two_chains_of_one_customer_advanced_on_many_nodes_at_once_keep_the_daily_cap()
    {
        await ChainSettingsAsync(1);
        try
        {
            var requests = _fixture.Host.NewRequest();
            var first = await ChainSchedulerTests.LaunchCartChainAsync(requests);
            var second = await ChainSchedulerTests.LaunchCartChainAsync(requests);
            var customers = new List<Nop.Core.Domain.Customers.Customer>();
            for (var i = 0; i < 4; i++)
            {
                var customer = await ChainSchedulerTests.SubscribedCustomerAsync(requests, $"Capped{i}");
                await ChainSchedulerTests.AddToCartAsync(requests, customer);
                customers.Add(customer);
            }
            var start = DateTime.UtcNow;
            await _fixture.Host.NewRequest().Get<Nop.Plugin.Misc.Flock.Services.Chains.ChainScheduler>().RunAsync(start);
            foreach (var at in new[] { start.AddMinutes(61), start.AddMinutes(62) })
            {
                var outcomes = await RaceActionsAsync(Racers, (_, racer) =>
                {
                    var scheduler = racer.Get<Nop.Plugin.Misc.Flock.Services.Chains.ChainScheduler>();
                    return () => scheduler.AdvanceDueAsync(at);
                });
                NoneFailed(outcomes);
                await _fixture.Host.NewRequest().Get<Nop.Plugin.Misc.Flock.Services.Chains.ChainScheduler>().RunAsync(at.AddSeconds(1));
            }
            foreach (var customer in customers)
            {
                var emails = ChainSchedulerTests.EmailsTo(requests, customer);
                _output.WriteLine($"{customer.Email}: {emails.Count} emails");
                Assert.Single(emails); // two chains, one email a day
                var enrolled = requests.Get<IRepository<FlockEnrollment>>().Table.Where(e => e.CustomerId == customer.Id && (e.ChainKey == first || e.ChainKey == second)).ToList();
                Assert.Equal(2, enrolled.Count);
                Assert.Contains(enrolled, e => e.DueOnUtc > start.AddHours(20)); // the other reminder waits for room, not dropped
            }
            foreach (var key in new[] { first, second })
                await _fixture.Host.NewRequest().Get<Nop.Plugin.Misc.Flock.Services.Chains.ChainService>().SetLifecycleAsync(key, global::Flock.Engine.Chains.ChainLifecycle.Archived);
        }
        finally
        {
            await ChainSettingsAsync(0);
        }
    }

    [PostgresFact]
    public async Task Records_of_one_address_advanced_on_many_nodes_at_once_get_one_reminder_per_address()
    {
        await ChainSettingsAsync(0);
        var requests = _fixture.Host.NewRequest();
        var key = await ChainSchedulerTests.LaunchCartChainAsync(requests);
        var addresses = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            // an account and two guest sessions that gave its address at checkout, all with a cart left behind
            var account = await ChainSchedulerTests.SubscribedCustomerAsync(requests, $"Shared{i}");
            await ChainSchedulerTests.AddToCartAsync(requests, account);
            for (var g = 0; g < 2; g++)
                await ChainSchedulerTests.AddToCartAsync(requests, await ChainSchedulerTests.GuestWithAddressAsync(requests, account.Email.ToUpperInvariant()));
            addresses.Add(account.Email.ToLowerInvariant());
        }
        var start = DateTime.UtcNow;
        await _fixture.Host.NewRequest().Get<Nop.Plugin.Misc.Flock.Services.Chains.ChainScheduler>().EnrollFromActivityAsync(start);
        var due = start.AddMinutes(61);
        // every due enrollment leased to a node of its own, all advanced at the same moment (one node's batch would take
        // them one after the other)
        var enrollments = requests.Get<IRepository<FlockEnrollment>>();
        var rows = enrollments.Table.Where(e => e.ChainKey == key).OrderBy(e => e.Id).ToList();
        Assert.Equal(12, rows.Count);
        foreach (var row in rows)
        {
            row.LeaseToken = $"node{row.Id}";
            row.LeaseUntilUtc = due.AddMinutes(10);
            await enrollments.UpdateAsync(row, publishEvent: false);
        }
        var outcomes = await RaceAsync<bool>(rows.Count, (i, racer) =>
        {
            var node = ActivatorUtilities.CreateInstance<RowAdvancer>(racer);
            var row = rows[i];
            return () => node.AdvanceLeasedAsync(row, $"node{row.Id}", due);
        });
        NoneFailed(outcomes);
        await _fixture.Host.NewRequest().Get<Nop.Plugin.Misc.Flock.Services.Chains.ChainScheduler>().RunAsync(due.AddMinutes(1));

        var queued = requests.Get<IRepository<QueuedEmail>>();
        foreach (var address in addresses)
        {
            var count = queued.Table.Count(q => q.To.ToLower() == address);
            _output.WriteLine($"{address}: {count} emails");
            Assert.Equal(1, count);
        }
        var ended = requests.Get<IRepository<FlockEnrollment>>().Table.Count(e => e.ChainKey == key && e.EndReason == (int)global::Flock.Engine.Chains.ChainReason.AddressAlreadyServed);
        Assert.Equal(8, ended); // two of each address's three records left before their first message
        await _fixture.Host.NewRequest().Get<Nop.Plugin.Misc.Flock.Services.Chains.ChainService>().SetLifecycleAsync(key, global::Flock.Engine.Chains.ChainLifecycle.Archived);
    }

    [PostgresFact]
    public async Task Chain_scheduler_runs_at_once_on_many_nodes_enroll_once_and_send_each_message_once()
    {
        await ChainSettingsAsync(0);
        var requests = _fixture.Host.NewRequest();
        var key = await ChainSchedulerTests.LaunchCartChainAsync(requests);
        var customers = new List<Nop.Core.Domain.Customers.Customer>();
        for (var i = 0; i < 5; i++)
        {
            var customer = await ChainSchedulerTests.SubscribedCustomerAsync(requests, $"Node{i}");
            await ChainSchedulerTests.AddToCartAsync(requests, customer);
            await ChainSchedulerTests.AddToCartAsync(requests, customer); // the cart changed twice
            customers.Add(customer);
        }
        var start = DateTime.UtcNow;
        foreach (var at in new[] { start, start.AddMinutes(61), start.AddMinutes(61 + 24 * 60 + 1) })
        {
            var outcomes = await RaceActionsAsync(Racers, (_, racer) =>
            {
                var scheduler = racer.Get<Nop.Plugin.Misc.Flock.Services.Chains.ChainScheduler>();
                return () => scheduler.RunAsync(at);
            });
            NoneFailed(outcomes);
            // what a racer recorded but another held at that moment is carried out by the next run
            await _fixture.Host.NewRequest().Get<Nop.Plugin.Misc.Flock.Services.Chains.ChainScheduler>().RunAsync(at.AddSeconds(1));
        }
        var enrollments = requests.Get<IRepository<FlockEnrollment>>().Table.Where(e => e.ChainKey == key).ToList();
        Assert.Equal(5, enrollments.Count);
        foreach (var customer in customers)
        {
            var emails = ChainSchedulerTests.EmailsTo(requests, customer);
            _output.WriteLine($"{customer.Email}: {emails.Count} emails");
            Assert.Equal(2, emails.Count); // the reminder and the coupon, once each
        }
        Assert.Equal(5, requests.Get<IRepository<Nop.Core.Domain.Discounts.Discount>>().Table.Count(d => d.Name.StartsWith("Flock chain " + key)));
        await _fixture.Host.NewRequest().Get<Nop.Plugin.Misc.Flock.Services.Chains.ChainService>().SetLifecycleAsync(key, global::Flock.Engine.Chains.ChainLifecycle.Archived);
    }

    [PostgresFact]
    public async Task Concurrent_order_paid_events_for_one_friend_order_grant_one_coupon_and_one_points_entry()
    {
        for (var round = 0; round < 4; round++)
        {
            var order = await NewPaidOrderAsync(DateTime.UtcNow);
            var beneficiary = await ConsumerLoopTests.NewCustomerAsync(_fixture.Host.NewRequest(), "Racer", "Tula", "1 Race");
            var policy = NewPolicy("paid");
            var points = new PointsReward(25);
            var coupon = new CouponReward(DiscountKind.Percent, 10m, 30);
            var rows = await RecordAsync(
                Intent(order.Id, beneficiary.Id, policy + "p", points, manual: false, returnWindowDays: 0),
                Intent(order.Id, beneficiary.Id, policy + "c", coupon, manual: false, returnWindowDays: 0));

            // the payment event, delivered to many requests (or nodes) at once
            var now = DateTimeOffset.UtcNow;
            var outcomes = await RaceActionsAsync(Racers, (_, requests) =>
            {
                var ledger = requests.Get<RewardLedgerService>();
                return () => ledger.ApplyOrderEventAsync(new OrderPaid { OrderId = order.Id, At = now }, now);
            });

            NoneFailed(outcomes);
            await AssertGrantedOnceAsync(rows[0], points);
            await AssertGrantedOnceAsync(rows[1], coupon);
            Assert.Equal(25, Assert.Single(PointsOf(beneficiary)).Points);
        }
    }

    [PostgresFact]
    public async Task Concurrent_admin_approvals_of_a_manual_approval_reward_grant_once()
    {
        for (var round = 0; round < 8; round++)
        {
            var order = await NewPaidOrderAsync(DateTime.UtcNow);
            var beneficiary = await ConsumerLoopTests.NewCustomerAsync(_fixture.Host.NewRequest(), "Approved", "Tver", "2 Race");
            var policy = NewPolicy("appr");
            var reward = round % 2 == 0 ? (RewardValue)new CouponReward(DiscountKind.FixedAmount, 7m, 30) : new PointsReward(40);
            var row = (await RecordAsync(Intent(order.Id, beneficiary.Id, policy, reward, manual: true, returnWindowDays: 0))).Single();
            var now = DateTimeOffset.UtcNow;
            await _fixture.Host.NewRequest().Get<RewardLedgerService>().ApplyOrderEventAsync(new OrderPaid { OrderId = order.Id, At = now }, now);
            Assert.Equal(nameof(RewardState.Pending), (await ReloadAsync(row)).State); // paid, waiting for an admin

            // every admin on the ledger screen clicks "approve" at once
            var outcomes = await RaceAsync<string>(Racers, (i, requests) =>
            {
                var ledger = requests.Get<RewardLedgerService>();
                return () => ledger.ApplyAdminEventAsync(row, new AdminApproved { CauseKey = row.CauseKey, Actor = $"admin{i}", Reason = "ok", At = now }, now);
            });

            NoneFailed(outcomes);
            var after = await ReloadAsync(row);
            Assert.Single(History(after), t => t.To == RewardState.Approved);
            await AssertGrantedOnceAsync(row, reward);
            Assert.True(PointsOf(beneficiary).Count == (reward is PointsReward ? 1 : 0));
            var messages = outcomes.Select(o => o.Value).Where(m => m is not null).Distinct().ToList();
            _output.WriteLine($"round {round} ({reward.GetType().Name}): {outcomes.Count(o => o.Value is null)} approvals applied or no-ops; refusals: {string.Join(" | ", messages)}");
        }
    }

    [PostgresFact]
    public async Task A_cancel_or_revoke_racing_the_settle_is_never_lost_the_reward_ends_revoked_and_the_store_agrees()
    {
        const int rounds = 24;
        var grantedThenRevoked = 0;
        var grantedNotCarriedOut = 0;
        var revokedBeforeGrant = 0;
        var finishedByTheTask = 0;
        for (var round = 0; round < rounds; round++)
        {
            // paid 15 days ago with a 14-day return window: due now
            var paidAt = DateTimeOffset.UtcNow.AddDays(-15);
            var order = await NewPaidOrderAsync(paidAt.UtcDateTime);
            var beneficiary = await ConsumerLoopTests.NewCustomerAsync(_fixture.Host.NewRequest(), "Revoked", "Pskov", "3 Race");
            var policy = NewPolicy("rvk");
            var points = new PointsReward(30);
            var rows = await RecordAsync(
                Intent(order.Id, beneficiary.Id, policy + "p", points, manual: false, returnWindowDays: 14),
                Intent(order.Id, beneficiary.Id, policy + "c", new CouponReward(DiscountKind.Percent, 15m, 30), manual: false, returnWindowDays: 14));
            await _fixture.Host.NewRequest().Get<RewardLedgerService>().ApplyOrderEventAsync(new OrderPaid { OrderId = order.Id, At = paidAt }, paidAt);
            Assert.All(rows, r => Assert.Equal(nameof(RewardState.Pending), ReloadAsync(r).Result.State));

            // the settle task's tick on each row, against the order's cancellation (even rounds) or an admin's revoke (odd)
            var now = DateTimeOffset.UtcNow;
            var byAdmin = round % 2 == 1;
            var outcomes = await RaceActionsAsync(8, (i, requests) =>
            {
                var ledger = requests.Get<RewardLedgerService>();
                var jitter = Random.Shared.Next(0, 20_000 * (round % 4));
                if (i < 2)
                    return async () =>
                    {
                        Thread.SpinWait(jitter);
                        if (!byAdmin)
                            await ledger.ApplyOrderEventAsync(new OrderCancelled { OrderId = order.Id, At = now }, now);
                        else
                            await ledger.ApplyAdminEventAsync(rows[i], new AdminRevoked { CauseKey = rows[i].CauseKey, Actor = "admin", Reason = "fraud", At = now }, now);
                    };
                var row = rows[i % 2];
                return () => ledger.SettleAsync(row.Id, now);
            });
            NoneFailed(outcomes);

            // the decision is final at once; effects a racer found leased are finished by the next task run
            var needTheTask = false;
            foreach (var row in rows)
            {
                var decided = await ReloadAsync(row);
                Assert.Equal(nameof(RewardState.Revoked), decided.State);
                needTheTask |= decided.NeedsFulfilment;
            }
            if (needTheTask)
            {
                finishedByTheTask++;
                await NopTestHost.RunSettleTaskAsync(_fixture.Host.NewRequest());
            }

            foreach (var row in rows)
            {
                var after = await ReloadAsync(row);
                var history = History(after);
                Assert.Equal(nameof(RewardState.Revoked), after.State);
                Assert.False(after.NeedsFulfilment, $"reward {after.Id}: effects left undone ({after.LastError})");
                Assert.Equal(RewardState.Revoked, history[^1].To);
                Assert.Single(history, t => t.To == RewardState.Revoked);
                var grants = history.Count(t => t.To == RewardState.Granted);
                Assert.InRange(grants, 0, 1);
                var granted = grants == 1;
                Assert.Equal(granted, RewardEntryJson.Read(after.EntryJson).IsGranted);
                if (row == rows[0])
                {
                    // points: nothing, or the grant and its reversal (a grant revoked before it was carried out leaves nothing)
                    var entries = PointsOf(after);
                    Assert.Equal(0, entries.Sum(e => e.Points));
                    if (entries.Count > 0)
                    {
                        Assert.True(granted, "points were written for a reward never granted");
                        Assert.Equal(2, entries.Count);
                        Assert.Contains(entries, e => e.Points == points.Points);
                    }
                    if (!granted) revokedBeforeGrant++;
                    else if (entries.Count == 0) grantedNotCarriedOut++;
                    else grantedThenRevoked++;
                }
                else
                {
                    // coupon: none, or the one coupon, switched off
                    var discounts = DiscountsWithCode(after.GrantedCouponCode);
                    Assert.InRange(discounts.Count, 0, 1);
                    Assert.Equal(discounts.Count, GuardsOf(after).Count);
                    Assert.All(discounts, d => Assert.False(d.IsActive, $"reward {after.Id}: its coupon is still active after the revocation"));
                    if (discounts.Count > 0)
                        Assert.True(granted, "a coupon was made for a reward never granted");
                }
            }
            Assert.Equal(0, PointsOf(beneficiary).Sum(p => p.Points));
        }
        _output.WriteLine($"{rounds} rounds, the points reward: granted, carried out and reversed {grantedThenRevoked}; granted and revoked before it was carried out {grantedNotCarriedOut}; " +
            $"revoked before any grant {revokedBeforeGrant}. Effects finished by the next task run in {finishedByTheTask} round(s).");
    }

    [PostgresFact]
    public async Task Two_settle_task_runs_over_the_same_due_batch_grant_every_reward_once()
    {
        for (var round = 0; round < 3; round++)
        {
            var beneficiary = await ConsumerLoopTests.NewCustomerAsync(_fixture.Host.NewRequest(), "Batch", "Oryol", "4 Race");
            var policy = NewPolicy("batch");
            var points = new PointsReward(5);
            var coupon = new CouponReward(DiscountKind.FixedAmount, 3m, 30);
            // rewards tied to no order (due at once), and a friend order's paid 20 days ago (return window passed)
            var paidAt = DateTimeOffset.UtcNow.AddDays(-20);
            var order = await NewPaidOrderAsync(paidAt.UtcDateTime);
            var intents = Enumerable.Range(0, 12).Select(i => Intent(i < 6 ? null : order.Id, beneficiary.Id, $"{policy}{i}", i % 2 == 0 ? points : coupon,
                manual: false, returnWindowDays: i < 6 ? 0 : 14)).ToArray();
            var rows = await RecordAsync(intents);
            await _fixture.Host.NewRequest().Get<RewardLedgerService>().ApplyOrderEventAsync(new OrderPaid { OrderId = order.Id, At = paidAt }, paidAt);
            var due = await _fixture.Host.NewRequest().Get<RewardService>().GetDueAsync(DateTime.UtcNow, 10_000);
            Assert.All(rows, r => Assert.Contains(due, d => d.Id == r.Id));

            // nopCommerce does not lease tasks across web-farm nodes: two nodes run "Flock: settle rewards" at once
            var watch = Stopwatch.StartNew();
            var outcomes = await RaceActionsAsync(2, (_, requests) => () => NopTestHost.RunSettleTaskAsync(requests));
            NoneFailed(outcomes);
            _output.WriteLine($"round {round}: two settle runs over {due.Count} due rows in {watch.ElapsedMilliseconds} ms");

            for (var i = 0; i < rows.Count; i++)
                await AssertGrantedOnceAsync(rows[i], i % 2 == 0 ? points : coupon);
            var entries = PointsOf(beneficiary);
            Assert.Equal(6, entries.Count);
            Assert.Equal(6 * points.Points, entries.Sum(e => e.Points));
        }
    }

    [PostgresFact]
    public async Task Concurrent_insert_once_of_the_same_reward_cause_gives_one_row_and_no_exception()
    {
        for (var round = 0; round < 4; round++)
        {
            var cause = $"order:race:{Guid.NewGuid():N}";
            var inserted = await RaceAsync<(FlockReward Reward, bool Created)>(Racers, (i, requests) =>
            {
                var rewards = requests.Get<RewardService>();
                return () => rewards.InsertOnceAsync(new FlockReward
                {
                    CauseKey = cause, BeneficiaryCustomerId = i + 1, CampaignId = 1, State = "Pending", EntryJson = "{}"
                });
            });
            NoneFailed(inserted);
            Assert.Single(inserted, o => o.Value.Created);
            var row = Assert.Single(_fixture.Host.NewRequest().Get<IRepository<FlockReward>>().Table.Where(r => r.CauseKey == cause).ToList());
            Assert.All(inserted, o => Assert.Equal(row.Id, o.Value.Reward.Id));
            Assert.All(inserted, o => Assert.Equal(row.BeneficiaryCustomerId, o.Value.Reward.BeneficiaryCustomerId));

            // the ledger's record of the same intent, replayed by many requests at once: one new row
            var intent = Intent(null, 1, NewPolicy("ins"), new PointsReward(1), manual: false, returnWindowDays: 0);
            var recorded = await RaceAsync<int>(Racers, (_, requests) =>
            {
                var ledger = requests.Get<RewardLedgerService>();
                return () => ledger.RecordAsync([intent], null, 1, DateTimeOffset.UtcNow);
            });
            NoneFailed(recorded);
            Assert.Equal(1, recorded.Sum(o => o.Value));
            Assert.Single(_fixture.Host.NewRequest().Get<IRepository<FlockReward>>().Table.Where(r => r.CauseKey == intent.CauseKey).ToList());
        }
    }

    [PostgresFact]
    public async Task Concurrent_insert_once_of_referrals_assignments_invitations_referrers_and_offers_gives_one_row_each_and_no_exception()
    {
        for (var round = 0; round < 3; round++)
        {
            // the order's one judgement
            var orderId = 700_000_000 + Random.Shared.Next(100_000_000);
            var referrals = await RaceAsync<(FlockReferral Referral, bool Created)>(Racers, (i, requests) =>
            {
                var service = requests.Get<ReferralService>();
                return () => service.InsertOnceAsync(new FlockReferral
                {
                    OrderId = orderId, FriendCustomerId = 2, ReferrerId = 1, ReferrerCustomerId = 1, CampaignId = 1,
                    Decision = i % 2 == 0 ? ReferralDecisions.Rewarded : ReferralDecisions.Blocked, EvidenceKind = "Coupon", CreatedOnUtc = DateTime.UtcNow
                });
            });
            NoneFailed(referrals);
            Assert.Single(referrals, o => o.Value.Created);
            var referral = Assert.Single(_fixture.Host.NewRequest().Get<IRepository<FlockReferral>>().Table.Where(r => r.OrderId == orderId).ToList());
            Assert.All(referrals, o => Assert.Equal(referral.Id, o.Value.Referral.Id));

            // a shopper's experiment arm
            var shopper = $"shopper-{Guid.NewGuid():N}";
            var assignments = await RaceActionsAsync(Racers, (i, requests) =>
            {
                var service = requests.Get<AssignmentService>();
                return () => service.InsertOnceAsync(shopper, "campaign:1", $"arm{i}");
            });
            NoneFailed(assignments);
            var arms = await _fixture.Host.NewRequest().Get<AssignmentService>().GetForShopperAsync(shopper);
            Assert.StartsWith("arm", Assert.Single(arms).Value);

            // one invitation per referrer and friend
            var referrerId = 600_000_000 + Random.Shared.Next(100_000_000);
            var invitations = await RaceAsync<bool>(Racers, (i, requests) =>
            {
                var service = requests.Get<FriendCouponService>();
                return () => service.TryInsertAsync(new FlockFriendCoupon
                {
                    ReferrerId = referrerId, FriendCustomerId = 7, DiscountId = 0, CouponCode = $"FLFRACE{i}", CampaignId = 1, CreatedOnUtc = DateTime.UtcNow
                });
            });
            NoneFailed(invitations);
            Assert.Single(invitations, o => o.Value);
            Assert.Single(await _fixture.Host.NewRequest().Get<FriendCouponService>().GetByReferrerAsync(referrerId));

            // a customer's referrer row (unique customer and code)
            var customerId = 500_000_000 + Random.Shared.Next(100_000_000);
            var referrers = await RaceAsync<FlockReferrer>(Racers, (_, requests) =>
            {
                var service = requests.Get<ReferrerService>();
                return () => service.GetOrCreateAsync(customerId, 1, "");
            });
            NoneFailed(referrers);
            var referrer = Assert.Single(_fixture.Host.NewRequest().Get<IRepository<FlockReferrer>>().Table.Where(r => r.CustomerId == customerId).ToList());
            Assert.All(referrers, o => Assert.Equal(referrer.Id, o.Value.Id));

            // a campaign's friend-offer discount, made by the first landings at once: one offer, the losers' discounts deleted
            var offerKey = $"race:{Guid.NewGuid():N}";
            var name = $"Race offer {offerKey}";
            var offers = await RaceAsync<FlockOffer>(Racers, (_, requests) =>
            {
                var service = requests.Get<OfferDiscountService>();
                return () => service.EnsureFriendOfferAsync(new FriendOfferDiscount
                {
                    CampaignId = 1, MotivationId = "race", OfferKey = offerKey, Offer = new FriendOffer()
                }, name);
            });
            NoneFailed(offers);
            var offer = Assert.Single(_fixture.Host.NewRequest().Get<IRepository<FlockOffer>>().Table.Where(o => o.OfferKey == offerKey).ToList());
            Assert.All(offers, o => Assert.Equal(offer.Id, o.Value.Id));
            var discount = Assert.Single(_fixture.Host.NewRequest().Get<IRepository<Discount>>().Table.Where(d => d.Name == name).ToList());
            Assert.Equal(offer.DiscountId, discount.Id);
        }
    }
}
