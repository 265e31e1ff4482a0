using Flock.Engine.Referrals.Programme;
using Nop.Core;
using Nop.Core.Domain.Common;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Discounts;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Core.Domain.Shipping;
using Nop.Core.Domain.Tax;
using Nop.Core.Events;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Services;
using Nop.Plugin.Misc.Flock.Tests.Infrastructure;
using Nop.Services.Common;
using Nop.Services.Customers;
using Nop.Services.Discounts;
using Nop.Services.Events;
using Nop.Services.Gdpr;
using Nop.Services.Orders;
using Nop.Plugin.Misc.Flock.Services.Referrals;

namespace Nop.Plugin.Misc.Flock.Tests;

/// <summary>
/// The referral loop driven by nopCommerce's own events and services: a friend's order carrying a Flock coupon is
/// judged by the plugin's consumers (published through IEventPublisher, replayed), paid through
/// IOrderProcessingService, settled, and cancelled; a self-referral is blocked with its reason; GDPR erasure.
/// </summary>
[Collection(NopCollection.Name)]
public class ConsumerLoopTests : IAsyncLifetime
{
    private readonly NopFixture _fixture;

    public ConsumerLoopTests(NopFixture fixture) => _fixture = fixture;

    public Task InitializeAsync() => _fixture.EnsureInstalledAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Friend_order_with_a_flock_coupon_gives_one_referral_and_one_pending_reward_replays_grant_once_cancel_revokes()
    {
        var requests = _fixture.Host.NewRequest();
        var campaign = await DefaultCampaignAsync(requests);
        var referrerCustomer = await NewCustomerAsync(requests, "Alice", "Novosibirsk", "1 Lenina");
        var friend = await NewCustomerAsync(requests, "Boris", "Omsk", "2 Mira");
        var referrer = await requests.Get<ReferrerService>().GetOrCreateAsync(referrerCustomer.Id, campaign.Id, "");
        var coupon = await NewFriendCouponAsync(requests, referrer, friend, campaign);
        var order = await NewOrderAsync(requests, friend, coupon);

        var publisher = requests.Get<IEventPublisher>();
        await publisher.PublishAsync(new OrderPlacedEvent(order));
        await publisher.PublishAsync(new OrderPlacedEvent(order)); // replay

        var referral = await _fixture.Host.NewRequest().Get<ReferralService>().GetByOrderIdAsync(order.Id);
        Assert.NotNull(referral);
        Assert.Equal(referrerCustomer.Id, referral.ReferrerCustomerId);
        Assert.Equal(friend.Id, referral.FriendCustomerId);
        Assert.Equal(ReferralDecisions.Rewarded, referral.Decision);
        Assert.Single(requests.Get<IRepository<FlockReferral>>().Table.Where(r => r.OrderId == order.Id).ToList());
        var reward = Assert.Single(await Rewards(order.Id));
        Assert.Equal("Pending", reward.State);
        Assert.Equal(referrerCustomer.Id, reward.BeneficiaryCustomerId);
        Assert.Equal(order.Id, (await _fixture.Host.NewRequest().Get<FriendCouponService>().GetAsync(referrer.Id, friend.Id)).UsedOrderId);

        // paid through nopCommerce (publishes OrderPaidEvent), then the event replayed: still one pending reward
        await requests.Get<IOrderProcessingService>().MarkOrderAsPaidAsync(order);
        Assert.Equal(PaymentStatus.Paid, order.PaymentStatus);
        await publisher.PublishAsync(new OrderPaidEvent(order));
        reward = Assert.Single(await Rewards(order.Id));
        Assert.Equal("Pending", reward.State); // inside the return window
        Assert.Null(reward.GrantedDiscountId);

        // the return window passes; settling twice grants one coupon
        var settlement = _fixture.Host.NewRequest().Get<RewardSettlementService>();
        var afterWindow = DateTimeOffset.UtcNow.AddDays(366);
        await settlement.SettleDueRewardsAsync(afterWindow);
        await settlement.SettleDueRewardsAsync(afterWindow.AddMinutes(1));
        reward = Assert.Single(await Rewards(order.Id));
        Assert.Equal("Granted", reward.State);
        Assert.NotNull(reward.GrantedDiscountId);
        var discounts = requests.Get<IRepository<Discount>>().Table.Where(d => d.CouponCode == reward.GrantedCouponCode).ToList();
        var rewardDiscount = Assert.Single(discounts);
        Assert.True(rewardDiscount.IsActive);

        // cancelled through nopCommerce (OrderStatusChangedEvent): revoked, coupon deactivated; a replay changes nothing
        await requests.Get<IOrderProcessingService>().CancelOrderAsync(order, notifyCustomer: false);
        await publisher.PublishAsync(new OrderStatusChangedEvent(order, OrderStatus.Processing));
        reward = Assert.Single(await Rewards(order.Id));
        Assert.Equal("Revoked", reward.State);
        Assert.False((await requests.Get<IDiscountService>().GetDiscountByIdAsync(rewardDiscount.Id)).IsActive);
    }

    [Fact]
    public async Task With_a_zero_day_return_window_payment_grants_at_once_replayed_payments_grant_once_and_a_refund_revokes()
    {
        var settings = _fixture.Host.NewRequest().Get<Nop.Services.Configuration.ISettingService>();
        var old = (await settings.LoadSettingAsync<FlockSettings>()).ReturnWindowDays;
        await settings.SetSettingAsync("FlockSettings.ReturnWindowDays", 0);
        _fixture.Host.ClearSettingsCache();
        try
        {
            var requests = _fixture.Host.NewRequest();
            var campaign = await DefaultCampaignAsync(requests);
            var referrerCustomer = await NewCustomerAsync(requests, "Irina", "Ufa", "8 Lenina");
            var friend = await NewCustomerAsync(requests, "Kirill", "Tula", "9 Mira");
            var referrer = await requests.Get<ReferrerService>().GetOrCreateAsync(referrerCustomer.Id, campaign.Id, "");
            var order = await NewOrderAsync(requests, friend, await NewFriendCouponAsync(requests, referrer, friend, campaign));
            var publisher = requests.Get<IEventPublisher>();
            await publisher.PublishAsync(new OrderPlacedEvent(order));

            await requests.Get<IOrderProcessingService>().MarkOrderAsPaidAsync(order);
            await publisher.PublishAsync(new OrderPaidEvent(order));
            await publisher.PublishAsync(new OrderPaidEvent(order));

            var reward = Assert.Single(await Rewards(order.Id));
            Assert.Equal("Granted", reward.State);
            var discount = Assert.Single(requests.Get<IRepository<Discount>>().Table.Where(d => d.CouponCode == reward.GrantedCouponCode).ToList());
            Assert.True(discount.IsActive);

            // refunded in full through nopCommerce (OrderRefundedEvent with the cumulative amount): revoked
            await requests.Get<IOrderProcessingService>().RefundOfflineAsync(order);
            Assert.Equal(PaymentStatus.Refunded, order.PaymentStatus);
            await publisher.PublishAsync(new OrderRefundedEvent(order, order.RefundedAmount));
            reward = Assert.Single(await Rewards(order.Id));
            Assert.Equal("Revoked", reward.State);
            Assert.False((await requests.Get<IDiscountService>().GetDiscountByIdAsync(discount.Id)).IsActive);
        }
        finally
        {
            await settings.SetSettingAsync("FlockSettings.ReturnWindowDays", old);
            _fixture.Host.ClearSettingsCache();
        }
    }

    [Fact]
    public async Task Voided_payment_revokes_the_pending_reward()
    {
        var requests = _fixture.Host.NewRequest();
        var campaign = await DefaultCampaignAsync(requests);
        var referrerCustomer = await NewCustomerAsync(requests, "Vera", "Kazan", "3 Bauman");
        var friend = await NewCustomerAsync(requests, "Gleb", "Perm", "4 Lenina");
        var referrer = await requests.Get<ReferrerService>().GetOrCreateAsync(referrerCustomer.Id, campaign.Id, "");
        var order = await NewOrderAsync(requests, friend, await NewFriendCouponAsync(requests, referrer, friend, campaign));

        var publisher = requests.Get<IEventPublisher>();
        await publisher.PublishAsync(new OrderPlacedEvent(order));
        Assert.Equal("Pending", Assert.Single(await Rewards(order.Id)).State);

        await publisher.PublishAsync(new OrderVoidedEvent(order));
        await publisher.PublishAsync(new OrderVoidedEvent(order));
        Assert.Equal("Revoked", Assert.Single(await Rewards(order.Id)).State);
    }

    [Fact]
    public async Task Self_referral_as_a_guest_with_a_second_email_and_the_own_phone_is_blocked_with_its_reason_and_rewards_nothing()
    {
        var requests = _fixture.Host.NewRequest();
        var campaign = await DefaultCampaignAsync(requests);
        var customer = await NewCustomerAsync(requests, "Dmitry", "Tomsk", "5 Pushkina");
        var referrer = await requests.Get<ReferrerService>().GetOrCreateAsync(customer.Id, campaign.Id, "");
        var guest = await GuestLikeAsync(requests, customer, "dmitry.second@example.test");
        var order = await NewOrderAsync(requests, guest, await NewFriendCouponAsync(requests, referrer, guest, campaign));

        await requests.Get<IEventPublisher>().PublishAsync(new OrderPlacedEvent(order));

        var referral = await _fixture.Host.NewRequest().Get<ReferralService>().GetByOrderIdAsync(order.Id);
        Assert.NotNull(referral);
        Assert.Equal(ReferralDecisions.Blocked, referral.Decision);
        Assert.False(string.IsNullOrWhiteSpace(referral.Reason));
        Assert.Empty(await Rewards(order.Id));
    }

    /// <summary>A guest checkout by the same person: the customer's address and phone, another e-mail, the same IP.</summary>
    internal static async Task<Customer> GuestLikeAsync(FlockServiceProvider requests, Customer person, string email)
    {
        var guest = await requests.Get<ICustomerService>().InsertGuestCustomerAsync();
        var addresses = requests.Get<IAddressService>();
        var address = addresses.CloneAddress(await addresses.GetAddressByIdAsync(person.BillingAddressId!.Value));
        address.Email = email;
        await addresses.InsertAddressAsync(address);
        guest.BillingAddressId = address.Id;
        guest.ShippingAddressId = address.Id;
        guest.LastIpAddress = person.LastIpAddress;
        await requests.Get<ICustomerService>().UpdateCustomerAsync(guest);
        return guest;
    }

    [Fact]
    public async Task Gdpr_permanent_delete_removes_or_anonymises_the_customers_flock_rows()
    {
        var requests = _fixture.Host.NewRequest();
        var campaign = await DefaultCampaignAsync(requests);
        var referrerCustomer = await NewCustomerAsync(requests, "Elena", "Sochi", "6 Kurortny");
        var friend = await NewCustomerAsync(requests, "Fedor", "Samara", "7 Volzhsky");
        var referrer = await requests.Get<ReferrerService>().GetOrCreateAsync(referrerCustomer.Id, campaign.Id, "");
        var order = await NewOrderAsync(requests, friend, await NewFriendCouponAsync(requests, referrer, friend, campaign));
        await requests.Get<IRepository<FlockVisit>>().InsertAsync(new FlockVisit
        {
            ReferrerId = referrer.Id, VisitorCustomerId = friend.Id, CampaignId = campaign.Id, Channel = "copy-link",
            IpAddress = "10.1.2.3", CreatedOnUtc = DateTime.UtcNow.AddHours(-2)
        }, false);
        await requests.Get<IEventPublisher>().PublishAsync(new OrderPlacedEvent(order));
        Assert.NotNull(await requests.Get<ReferralService>().GetByOrderIdAsync(order.Id));

        // the friend is erased through nopCommerce's GDPR service
        await requests.Get<IGdprService>().PermanentDeleteCustomerAsync(friend);
        var after = _fixture.Host.NewRequest();
        Assert.Empty(after.Get<IRepository<FlockVisit>>().Table.Where(v => v.VisitorCustomerId == friend.Id).ToList());
        Assert.Empty(after.Get<IRepository<FlockReferral>>().Table.Where(r => r.FriendCustomerId == friend.Id).ToList());
        Assert.Empty(after.Get<IRepository<FlockFriendCoupon>>().Table.Where(c => c.FriendCustomerId == friend.Id).ToList());
        var referral = await after.Get<ReferralService>().GetByOrderIdAsync(order.Id);
        Assert.Equal(0, referral.FriendCustomerId); // the referrer's history keeps the row, not the person

        // the referrer is erased: the code is blocked and points at nobody
        await requests.Get<IGdprService>().PermanentDeleteCustomerAsync(referrerCustomer);
        after = _fixture.Host.NewRequest();
        Assert.Null(await after.Get<ReferrerService>().GetByCustomerIdAsync(referrerCustomer.Id));
        var erased = await after.Get<ReferrerService>().GetByIdAsync(referrer.Id);
        Assert.True(erased is null || (erased.IsBlocked && erased.CustomerId != referrerCustomer.Id));
        Assert.Empty(after.Get<IRepository<FlockVisit>>().Table.Where(v => v.ReferrerId == referrer.Id).ToList());
    }

    private async Task<IList<FlockReward>> Rewards(int orderId) =>
        await _fixture.Host.NewRequest().Get<RewardService>().GetByOrderIdAsync(orderId);

    internal static async Task<FlockCampaign> DefaultCampaignAsync(FlockServiceProvider requests) =>
        (await requests.Get<CampaignService>().GetAllAsync()).First(c => c.Name == FlockDefaults.DefaultCampaignName);

    internal static async Task<Customer> NewCustomerAsync(FlockServiceProvider requests, string firstName, string city, string street)
    {
        var unique = Guid.NewGuid().ToString("N")[..10];
        var address = new Address
        {
            FirstName = firstName, LastName = "Test", Email = $"{firstName.ToLowerInvariant()}.{unique}@example.test",
            City = city, Address1 = street, ZipPostalCode = unique[..6], PhoneNumber = $"+7900{Random.Shared.Next(1_000_000, 9_999_999)}",
            CreatedOnUtc = DateTime.UtcNow
        };
        await requests.Get<IAddressService>().InsertAddressAsync(address);
        var customer = new Customer
        {
            CustomerGuid = Guid.NewGuid(), Email = address.Email, Username = address.Email, FirstName = firstName, LastName = "Test",
            Active = true, CreatedOnUtc = DateTime.UtcNow, LastActivityDateUtc = DateTime.UtcNow,
            BillingAddressId = address.Id, ShippingAddressId = address.Id, RegisteredInStoreId = 1,
            LastIpAddress = $"10.{Random.Shared.Next(1, 250)}.{Random.Shared.Next(1, 250)}.{Random.Shared.Next(1, 250)}"
        };
        var customers = requests.Get<ICustomerService>();
        await customers.InsertCustomerAsync(customer);
        await customers.InsertCustomerAddressAsync(customer, address);
        var registered = await customers.GetCustomerRoleBySystemNameAsync(NopCustomerDefaults.RegisteredRoleName);
        await customers.AddCustomerRoleMappingAsync(new CustomerCustomerRoleMapping { CustomerId = customer.Id, CustomerRoleId = registered.Id });
        return customer;
    }

    /// <summary>The friend's invitation as the landing records it: the engine's plan, the campaign's one offer discount.</summary>
    internal static async Task<FlockFriendCoupon> NewFriendCouponAsync(FlockServiceProvider requests, FlockReferrer referrer, Customer friend, FlockCampaign campaign)
    {
        var programme = await requests.Get<ProgrammeService>().GetAsync();
        var plan = programme.PlanLanding(new LandingRequest
        {
            Landing = programme.ParseLanding($"/r/{referrer.Code}"),
            Code = new CodeLookup
            {
                Status = CodeStatus.Active, ReferrerCustomerId = referrer.CustomerId, CampaignId = campaign.Id, Variant = referrer.Variant
            },
            VisitorCustomerId = friend.Id,
            Now = DateTimeOffset.UtcNow.AddMinutes(-10)
        });
        Assert.Equal(LandingOutcome.Offer, plan.Outcome);
        var code = await requests.Get<InvitationService>().RecordAsync(plan.Invitation!, referrer, friend, "10.0.0.1");
        Assert.False(string.IsNullOrEmpty(code));
        return await requests.Get<FriendCouponService>().GetAsync(referrer.Id, friend.Id);
    }

    /// <summary>An order of a sample product with the coupon's discount used on it (what checkout leaves behind).</summary>
    internal static async Task<Order> NewOrderAsync(FlockServiceProvider requests, Customer customer, FlockFriendCoupon coupon)
    {
        var sampleItem = requests.Get<IRepository<OrderItem>>().Table.OrderBy(i => i.Id).First();
        // an order keeps its own copy of the address, as checkout does
        var addresses = requests.Get<IAddressService>();
        var orderAddress = addresses.CloneAddress(await addresses.GetAddressByIdAsync(customer.BillingAddressId!.Value));
        await addresses.InsertAddressAsync(orderAddress);
        var order = new Order
        {
            OrderGuid = Guid.NewGuid(), StoreId = 1, CustomerId = customer.Id, BillingAddressId = orderAddress.Id,
            ShippingAddressId = orderAddress.Id, OrderStatus = OrderStatus.Pending, ShippingStatus = ShippingStatus.NotYetShipped,
            PaymentStatus = PaymentStatus.Pending, PaymentMethodSystemName = "Payments.CheckMoneyOrder", CustomerCurrencyCode = "USD",
            CurrencyRate = 1, CustomerTaxDisplayType = TaxDisplayType.ExcludingTax, OrderSubtotalInclTax = 200, OrderSubtotalExclTax = 200,
            OrderSubTotalDiscountInclTax = 10, OrderSubTotalDiscountExclTax = 10, OrderTotal = 190, CustomerLanguageId = 1,
            CustomerIp = customer.LastIpAddress, CreatedOnUtc = DateTime.UtcNow, CustomOrderNumber = string.Empty
        };
        var orders = requests.Get<IOrderService>();
        await orders.InsertOrderAsync(order);
        order.CustomOrderNumber = order.Id.ToString();
        await orders.UpdateOrderAsync(order);
        await orders.InsertOrderItemAsync(new OrderItem
        {
            OrderItemGuid = Guid.NewGuid(), OrderId = order.Id, ProductId = sampleItem.ProductId, Quantity = 1,
            UnitPriceInclTax = 200, UnitPriceExclTax = 200, PriceInclTax = 200, PriceExclTax = 200
        });
        if (coupon is not null)
            await requests.Get<IDiscountService>().InsertDiscountUsageHistoryAsync(new DiscountUsageHistory
            {
                DiscountId = coupon.DiscountId, OrderId = order.Id, CreatedOnUtc = DateTime.UtcNow
            });
        return order;
    }
}
