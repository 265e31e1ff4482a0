using Flock.Engine.Chains;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Discounts;
using Nop.Core.Domain.Messages;
using Nop.Core.Domain.Orders;
using Nop.Core.Events;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Services.Chains;
using Nop.Plugin.Misc.Flock.Tests.Infrastructure;
using Nop.Services.Configuration;
using Nop.Services.Events;
using Nop.Services.Messages;

namespace Nop.Plugin.Misc.Flock.Tests;

/// <summary>
/// Trigger chains on nopCommerce's real services and database: a cart change enrolls the customer, the scheduler sends
/// the reminder once through nopCommerce's queue with a working unsubscribe link and the coupon it issued, an order placed
/// before the reminder (or between recording and sending it) cancels it, and runs repeated never send twice.
/// </summary>
[Collection(NopCollection.Name)]
public class ChainSchedulerTests : IAsyncLifetime
{
    private readonly NopFixture _fixture;

    public ChainSchedulerTests(NopFixture fixture) => _fixture = fixture;

    public async Task InitializeAsync()
    {
        await _fixture.EnsureInstalledAsync();
        await ContactPressureAsync(_fixture.Host.NewRequest(), emailsPerDay: 0);
    }

    /// <summary>
    /// Chain tests run at any hour: no quiet hours, no weekly cap, <paramref name="emailsPerDay"/> a day (0: none;
    /// contact pressure has its own tests in the engine).
    /// </summary>
    internal static async Task ContactPressureAsync(FlockServiceProvider requests, int emailsPerDay)
    {
        var settings = requests.Get<ISettingService>();
        var flock = await settings.LoadSettingAsync<FlockSettings>();
        flock.ChainQuietHoursFrom = flock.ChainQuietHoursTo = "";
        flock.ChainEmailsPerDay = emailsPerDay;
        flock.ChainEmailsPerWeek = 0;
        await settings.SaveSettingAsync(flock);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The gallery's abandoned-cart chain under its own key, nobody held out, live.</summary>
    internal static async Task<string> LaunchCartChainAsync(FlockServiceProvider requests)
    {
        var key = "cart-" + Guid.NewGuid().ToString("N")[..8];
        var gallery = ChainGallery.Find("abandoned-cart")!.Chain;
        var steps = gallery.Steps.Select(s => s is SendStep send ? send with { Template = ChainGallery.TemplateName("abandoned-cart", s.Id) } : s).ToArray();
        await requests.Get<ChainService>().CreateAsync(gallery with { Key = key, HoldoutShare = 0, Steps = steps }, 0, ChainLifecycle.Live);
        return key;
    }

    internal static async Task<Customer> SubscribedCustomerAsync(FlockServiceProvider requests, string name)
    {
        var customer = await ConsumerLoopTests.NewCustomerAsync(requests, name, "Omsk", "3 Mira");
        await NewsletterConsentTests.SubscribeAsync(requests, customer.Email, storeId: 1);
        return customer;
    }

    /// <summary>A real cart line (the repository publishes nopCommerce's insert event, as the cart page does).</summary>
    internal static Task AddToCartAsync(FlockServiceProvider requests, Customer customer, int quantity = 1, int productId = 1) =>
        requests.Get<IRepository<ShoppingCartItem>>().InsertAsync(new ShoppingCartItem
        {
            CustomerId = customer.Id, StoreId = 1, ProductId = productId, Quantity = quantity, ShoppingCartType = ShoppingCartType.ShoppingCart,
            CreatedOnUtc = DateTime.UtcNow, UpdatedOnUtc = DateTime.UtcNow
        });

    internal static IList<QueuedEmail> EmailsTo(FlockServiceProvider requests, Customer customer) =>
        requests.Get<IRepository<QueuedEmail>>().Table.Where(q => q.To == customer.Email).ToList();

    private async Task<ChainScheduler.RunResult> RunAtAsync(DateTime nowUtc) =>
        await _fixture.Host.NewRequest().Get<ChainScheduler>().RunAsync(nowUtc);

    private async Task ArchiveAsync(string key) => await _fixture.Host.NewRequest().Get<ChainService>().SetLifecycleAsync(key, ChainLifecycle.Archived);

    [Fact]
    public async Task An_abandoned_cart_gets_one_reminder_an_hour_later_then_a_coupon_a_day_later_each_once()
    {
        var requests = _fixture.Host.NewRequest();
        var key = await LaunchCartChainAsync(requests);
        var customer = await SubscribedCustomerAsync(requests, "Cara");
        await AddToCartAsync(requests, customer);
        var start = DateTime.UtcNow;

        await RunAtAsync(start);
        var enrollment = requests.Get<IRepository<FlockEnrollment>>().Table.Single(e => e.ChainKey == key && e.CustomerId == customer.Id);
        Assert.Empty(EmailsTo(requests, customer));
        Assert.True(enrollment.DueOnUtc > start.AddMinutes(59));

        await RunAtAsync(start.AddMinutes(61));
        await RunAtAsync(start.AddMinutes(62)); // a second run changes nothing
        var reminder = Assert.Single(EmailsTo(requests, customer));
        Assert.Contains(ChainActionExecutor.Marker(requests.Get<IRepository<FlockChainAction>>().Table.Single(a => a.ChainKey == key && a.StepId == "reminder").Id), reminder.Body);
        var unsubscribe = System.Text.RegularExpressions.Regex.Match(reminder.Body, "/flock/unsubscribe/(\\d+)/([A-Za-z0-9_-]+)");
        Assert.True(unsubscribe.Success, reminder.Body);
        Assert.True(requests.Get<UnsubscribeLinks>().IsValid(customer.Id, customer.Email, unsubscribe.Groups[2].Value));
        Assert.False(requests.Get<UnsubscribeLinks>().IsValid(customer.Id + 1, customer.Email, unsubscribe.Groups[2].Value));
        //the cart as it is now, with the product's name and price; links tracked, the unsubscribe link left as it is, an open pixel
        var product = await requests.Get<Nop.Services.Catalog.IProductService>().GetProductByIdAsync(1);
        Assert.Contains("flock-cart", reminder.Body);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(product.Name), reminder.Body);
        var reminderId = requests.Get<IRepository<FlockChainAction>>().Table.Single(a => a.ChainKey == key && a.StepId == "reminder").Id;
        Assert.Matches($"/flock/c/{reminderId}/[A-Za-z0-9_-]+\\?u=", reminder.Body);
        Assert.Matches($"/flock/o/{reminderId}/[A-Za-z0-9_-]+", reminder.Body);
        Assert.DoesNotContain("u=" + Uri.EscapeDataString(unsubscribe.Value), reminder.Body);

        await RunAtAsync(start.AddMinutes(61 + 24 * 60 + 1));
        await RunAtAsync(start.AddMinutes(61 + 24 * 60 + 2));
        var emails = EmailsTo(requests, customer);
        Assert.Equal(2, emails.Count);
        var coupon = requests.Get<IRepository<FlockChainAction>>().Table.Single(a => a.ChainKey == key && a.Kind == ChainActionKinds.Coupon);
        var code = ChainActionPayload.Read(coupon.PayloadJson).CouponCode;
        Assert.Contains(code, emails.OrderBy(e => e.Id).Last().Body);
        var discount = requests.Get<IRepository<Discount>>().Table.Single(d => d.CouponCode == code);
        Assert.True(discount.IsActive && discount.RequiresCouponCode && discount.DiscountPercentage == 5 && discount.LimitationTimes == 1);
        Assert.Equal(DiscountLimitationType.NTimesOnly, discount.DiscountLimitation);
        Assert.Equal((int)EnrollmentStatus.Completed, requests.Get<IRepository<FlockEnrollment>>().Table.Single(e => e.Id == enrollment.Id).Status);
        await ArchiveAsync(key);
    }

    [Fact]
    public async Task A_cart_emptied_before_the_reminder_ends_the_chain_and_nothing_is_sent()
    {
        var requests = _fixture.Host.NewRequest();
        var key = await LaunchCartChainAsync(requests);
        var customer = await SubscribedCustomerAsync(requests, "Emil");
        await AddToCartAsync(requests, customer, quantity: 2);
        var start = DateTime.UtcNow;
        await RunAtAsync(start);
        var cart = requests.Get<IRepository<ShoppingCartItem>>();
        await cart.DeleteAsync(cart.Table.Where(i => i.CustomerId == customer.Id).ToList());

        await RunAtAsync(start.AddMinutes(61));
        Assert.Empty(EmailsTo(requests, customer));
        var enrollment = requests.Get<IRepository<FlockEnrollment>>().Table.Single(e => e.ChainKey == key && e.CustomerId == customer.Id);
        Assert.Equal((int)ChainReason.GoalCartEmptied, enrollment.EndReason);
        await ArchiveAsync(key);
    }

    [Fact]
    public async Task A_second_guest_session_with_an_address_already_reminded_gets_nothing_and_no_coupon()
    {
        var requests = _fixture.Host.NewRequest();
        var key = await LaunchCartChainAsync(requests);
        var first = await SubscribedCustomerAsync(requests, "Fedor");
        var start = DateTime.UtcNow;
        await AddToCartAsync(requests, first);
        await RunAtAsync(start);
        await RunAtAsync(start.AddMinutes(61));
        Assert.Single(EmailsTo(requests, first));

        //a fresh guest session that gave the same address at checkout (upper case: addresses are compared normalised)
        var guest = await GuestWithAddressAsync(requests, first.Email.ToUpperInvariant());
        await AddToCartAsync(requests, guest);
        await RunAtAsync(start.AddMinutes(62));
        await RunAtAsync(start.AddMinutes(62 + 61 + 24 * 60));

        //the address got the first customer's reminder and coupon message, nothing through the guest
        var lowered = first.Email.ToLowerInvariant();
        Assert.Equal(2, requests.Get<IRepository<QueuedEmail>>().Table.Count(q => q.To.ToLower() == lowered));
        Assert.False(requests.Get<IRepository<FlockChainAction>>().Table.Any(a => a.CustomerId == guest.Id && a.State == ChainActionStates.Done));
        var enrollment = requests.Get<IRepository<FlockEnrollment>>().Table.Single(e => e.ChainKey == key && e.CustomerId == guest.Id);
        Assert.Equal((int)ChainReason.AddressAlreadyServed, enrollment.EndReason);
        Assert.False(requests.Get<IRepository<FlockChainAction>>().Table.Any(a => a.CustomerId == guest.Id && a.Kind == ChainActionKinds.Coupon && a.State == ChainActionStates.Done));
        await ArchiveAsync(key);
    }

    /// <summary>A guest record that gave <paramref name="email"/> at checkout (another session of the same person).</summary>
    internal static async Task<Customer> GuestWithAddressAsync(FlockServiceProvider requests, string email)
    {
        var address = new Nop.Core.Domain.Common.Address { FirstName = "Guest", Email = email, CreatedOnUtc = DateTime.UtcNow };
        await requests.Get<Nop.Services.Common.IAddressService>().InsertAddressAsync(address);
        var guest = new Customer { CustomerGuid = Guid.NewGuid(), Active = true, CreatedOnUtc = DateTime.UtcNow, LastActivityDateUtc = DateTime.UtcNow, BillingAddressId = address.Id };
        await requests.Get<Nop.Services.Customers.ICustomerService>().InsertCustomerAsync(guest);
        return guest;
    }

    [Fact]
    public async Task Two_records_of_one_address_in_the_chain_at_once_get_one_reminder_the_first_to_send_wins()
    {
        var requests = _fixture.Host.NewRequest();
        var key = await LaunchCartChainAsync(requests);
        var account = await SubscribedCustomerAsync(requests, "Gleb");
        var guest = await GuestWithAddressAsync(requests, account.Email.ToUpperInvariant());
        var start = DateTime.UtcNow;
        await AddToCartAsync(requests, guest);
        await AddToCartAsync(requests, account);
        await RunAtAsync(start);
        var enrollments = requests.Get<IRepository<FlockEnrollment>>();
        Assert.Equal(2, enrollments.Table.Count(e => e.ChainKey == key && (e.CustomerId == account.Id || e.CustomerId == guest.Id)));

        // both reminders fall due together: the first advanced records its send (with the address key) before anything
        // is sent; the other sees it and leaves — whichever of the two entered first
        await _fixture.Host.NewRequest().Get<ChainScheduler>().AdvanceDueAsync(start.AddMinutes(61));
        var actions = requests.Get<IRepository<FlockChainAction>>();
        var recorded = actions.Table.Where(a => a.ChainKey == key && a.Kind == ChainActionKinds.Send).ToList();
        var winner = Assert.Single(recorded);
        Assert.Equal(ChainActionStates.Pending, winner.State);
        Assert.NotNull(winner.RecipientKey);
        var loser = enrollments.Table.Single(e => e.ChainKey == key && e.CustomerId != winner.CustomerId && (e.CustomerId == account.Id || e.CustomerId == guest.Id));
        Assert.Equal((int)ChainReason.AddressAlreadyServed, loser.EndReason);

        // carried out: one email at the address; the winner's own send is not stopped by the other record
        await RunAtAsync(start.AddMinutes(62));
        var lowered = account.Email.ToLowerInvariant();
        Assert.Equal(1, requests.Get<IRepository<QueuedEmail>>().Table.Count(q => q.To.ToLower() == lowered));
        Assert.Equal(ChainActionStates.Done, actions.Table.Single(a => a.Id == winner.Id).State);
        await ArchiveAsync(key);
    }

    [Fact]
    public void Tracking_links_are_signed_per_message_and_per_target()
    {
        var links = _fixture.Host.NewRequest().Get<TrackingLinks>();
        var store = new Nop.Core.Domain.Stores.Store { Url = "http://shop.test/" };
        var click = new Uri(links.ClickUrl(store, 41, "http://shop.test/cart"));
        var signature = click.Segments[^1];
        Assert.Equal("/flock/c/41/", string.Concat(click.Segments[..^1]));
        Assert.True(links.IsValidClick(41, "http://shop.test/cart", signature));
        Assert.False(links.IsValidClick(41, "https://evil.example/", signature)); // no open redirect with a borrowed signature
        Assert.False(links.IsValidClick(42, "http://shop.test/cart", signature));
        var open = links.OpenUrl(store, 41).Split('/')[^1];
        Assert.True(links.IsValidOpen(41, open));
        Assert.False(links.IsValidOpen(40, open));
        Assert.False(links.IsValidOpen(41, signature));
    }

    [Fact]
    public async Task An_order_placed_before_the_reminder_ends_the_chain_and_nothing_is_sent()
    {
        var requests = _fixture.Host.NewRequest();
        var key = await LaunchCartChainAsync(requests);
        var customer = await SubscribedCustomerAsync(requests, "Dima");
        await AddToCartAsync(requests, customer);
        var start = DateTime.UtcNow;
        await RunAtAsync(start);
        await ConsumerLoopTests.NewOrderAsync(requests, customer, null);

        await RunAtAsync(start.AddMinutes(61));
        Assert.Empty(EmailsTo(requests, customer));
        var enrollment = requests.Get<IRepository<FlockEnrollment>>().Table.Single(e => e.ChainKey == key && e.CustomerId == customer.Id);
        Assert.Equal((int)ChainReason.GoalPurchase, enrollment.EndReason);
        var why = ChainExplainer.WhyStep(await requests.Get<EnrollmentService>().GetDecisionsAsync(customer.Id), key, "reminder");
        Assert.Contains("placed an order", why);
        await ArchiveAsync(key);
    }

    [Fact]
    public async Task An_order_placed_between_recording_the_reminder_and_sending_it_cancels_the_send()
    {
        var requests = _fixture.Host.NewRequest();
        var key = await LaunchCartChainAsync(requests);
        var customer = await SubscribedCustomerAsync(requests, "Egor");
        await AddToCartAsync(requests, customer);
        var start = DateTime.UtcNow;
        var scheduler = _fixture.Host.NewRequest().Get<ChainScheduler>();
        await scheduler.EnrollFromActivityAsync(start);
        await scheduler.AdvanceDueAsync(start);
        await _fixture.Host.NewRequest().Get<ChainScheduler>().AdvanceDueAsync(start.AddMinutes(61)); // the reminder is recorded, not yet sent
        var action = requests.Get<IRepository<FlockChainAction>>().Table.Single(a => a.ChainKey == key && a.CustomerId == customer.Id);
        Assert.Equal(ChainActionStates.Pending, action.State);

        await ConsumerLoopTests.NewOrderAsync(requests, customer, null);
        await _fixture.Host.NewRequest().Get<ChainActionExecutor>().ExecuteDueAsync(start.AddMinutes(61));
        Assert.Empty(EmailsTo(requests, customer));
        Assert.Equal(ChainActionStates.Cancelled, requests.Get<IRepository<FlockChainAction>>().Table.Single(a => a.Id == action.Id).State);
        await ArchiveAsync(key);
    }

    [Fact]
    public async Task A_customer_without_marketing_consent_never_enters_and_the_reason_is_logged()
    {
        var requests = _fixture.Host.NewRequest();
        var key = await LaunchCartChainAsync(requests);
        var customer = await ConsumerLoopTests.NewCustomerAsync(requests, "Fedor", "Omsk", "4 Mira");
        await AddToCartAsync(requests, customer);
        await RunAtAsync(DateTime.UtcNow);
        Assert.Empty(requests.Get<IRepository<FlockEnrollment>>().Table.Where(e => e.ChainKey == key && e.CustomerId == customer.Id).ToList());
        var why = ChainExplainer.WhyStep(await requests.Get<EnrollmentService>().GetDecisionsAsync(customer.Id), key, "reminder");
        Assert.Contains("no marketing consent", why);
        await ArchiveAsync(key);
    }

    [Fact]
    public async Task Erasing_a_customer_takes_their_activity_enrollments_actions_and_log_and_nothing_is_sent_later()
    {
        var requests = _fixture.Host.NewRequest();
        var key = await LaunchCartChainAsync(requests);
        var customer = await SubscribedCustomerAsync(requests, "Hanna");
        await AddToCartAsync(requests, customer);
        var start = DateTime.UtcNow;
        await RunAtAsync(start);
        Assert.NotEmpty(requests.Get<IRepository<FlockEnrollment>>().Table.Where(e => e.CustomerId == customer.Id).ToList());

        await _fixture.Host.NewRequest().Get<Nop.Plugin.Misc.Flock.Services.CustomerDataService>().EraseAsync(customer.Id);
        await RunAtAsync(start.AddMinutes(61));
        Assert.Empty(requests.Get<IRepository<FlockActivity>>().Table.Where(a => a.CustomerId == customer.Id).ToList());
        Assert.Empty(requests.Get<IRepository<FlockEnrollment>>().Table.Where(e => e.CustomerId == customer.Id).ToList());
        Assert.Empty(requests.Get<IRepository<FlockChainAction>>().Table.Where(a => a.CustomerId == customer.Id).ToList());
        Assert.Empty(requests.Get<IRepository<FlockChainDecision>>().Table.Where(d => d.CustomerId == customer.Id).ToList());
        Assert.Empty(EmailsTo(requests, customer));
        await ArchiveAsync(key);
    }

    [Fact]
    public async Task Without_a_live_chain_a_cart_change_writes_nothing()
    {
        var requests = _fixture.Host.NewRequest();
        foreach (var chain in await requests.Get<ChainService>().GetAllAsync())
            await requests.Get<ChainService>().SetLifecycleAsync(chain.Key, ChainLifecycle.Archived);
        var customer = await SubscribedCustomerAsync(requests, "Ivan");
        await AddToCartAsync(requests, customer);
        Assert.Empty(requests.Get<IRepository<FlockActivity>>().Table.Where(a => a.CustomerId == customer.Id).ToList());
    }
}
