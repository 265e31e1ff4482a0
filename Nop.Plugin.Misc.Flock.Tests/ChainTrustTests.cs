using Flock.Engine.Chains;
using Flock.Engine.Common;
using Nop.Core.Domain.Discounts;
using Nop.Core.Domain.Stores;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Services.Chains;
using Nop.Plugin.Misc.Flock.Services.Referrals;
using Nop.Plugin.Misc.Flock.Tests.Infrastructure;
using Nop.Services.Discounts;

namespace Nop.Plugin.Misc.Flock.Tests;

/// <summary>
/// What a fraudster, a second node or time would break in trigger chains, on nopCommerce's real services: a chain coupon
/// forwarded to someone else is worth nothing; a coupon whose message is cancelled is withdrawn; a paused chain strands
/// nobody; an edit never blocks on a lost save; a scenario that could never start is not launched; retention and
/// hard-deleted customers leave no rows behind.
/// </summary>
[Collection(NopCollection.Name)]
public class ChainTrustTests : IAsyncLifetime
{
    private readonly NopFixture _fixture;

    public ChainTrustTests(NopFixture fixture) => _fixture = fixture;

    public async Task InitializeAsync()
    {
        await _fixture.EnsureInstalledAsync();
        await ChainSchedulerTests.ContactPressureAsync(_fixture.Host.NewRequest(), emailsPerDay: 0);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task RunAtAsync(DateTime nowUtc) => _fixture.Host.NewRequest().Get<ChainScheduler>().RunAsync(nowUtc);

    private static DateTime CouponDue(DateTime start) => start.AddMinutes(61 + 24 * 60 + 1);

    private static async Task<DiscountRequirementValidationResult> CheckAsync(FlockServiceProvider requests, FlockOffer offer, Nop.Core.Domain.Customers.Customer customer) =>
        await requests.Get<FriendOfferRequirementService>().CheckAsync(new DiscountRequirementValidationRequest
        {
            DiscountRequirementId = offer.RequirementId, Customer = customer, Store = new Store { Id = 1 }
        });

    [Fact]
    public async Task A_chain_coupon_applies_for_its_holder_only_and_a_forwarded_code_is_refused()
    {
        var requests = _fixture.Host.NewRequest();
        var key = await ChainSchedulerTests.LaunchCartChainAsync(requests);
        var holder = await ChainSchedulerTests.SubscribedCustomerAsync(requests, "Holder");
        var friend = await ConsumerLoopTests.NewCustomerAsync(requests, "Forwardee", "Omsk", "9 Mira");
        await ChainSchedulerTests.AddToCartAsync(requests, holder);
        var start = DateTime.UtcNow;
        await RunAtAsync(start);
        await RunAtAsync(start.AddMinutes(61));
        await RunAtAsync(CouponDue(start));

        var coupon = requests.Get<IRepository<FlockChainAction>>().Table.Single(a => a.ChainKey == key && a.Kind == ChainActionKinds.Coupon);
        var offer = requests.Get<IRepository<FlockOffer>>().Table.Single(o => o.OfferKey == ChainCouponService.OfferKey(coupon.Id));
        Assert.Equal(FlockOfferKind.ChainCoupon, offer.Kind);
        var discount = requests.Get<IRepository<Discount>>().Table.Single(d => d.Id == offer.DiscountId);
        Assert.True(discount.IsActive);
        Assert.NotEmpty(await requests.Get<IDiscountService>().GetAllDiscountRequirementsAsync(discount.Id));

        Assert.True((await CheckAsync(requests, offer, holder)).IsValid);
        var refused = await CheckAsync(requests, offer, friend);
        Assert.False(refused.IsValid);
        Assert.Contains("another customer", refused.UserError);
        await requests.Get<ChainService>().SetLifecycleAsync(key, ChainLifecycle.Archived);
    }

    [Fact]
    public async Task A_coupon_whose_message_is_cancelled_by_a_purchase_is_withdrawn_and_its_discount_removed()
    {
        var requests = _fixture.Host.NewRequest();
        var key = await ChainSchedulerTests.LaunchCartChainAsync(requests);
        var customer = await ChainSchedulerTests.SubscribedCustomerAsync(requests, "Buyer");
        await ChainSchedulerTests.AddToCartAsync(requests, customer);
        var start = DateTime.UtcNow;
        await RunAtAsync(start);
        await RunAtAsync(start.AddMinutes(61));
        await _fixture.Host.NewRequest().Get<ChainScheduler>().AdvanceDueAsync(CouponDue(start)); // coupon and its message recorded
        var actions = requests.Get<IRepository<FlockChainAction>>();
        var coupon = actions.Table.Single(a => a.ChainKey == key && a.Kind == ChainActionKinds.Coupon);
        Assert.True(await _fixture.Host.NewRequest().Get<ChainActionExecutor>().ExecuteAsync(coupon.Id, CouponDue(start)));
        var offer = requests.Get<IRepository<FlockOffer>>().Table.Single(o => o.OfferKey == ChainCouponService.OfferKey(coupon.Id));

        await ConsumerLoopTests.NewOrderAsync(requests, customer, null);
        await _fixture.Host.NewRequest().Get<ChainActionExecutor>().ExecuteDueAsync(CouponDue(start));

        Assert.Single(ChainSchedulerTests.EmailsTo(requests, customer)); // the first reminder only
        Assert.Equal(ChainActionStates.Cancelled, actions.Table.Single(a => a.ChainKey == key && a.StepId == "coupon").State);
        Assert.Equal(ChainActionStates.Cancelled, actions.Table.Single(a => a.Id == coupon.Id).State);
        Assert.Null(requests.Get<IRepository<Discount>>().Table.FirstOrDefault(d => d.Id == offer.DiscountId));
        Assert.Null(requests.Get<IRepository<FlockOffer>>().Table.FirstOrDefault(o => o.Id == offer.Id));
        await requests.Get<ChainService>().SetLifecycleAsync(key, ChainLifecycle.Archived);
    }

    [Fact]
    public async Task A_paused_chain_holds_everyone_and_resuming_goes_on_at_once()
    {
        var requests = _fixture.Host.NewRequest();
        var key = await ChainSchedulerTests.LaunchCartChainAsync(requests);
        var customer = await ChainSchedulerTests.SubscribedCustomerAsync(requests, "Paula");
        await ChainSchedulerTests.AddToCartAsync(requests, customer);
        var start = DateTime.UtcNow;
        await RunAtAsync(start);
        await requests.Get<ChainService>().SetLifecycleAsync(key, ChainLifecycle.Paused);

        try
        {
            await RunAtAsync(start.AddMinutes(61));
            Assert.Empty(ChainSchedulerTests.EmailsTo(requests, customer));
            var enrollments = requests.Get<IRepository<FlockEnrollment>>();
            var held = enrollments.Table.Single(e => e.ChainKey == key && e.CustomerId == customer.Id);
            Assert.Equal((int)EnrollmentStatus.Active, held.Status);
            Assert.Equal(start.AddMinutes(61) + ChainMachine.HoldRecheck, held.DueOnUtc!.Value, TimeSpan.FromSeconds(1)); // looked at again, never stranded

            // as a hold decided right now would leave it (this test's clock runs an hour ahead of the real one)
            held.DueOnUtc = DateTime.UtcNow.AddMinutes(40);
            await enrollments.UpdateAsync(held, publishEvent: false);
            await requests.Get<ChainService>().SetLifecycleAsync(key, ChainLifecycle.Live);
            Assert.True(enrollments.Table.Single(e => e.Id == held.Id).DueOnUtc <= DateTime.UtcNow);
            await RunAtAsync(start.AddMinutes(62));
            Assert.Single(ChainSchedulerTests.EmailsTo(requests, customer));
        }
        finally
        {
            await requests.Get<ChainService>().SetLifecycleAsync(key, ChainLifecycle.Archived);
        }
        await Assert.ThrowsAsync<InvalidOperationException>(() => requests.Get<ChainService>().SetLifecycleAsync(key, ChainLifecycle.Live));
    }

    [Fact]
    public async Task A_save_that_lost_its_race_leaves_a_version_behind_and_the_next_edit_still_saves()
    {
        var requests = _fixture.Host.NewRequest();
        var chains = requests.Get<ChainService>();
        var key = await ChainSchedulerTests.LaunchCartChainAsync(requests);
        var current = (await chains.GetCompiledAsync(key, 1)).Definition;
        // the leftover of a save whose version pointer never moved
        await requests.Get<IRepository<FlockChainVersion>>().InsertAsync(new FlockChainVersion
        {
            ChainKey = key, Version = 2, Json = ChainJson.Write(current with { Version = 2 }), CreatedOnUtc = DateTime.UtcNow
        }, publishEvent: false);
        var saved = await chains.SaveVersionAsync(current with { Name = "Edited" });
        Assert.Equal(3, saved);
        Assert.Equal(3, (await chains.GetAsync(key)).CurrentVersion);
        await chains.SetLifecycleAsync(key, ChainLifecycle.Archived);
    }

    [Fact]
    public void An_emptied_field_in_the_chain_editor_is_a_problem_with_its_path_not_a_silent_default()
    {
        var chain = ChainGallery.Find("abandoned-cart")!.Chain;
        var edit = Nop.Plugin.Misc.Flock.Factories.ChainModelFactory.EditModel(chain);
        edit.HoldoutPercent = null;
        edit.ReEntryDays = null;
        edit.Steps.First(s => s.Kind == "wait").Minutes = null;
        var error = Assert.Throws<global::Flock.Engine.Common.FlockValidationException>(() => Nop.Plugin.Misc.Flock.Factories.ChainModelFactory.Apply(chain, edit));
        Assert.Contains(error.Problems, p => p.Path == "holdoutPercent");
        Assert.Contains(error.Problems, p => p.Path == "reEntryDays");
        Assert.Contains(error.Problems, p => p.Path.StartsWith("steps[") && p.Path.EndsWith(".minutes"));

        var fine = Nop.Plugin.Misc.Flock.Factories.ChainModelFactory.EditModel(chain);
        fine.HoldoutPercent = 20;
        fine.Steps.First(s => s.Kind == "wait").Minutes = 5;
        var edited = Nop.Plugin.Misc.Flock.Factories.ChainModelFactory.Apply(chain, fine);
        Assert.Equal(0.2, edited.HoldoutShare, 6);
        Assert.Equal(TimeSpan.FromMinutes(5), edited.Steps.OfType<WaitStep>().First().Duration);
        Assert.Equal(chain.ReEntry, edited.ReEntry);
    }

    [Fact]
    public async Task A_chain_whose_trigger_is_not_captured_or_needs_what_the_store_has_switched_off_cannot_be_launched()
    {
        var chains = _fixture.Host.NewRequest().Get<ChainService>();
        var delivered = ChainGallery.Find("post-purchase-service")!.Chain with
        {
            Key = "delivered-" + Guid.NewGuid().ToString("N")[..8], Trigger = new ChainTrigger { Kind = ChainTriggerKind.OrderDelivered }
        };
        var error = await Assert.ThrowsAsync<FlockValidationException>(() => chains.CreateAsync(delivered, 0, ChainLifecycle.Live));
        Assert.Contains("not captured", error.Message);
        Assert.Null(await chains.GetAsync(delivered.Key));

        var settings = _fixture.Host.NewRequest().Get<Nop.Services.Configuration.ISettingService>();
        var rewardPoints = await settings.LoadSettingAsync<Nop.Core.Domain.Customers.RewardPointsSettings>();
        rewardPoints.Enabled = false;
        await settings.SaveSettingAsync(rewardPoints);
        try
        {
            var off = await Assert.ThrowsAsync<InvalidOperationException>(() => _fixture.Host.NewRequest().Get<ChainService>().LaunchScenarioAsync("points-expiring"));
            Assert.Contains("reward points are off", off.Message);
            Assert.Null(await chains.GetAsync(ChainGallery.Find("points-expiring")!.Chain.Key));
        }
        finally
        {
            rewardPoints.Enabled = true;
            await settings.SaveSettingAsync(rewardPoints);
        }
    }

    [Fact]
    public async Task Retention_removes_old_ended_enrollments_keeps_once_ever_ones_and_everything_of_customers_deleted_for_good()
    {
        var requests = _fixture.Host.NewRequest();
        var enrollments = requests.Get<IRepository<FlockEnrollment>>();
        var longAgo = DateTime.UtcNow.AddDays(-400);
        var customer = await ConsumerLoopTests.NewCustomerAsync(requests, "Old", "Omsk", "1 Old");
        var ended = new FlockEnrollment
        {
            ChainKey = "retention", Version = 1, CustomerId = customer.Id, TriggerKey = "old", StoreId = 1, EnrolledOnUtc = longAgo,
            StepEnteredOnUtc = longAgo, Status = (int)EnrollmentStatus.Completed, EndReason = (int)ChainReason.EndOfChain, EndedOnUtc = longAgo
        };
        await enrollments.InsertAsync(ended, publishEvent: false);
        var ghost = new FlockEnrollment
        {
            ChainKey = "retention", Version = 1, CustomerId = int.MaxValue - 7, TriggerKey = "ghost", StoreId = 1, EnrolledOnUtc = DateTime.UtcNow,
            StepEnteredOnUtc = DateTime.UtcNow, Status = (int)EnrollmentStatus.Active, DueOnUtc = DateTime.UtcNow.AddDays(1)
        };
        await enrollments.InsertAsync(ghost, publishEvent: false);

        var onceEver = new FlockEnrollment
        {
            ChainKey = "retention-once", Version = 1, CustomerId = customer.Id, TriggerKey = "once", StoreId = 1, EnrolledOnUtc = longAgo,
            StepEnteredOnUtc = longAgo, Status = (int)EnrollmentStatus.Completed, EndReason = (int)ChainReason.EndOfChain, EndedOnUtc = longAgo
        };
        await enrollments.InsertAsync(onceEver, publishEvent: false);

        // sent messages that remember their address (the same-address rule reads them), and one that does not
        var actions = requests.Get<IRepository<FlockChainAction>>();
        FlockChainAction Sent(FlockEnrollment of, string recipientKey, string kind = ChainActionKinds.Send) => new()
        {
            Key = $"retention:{Guid.NewGuid():N}", EnrollmentId = of.Id, CustomerId = of.CustomerId, StoreId = 1, ChainKey = of.ChainKey,
            StepId = "s", Kind = kind, State = ChainActionStates.Done, RecipientKey = recipientKey, CreatedOnUtc = longAgo,
            DoneOnUtc = longAgo, NextAttemptOnUtc = longAgo, PayloadJson = "{}"
        };
        var onceEverSend = Sent(onceEver, "key-once");
        var windowedSend = Sent(ended, "key-windowed");
        var ghostSend = Sent(ghost, "key-ghost"); // sent yesterday: inside its chain's 7-day window
        ghostSend.CreatedOnUtc = ghostSend.NextAttemptOnUtc = DateTime.UtcNow.AddDays(-1);
        ghostSend.DoneOnUtc = ghostSend.CreatedOnUtc;
        var ghostOther = Sent(ghost, null, ChainActionKinds.Points);
        foreach (var action in new[] { onceEverSend, windowedSend, ghostSend, ghostOther })
            await actions.InsertAsync(action, publishEvent: false);

        // "retention" re-enters after 7 days; "retention-once" is a once-ever chain, so it is not listed and keeps its rows
        await requests.Get<EnrollmentService>().PurgeAsync(DateTime.UtcNow, 90, new Dictionary<string, int> { ["retention"] = 7 });
        Assert.Null(enrollments.Table.FirstOrDefault(e => e.Id == ended.Id));
        Assert.Null(enrollments.Table.FirstOrDefault(e => e.Id == ghost.Id));
        Assert.NotNull(enrollments.Table.FirstOrDefault(e => e.Id == onceEver.Id)); // who was in a once-ever chain is never forgotten

        // an address a once-ever chain messaged is never forgotten either, not even after 90 days of retention; one of a
        // 7-day chain goes after its window; a record nopCommerce deleted (its guest clean-up) keeps its sent addresses
        // (a new guest session with the address is still known) and loses the rest
        Assert.NotNull(actions.Table.FirstOrDefault(a => a.Id == onceEverSend.Id));
        Assert.Null(actions.Table.FirstOrDefault(a => a.Id == windowedSend.Id));
        Assert.NotNull(actions.Table.FirstOrDefault(a => a.Id == ghostSend.Id));
        Assert.Null(actions.Table.FirstOrDefault(a => a.Id == ghostOther.Id));

        // an erasure takes everything
        await requests.Get<EnrollmentService>().EraseCustomerAsync(ghost.CustomerId);
        Assert.Null(actions.Table.FirstOrDefault(a => a.Id == ghostSend.Id));
    }
}
