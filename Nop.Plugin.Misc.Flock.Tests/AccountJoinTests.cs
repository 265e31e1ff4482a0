using Flock.Engine.Chains;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Messages;
using Nop.Core.Domain.Orders;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Services.Behaviour;
using Nop.Plugin.Misc.Flock.Services.Chains;
using Nop.Plugin.Misc.Flock.Services.Recommendations;
using Nop.Plugin.Misc.Flock.Tests.Infrastructure;
using Nop.Services.Orders;

namespace Nop.Plugin.Misc.Flock.Tests;

/// <summary>
/// A guest signs in to their account (nopCommerce moves the cart with its own service): the guest's chain ends, the
/// account takes it over from the guest's activity — one reminder, to the account, at the guest's time — and the
/// account's timeline and recommendation history include what the guest did.
/// </summary>
[Collection(NopCollection.Name)]
public class AccountJoinTests : IAsyncLifetime
{
    private readonly NopFixture _fixture;

    public AccountJoinTests(NopFixture fixture) => _fixture = fixture;

    public async Task InitializeAsync()
    {
        await _fixture.EnsureInstalledAsync();
        await ChainSchedulerTests.ContactPressureAsync(_fixture.Host.NewRequest(), emailsPerDay: 0);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task RunAtAsync(DateTime nowUtc) => await _fixture.Host.NewRequest().Get<ChainScheduler>().RunAsync(nowUtc);

    [Fact]
    public async Task A_guest_who_signs_in_hands_their_cart_reminder_to_the_account_which_gets_it_once_at_the_guests_time()
    {
        var requests = _fixture.Host.NewRequest();
        var key = await ChainSchedulerTests.LaunchCartChainAsync(requests);
        var guest = await NewGuestAsync(requests);
        var plain = PlainProduct(requests);
        await ChainSchedulerTests.AddToCartAsync(requests, guest, productId: plain.Id);
        var start = DateTime.UtcNow;
        await RunAtAsync(start);
        var enrollments = requests.Get<IRepository<FlockEnrollment>>();
        var guestEnrollment = enrollments.Table.Single(e => e.ChainKey == key && e.CustomerId == guest.Id);

        //the sign-in: nopCommerce moves the cart to the account, then Flock joins the rest
        var account = await ChainSchedulerTests.SubscribedCustomerAsync(requests, "Gala");
        await requests.Get<IShoppingCartService>().MigrateShoppingCartAsync(guest, account, true);
        Assert.Single(requests.Get<IRepository<ShoppingCartItem>>().Table.Where(i => i.CustomerId == account.Id).ToList());
        var joinAt = start.AddMinutes(5);
        //(other tests' live chains may hold the guest too: this chain's row is looked at below)
        Assert.True((await _fixture.Host.NewRequest().Get<AccountJoinService>().JoinAsync(guest.Id, account.Id, joinAt)).Moved >= 1);
        Assert.Equal((0, 0), await _fixture.Host.NewRequest().Get<AccountJoinService>().JoinAsync(guest.Id, account.Id, joinAt)); // twice: nothing more

        //the guest's enrollment is the account's now, where it was; the guest has nothing left
        var taken = enrollments.Table.Single(e => e.Id == guestEnrollment.Id);
        Assert.Equal(account.Id, taken.CustomerId);
        Assert.Equal((int)EnrollmentStatus.Active, taken.Status);
        Assert.Equal(guestEnrollment.DueOnUtc, taken.DueOnUtc);
        var activity = requests.Get<IRepository<FlockActivity>>();
        Assert.Empty(activity.Table.Where(a => a.CustomerId == guest.Id).ToList());
        Assert.Empty(enrollments.Table.Where(e => e.CustomerId == guest.Id).ToList());

        //the moved cart line's own activity enters nothing new (once per 7 days: the account is in the chain); one reminder, to the account, an hour after the guest's cart
        await RunAtAsync(joinAt.AddMinutes(1));
        Assert.Single(enrollments.Table.Where(e => e.ChainKey == key && e.CustomerId == account.Id).ToList());
        await RunAtAsync(start.AddMinutes(61));
        await RunAtAsync(start.AddMinutes(62));
        var reminder = Assert.Single(ChainSchedulerTests.EmailsTo(requests, account));
        Assert.Contains(System.Net.WebUtility.HtmlEncode(plain.Name), reminder.Body);
        Assert.False(requests.Get<IRepository<FlockChainAction>>().Table.Any(a => a.CustomerId == guest.Id));

        //the account's timeline tells the guest's part too
        var log = await requests.Get<EnrollmentService>().GetDecisionsAsync(account.Id);
        Assert.Contains(log, d => d.ChainKey == key && d.Reason == ChainReason.TakenOverAtSignIn && d.Detail!.Contains($"guest #{guest.Id}"));
        Assert.Contains(log, d => d.ChainKey == key && d.TriggerKey == guestEnrollment.TriggerKey && d.Reason == ChainReason.Entered);
        Assert.Contains(log, d => d.ChainKey == key && d.Reason == ChainReason.Sent);
        await requests.Get<ChainService>().SetLifecycleAsync(key, ChainLifecycle.Archived);
    }

    [Fact]
    public async Task An_account_already_in_the_chain_keeps_its_own_and_the_guests_ends_with_its_pending_message()
    {
        var requests = _fixture.Host.NewRequest();
        var key = await ChainSchedulerTests.LaunchCartChainAsync(requests);
        var account = await ChainSchedulerTests.SubscribedCustomerAsync(requests, "Galina");
        await ChainSchedulerTests.AddToCartAsync(requests, account);
        var guest = await ChainSchedulerTests.GuestWithAddressAsync(requests, $"galina.{Guid.NewGuid():N}@flock.test");
        await NewsletterConsentTests.SubscribeAsync(requests, guest.BillingAddressId is { } id ? (await requests.Get<Nop.Services.Common.IAddressService>().GetAddressByIdAsync(id)).Email : null, storeId: 1);
        await ChainSchedulerTests.AddToCartAsync(requests, guest);
        var start = DateTime.UtcNow;
        await RunAtAsync(start);
        //both reminders recorded, not sent yet (the advance alone, as a node that stopped before its executor ran)
        await _fixture.Host.NewRequest().Get<ChainScheduler>().AdvanceDueAsync(start.AddMinutes(61));
        var enrollments = requests.Get<IRepository<FlockEnrollment>>();
        var guestEnrollment = enrollments.Table.Single(e => e.ChainKey == key && e.CustomerId == guest.Id);
        var actions = requests.Get<IRepository<FlockChainAction>>();
        var pendingOfGuest = actions.Table.Where(a => a.EnrollmentId == guestEnrollment.Id && a.State == ChainActionStates.Pending).ToList();
        Assert.NotEmpty(pendingOfGuest);

        Assert.True((await _fixture.Host.NewRequest().Get<AccountJoinService>().JoinAsync(guest.Id, account.Id, start.AddMinutes(62))).Ended >= 1);

        //the guest's run ends and becomes the account's history; its message still to go is stopped by the executor, as any stop
        var ended = enrollments.Table.Single(e => e.Id == guestEnrollment.Id);
        Assert.Equal((account.Id, (int)EnrollmentStatus.Exited, (int)ChainReason.JoinedAccount), (ended.CustomerId, ended.Status, ended.EndReason));
        await RunAtAsync(start.AddMinutes(63));
        Assert.All(pendingOfGuest, p => Assert.Equal(ChainActionStates.Cancelled, actions.Table.Single(a => a.Id == p.Id).State));
        Assert.Single(ChainSchedulerTests.EmailsTo(requests, account));
        Assert.Equal((int)EnrollmentStatus.Active, enrollments.Table.Single(e => e.ChainKey == key && e.CustomerId == account.Id && e.Id != guestEnrollment.Id).Status);
        Assert.Contains(await requests.Get<EnrollmentService>().GetDecisionsAsync(account.Id), d => d.Reason == ChainReason.JoinedAccount && d.TriggerKey == guestEnrollment.TriggerKey);
        await requests.Get<ChainService>().SetLifecycleAsync(key, ChainLifecycle.Archived);
    }

    [Fact]
    public async Task Through_the_chain_task_a_sign_in_after_a_guest_cart_gives_one_reminder_to_the_account_and_the_guest_nothing()
    {
        var requests = _fixture.Host.NewRequest();
        var key = await ChainSchedulerTests.LaunchCartChainAsync(requests);
        var guest = await NewGuestAsync(requests);
        await ChainSchedulerTests.AddToCartAsync(requests, guest, productId: PlainProduct(requests).Id);
        var start = DateTime.UtcNow;
        await RunAtAsync(start);
        var enrollments = requests.Get<IRepository<FlockEnrollment>>();
        var guestEnrollment = enrollments.Table.Single(e => e.ChainKey == key && e.CustomerId == guest.Id);

        //the sign-in as nopCommerce does it (the cart moves), and the one row Flock writes on that request
        var account = await ChainSchedulerTests.SubscribedCustomerAsync(requests, "Gerda");
        await requests.Get<IShoppingCartService>().MigrateShoppingCartAsync(guest, account, true);
        await requests.Get<ActivityService>().RecordAsync(account.Id, 1, ChainTriggerKind.SignedIn, guest.Id);
        await RunAtAsync(start.AddMinutes(2));
        await RunAtAsync(start.AddMinutes(3)); // again: nothing more

        //the account entered from its moved cart just before the task reached the sign-in: the guest's run ends (once per 7 days) and is the account's history
        var rows = enrollments.Table.Where(e => e.ChainKey == key && e.CustomerId == account.Id).OrderBy(e => e.Id).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal((guestEnrollment.Id, (int)ChainReason.JoinedAccount), (rows[0].Id, rows[0].EndReason));
        Assert.Equal((int)EnrollmentStatus.Active, rows[1].Status);
        Assert.Empty(enrollments.Table.Where(e => e.CustomerId == guest.Id).ToList());
        Assert.Empty(requests.Get<IRepository<FlockActivity>>().Table.Where(a => a.CustomerId == guest.Id).ToList());
        Assert.True(requests.Get<IRepository<FlockActivity>>().Table.Single(a => a.CustomerId == account.Id && a.Kind == (int)ChainTriggerKind.SignedIn).Handled);

        await RunAtAsync(start.AddMinutes(64));
        await RunAtAsync(start.AddMinutes(65));
        Assert.Single(ChainSchedulerTests.EmailsTo(requests, account));
        var log = await requests.Get<EnrollmentService>().GetDecisionsAsync(account.Id);
        Assert.Contains(log, d => d.ChainKey == key && d.Reason == ChainReason.JoinedAccount);
        Assert.Equal("Sent", ChainExplainer.WhyStep(log, key, "reminder")[..4]);
        await requests.Get<ChainService>().SetLifecycleAsync(key, ChainLifecycle.Archived);
    }

    [Fact]
    public async Task A_join_the_database_refuses_is_retried_by_the_next_run_from_the_sign_in_row()
    {
        var requests = _fixture.Host.NewRequest();
        var guest = await NewGuestAsync(requests);
        var account = await ChainSchedulerTests.SubscribedCustomerAsync(requests, "Gordey");
        var key = await ChainSchedulerTests.LaunchCartChainAsync(requests);
        //a guest enrollment in a chain version that cannot be read: the join fails as a whole
        var broken = new FlockEnrollment { ChainKey = key, Version = 999, CustomerId = guest.Id, TriggerKey = "activity:broken", StoreId = 1, EnrolledOnUtc = DateTime.UtcNow,
            StepEnteredOnUtc = DateTime.UtcNow, Status = (int)EnrollmentStatus.Completed };
        await requests.Get<IRepository<FlockEnrollment>>().InsertAsync(broken, false);
        var activity = requests.Get<IRepository<FlockActivity>>();
        await activity.InsertAsync(new FlockActivity { CustomerId = guest.Id, StoreId = 1, Kind = (int)ChainTriggerKind.ProductViewed, EntityId = 1, CreatedOnUtc = DateTime.UtcNow, Handled = true }, false);
        await requests.Get<ActivityService>().RecordAsync(account.Id, 1, ChainTriggerKind.SignedIn, guest.Id);

        await RunAtAsync(DateTime.UtcNow);
        var signIn = activity.Table.Single(a => a.CustomerId == account.Id && a.Kind == (int)ChainTriggerKind.SignedIn);
        Assert.False(signIn.Handled); // kept for the next run
        Assert.Single(activity.Table.Where(a => a.CustomerId == guest.Id).ToList()); // nothing moved: one transaction

        var row = requests.Get<IRepository<FlockEnrollment>>().Table.Single(e => e.Id == broken.Id);
        row.Version = 1;
        await requests.Get<IRepository<FlockEnrollment>>().UpdateAsync(row, false);
        await RunAtAsync(DateTime.UtcNow);
        Assert.True(activity.Table.Single(a => a.Id == signIn.Id).Handled);
        Assert.Empty(activity.Table.Where(a => a.CustomerId == guest.Id).ToList());
        Assert.Equal(account.Id, requests.Get<IRepository<FlockEnrollment>>().Table.Single(e => e.Id == broken.Id).CustomerId);
        await requests.Get<ChainService>().SetLifecycleAsync(key, ChainLifecycle.Archived);
    }

    private static async Task<Customer> NewGuestAsync(FlockServiceProvider requests)
    {
        var guest = new Customer { CustomerGuid = Guid.NewGuid(), Active = true, CreatedOnUtc = DateTime.UtcNow, LastActivityDateUtc = DateTime.UtcNow };
        await requests.Get<Nop.Services.Customers.ICustomerService>().InsertCustomerAsync(guest);
        return guest;
    }

    /// <summary>A product nopCommerce's cart takes as it is (no attributes to choose), so a sign-in can move it.</summary>
    private static Nop.Core.Domain.Catalog.Product PlainProduct(FlockServiceProvider requests)
    {
        var attributed = requests.Get<IRepository<Nop.Core.Domain.Catalog.ProductAttributeMapping>>().Table.Select(m => m.ProductId).Distinct().ToList();
        return requests.Get<IRepository<Nop.Core.Domain.Catalog.Product>>().Table
            .Where(p => p.Published && !p.Deleted && !p.IsGiftCard && !p.RequireOtherProducts && !p.IsRental && !p.CustomerEntersPrice && p.OrderMinimumQuantity <= 1
                        && p.ProductTypeId == (int)Nop.Core.Domain.Catalog.ProductType.SimpleProduct && p.ManageInventoryMethodId == (int)Nop.Core.Domain.Catalog.ManageInventoryMethod.DontManageStock)
            .ToList().First(p => !attributed.Contains(p.Id));
    }

    [Fact]
    public async Task An_enrollment_another_node_advances_at_the_same_moment_is_moved_and_that_nodes_save_changes_nothing()
    {
        var requests = _fixture.Host.NewRequest();
        var key = await ChainSchedulerTests.LaunchCartChainAsync(requests);
        var guest = await NewGuestAsync(requests);
        await ChainSchedulerTests.AddToCartAsync(requests, guest);
        var start = DateTime.UtcNow;
        await RunAtAsync(start);
        var enrollments = requests.Get<IRepository<FlockEnrollment>>();
        var enrollmentService = requests.Get<EnrollmentService>();
        //the other node claims the row (as the scheduler does), then the shopper signs in before it saves
        var claimed = Assert.Single(await enrollmentService.ClaimDueAsync(start.AddMinutes(61), 500, "other-node", TimeSpan.FromMinutes(5)), e => e.ChainKey == key && e.CustomerId == guest.Id);
        var account = await ChainSchedulerTests.SubscribedCustomerAsync(requests, "Gleb");
        Assert.True((await _fixture.Host.NewRequest().Get<AccountJoinService>().JoinAsync(guest.Id, account.Id, start.AddMinutes(61))).Moved >= 1);

        var stale = new Enrollment { ChainKey = key, Version = claimed.Version, CustomerId = guest.Id, TriggerKey = claimed.TriggerKey, EnrolledAt = start, StepEnteredAt = start, StepIndex = 1 };
        Assert.False(await enrollmentService.SaveAsync(claimed, "other-node", new ChainAdvance(stale, [], [], null)));
        var row = enrollments.Table.Single(e => e.Id == claimed.Id);
        Assert.Equal((account.Id, 0), (row.CustomerId, row.StepIndex));
        await requests.Get<ChainService>().SetLifecycleAsync(key, ChainLifecycle.Archived);
    }
}
