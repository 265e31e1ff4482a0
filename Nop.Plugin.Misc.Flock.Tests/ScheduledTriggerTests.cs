using Flock.Engine.Chains;
using Flock.Engine.Segments;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Payments;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Services.Chains;
using Nop.Plugin.Misc.Flock.Services.Segments;
using Nop.Plugin.Misc.Flock.Tests.Infrastructure;
using Nop.Services.Configuration;
using Nop.Services.Helpers;
using Nop.Services.Orders;

namespace Nop.Plugin.Misc.Flock.Tests;

/// <summary>
/// The triggers no request raises, on nopCommerce's real orders and customers: win-back, the first order's anniversary
/// and the birthday found by the task's scan (each occurrence once, however often it scans), segment entries from the
/// recorded segments (the baseline enters nobody, a move enters once), and each becoming an enrollment of the chain.
/// </summary>
[Collection(NopCollection.Name)]
public class ScheduledTriggerTests : IAsyncLifetime
{
    private readonly NopFixture _fixture;

    public ScheduledTriggerTests(NopFixture fixture) => _fixture = fixture;

    public async Task InitializeAsync()
    {
        await _fixture.EnsureInstalledAsync();
        await ChainSchedulerTests.ContactPressureAsync(_fixture.Host.NewRequest(), emailsPerDay: 0);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A gallery chain under its own key with another trigger, nobody held out, live.</summary>
    internal static async Task<string> LaunchAsync(FlockServiceProvider requests, string scenario, ChainTrigger trigger)
    {
        var key = scenario[..Math.Min(scenario.Length, 12)] + "-" + Guid.NewGuid().ToString("N")[..8];
        var gallery = ChainGallery.Find(scenario)!.Chain;
        var steps = gallery.Steps.Select(s => s is SendStep send ? send with { Template = ChainGallery.TemplateName(scenario, s.Id) } : s).ToArray();
        await requests.Get<ChainService>().CreateAsync(gallery with { Key = key, HoldoutShare = 0, Steps = steps, Trigger = trigger }, 0, ChainLifecycle.Live);
        return key;
    }

    internal static async Task PaidOrderAtAsync(FlockServiceProvider requests, Customer customer, DateTime createdUtc, decimal total = 100)
    {
        var order = await ConsumerLoopTests.NewOrderAsync(requests, customer, null);
        order.PaymentStatus = PaymentStatus.Paid;
        order.OrderTotal = total;
        order.CreatedOnUtc = createdUtc;
        await requests.Get<IOrderService>().UpdateOrderAsync(order);
    }

    internal static List<FlockActivity> ActivitiesOf(FlockServiceProvider requests, Customer customer, ChainTriggerKind kind) =>
        requests.Get<IRepository<FlockActivity>>().Table.Where(a => a.CustomerId == customer.Id && a.Kind == (int)kind).ToList();

    internal static List<FlockEnrollment> EnrollmentsOf(FlockServiceProvider requests, string chainKey) =>
        requests.Get<IRepository<FlockEnrollment>>().Table.Where(e => e.ChainKey == chainKey).ToList();

    [Fact]
    public async Task Win_back_enrolls_the_customer_whose_last_paid_order_is_the_days_old_once_however_often_the_task_scans()
    {
        var requests = _fixture.Host.NewRequest();
        var days = Random.Shared.Next(1000, 3000); //a trigger of its own: its scan mark is new, so the first scan reaches a day back
        var key = await LaunchAsync(requests, "win-back", new ChainTrigger { Kind = ChainTriggerKind.LastOrderAged, Days = days });
        var now = DateTime.UtcNow;
        var lapsed = await ChainSchedulerTests.SubscribedCustomerAsync(requests, "Lapsed");
        await PaidOrderAtAsync(requests, lapsed, now.AddDays(-days).AddHours(-3));
        var back = await ChainSchedulerTests.SubscribedCustomerAsync(requests, "Cameback"); //lapsed too, but ordered again since
        await PaidOrderAtAsync(requests, back, now.AddDays(-days).AddHours(-3));
        await PaidOrderAtAsync(requests, back, now.AddDays(-10));
        var pending = await ChainSchedulerTests.SubscribedCustomerAsync(requests, "Pendingback"); //lapsed, but placed an order since that is not paid yet
        await PaidOrderAtAsync(requests, pending, now.AddDays(-days).AddHours(-3));
        var unpaid = await ConsumerLoopTests.NewOrderAsync(requests, pending, null);
        unpaid.CreatedOnUtc = now.AddDays(-5);
        await requests.Get<IOrderService>().UpdateOrderAsync(unpaid);
        var early = await ChainSchedulerTests.SubscribedCustomerAsync(requests, "Notyet"); //reaches the days tomorrow
        await PaidOrderAtAsync(requests, early, now.AddDays(-days).AddDays(1));

        var scheduler = _fixture.Host.NewRequest().Get<ChainScheduler>();
        await scheduler.RunAsync(now);
        await _fixture.Host.NewRequest().Get<ChainScheduler>().RunAsync(now.AddMinutes(5)); //too soon to scan again
        await _fixture.Host.NewRequest().Get<ChainScheduler>().RunAsync(now.AddHours(2)); //scans the two hours since

        var activity = Assert.Single(ActivitiesOf(requests, lapsed, ChainTriggerKind.LastOrderAged));
        Assert.StartsWith($"aged:{days}:", activity.Text);
        Assert.Empty(ActivitiesOf(requests, back, ChainTriggerKind.LastOrderAged));
        Assert.Empty(ActivitiesOf(requests, pending, ChainTriggerKind.LastOrderAged));
        var enrollment = Assert.Single(EnrollmentsOf(requests, key));
        Assert.Equal((lapsed.Id, activity.Text), (enrollment.CustomerId, enrollment.TriggerKey));

        //the day after, the other one reaches the days: found by the scan of that hour
        await _fixture.Host.NewRequest().Get<ChainScheduler>().RunAsync(now.AddDays(1).AddHours(1));
        Assert.Single(ActivitiesOf(requests, early, ChainTriggerKind.LastOrderAged));
        Assert.Equal([lapsed.Id, early.Id], EnrollmentsOf(requests, key).Select(e => e.CustomerId).Order().ToArray());
    }

    [Fact]
    public async Task The_birthday_chain_launches_only_where_the_store_asks_for_the_date_and_greets_on_the_customers_day()
    {
        var requests = _fixture.Host.NewRequest();
        var settings = requests.Get<ISettingService>();
        var customerSettings = await settings.LoadSettingAsync<CustomerSettings>();
        customerSettings.DateOfBirthEnabled = false;
        await settings.SaveSettingAsync(customerSettings);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => _fixture.Host.NewRequest().Get<ChainService>().LaunchScenarioAsync("birthday"));
        Assert.Contains("date of birth", refused.Message, StringComparison.OrdinalIgnoreCase);

        customerSettings.DateOfBirthEnabled = true;
        await settings.SaveSettingAsync(customerSettings);
        requests = _fixture.Host.NewRequest();
        var key = await LaunchAsync(requests, "birthday", new ChainTrigger { Kind = ChainTriggerKind.Birthday });
        await requests.Get<IRepository<FlockTriggerScan>>().DeleteAsync(s => s.Key == "birthday"); //the first scan of this run reaches a day back

        var now = DateTime.UtcNow;
        var celebrant = await ChainSchedulerTests.SubscribedCustomerAsync(requests, "Celebrant");
        var zone = await requests.Get<IDateTimeHelper>().GetCustomerTimeZoneAsync(celebrant);
        var today = TimeZoneInfo.ConvertTimeFromUtc(now, zone).Date; //today where the customer is: its start is within the day a first scan reaches back
        celebrant.DateOfBirth = today.AddYears(-30);
        var other = await ChainSchedulerTests.SubscribedCustomerAsync(requests, "Otherday");
        other.DateOfBirth = today.AddYears(-30).AddDays(10);
        var repository = requests.Get<IRepository<Customer>>();
        await repository.UpdateAsync(celebrant);
        await repository.UpdateAsync(other);

        await _fixture.Host.NewRequest().Get<ChainScheduler>().RunAsync(now);
        await _fixture.Host.NewRequest().Get<ChainScheduler>().RunAsync(now.AddHours(3));

        var activity = Assert.Single(ActivitiesOf(requests, celebrant, ChainTriggerKind.Birthday));
        Assert.Equal($"birthday:{today.Year}", activity.Text);
        Assert.Equal(ScheduledTriggers.StartOfDayUtc(DateOnly.FromDateTime(today), zone), DateTime.SpecifyKind(activity.CreatedOnUtc, DateTimeKind.Utc));
        Assert.Empty(ActivitiesOf(requests, other, ChainTriggerKind.Birthday));
        Assert.Equal(celebrant.Id, Assert.Single(EnrollmentsOf(requests, key)).CustomerId);
    }

    [Fact]
    public async Task The_first_orders_anniversary_is_found_for_the_customers_first_paid_order_only()
    {
        var requests = _fixture.Host.NewRequest();
        var key = await LaunchAsync(requests, "first-order-anniversary", new ChainTrigger { Kind = ChainTriggerKind.FirstOrderAnniversary });
        await requests.Get<IRepository<FlockTriggerScan>>().DeleteAsync(s => s.Key == "anniversary");
        var now = DateTime.UtcNow;
        var loyal = await ChainSchedulerTests.SubscribedCustomerAsync(requests, "Anniv");
        await PaidOrderAtAsync(requests, loyal, now.AddYears(-1));
        await PaidOrderAtAsync(requests, loyal, now.AddMonths(-2));
        var later = await ChainSchedulerTests.SubscribedCustomerAsync(requests, "Annivlater"); //their first order was a month later
        await PaidOrderAtAsync(requests, later, now.AddYears(-1).AddMonths(1));

        await _fixture.Host.NewRequest().Get<ChainScheduler>().RunAsync(now);

        var activity = Assert.Single(ActivitiesOf(requests, loyal, ChainTriggerKind.FirstOrderAnniversary));
        Assert.StartsWith("anniversary:", activity.Text);
        Assert.Empty(ActivitiesOf(requests, later, ChainTriggerKind.FirstOrderAnniversary));
        Assert.Equal(loyal.Id, Assert.Single(EnrollmentsOf(requests, key)).CustomerId);
    }

    [Fact]
    public async Task A_customer_moved_into_a_segment_enters_the_chain_once_and_the_baseline_enters_nobody()
    {
        var requests = _fixture.Host.NewRequest();
        var buyer = await ChainSchedulerTests.SubscribedCustomerAsync(requests, "Segmover");
        await PaidOrderAtAsync(requests, buyer, DateTime.UtcNow.AddHours(-1), 900);
        var segments = requests.Get<SegmentService>();
        await segments.RebuildAsync();
        var current = segments.ScoreFromCache(buyer.Id, 1, 900, DateTime.UtcNow.AddHours(-1))!.Value.Segment;
        var segmentKey = RfmSegments.Key(current);
        var key = await LaunchAsync(requests, "best-invite-friends", new ChainTrigger { Kind = ChainTriggerKind.SegmentEntered, Segment = segmentKey });

        //the daily recording, claimed afresh: the buyer's first recording is the baseline when the store has none yet
        var marks = requests.Get<IRepository<FlockTriggerScan>>();
        await marks.DeleteAsync(s => s.Key == SegmentEntryService.DailyMark || s.Key == SegmentEntryService.BaselineMark);
        var entries = requests.Get<SegmentEntryService>();
        var listened = new HashSet<string> { segmentKey };
        var model = await segments.EnsureModelAsync();
        await entries.RecordEveryoneAsync(model, listened, DateTime.UtcNow);
        Assert.Empty(ActivitiesOf(requests, buyer, ChainTriggerKind.SegmentEntered));
        var rows = requests.Get<IRepository<FlockCustomerSegment>>();
        Assert.Equal((int)current, rows.Table.Single(r => r.CustomerId == buyer.Id).Segment);
        Assert.Equal(0, await entries.RecordCustomersAsync([buyer.Id], listened, DateTime.UtcNow));

        //recorded elsewhere before (another segment): the paid order's rescoring moves them in, once
        var elsewhere = current == RfmSegment.Lost ? RfmSegment.Sleeping : RfmSegment.Lost;
        var row = rows.Table.Single(r => r.CustomerId == buyer.Id);
        row.Segment = (int)elsewhere;
        await rows.UpdateAsync(row, publishEvent: false);
        Assert.Equal(1, await entries.RecordCustomersAsync([buyer.Id], listened, DateTime.UtcNow));
        Assert.Equal(0, await entries.RecordCustomersAsync([buyer.Id], listened, DateTime.UtcNow));
        var activity = Assert.Single(ActivitiesOf(requests, buyer, ChainTriggerKind.SegmentEntered));
        Assert.Equal($"segment:{segmentKey}:{DateTime.UtcNow:yyyyMMdd}", activity.Text);

        await _fixture.Host.NewRequest().Get<ChainScheduler>().EnrollFromActivityAsync(DateTime.UtcNow);
        var enrollment = Assert.Single(EnrollmentsOf(requests, key));
        Assert.Equal((buyer.Id, activity.Text), (enrollment.CustomerId, enrollment.TriggerKey));

        //the daily recording of a later day finds the same kind of move for everyone at once
        row = rows.Table.Single(r => r.CustomerId == buyer.Id);
        row.Segment = (int)elsewhere;
        await rows.UpdateAsync(row, publishEvent: false);
        var mark = marks.Table.Single(s => s.Key == SegmentEntryService.DailyMark);
        Assert.Equal(0, await entries.RecordEveryoneAsync(model, listened, DateTime.UtcNow.AddHours(2))); //claimed once a day
        Assert.True(await entries.RecordEveryoneAsync(model, listened, mark.ScannedToUtc.AddDays(1)) >= 1);
        Assert.Equal(2, ActivitiesOf(requests, buyer, ChainTriggerKind.SegmentEntered).Count);
        Assert.Equal((int)current, rows.Table.Single(r => r.CustomerId == buyer.Id).Segment);
        //a segment no chain listens to moves the row and writes nothing
        row = rows.Table.Single(r => r.CustomerId == buyer.Id);
        row.Segment = (int)elsewhere;
        await rows.UpdateAsync(row, publishEvent: false);
        Assert.Equal(0, await entries.RecordCustomersAsync([buyer.Id], new HashSet<string> { "vip" }, DateTime.UtcNow));
        Assert.Equal((int)current, rows.Table.Single(r => r.CustomerId == buyer.Id).Segment);
    }

    [Fact]
    public async Task Erasing_the_customer_erases_their_recorded_segment()
    {
        var requests = _fixture.Host.NewRequest();
        var customer = await ChainSchedulerTests.SubscribedCustomerAsync(requests, "Segerase");
        var rows = requests.Get<IRepository<FlockCustomerSegment>>();
        await rows.InsertAsync(new FlockCustomerSegment { CustomerId = customer.Id, Segment = (int)RfmSegment.Best, SinceUtc = DateTime.UtcNow }, publishEvent: false);
        await requests.Get<Nop.Plugin.Misc.Flock.Services.CustomerDataService>().EraseAsync(customer.Id);
        Assert.False(rows.Table.Any(r => r.CustomerId == customer.Id));
    }
}
