using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Discounts;
using Nop.Core.Domain.Orders;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Services;
using Nop.Plugin.Misc.Flock.Tests.Infrastructure;
using Nop.Services.Customers;
using Nop.Services.Discounts;
using Nop.Core.Events;
using Nop.Services.Events;
using Nop.Services.Orders;
using Nop.Plugin.Misc.Flock.Services.Referrals;

namespace Nop.Plugin.Misc.Flock.Tests;

/// <summary>
/// The friend offer enforced where the money is: nopCommerce's own discount validation (IDiscountService.ValidateDiscountAsync,
/// which checkout and order placement call) runs Flock's requirement. Each case was a hole before 1.1: a discount per
/// visit, usable by anyone who typed it, by existing customers, below the minimum.
/// </summary>
[Collection(NopCollection.Name)]
public class FriendOfferCheckoutTests : IAsyncLifetime
{
    private readonly NopFixture _fixture;

    public FriendOfferCheckoutTests(NopFixture fixture) => _fixture = fixture;

    public Task InitializeAsync() => _fixture.EnsureInstalledAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(FlockReferrer Referrer, Customer ReferrerCustomer, FlockCampaign Campaign)> ReferrerAsync(FlockServiceProvider requests, string name)
    {
        var campaign = await ConsumerLoopTests.DefaultCampaignAsync(requests);
        var customer = await ConsumerLoopTests.NewCustomerAsync(requests, name, "Novosibirsk", "1 " + name);
        var referrer = await requests.Get<ReferrerService>().GetOrCreateAsync(customer.Id, campaign.Id, "");
        return (referrer, customer, campaign);
    }

    private static async Task<Customer> GuestAsync(FlockServiceProvider requests) =>
        await requests.Get<ICustomerService>().InsertGuestCustomerAsync();

    private static async Task AddToCartAsync(FlockServiceProvider requests, Customer customer, decimal atLeast = 0m)
    {
        var product = requests.Get<IRepository<Product>>().Table
            .Where(p => p.Published && !p.Deleted && !p.IsGiftCard && !p.CustomerEntersPrice && p.Price >= atLeast && p.Price > 0 && !p.IsRental && !p.IsRecurring
                        && p.ProductTypeId == (int)ProductType.SimpleProduct && p.OrderMinimumQuantity <= 1)
            .OrderBy(p => p.Price).First();
        await requests.Get<IRepository<ShoppingCartItem>>().InsertAsync(new ShoppingCartItem
        {
            CustomerId = customer.Id, ProductId = product.Id, StoreId = 1, ShoppingCartType = ShoppingCartType.ShoppingCart, Quantity = 1,
            AttributesXml = "", CreatedOnUtc = DateTime.UtcNow, UpdatedOnUtc = DateTime.UtcNow
        }, false);
    }

    private static async Task<(bool Valid, string Error)> ValidateAsync(FlockServiceProvider requests, Customer customer, string code)
    {
        var discount = (await requests.Get<IDiscountService>().GetAllDiscountsAsync(couponCode: code, showHidden: true)).Single();
        var result = await requests.Get<IDiscountService>().ValidateDiscountAsync(discount, customer, [code]);
        return (result.IsValid, result.Errors?.FirstOrDefault());
    }

    [Fact]
    public async Task Fifty_fresh_guest_landings_make_no_discount_each_only_an_invitation_and_share_one_offer_discount()
    {
        var requests = _fixture.Host.NewRequest();
        var (referrer, _, campaign) = await ReferrerAsync(requests, "Anna");
        var activeBefore = requests.Get<IRepository<Discount>>().Table.Count(d => d.IsActive);

        var codes = new HashSet<string>();
        for (var i = 0; i < 50; i++)
        {
            var guest = await GuestAsync(requests);
            codes.Add((await ConsumerLoopTests.NewFriendCouponAsync(_fixture.Host.NewRequest(), referrer, guest, campaign)).CouponCode);
        }

        var activeAfter = _fixture.Host.NewRequest().Get<IRepository<Discount>>().Table.Count(d => d.IsActive);
        Assert.True(activeAfter - activeBefore <= 1, $"{activeAfter - activeBefore} discounts were created by 50 landings");
        Assert.Single(codes);
        Assert.Equal(50, requests.Get<IRepository<FlockFriendCoupon>>().Table.Count(c => c.ReferrerId == referrer.Id));
        // the landing would now refuse more invitations from that address for an hour
        Assert.True(await _fixture.Host.NewRequest().Get<InvitationService>().IsRateLimitedAsync("10.0.0.1"));
    }

    [Fact]
    public async Task The_invited_new_friend_gets_the_offer_and_a_passed_on_code_is_refused_with_its_reason()
    {
        var requests = _fixture.Host.NewRequest();
        var (referrer, _, campaign) = await ReferrerAsync(requests, "Olga");
        var friend = await ConsumerLoopTests.NewCustomerAsync(requests, "Petr", "Omsk", "2 Mira");
        var code = (await ConsumerLoopTests.NewFriendCouponAsync(requests, referrer, friend, campaign)).CouponCode;
        await AddToCartAsync(requests, friend);
        var stranger = await ConsumerLoopTests.NewCustomerAsync(requests, "Stranger", "Tver", "3 Sovetskaya");
        await AddToCartAsync(requests, stranger);

        Assert.True((await ValidateAsync(_fixture.Host.NewRequest(), friend, code)).Valid);
        var (valid, error) = await ValidateAsync(_fixture.Host.NewRequest(), stranger, code);
        Assert.False(valid);
        Assert.Equal("This code works only through a friend's invitation link.", error);
    }

    [Fact]
    public async Task An_existing_customer_and_a_returning_buyer_under_a_second_email_are_refused_as_not_new()
    {
        var requests = _fixture.Host.NewRequest();
        var (referrer, _, campaign) = await ReferrerAsync(requests, "Sveta");
        var existing = await ConsumerLoopTests.NewCustomerAsync(requests, "Taras", "Ufa", "4 Lenina");
        var code = (await ConsumerLoopTests.NewFriendCouponAsync(requests, referrer, existing, campaign)).CouponCode;
        var earlier = await ConsumerLoopTests.NewOrderAsync(requests, existing, null);
        await requests.Get<IEventPublisher>().PublishAsync(new OrderPlacedEvent(earlier));
        await AddToCartAsync(requests, existing);

        var (valid, error) = await ValidateAsync(_fixture.Host.NewRequest(), existing, code);
        Assert.False(valid);
        Assert.Equal("The invitation offer is for a new customer's first order only.", error);

        // the same person as a guest with a second e-mail but the same phone and address
        var guest = await GuestAsync(requests);
        var addresses = requests.Get<Nop.Services.Common.IAddressService>();
        var address = addresses.CloneAddress(await addresses.GetAddressByIdAsync(existing.BillingAddressId!.Value));
        address.Email = "second.mailbox@example.test";
        await addresses.InsertAddressAsync(address);
        guest.BillingAddressId = address.Id;
        await requests.Get<ICustomerService>().UpdateCustomerAsync(guest);
        await ConsumerLoopTests.NewFriendCouponAsync(requests, referrer, guest, campaign);
        await AddToCartAsync(requests, guest);

        (valid, error) = await ValidateAsync(_fixture.Host.NewRequest(), guest, code);
        Assert.False(valid);
        Assert.Equal("The invitation offer is for a new customer's first order only.", error);
    }

    [Fact]
    public async Task The_referrer_as_a_guest_with_their_own_phone_is_refused_and_a_used_invitation_does_not_work_twice()
    {
        var requests = _fixture.Host.NewRequest();
        var (referrer, referrerCustomer, campaign) = await ReferrerAsync(requests, "Ulyana");
        var guest = await GuestAsync(requests);
        var addresses = requests.Get<Nop.Services.Common.IAddressService>();
        var address = addresses.CloneAddress(await addresses.GetAddressByIdAsync(referrerCustomer.BillingAddressId!.Value));
        address.Email = "ulyana.other@example.test";
        address.Address1 = "99 Elsewhere";
        await addresses.InsertAddressAsync(address);
        guest.BillingAddressId = address.Id;
        await requests.Get<ICustomerService>().UpdateCustomerAsync(guest);
        var code = (await ConsumerLoopTests.NewFriendCouponAsync(requests, referrer, guest, campaign)).CouponCode;
        await AddToCartAsync(requests, guest);

        var (valid, error) = await ValidateAsync(_fixture.Host.NewRequest(), guest, code);
        Assert.False(valid);
        Assert.Equal("You cannot use your own invitation.", error);

        // a real friend uses the invitation on an order; afterwards it no longer applies (not even as "new")
        var friend = await ConsumerLoopTests.NewCustomerAsync(requests, "Vlad", "Kursk", "5 Mira");
        var invitation = await ConsumerLoopTests.NewFriendCouponAsync(requests, referrer, friend, campaign);
        var order = await ConsumerLoopTests.NewOrderAsync(requests, friend, invitation);
        await requests.Get<IEventPublisher>().PublishAsync(new OrderPlacedEvent(order));
        Assert.Equal(order.Id, (await _fixture.Host.NewRequest().Get<FriendCouponService>().GetAsync(referrer.Id, friend.Id)).UsedOrderId);
        await AddToCartAsync(requests, friend);
        (valid, _) = await ValidateAsync(_fixture.Host.NewRequest(), friend, code);
        Assert.False(valid);
    }

    [Fact]
    public async Task The_minimum_subtotal_is_enforced_with_the_amount_missing()
    {
        var requests = _fixture.Host.NewRequest();
        var campaigns = requests.Get<CampaignService>();
        var campaign = await ConsumerLoopTests.DefaultCampaignAsync(requests);
        var original = campaign.ConfigJson;
        try
        {
            campaign.ConfigJson = SetMinimum(original, 5000m);
            await campaigns.UpdateAsync(campaign);
            var fresh = _fixture.Host.NewRequest();
            var customer = await ConsumerLoopTests.NewCustomerAsync(fresh, "Yana", "Orel", "6 Lenina");
            var referrer = await fresh.Get<ReferrerService>().GetOrCreateAsync(customer.Id, campaign.Id, "");
            var friend = await ConsumerLoopTests.NewCustomerAsync(fresh, "Zoya", "Bryansk", "7 Mira");
            var code = (await ConsumerLoopTests.NewFriendCouponAsync(fresh, referrer, friend, campaign)).CouponCode;
            await AddToCartAsync(fresh, friend);

            var (valid, error) = await ValidateAsync(_fixture.Host.NewRequest(), friend, code);
            Assert.False(valid);
            Assert.StartsWith("The invitation offer applies from 5000", error);
        }
        finally
        {
            campaign.ConfigJson = original;
            await campaigns.UpdateAsync(campaign);
        }
    }

    /// <summary>The campaign document with every motivation's friend offer requiring <paramref name="minimum"/>.</summary>
    private static string SetMinimum(string json, decimal minimum)
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        foreach (var motivation in document["creatives"]!["motivations"]!.AsArray())
            motivation!["friendOffer"]!["minimumSubtotal"] = minimum;
        return document.ToJsonString();
    }
}
