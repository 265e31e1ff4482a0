using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Orders;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Services.Recommendations;
using Nop.Plugin.Misc.Flock.Tests.Infrastructure;
using Nop.Services.Orders;

namespace Nop.Plugin.Misc.Flock.Tests;

/// <summary>
/// Recommendations (P1–P2) on nopCommerce's services and sample catalog: the model counts paid orders only, follows
/// payments and cancellations through the shared inbox (as a second web-farm node would), and the shopper's list passes
/// nopCommerce's own visibility checks.
/// </summary>
[Collection(NopCollection.Name)]
public class RecommendationTests : IAsyncLifetime
{
    private readonly NopFixture _fixture;

    public RecommendationTests(NopFixture fixture) => _fixture = fixture;

    public Task InitializeAsync() => _fixture.EnsureInstalledAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<Order> OrderOfAsync(FlockServiceProvider requests, string name, params int[] productIds)
    {
        var customer = await ConsumerLoopTests.NewCustomerAsync(requests, name, "Kazan", $"{name} 1");
        var order = await ConsumerLoopTests.NewOrderAsync(requests, customer, null);
        var items = requests.Get<IRepository<OrderItem>>();
        var line = items.Table.Single(i => i.OrderId == order.Id);
        line.ProductId = productIds[0];
        await items.UpdateAsync(line, false);
        foreach (var productId in productIds.Skip(1))
            await requests.Get<IOrderService>().InsertOrderItemAsync(new OrderItem
            {
                OrderItemGuid = Guid.NewGuid(), OrderId = order.Id, ProductId = productId, Quantity = 1,
                UnitPriceInclTax = 10, UnitPriceExclTax = 10, PriceInclTax = 10, PriceExclTax = 10
            });
        return order;
    }

    [Fact]
    public async Task Paid_orders_make_a_pair_a_cancellation_takes_it_back_and_an_unpaid_order_never_counts()
    {
        var requests = _fixture.Host.NewRequest();
        var products = requests.Get<IRepository<Product>>().Table
            .Where(p => p.Published && !p.Deleted && p.VisibleIndividually && !p.SubjectToAcl && !p.LimitedToStores)
            .OrderBy(p => p.Id).Select(p => p.Id).Take(3).ToArray();
        var (a, b, c) = (products[0], products[1], products[2]);
        var data = requests.Get<RecommendationDataService>();
        var cache = new RecommendationModelCache();
        await cache.BuildAsync(data, DateTime.UtcNow);
        var before = cache.Read((_, model) => model.CustomersWhoBoughtTogether(a, b));

        var processing = requests.Get<IOrderProcessingService>();
        var first = await OrderOfAsync(requests, "Recone", a, b);
        var second = await OrderOfAsync(requests, "Rectwo", a, b);
        var unpaid = await OrderOfAsync(requests, "Recthree", a, c);
        await processing.MarkOrderAsPaidAsync(first);
        await processing.MarkOrderAsPaidAsync(second);

        //the payments reach the model through the inbox, as they reach a node that did not handle them
        Assert.True(await cache.CatchUpAsync(data, DateTime.UtcNow) >= 2);
        Assert.Equal(before + 2, cache.Read((_, model) => model.CustomersWhoBoughtTogether(a, b)));
        Assert.Equal(cache.Read((_, model) => model.CustomersWhoBoughtTogether(a, c)), await PairInRebuildAsync(data, a, c));
        Assert.Contains(cache.BasketsOf(first.CustomerId), basket => basket.ProductIds.Contains(a) && basket.ProductIds.Contains(b));
        Assert.Empty(cache.BasketsOf(unpaid.CustomerId));

        await processing.CancelOrderAsync(await requests.Get<IOrderService>().GetOrderByIdAsync(second.Id), false);
        await cache.CatchUpAsync(data, DateTime.UtcNow);
        Assert.Equal(before + 1, cache.Read((_, model) => model.CustomersWhoBoughtTogether(a, b)));
        //the incremental model is the one a rebuild gives
        Assert.Equal(before + 1, await PairInRebuildAsync(data, a, b));
    }

    private static async Task<int> PairInRebuildAsync(RecommendationDataService data, int a, int b)
    {
        var rebuilt = new RecommendationModelCache();
        await rebuilt.BuildAsync(data, DateTime.UtcNow);
        return rebuilt.Read((_, model) => model.CustomersWhoBoughtTogether(a, b));
    }

    [Fact]
    public async Task The_catalog_follows_nopCommerce_visibility_and_stock()
    {
        var requests = _fixture.Host.NewRequest();
        var repository = requests.Get<IRepository<Product>>();
        var product = repository.Table.Where(p => p.Published && !p.Deleted && p.VisibleIndividually).OrderBy(p => p.Id).First();
        var data = requests.Get<RecommendationDataService>();
        var shopper = global::Flock.Engine.Recommendations.ShopperScope.GuestOf(1);
        Assert.True((await data.ReadCatalogAsync(DateTime.UtcNow)).Find(product.Id)!.IsShowableTo(shopper));

        var (manage, stock, backorders, limited) = (product.ManageInventoryMethodId, product.StockQuantity, product.BackorderModeId, product.LimitedToStores);
        try
        {
            product.ManageInventoryMethod = ManageInventoryMethod.ManageStock;
            product.UseMultipleWarehouses = false;
            product.StockQuantity = 0;
            product.BackorderMode = BackorderMode.NoBackorders;
            await repository.UpdateAsync(product, false);
            Assert.False((await data.ReadCatalogAsync(DateTime.UtcNow)).Find(product.Id)!.IsAvailable);

            product.StockQuantity = 5;
            product.LimitedToStores = true; //limited to stores, none mapped: nobody sees it
            await repository.UpdateAsync(product, false);
            var item = (await data.ReadCatalogAsync(DateTime.UtcNow)).Find(product.Id)!;
            Assert.True(item.IsAvailable);
            Assert.False(item.IsShowableTo(shopper));
        }
        finally
        {
            product.ManageInventoryMethodId = manage;
            product.StockQuantity = stock;
            product.BackorderModeId = backorders;
            product.LimitedToStores = limited;
            await repository.UpdateAsync(product, false);
        }
    }

    [Fact]
    public async Task Kpis_count_clicks_only_on_shown_products_and_buyers_of_recommended_products_in_both_groups()
    {
        var requests = _fixture.Host.NewRequest();
        var products = requests.Get<IRepository<Product>>().Table.Where(p => p.Published && !p.Deleted).OrderBy(p => p.Id).Select(p => p.Id).Take(3).ToArray();
        var place = "kpitest" + Guid.NewGuid().ToString("N")[..6];
        var buffer = requests.Get<RecommendationExposureBuffer>();
        var kpis = requests.Get<RecommendationKpiService>();
        var now = DateTime.UtcNow.AddMinutes(-5);
        var shown = await ConsumerLoopTests.NewCustomerAsync(requests, "Kpishown", "Ufa", "1 Kpi");
        var held = await ConsumerLoopTests.NewCustomerAsync(requests, "Kpiheld", "Ufa", "2 Kpi");

        //RecommendationPlaces are fixed; the test's own place keeps other tests' rows out of its counts
        buffer.Add(1, shown.Id, place, products[0], [products[1]], holdout: false, now);
        buffer.Add(1, shown.Id, place, products[0], [products[1]], holdout: false, now); //the same block again: one row
        buffer.Add(1, held.Id, place, products[0], [products[1]], holdout: true, now);
        await kpis.FlushAsync();
        Assert.Equal(2, requests.Get<IRepository<FlockRecommendationExposure>>().Table.Count(e => e.Place == place));

        Assert.False(await kpis.TryRecordAsync(1, shown.Id, place, products[1], RecommendationKpiService.Click, DateTime.UtcNow)); //an unknown place
        await kpis.EraseCustomerAsync(shown.Id);
        await kpis.EraseCustomerAsync(held.Id);
        Assert.Equal(0, requests.Get<IRepository<FlockRecommendationExposure>>().Table.Count(e => e.Place == place));

        //the real product page
        buffer.Add(1, shown.Id, RecommendationPlaces.Product, products[0], [products[1]], holdout: false, now);
        buffer.Add(1, held.Id, RecommendationPlaces.Product, products[0], [products[1]], holdout: true, now);
        await kpis.FlushAsync();
        Assert.True(await kpis.TryRecordAsync(1, shown.Id, RecommendationPlaces.Product, products[1], RecommendationKpiService.Click, DateTime.UtcNow));
        Assert.False(await kpis.TryRecordAsync(1, shown.Id, RecommendationPlaces.Product, products[1], RecommendationKpiService.Click, DateTime.UtcNow)); //once a day
        Assert.False(await kpis.TryRecordAsync(1, shown.Id, RecommendationPlaces.Product, products[2], RecommendationKpiService.Cart, DateTime.UtcNow)); //never shown
        Assert.False(await kpis.TryRecordAsync(1, held.Id, RecommendationPlaces.Product, products[1], RecommendationKpiService.Click, DateTime.UtcNow)); //held out: shown nothing

        //a cart line really added (nopCommerce's insert) of the shown product counts as added to cart; of another product not
        await requests.Get<IRepository<ShoppingCartItem>>().InsertAsync(new ShoppingCartItem
        {
            CustomerId = shown.Id, ProductId = products[1], StoreId = 1, Quantity = 1, ShoppingCartTypeId = (int)ShoppingCartType.ShoppingCart,
            CreatedOnUtc = DateTime.UtcNow, UpdatedOnUtc = DateTime.UtcNow
        });
        var interactions = requests.Get<IRepository<FlockRecommendationInteraction>>().Table;
        Assert.Equal(1, interactions.Count(i => i.CustomerId == shown.Id && i.Kind == RecommendationKpiService.Cart && i.Place == RecommendationPlaces.Product));

        //a shopper in both groups (the holdout share changed) counts in neither
        var both = await ConsumerLoopTests.NewCustomerAsync(requests, "Kpiboth", "Ufa", "3 Kpi");
        var mixedBefore = await kpis.ReadAsync(RecommendationPlaces.Product, now.AddMinutes(-1));
        buffer.Add(1, both.Id, RecommendationPlaces.Product, products[0], [products[1]], holdout: false, now);
        buffer.Add(1, both.Id, RecommendationPlaces.Product, products[0], [products[1]], holdout: true, now);
        await kpis.FlushAsync();
        var mixedAfter = await kpis.ReadAsync(RecommendationPlaces.Product, now.AddMinutes(-1));
        Assert.Equal(mixedBefore.ShownShoppers, mixedAfter.ShownShoppers);
        Assert.Equal(mixedBefore.HoldoutShoppers, mixedAfter.HoldoutShoppers);
        await kpis.EraseCustomerAsync(both.Id);

        var before = await kpis.ReadAsync(RecommendationPlaces.Product, now.AddMinutes(-1));
        var processing = requests.Get<IOrderProcessingService>();
        foreach (var customer in new[] { shown, held })
        {
            var order = await ConsumerLoopTests.NewOrderAsync(requests, customer, null);
            var line = requests.Get<IRepository<OrderItem>>().Table.Single(i => i.OrderId == order.Id);
            line.ProductId = products[1];
            line.PriceExclTax = 25;
            await requests.Get<IRepository<OrderItem>>().UpdateAsync(line, false);
            await processing.MarkOrderAsPaidAsync(order);
        }

        var after = await kpis.ReadAsync(RecommendationPlaces.Product, now.AddMinutes(-1));
        Assert.Equal(before.ShownBuyers + 1, after.ShownBuyers);
        Assert.Equal(before.HoldoutBuyers + 1, after.HoldoutBuyers);
        Assert.Equal(before.ShownRevenue + 25, after.ShownRevenue);
        Assert.True(after.Clicked >= 1 && after.AddedToCart >= 1 && after.ShownShoppers >= 1 && after.HoldoutShoppers >= 1);
        Assert.NotNull(global::Flock.Engine.Recommendations.RecommendationKpiCalculator.Compute(after).Summary());
        await kpis.EraseCustomerAsync(shown.Id);
        await kpis.EraseCustomerAsync(held.Id);
    }

    [Theory]
    [InlineData("12, 40 ,7", new[] { 12, 40, 7 }, new string[0])]
    [InlineData("", new int[0], new string[0])]
    [InlineData("3,x,-2,3", new[] { 3 }, new[] { "x", "-2" })]
    public void Excluded_ids_are_parsed_and_bad_parts_reported(string text, int[] ids, string[] invalid)
    {
        Assert.Equal(ids, IdList.Parse(text));
        Assert.Equal(invalid, IdList.Invalid(text));
    }
}
