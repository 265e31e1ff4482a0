using Flock.Engine.Chains;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Services.Behaviour;
using Nop.Plugin.Misc.Flock.Services.Chains;
using Nop.Plugin.Misc.Flock.Tests.Infrastructure;
using Nop.Services.Catalog;
using Nop.Services.Orders;

namespace Nop.Plugin.Misc.Flock.Tests;

/// <summary>
/// Price drops, returns to stock and reward points about to expire, on nopCommerce's real products, carts, orders and
/// reward points: the task's scan tells the customers who looked (and only them, once), the first scan is a baseline.
/// </summary>
[Collection(NopCollection.Name)]
public class ProductTriggerTests : IAsyncLifetime
{
    private readonly NopFixture _fixture;
    private readonly List<string> _chains = [];

    public ProductTriggerTests(NopFixture fixture) => _fixture = fixture;

    public async Task InitializeAsync()
    {
        await _fixture.EnsureInstalledAsync();
        await ChainSchedulerTests.ContactPressureAsync(_fixture.Host.NewRequest(), emailsPerDay: 0);
    }

    /// <summary>The chains of a test stop listening after it: other tests' runs (at their own clocks) scan nothing for them.</summary>
    public async Task DisposeAsync()
    {
        var chains = _fixture.Host.NewRequest().Get<IRepository<FlockChain>>();
        foreach (var key in _chains)
            if (chains.Table.FirstOrDefault(c => c.Key == key) is { } chain)
            {
                chain.Lifecycle = (int)ChainLifecycle.Paused;
                await chains.UpdateAsync(chain, publishEvent: false);
            }
        ChainService.ForgetLiveTriggers();
    }

    private async Task<string> LaunchAsync(FlockServiceProvider requests, string scenario, ChainTrigger trigger)
    {
        var key = await ScheduledTriggerTests.LaunchAsync(requests, scenario, trigger);
        _chains.Add(key);
        ChainService.ForgetLiveTriggers();
        return key;
    }

    private static async Task<Product> NewProductAsync(FlockServiceProvider requests, decimal price, int? stock = null)
    {
        var product = new Product
        {
            Name = "Flock watched " + Guid.NewGuid().ToString("N")[..6], ProductType = ProductType.SimpleProduct, Price = price, Published = true,
            VisibleIndividually = true, OrderMinimumQuantity = 1, OrderMaximumQuantity = 100, CreatedOnUtc = DateTime.UtcNow, UpdatedOnUtc = DateTime.UtcNow,
            ManageInventoryMethod = stock is null ? ManageInventoryMethod.DontManageStock : ManageInventoryMethod.ManageStock, StockQuantity = stock ?? 0,
        };
        await requests.Get<IProductService>().InsertProductAsync(product);
        return product;
    }

    private static Task ViewedAsync(FlockServiceProvider requests, Customer customer, Product product, DateTime? atUtc = null) =>
        requests.Get<IRepository<FlockActivity>>().InsertAsync(new FlockActivity
        {
            CustomerId = customer.Id, StoreId = 1, Kind = (int)ChainTriggerKind.ProductViewed, EntityId = product.Id, CreatedOnUtc = atUtc ?? DateTime.UtcNow, Handled = true
        }, publishEvent: false);

    private async Task<ChainScheduler.RunResult> RunAtAsync(DateTime nowUtc) => await _fixture.Host.NewRequest().Get<ChainScheduler>().RunAsync(nowUtc);

    private static async Task ForgetProductScanAsync(FlockServiceProvider requests) =>
        await requests.Get<IRepository<FlockTriggerScan>>().DeleteAsync(s => s.Key == ProductTriggerService.MarkKey || s.Key == ProductTriggerService.VerifiedMark);

    [Fact]
    public async Task A_price_drop_reaches_who_viewed_or_wished_for_the_product_since_the_price_they_saw_once_and_not_who_bought_it()
    {
        var requests = _fixture.Host.NewRequest();
        var key = await LaunchAsync(requests, "price-drop", new ChainTrigger { Kind = ChainTriggerKind.PriceDropped });
        var product = await NewProductAsync(requests, 100);
        var early = await ChainSchedulerTests.SubscribedCustomerAsync(requests, "Pdearly");
        await ViewedAsync(requests, early, product, DateTime.UtcNow.AddDays(-2)); //before the baseline: saw a price nobody recorded
        await ForgetProductScanAsync(requests);
        var now = TriggerScanMarks.Exact(DateTime.UtcNow);
        await RunAtAsync(now); //the baseline: every product recorded, nobody told
        var state = requests.Get<IRepository<FlockProductState>>().Table.Single(s => s.ProductId == product.Id);
        Assert.Equal((100m, true), (state.Price, state.InStock));

        var viewer = await ChainSchedulerTests.SubscribedCustomerAsync(requests, "Pdviewer");
        await ViewedAsync(requests, viewer, product);
        var wisher = await ChainSchedulerTests.SubscribedCustomerAsync(requests, "Pdwisher");
        await requests.Get<IRepository<ShoppingCartItem>>().InsertAsync(new ShoppingCartItem
        {
            CustomerId = wisher.Id, StoreId = 1, ProductId = product.Id, Quantity = 1, ShoppingCartType = ShoppingCartType.Wishlist,
            CreatedOnUtc = DateTime.UtcNow, UpdatedOnUtc = DateTime.UtcNow
        });
        var buyer = await ChainSchedulerTests.SubscribedCustomerAsync(requests, "Pdbuyer");
        await ViewedAsync(requests, buyer, product);
        var order = await ConsumerLoopTests.NewOrderAsync(requests, buyer, null);
        order.PaymentStatus = Nop.Core.Domain.Payments.PaymentStatus.Paid;
        order.CreatedOnUtc = DateTime.UtcNow.AddSeconds(1);
        await requests.Get<IOrderService>().UpdateOrderAsync(order);
        await requests.Get<IOrderService>().InsertOrderItemAsync(new OrderItem { OrderItemGuid = Guid.NewGuid(), OrderId = order.Id, ProductId = product.Id, Quantity = 1 });

        await RunAtAsync(now.AddMinutes(6)); //a scan that saw them look at 100
        product.Price = 80;
        await requests.Get<IProductService>().UpdateProductAsync(product);
        await RunAtAsync(now.AddMinutes(8)); //too soon to scan again
        Assert.Empty(ScheduledTriggerTests.EnrollmentsOf(requests, key));
        await RunAtAsync(now.AddMinutes(12));
        await RunAtAsync(now.AddMinutes(18)); //nothing changed since: nothing more

        var told = requests.Get<IRepository<FlockActivity>>().Table.Where(a => a.Kind == (int)ChainTriggerKind.PriceDropped && a.EntityId == product.Id).ToList();
        Assert.Equal([viewer.Id, wisher.Id], told.Select(a => a.CustomerId).Order().ToArray());
        Assert.All(told, a => Assert.Equal($"price:{product.Id}:{now.AddMinutes(12):yyyyMMddHHmmss}", a.Text));
        var enrollments = ScheduledTriggerTests.EnrollmentsOf(requests, key);
        Assert.Equal([viewer.Id, wisher.Id], enrollments.Select(e => e.CustomerId).Order().ToArray());
        //the message shows the product that got cheaper, at its new price, to the wisher too (who never viewed it)
        var mail = Assert.Single(ChainSchedulerTests.EmailsTo(requests, wisher));
        Assert.Contains(product.Name, mail.Body);
        Assert.Contains("80", mail.Body);

        //a rise makes the higher price the reference from then on: the viewer saw 80, not 90, and hears nothing of 89
        product.Price = 90;
        await requests.Get<IProductService>().UpdateProductAsync(product);
        await RunAtAsync(now.AddMinutes(24));
        product.Price = 89;
        await requests.Get<IProductService>().UpdateProductAsync(product);
        await RunAtAsync(now.AddMinutes(30));
        Assert.Equal(2, requests.Get<IRepository<FlockActivity>>().Table.Count(a => a.Kind == (int)ChainTriggerKind.PriceDropped && a.EntityId == product.Id));
        state = requests.Get<IRepository<FlockProductState>>().Table.Single(s => s.ProductId == product.Id);
        Assert.Equal((89m, 89m), (state.Price, state.ReferencePrice));
    }

    [Fact]
    public async Task Back_in_stock_reaches_who_looked_while_it_was_out_and_a_pause_in_the_scans_makes_a_baseline()
    {
        var requests = _fixture.Host.NewRequest();
        var key = await LaunchAsync(requests, "back-in-stock", new ChainTrigger { Kind = ChainTriggerKind.BackInStock });
        var product = await NewProductAsync(requests, 50, stock: 0);
        var before = await ChainSchedulerTests.SubscribedCustomerAsync(requests, "Bsbefore"); //looked before the scans knew it was out
        await ForgetProductScanAsync(requests);
        var now = TriggerScanMarks.Exact(DateTime.UtcNow);
        await RunAtAsync(now);

        var waiting = await ChainSchedulerTests.SubscribedCustomerAsync(requests, "Bswaiting");
        await ViewedAsync(requests, waiting, product);
        await ViewedAsync(requests, before, product, now.AddMinutes(-30));
        await RunAtAsync(now.AddMinutes(6)); //still out when they looked
        product.StockQuantity = 5;
        await requests.Get<IProductService>().UpdateProductAsync(product);
        await RunAtAsync(now.AddMinutes(12));

        Assert.Equal(waiting.Id, Assert.Single(ScheduledTriggerTests.EnrollmentsOf(requests, key)).CustomerId);
        var activity = Assert.Single(ScheduledTriggerTests.ActivitiesOf(requests, waiting, ChainTriggerKind.BackInStock));
        Assert.Equal(product.Id, activity.EntityId);

        //sold out and back while the task was stopped for hours: the scan after the pause only records
        product.StockQuantity = 0;
        await requests.Get<IProductService>().UpdateProductAsync(product);
        await RunAtAsync(now.AddMinutes(18));
        await ViewedAsync(requests, waiting, product, now.AddMinutes(19));
        await RunAtAsync(now.AddMinutes(24)); //a scan that saw it still out after that look: without the pause, it would be told
        product.StockQuantity = 3;
        await requests.Get<IProductService>().UpdateProductAsync(product);
        await RunAtAsync(now.AddHours(3));
        Assert.Single(ScheduledTriggerTests.ActivitiesOf(requests, waiting, ChainTriggerKind.BackInStock));
        Assert.True(requests.Get<IRepository<FlockProductState>>().Table.Single(s => s.ProductId == product.Id).InStock);
    }

    [Fact]
    public async Task A_product_nopCommerce_will_not_sell_is_not_back_and_a_wishlist_line_from_before_it_sold_out_is_told_when_it_is()
    {
        var requests = _fixture.Host.NewRequest();
        var key = await LaunchAsync(requests, "back-in-stock", new ChainTrigger { Kind = ChainTriggerKind.BackInStock });
        var product = await NewProductAsync(requests, 30, stock: 1);
        var wisher = await ChainSchedulerTests.SubscribedCustomerAsync(requests, "Bswisher");
        await requests.Get<IRepository<ShoppingCartItem>>().InsertAsync(new ShoppingCartItem
        {
            CustomerId = wisher.Id, StoreId = 1, ProductId = product.Id, Quantity = 1, ShoppingCartType = ShoppingCartType.Wishlist,
            CreatedOnUtc = DateTime.UtcNow.AddDays(-3), UpdatedOnUtc = DateTime.UtcNow.AddDays(-3)
        });
        await ForgetProductScanAsync(requests);
        var now = TriggerScanMarks.Exact(DateTime.UtcNow);
        await RunAtAsync(now);
        //the last one sold: nopCommerce disables the buy button (LowStockActivity) and keeps it so after a restock
        product.StockQuantity = 0;
        product.LowStockActivity = LowStockActivity.DisableBuyButton;
        product.DisableBuyButton = true;
        await requests.Get<IProductService>().UpdateProductAsync(product);
        await RunAtAsync(now.AddMinutes(6));
        product.StockQuantity = 10;
        await requests.Get<IProductService>().UpdateProductAsync(product);
        await RunAtAsync(now.AddMinutes(12));
        Assert.Empty(ScheduledTriggerTests.EnrollmentsOf(requests, key));
        Assert.False(requests.Get<IRepository<FlockProductState>>().Table.Single(s => s.ProductId == product.Id).InStock);

        product.DisableBuyButton = false; //on sale again
        await requests.Get<IProductService>().UpdateProductAsync(product);
        await RunAtAsync(now.AddMinutes(18));
        Assert.Equal(wisher.Id, Assert.Single(ScheduledTriggerTests.EnrollmentsOf(requests, key)).CustomerId);
    }

    [Fact]
    public async Task Points_about_to_expire_enroll_the_customer_whose_unspent_points_end_in_the_days_once()
    {
        var requests = _fixture.Host.NewRequest();
        var days = Random.Shared.Next(1000, 3000); //a trigger of its own: its scan mark is new, so the first scan reaches a day back
        var key = await LaunchAsync(requests, "points-expiring", new ChainTrigger { Kind = ChainTriggerKind.PointsExpiring, Days = days });
        var now = TriggerScanMarks.Exact(DateTime.UtcNow);
        var rewardPoints = requests.Get<IRewardPointService>();
        var holder = await ChainSchedulerTests.SubscribedCustomerAsync(requests, "Ptholder");
        await rewardPoints.AddRewardPointsHistoryEntryAsync(holder, 150, 1, "bonus", endDate: now.AddDays(days).AddMinutes(-30));
        var spent = await ChainSchedulerTests.SubscribedCustomerAsync(requests, "Ptspent"); //used them all
        await rewardPoints.AddRewardPointsHistoryEntryAsync(spent, 150, 1, "bonus", endDate: now.AddDays(days).AddMinutes(-30));
        var history = requests.Get<IRepository<RewardPointsHistory>>();
        var entry = history.Table.Single(h => h.CustomerId == spent.Id);
        entry.ValidPoints = 0;
        await history.UpdateAsync(entry);
        var later = await ChainSchedulerTests.SubscribedCustomerAsync(requests, "Ptlater"); //expire a week after that
        await rewardPoints.AddRewardPointsHistoryEntryAsync(later, 150, 1, "bonus", endDate: now.AddDays(days + 7));

        await RunAtAsync(now);
        await RunAtAsync(now.AddHours(2));

        var activity = Assert.Single(ScheduledTriggerTests.ActivitiesOf(requests, holder, ChainTriggerKind.PointsExpiring));
        Assert.StartsWith($"points:{days}:", activity.Text);
        Assert.Empty(ScheduledTriggerTests.ActivitiesOf(requests, spent, ChainTriggerKind.PointsExpiring));
        Assert.Empty(ScheduledTriggerTests.ActivitiesOf(requests, later, ChainTriggerKind.PointsExpiring));
        Assert.Equal(holder.Id, Assert.Single(ScheduledTriggerTests.EnrollmentsOf(requests, key)).CustomerId);
    }

    [Fact]
    public async Task Views_are_captured_while_a_price_drop_chain_is_live_and_not_before()
    {
        var requests = _fixture.Host.NewRequest();
        ChainService.ForgetLiveTriggers();
        var chains = requests.Get<ChainService>();
        var viewChains = requests.Get<IRepository<FlockChain>>().Table.Where(c => c.Lifecycle == (int)ChainLifecycle.Live).ToList();
        var needsViews = false;
        foreach (var chain in viewChains)
            needsViews |= TriggerInputs.Of((await chains.GetCompiledAsync(chain.Key, chain.CurrentVersion)).Definition.Trigger.Kind).Contains(ChainTriggerKind.ProductViewed);
        Assert.Equal(needsViews, await chains.AnyLiveForAsync(ChainTriggerKind.ProductViewed));
        await LaunchAsync(requests, "price-drop", new ChainTrigger { Kind = ChainTriggerKind.PriceDropped });
        Assert.True(await _fixture.Host.NewRequest().Get<ChainService>().AnyLiveForAsync(ChainTriggerKind.ProductViewed));
    }
}
