using System.Text.Json;
using Flock.Engine.Referrals.AntiAbuse;
using Nop.Core.Domain.Orders;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Services;
using Nop.Plugin.Misc.Flock.Tests.Infrastructure;
using Nop.Core.Events;
using Nop.Services.Events;
using Nop.Plugin.Misc.Flock.Services.Referrals;
using Nop.Plugin.Misc.Flock.Services.Inbox;

namespace Nop.Plugin.Misc.Flock.Tests;

/// <summary>
/// The durable inbox with nopCommerce's real events and services: an event is recorded before it is acted on (the
/// handler does nothing else), carried out by the worker off the request, retried from the row after a failure,
/// taken again after a holder died, and an order's payment waits for its placement. The thank-you block is prepared
/// there and only read by the page. Device cookies reach the abuse guard.
/// </summary>
[Collection(NopCollection.Name)]
public class InboxTests : IAsyncLifetime
{
    private readonly NopFixture _fixture;

    public InboxTests(NopFixture fixture) => _fixture = fixture;

    public Task InitializeAsync() => _fixture.EnsureInstalledAsync();

    public Task DisposeAsync()
    {
        ImmediateInboxSignal.Paused = false;
        return Task.CompletedTask;
    }

    private async Task<FlockInboxItem> ItemAsync(string kind, int entityId) =>
        await _fixture.Host.NewRequest().Get<InboxService>().GetAsync(kind, entityId);

    [Fact]
    public async Task A_placement_is_only_recorded_by_its_event_and_judged_and_prepared_by_the_worker_a_payment_before_it_waits()
    {
        var requests = _fixture.Host.NewRequest();
        var campaign = await ConsumerLoopTests.DefaultCampaignAsync(requests);
        var referrerCustomer = await ConsumerLoopTests.NewCustomerAsync(requests, "Inna", "Orel", "1 Lenina");
        var friend = await ConsumerLoopTests.NewCustomerAsync(requests, "Ilya", "Kirov", "2 Mira");
        var referrer = await requests.Get<ReferrerService>().GetOrCreateAsync(referrerCustomer.Id, campaign.Id, "");
        var order = await ConsumerLoopTests.NewOrderAsync(requests, friend, await ConsumerLoopTests.NewFriendCouponAsync(requests, referrer, friend, campaign));

        ImmediateInboxSignal.Paused = true;
        var publisher = requests.Get<IEventPublisher>();
        // nopCommerce raises "paid" before "placed" for an order paid at checkout
        await publisher.PublishAsync(new OrderPaidEvent(order));
        await publisher.PublishAsync(new OrderPlacedEvent(order));
        await publisher.PublishAsync(new OrderPlacedEvent(order)); // replay: no second item

        Assert.Null(await _fixture.Host.NewRequest().Get<ReferralService>().GetByOrderIdAsync(order.Id));
        var placed = await ItemAsync(InboxKinds.OrderPlaced, order.Id);
        Assert.NotNull(placed);
        Assert.Null(placed.DoneOnUtc);
        Assert.Single(requests.Get<IRepository<FlockInboxItem>>().Table.Where(i => i.EntityId == order.Id && i.Kind == InboxKinds.OrderPlaced).ToList());
        var paid = await ItemAsync(InboxKinds.OrderPaid, order.Id);

        // the payment is taken first and waits (not a failure), the placement is carried out
        var processor = _fixture.Host.NewRequest().Get<InboxProcessor>();
        Assert.Equal(InboxProcessor.Outcome.Postponed, await processor.ProcessAsync(paid.Id));
        Assert.Equal(0, (await ItemAsync(InboxKinds.OrderPaid, order.Id)).Attempts);
        Assert.Equal(InboxProcessor.Outcome.Done, await processor.ProcessAsync(placed.Id));
        Assert.Equal(InboxProcessor.Outcome.NotTaken, await processor.ProcessAsync(placed.Id)); // done stays done

        var referral = await _fixture.Host.NewRequest().Get<ReferralService>().GetByOrderIdAsync(order.Id);
        Assert.Equal(ReferralDecisions.Rewarded, referral.Decision);
        var prepared = requests.Get<IRepository<FlockPreparedWidget>>().Table.Single(p => p.OrderId == order.Id);
        Assert.Equal(friend.Id, prepared.CustomerId);

        // now the payment goes through
        Assert.Equal(InboxProcessor.Outcome.Done, await processor.ProcessAsync(paid.Id));
        Assert.NotNull((await ItemAsync(InboxKinds.OrderPaid, order.Id)).DoneOnUtc);
    }

    [Fact]
    public async Task The_thank_you_page_reads_the_prepared_block_and_decides_nothing_again()
    {
        var requests = _fixture.Host.NewRequest();
        await ConsumerLoopTests.DefaultCampaignAsync(requests);
        var buyer = await ConsumerLoopTests.NewCustomerAsync(requests, "Taisia", "Vologda", "3 Mira");
        var order = await ConsumerLoopTests.NewOrderAsync(requests, buyer, null);
        await requests.Get<IEventPublisher>().PublishAsync(new OrderPlacedEvent(order));

        var prepared = requests.Get<IRepository<FlockPreparedWidget>>().Table.Single(p => p.OrderId == order.Id);
        Assert.NotNull(prepared.ModelJson);
        var code = (await requests.Get<ReferrerService>().GetByCustomerIdAsync(buyer.Id)).Code; // made by the worker, not the page
        var assignments = requests.Get<IRepository<FlockAssignment>>().Table.Count();

        var page = _fixture.Host.NewRequest().Get<ShareWidgetService>();
        var model = await page.ShowForOrderAsync(order, buyer);
        Assert.Equal(code, model.ReferrerCode);
        Assert.Equal(prepared.CampaignId, model.CampaignId);
        Assert.Equal(assignments, requests.Get<IRepository<FlockAssignment>>().Table.Count());

        // someone else's session sees nothing of it
        var stranger = await ConsumerLoopTests.NewCustomerAsync(requests, "Stepan", "Vologda", "4 Mira");
        Assert.Null(await page.ShowForOrderAsync(order, stranger));

        // the exposure is written with the next batch
        var events = requests.Get<IRepository<FlockEvent>>();
        var before = events.Table.Count(e => e.CustomerId == buyer.Id && e.Kind == FlockEventKinds.WidgetShown);
        await _fixture.Host.NewRequest().Get<AnalyticsEventService>().FlushExposuresAsync();
        Assert.Equal(before + 1, events.Table.Count(e => e.CustomerId == buyer.Id && e.Kind == FlockEventKinds.WidgetShown));

        // the block came from this node's memory of what its worker prepared; another node (or a restart) reads the
        // row and shows the same block, to the same customer only
        var memory = requests.Get<PreparedBlockMemory>();
        Assert.True(memory.TryRecall(order.Id, DateTime.UtcNow, out _));
        memory.ForgetCustomer(buyer.Id);
        Assert.False(memory.TryRecall(order.Id, DateTime.UtcNow, out _));
        var fromRow = await _fixture.Host.NewRequest().Get<ShareWidgetService>().ShowForOrderAsync(order, buyer);
        Assert.Equal(code, fromRow.ReferrerCode);
        Assert.Equal(model.Html, fromRow.Html);
        Assert.Null(await _fixture.Host.NewRequest().Get<ShareWidgetService>().ShowForOrderAsync(order, stranger));
    }

    [Fact]
    public async Task A_page_faster_than_the_worker_gets_a_placeholder_whose_request_takes_the_prepared_block_or_decides_itself()
    {
        var requests = _fixture.Host.NewRequest();
        await ConsumerLoopTests.DefaultCampaignAsync(requests);
        var buyer = await ConsumerLoopTests.NewCustomerAsync(requests, "Ulyana", "Kostroma", "8 Mira");
        var order = await ConsumerLoopTests.NewOrderAsync(requests, buyer, null);
        ImmediateInboxSignal.Paused = true;
        await requests.Get<IEventPublisher>().PublishAsync(new OrderPlacedEvent(order));

        var page = _fixture.Host.NewRequest().Get<ShareWidgetService>();
        var (found, _) = await page.FindPreparedAsync(order.Id, buyer);
        Assert.False(found); // the page renders the placeholder

        // the worker gets to it; the placeholder's request takes what it prepared (the test base's one SQLite
        // connection cannot serve the waiting poll and the worker at the same moment, so one after the other)
        var item = await ItemAsync(InboxKinds.OrderPlaced, order.Id);
        Assert.Equal(InboxProcessor.Outcome.Done, await _fixture.Host.NewRequest().Get<InboxProcessor>().ProcessAsync(item.Id));
        var assignments = requests.Get<IRepository<FlockAssignment>>().Table.Count();
        var model = await _fixture.Host.NewRequest().Get<ShareWidgetService>().AwaitForOrderAsync(order, buyer, CancellationToken.None);
        Assert.Equal(assignments, requests.Get<IRepository<FlockAssignment>>().Table.Count());
        Assert.Equal((await requests.Get<ReferrerService>().GetByCustomerIdAsync(buyer.Id)).Code, model.ReferrerCode);

        // no worker at all (e.g. the node died right after the placement): the request decides after its wait
        var other = await ConsumerLoopTests.NewCustomerAsync(requests, "Vasily", "Kostroma", "9 Mira");
        var unprepared = await ConsumerLoopTests.NewOrderAsync(requests, other, null);
        var decided = await _fixture.Host.NewRequest().Get<ShareWidgetService>().AwaitForOrderAsync(unprepared, other, CancellationToken.None);
        Assert.Equal((await requests.Get<ReferrerService>().GetByCustomerIdAsync(other.Id)).Code, decided.ReferrerCode);
    }

    [Fact]
    public async Task A_failed_item_keeps_its_error_and_is_retried_from_its_row_when_due_and_a_dead_holders_lease_runs_out()
    {
        var requests = _fixture.Host.NewRequest();
        var inbox = requests.Get<InboxService>();
        var item = await inbox.EnqueueAsync(InboxKinds.OrderVoided, 900_000 + Random.Shared.Next(99_999));
        var repository = requests.Get<IRepository<FlockInboxItem>>();

        var flaky = new FlakyProcessorHost(_fixture).Create(failures: 1);
        Assert.Equal(InboxProcessor.Outcome.Failed, await flaky.ProcessAsync(item.Id));
        var failed = await inbox.GetByIdAsync(item.Id);
        Assert.Equal(1, failed.Attempts);
        Assert.Contains("database went away", failed.LastError);
        Assert.True(failed.DueOnUtc > DateTime.UtcNow.AddSeconds(20)); // back-off
        Assert.Null(failed.LeaseToken);
        Assert.DoesNotContain(item.Id, await inbox.GetDueIdsAsync(DateTime.UtcNow, 1000)); // not before it is due

        // due now: the sweep carries it out
        Assert.Contains(item.Id, await inbox.GetDueIdsAsync(failed.DueOnUtc.AddSeconds(1), 1000));
        Assert.Equal(InboxProcessor.Outcome.Done, await flaky.ProcessAsync(item.Id));

        // a node took an item and died holding it: nobody else takes it until the lease runs out, then someone does
        var orphan = await inbox.EnqueueAsync(InboxKinds.OrderVoided, 800_000 + Random.Shared.Next(99_999));
        Assert.True(await inbox.TryLeaseAsync(orphan.Id, "dead-node", DateTime.UtcNow, DateTime.UtcNow.AddMinutes(2)));
        Assert.Equal(InboxProcessor.Outcome.NotTaken, await flaky.ProcessAsync(orphan.Id));
        Assert.False(await inbox.CompleteAsync(orphan.Id, "someone-else"));
        var row = await inbox.GetByIdAsync(orphan.Id);
        row.LeaseUntilUtc = DateTime.UtcNow.AddSeconds(-1);
        await repository.UpdateAsync(row, false);
        Assert.Equal(InboxProcessor.Outcome.Done, await flaky.ProcessAsync(orphan.Id));
        Assert.False(await inbox.CompleteAsync(orphan.Id, "dead-node")); // the dead holder's late word changes nothing
    }

    private sealed class FlakyProcessorHost(NopFixture fixture)
    {
        public InboxProcessor Create(int failures)
        {
            var requests = fixture.Host.NewRequest();
            return new Flaky(requests.Get<InboxService>(), requests.Get<Nop.Services.Logging.ILogger>(), failures);
        }
    }

    private sealed class Flaky : InboxProcessor
    {
        private int _failuresLeft;

        public Flaky(InboxService inbox, Nop.Services.Logging.ILogger logger, int failures)
            : base(null, logger, null, null, null, null, inbox, null, null, null, null) => _failuresLeft = failures;

        protected override Task<DateTime?> HandleAsync(FlockInboxItem item) =>
            _failuresLeft-- > 0 ? throw new InvalidOperationException("database went away") : Task.FromResult<DateTime?>(null);
    }

    [Fact]
    public async Task A_guest_order_from_the_referrers_own_browser_with_other_email_phone_and_address_is_blocked_by_the_device_cookie()
    {
        var requests = _fixture.Host.NewRequest();
        var campaign = await ConsumerLoopTests.DefaultCampaignAsync(requests);
        var referrerCustomer = await ConsumerLoopTests.NewCustomerAsync(requests, "Zoya", "Penza", "5 Lenina");
        var referrer = await requests.Get<ReferrerService>().GetOrCreateAsync(referrerCustomer.Id, campaign.Id, "");
        var device = DeviceIds.New();

        // the referrer's own order, placed from the browser that holds the device cookie
        var own = await ConsumerLoopTests.NewOrderAsync(requests, referrerCustomer, null);
        await PlaceAsync(own, new PlacementFacts(null, device, referrerCustomer.Id, true));

        // a "friend": another person on paper (new e-mail, phone, address, IP), the same browser
        var fake = await ConsumerLoopTests.NewCustomerAsync(requests, "Yana", "Tambov", "6 Mira");
        var order = await ConsumerLoopTests.NewOrderAsync(requests, fake, await ConsumerLoopTests.NewFriendCouponAsync(requests, referrer, fake, campaign));
        await PlaceAsync(order, new PlacementFacts(null, device.ToUpperInvariant(), fake.Id, true));

        var referral = await _fixture.Host.NewRequest().Get<ReferralService>().GetByOrderIdAsync(order.Id);
        Assert.Equal(ReferralDecisions.Blocked, referral.Decision);
        Assert.Contains("referrer's own device", referral.Reason);
        Assert.Empty(requests.Get<IRepository<FlockReward>>().Table.Where(r => r.OrderId == order.Id).ToList());

        // control: the same kind of friend from another browser is rewarded
        var real = await ConsumerLoopTests.NewCustomerAsync(requests, "Xenia", "Tver", "7 Mira");
        var realOrder = await ConsumerLoopTests.NewOrderAsync(requests, real, await ConsumerLoopTests.NewFriendCouponAsync(requests, referrer, real, campaign));
        await PlaceAsync(realOrder, new PlacementFacts(null, DeviceIds.New(), real.Id, true));
        Assert.Equal(ReferralDecisions.Rewarded, (await _fixture.Host.NewRequest().Get<ReferralService>().GetByOrderIdAsync(realOrder.Id)).Decision);
    }

    [Fact]
    public async Task Orders_of_a_burst_judged_after_all_were_placed_still_see_each_other_one_browser_for_two_friends_is_blocked()
    {
        var requests = _fixture.Host.NewRequest();
        var campaign = await ConsumerLoopTests.DefaultCampaignAsync(requests);
        var referrerCustomer = await ConsumerLoopTests.NewCustomerAsync(requests, "Rimma", "Chita", "10 Lenina");
        var referrer = await requests.Get<ReferrerService>().GetOrCreateAsync(referrerCustomer.Id, campaign.Id, "");
        var browser = DeviceIds.New();

        // both placed before the worker judged either (a scripted burst of guest checkouts from one browser)
        var first = await ConsumerLoopTests.NewCustomerAsync(requests, "Roman", "Chita", "11 Mira");
        var second = await ConsumerLoopTests.NewCustomerAsync(requests, "Ruslan", "Chita", "12 Mira");
        var firstOrder = await ConsumerLoopTests.NewOrderAsync(requests, first, await ConsumerLoopTests.NewFriendCouponAsync(requests, referrer, first, campaign));
        var secondOrder = await ConsumerLoopTests.NewOrderAsync(requests, second, await ConsumerLoopTests.NewFriendCouponAsync(requests, referrer, second, campaign));
        var inbox = requests.Get<InboxService>();
        var items = new[]
        {
            await inbox.EnqueueAsync(InboxKinds.OrderPlaced, firstOrder.Id, payload: JsonSerializer.Serialize(new PlacementFacts(null, browser, first.Id, true))),
            await inbox.EnqueueAsync(InboxKinds.OrderPlaced, secondOrder.Id, payload: JsonSerializer.Serialize(new PlacementFacts(null, browser, second.Id, true)))
        };
        await Task.Delay(50); // the worker comes a moment later
        foreach (var item in items)
            Assert.Equal(InboxProcessor.Outcome.Done, await _fixture.Host.NewRequest().Get<InboxProcessor>().ProcessAsync(item.Id));

        var referrals = _fixture.Host.NewRequest().Get<ReferralService>();
        Assert.Equal(ReferralDecisions.Rewarded, (await referrals.GetByOrderIdAsync(firstOrder.Id)).Decision);
        var blocked = await referrals.GetByOrderIdAsync(secondOrder.Id);
        Assert.Equal(ReferralDecisions.Blocked, blocked.Decision);
        Assert.Contains("already used by another friend", blocked.Reason);
    }

    [Fact]
    public async Task An_order_placed_while_flock_was_on_is_not_skipped_when_flock_is_off_at_processing_it_is_judged_when_flock_is_back()
    {
        var requests = _fixture.Host.NewRequest();
        var campaign = await ConsumerLoopTests.DefaultCampaignAsync(requests);
        var referrerCustomer = await ConsumerLoopTests.NewCustomerAsync(requests, "Olesya", "Ryazan", "13 Lenina");
        var friend = await ConsumerLoopTests.NewCustomerAsync(requests, "Oleg", "Ryazan", "14 Mira");
        var referrer = await requests.Get<ReferrerService>().GetOrCreateAsync(referrerCustomer.Id, campaign.Id, "");
        var order = await ConsumerLoopTests.NewOrderAsync(requests, friend, await ConsumerLoopTests.NewFriendCouponAsync(requests, referrer, friend, campaign));
        var item = await requests.Get<InboxService>().EnqueueAsync(InboxKinds.OrderPlaced, order.Id,
            payload: JsonSerializer.Serialize(new PlacementFacts(null, DeviceIds.New(), friend.Id, true)));

        var settings = _fixture.Host.NewRequest().Get<Nop.Services.Configuration.ISettingService>();
        await settings.SetSettingAsync("FlockSettings.Enabled", false);
        _fixture.Host.ClearSettingsCache();
        try
        {
            Assert.Equal(InboxProcessor.Outcome.Failed, await _fixture.Host.NewRequest().Get<InboxProcessor>().ProcessAsync(item.Id));
            Assert.Null(await _fixture.Host.NewRequest().Get<ReferralService>().GetByOrderIdAsync(order.Id));
        }
        finally
        {
            await settings.SetSettingAsync("FlockSettings.Enabled", true);
            _fixture.Host.ClearSettingsCache();
        }
        var row = await requests.Get<InboxService>().GetByIdAsync(item.Id);
        row.DueOnUtc = DateTime.UtcNow.AddSeconds(-1);
        await requests.Get<IRepository<FlockInboxItem>>().UpdateAsync(row, false);
        Assert.Equal(InboxProcessor.Outcome.Done, await _fixture.Host.NewRequest().Get<InboxProcessor>().ProcessAsync(item.Id));
        Assert.Equal(ReferralDecisions.Rewarded, (await _fixture.Host.NewRequest().Get<ReferralService>().GetByOrderIdAsync(order.Id)).Decision);
    }

    [Fact]
    public async Task A_share_click_right_after_the_block_was_shown_counts_even_when_the_exposure_waits_in_another_nodes_buffer()
    {
        var requests = _fixture.Host.NewRequest();
        await ConsumerLoopTests.DefaultCampaignAsync(requests);
        var buyer = await ConsumerLoopTests.NewCustomerAsync(requests, "Lidia", "Pskov", "15 Mira");
        var order = await ConsumerLoopTests.NewOrderAsync(requests, buyer, null);
        await requests.Get<IEventPublisher>().PublishAsync(new OrderPlacedEvent(order));
        var model = await _fixture.Host.NewRequest().Get<ShareWidgetService>().ShowForOrderAsync(order, buyer);
        requests.Get<ExposureBuffer>().TakeAll(); // the page was served by the other node: its exposure is not here yet

        var analytics = _fixture.Host.NewRequest().Get<AnalyticsEventService>();
        Assert.True(await analytics.TryRecordShareAsync(buyer.Id, model.CampaignId, model.Variant, "vk", DateTime.UtcNow));
        Assert.False(await analytics.TryRecordShareAsync(buyer.Id, model.CampaignId + 1000, model.Variant, "vk", DateTime.UtcNow));
    }

    /// <summary>What the placement handler records in a real request (its cookies), carried out by the worker.</summary>
    private async Task PlaceAsync(Order order, PlacementFacts facts)
    {
        var requests = _fixture.Host.NewRequest();
        var item = await requests.Get<InboxService>().EnqueueAsync(InboxKinds.OrderPlaced, order.Id, payload: JsonSerializer.Serialize(facts));
        Assert.Equal(InboxProcessor.Outcome.Done, await _fixture.Host.NewRequest().Get<InboxProcessor>().ProcessAsync(item.Id));
    }
}
