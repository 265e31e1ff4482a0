using Flock.Engine.Common;
using Flock.Engine.Recommendations;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Flock.Engine.Tests.Recommendations;

public sealed class RecommenderTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ShopperScope Guest = ShopperScope.GuestOf(1);

    private static CatalogItem Item(int id, int category, decimal price, params int[] more) =>
        new() { ProductId = id, CategoryIds = [category, .. more], Price = price, AddedAt = Now.AddDays(-400) };

    private static PurchasedBasket Order(int daysAgo, params int[] products) => new(Now.AddDays(-daysAgo), products);

    private static Recommender Store(IEnumerable<CatalogItem> items, IEnumerable<PurchasedBasket[]> customers, RecommenderOptions? options = null) =>
        new(RecommendationCatalog.Build(items), CoPurchaseModel.Build(customers, CoPurchaseOptions.Default, Now), options ?? RecommenderOptions.Default);

    private static PurchasedBasket[][] Customers(int count, params int[] products) =>
        [.. Enumerable.Range(0, count).Select(i => new[] { Order(10 + i, products) })];

    // ---------------------------------------------------------------- bought together

    [Fact]
    public void Bought_together_ranks_by_customers_over_popularity_not_by_raw_count_and_drops_pairs_below_the_support()
    {
        // camera 1; its case 2 (3 of its 3 buyers bought it with the camera); bestseller 3 (bought with the camera by 4,
        // but by 96 others alone); a strap 4 bought with it by one customer only
        var items = new[] { Item(1, 10, 500), Item(2, 20, 30), Item(3, 30, 20), Item(4, 20, 15) };
        var customers = Customers(3, 1, 2).Concat(Customers(4, 1, 3)).Concat(Customers(96, 3)).Concat(Customers(1, 1, 4));
        var store = Store(items, customers, RecommenderOptions.Default with { FillWithSimilar = false });

        var list = store.BoughtTogether(1, Guest, 10);

        Assert.Equal([2, 3], list.Select(r => r.ProductId));
        Assert.Equal(new RecommendationReason(ReasonKind.BoughtTogether, 1, Customers: 3), list[0].Reason);
        Assert.Equal(4, list[1].Reason.Customers);
    }

    [Fact]
    public void A_product_without_enough_history_is_filled_with_similar_products_after_the_mined_ones()
    {
        var items = new[] { Item(1, 10, 100), Item(2, 20, 30), Item(5, 10, 110), Item(6, 10, 400) };
        var store = Store(items, Customers(2, 1, 2));

        var list = store.BoughtTogether(1, Guest, 3);

        Assert.Equal([2, 5], list.Select(r => r.ProductId)); // 6 is outside the price band
        Assert.Equal(ReasonKind.BoughtTogether, list[0].Reason.Kind);
        Assert.Equal(new RecommendationReason(ReasonKind.Similar, 1, 10), list[1].Reason);
    }

    [Fact]
    public void A_list_still_short_is_filled_with_the_stores_recent_bestsellers_each_with_enough_customers()
    {
        // a new product 1 nobody bought, alone in its category; bestsellers: 2 (5 customers lately), 3 (6 customers a
        // year ago: decayed below 2), 4 (1 customer: below the support), 5 (unpublished)
        var items = new[] { Item(1, 10, 100), Item(2, 20, 30), Item(3, 30, 20), Item(4, 40, 15), Item(5, 50, 15) with { IsPublished = false } };
        var customers = Customers(5, 2).Concat(Enumerable.Range(0, 6).Select(i => new[] { Order(365 + i, 3) })).Concat(Customers(1, 4)).Concat(Customers(9, 5));
        var store = Store(items, customers);

        var list = store.BoughtTogether(1, Guest, 4);

        Assert.Equal([2, 3], list.Select(r => r.ProductId));
        Assert.Equal(new RecommendationReason(ReasonKind.Bestseller, 1, Customers: 5), list[0].Reason);
        Assert.Equal(6, list[1].Reason.Customers);
        Assert.Empty(Store(items, customers, RecommenderOptions.Default with { FillWithBestsellers = false }).BoughtTogether(1, Guest, 4));
        Assert.Equal([3], Store(items, customers, RecommenderOptions.Default with { MinSupport = 6 }).BoughtTogether(1, Guest, 4).Select(r => r.ProductId));
    }

    [Fact]
    public void An_order_gets_every_products_own_partners_before_any_bestseller()
    {
        // A has no partners; B has four; bestseller 9 (bought alone by 8)
        var items = new[] { Item(1, 10, 100), Item(2, 20, 30), Item(3, 30, 20), Item(4, 40, 15), Item(5, 50, 15), Item(6, 60, 15), Item(9, 90, 5) };
        var customers = Customers(3, 2, 3).Concat(Customers(3, 2, 4)).Concat(Customers(3, 2, 5)).Concat(Customers(3, 2, 6)).Concat(Customers(8, 9)).Concat(Customers(1, 1));
        var store = Store(items, customers, RecommenderOptions.Default with { FillWithSimilar = false });

        Assert.Equal([3, 4, 5, 6], store.ForOrder([1, 2], Guest, 4).Select(r => r.ProductId));
        Assert.Equal([3, 4, 5, 6, 9], store.ForOrder([1, 2], Guest, 5).Select(r => r.ProductId));
        Assert.Equal(ReasonKind.Bestseller, store.ForOrder([1, 2], Guest, 5)[4].Reason.Kind);
    }

    [Fact]
    public void A_shopper_we_know_nothing_about_gets_bestsellers_and_never_what_they_bought_or_carted()
    {
        var items = new[] { Item(1, 10, 100), Item(2, 20, 30), Item(3, 30, 20), Item(4, 40, 15) };
        var store = Store(items, Customers(4, 1).Concat(Customers(3, 2)).Concat(Customers(2, 3)).Concat(Customers(2, 4)));
        var stranger = new ShopperActivity { Shopper = Guest, Now = Now };
        Assert.Equal([1, 2, 3, 4], store.Personal(stranger, 10).Select(r => r.ProductId));
        Assert.All(store.Personal(stranger, 10), r => Assert.Equal(ReasonKind.Bestseller, r.Reason.Kind));

        var known = stranger with { CartProductIds = [2], Bought = [new BoughtProduct(1, Now.AddDays(-3))] };
        Assert.Equal([3, 4], store.Personal(known, 10).Select(r => r.ProductId));
    }

    [Fact]
    public void A_pair_counts_only_customers_whose_order_held_both()
    {
        var items = new[] { Item(1, 10, 100), Item(2, 20, 30) };
        var apart = Enumerable.Range(0, 5).Select(i => new[] { Order(30, 1), Order(20, 2) });
        var store = Store(items, apart, RecommenderOptions.Default with { FillWithSimilar = false, FillWithBestsellers = false, MinSupport = 1 });

        Assert.Empty(store.BoughtTogether(1, Guest, 5));
    }

    [Fact]
    public void A_new_paid_order_changes_the_list_at_once()
    {
        var catalog = RecommendationCatalog.Build([Item(1, 10, 500), Item(2, 20, 30), Item(3, 30, 20)]);
        var model = CoPurchaseModel.Build(Customers(2, 1, 2), CoPurchaseOptions.Default, Now);
        var store = new Recommender(catalog, model, RecommenderOptions.Default with { FillWithSimilar = false });
        Assert.Equal([2], store.BoughtTogether(1, Guest, 5).Select(r => r.ProductId));

        for (var i = 0; i < 3; i++) model.ReplaceCustomer([], [Order(1, 1, 3)]);
        Assert.Equal([3, 2], store.BoughtTogether(1, Guest, 5).Select(r => r.ProductId));

        model.ReplaceCustomer(Customers(1, 1, 2)[0], []); // a refund: the pair 1–2 falls below the support
        Assert.Equal([3], store.BoughtTogether(1, Guest, 5).Select(r => r.ProductId));
    }

    // ---------------------------------------------------------------- similar, promo

    [Fact]
    public void Similar_keeps_to_the_category_and_price_band_and_puts_shared_specifications_and_brand_first()
    {
        var anchor = Item(1, 10, 100) with { SpecificationOptionIds = [7, 8], ManufacturerIds = [3] };
        var items = new[]
        {
            anchor,
            Item(2, 10, 100), // same price, nothing shared
            Item(3, 10, 120) with { SpecificationOptionIds = [7, 8], ManufacturerIds = [3] },
            Item(4, 10, 90) with { SpecificationOptionIds = [7] },
            Item(5, 10, 151), // above the band (×1.5)
            Item(6, 10, 66), // below it (÷1.5)
            Item(7, 11, 100) with { SpecificationOptionIds = [7, 8] }, // another category
        };

        var list = Recommender(items).Similar(1, Guest, 10);

        Assert.Equal([3, 4, 2], list.Select(r => r.ProductId));
        Assert.All(list, r => Assert.Equal(new RecommendationReason(ReasonKind.Similar, 1, 10), r.Reason));
        Assert.True(list[0].Score > list[1].Score && list[1].Score > list[2].Score);
    }

    [Fact]
    public void Promo_in_category_lists_the_category_products_on_sale_deepest_first_except_the_anchor()
    {
        var items = new[]
        {
            Item(1, 10, 100) with { SaleShare = 0.5m },
            Item(2, 10, 300) with { SaleShare = 0.1m },
            Item(3, 10, 50) with { SaleShare = 0.3m },
            Item(4, 10, 80),
            Item(5, 11, 80) with { SaleShare = 0.4m },
        };

        var list = Recommender(items).PromoInCategory(1, Guest, 10);

        Assert.Equal([3, 2], list.Select(r => r.ProductId));
        Assert.Equal(new RecommendationReason(ReasonKind.OnSaleInCategory, 1, 10), list[0].Reason);
    }

    // ---------------------------------------------------------------- accessories, replacement

    [Fact]
    public void Accessories_are_the_store_links_in_its_order_then_mined_complements_from_other_categories()
    {
        var items = new[]
        {
            Item(1, 10, 500) with { RelatedProductIds = [4], CrossSellProductIds = [3] },
            Item(2, 20, 30), // bought with it: a complement
            Item(3, 20, 25),
            Item(4, 30, 40),
            Item(5, 10, 480), // bought with it too, but the same category: an alternative, not an accessory
        };
        var store = Store(items, Customers(3, 1, 2).Concat(Customers(3, 1, 5)));

        var list = store.Accessories(1, Guest, 10);

        Assert.Equal([4, 3, 2], list.Select(r => r.ProductId));
        Assert.Equal(new RecommendationReason(ReasonKind.StoreLink, 1), list[0].Reason);
        Assert.Equal(ReasonKind.BoughtTogether, list[2].Reason.Kind);
    }

    [Fact]
    public void Replacement_is_a_newer_product_of_the_same_category_and_brand_within_the_band()
    {
        var bought = Item(1, 10, 1000) with { ManufacturerIds = [5], AddedAt = Now.AddDays(-700) };
        var items = new[]
        {
            bought,
            Item(2, 10, 1100) with { ManufacturerIds = [5], AddedAt = Now.AddDays(-60) },
            Item(3, 10, 1000) with { ManufacturerIds = [5], AddedAt = Now.AddDays(-900) }, // older
            Item(4, 10, 1000) with { ManufacturerIds = [6], AddedAt = Now.AddDays(-30) }, // another brand
            Item(5, 10, 2500) with { ManufacturerIds = [5], AddedAt = Now.AddDays(-30) }, // outside the band
            Item(6, 11, 1000) with { ManufacturerIds = [5], AddedAt = Now.AddDays(-30) }, // another category
        };

        var list = Recommender(items).Replacement(1, Now.AddDays(-200), Now, Guest, 5);

        var only = Assert.Single(list);
        Assert.Equal(2, only.ProductId);
        Assert.Equal(new RecommendationReason(ReasonKind.NewerModel, 1, 10, Days: 200, Relation: AnchorRelation.Bought), only.Reason);

        // a product without a brand has no newer model (a newer book is not a replacement of a book)
        var unbranded = items.Select(i => i with { ManufacturerIds = [] }).ToArray();
        Assert.Empty(Recommender(unbranded).Replacement(1, Now.AddDays(-200), Now, Guest, 5));
    }

    [Fact]
    public void An_order_gets_each_products_accessories_then_partners_a_rank_at_a_time_without_its_own_products()
    {
        var items = new[]
        {
            Item(1, 10, 500) with { RelatedProductIds = [3, 4] },
            Item(2, 20, 50) with { RelatedProductIds = [5] },
            Item(3, 30, 20), Item(4, 30, 25), Item(5, 40, 10),
            Item(6, 20, 15), // bought with 2, of its category: a partner, not an accessory
        };
        var store = Store(items, Customers(3, 2, 6));

        Assert.Equal([3, 5, 4, 6], store.ForOrder([1, 2], Guest, 10).Select(r => r.ProductId));
        Assert.Equal([3, 5], store.ForOrder([1, 2, 1], Guest, 2).Select(r => r.ProductId));
        Assert.Equal([3, 5, 4], store.AccessoriesFor([1, 2], Guest, 10).Select(r => r.ProductId)); // accessories only
        Assert.DoesNotContain(store.ForOrder([1, 3], Guest, 10), r => r.ProductId is 1 or 3); // the order's own products
    }

    [Fact]
    public void Newer_models_are_merged_over_everything_bought_and_each_product_is_taken_at_its_latest_purchase()
    {
        var items = new[]
        {
            Item(1, 10, 1000) with { ManufacturerIds = [5], AddedAt = Now.AddDays(-700) },
            Item(2, 10, 1100) with { ManufacturerIds = [5], AddedAt = Now.AddDays(-60) },
            Item(7, 20, 300) with { ManufacturerIds = [6], AddedAt = Now.AddDays(-500) },
            Item(8, 20, 320) with { ManufacturerIds = [6], AddedAt = Now.AddDays(-10) },
        };
        var bought = BoughtProduct.LatestOf([Order(300, 1, 7), Order(100, 7), Order(200, 1)]);

        Assert.Equal([new BoughtProduct(7, Now.AddDays(-100)), new BoughtProduct(1, Now.AddDays(-200))], bought);
        var list = Recommender(items).NewerModelsFor(bought, Now, Guest, 5);
        Assert.Equal([8, 2], list.Select(r => r.ProductId));
        Assert.Equal(100, list[0].Reason.Days);
    }

    // ---------------------------------------------------------------- personal

    [Fact]
    public void Personal_leaves_out_the_cart_and_what_was_bought_but_brings_back_a_consumable_that_is_due()
    {
        var items = new[]
        {
            Item(1, 10, 500), // in the cart
            Item(2, 20, 30), // bought with 1 by others
            Item(3, 40, 10), // coffee, bought 40 days ago; the category is bought again every 30 days
            Item(4, 20, 32), // bought 5 days ago
            Item(6, 10, 520), // similar to the cart
        };
        var store = Store(items, Customers(3, 1, 2).Concat(Customers(3, 1, 4)));
        var activity = new ShopperActivity
        {
            Shopper = Guest,
            Now = Now,
            CartProductIds = [1],
            Bought = [new BoughtProduct(4, Now.AddDays(-5)), new BoughtProduct(3, Now.AddDays(-40))],
            RepurchaseGapDays = new Dictionary<int, double> { [40] = 30 },
        };

        var list = store.Personal(activity, 10);
        var ids = list.Select(r => r.ProductId).ToArray();

        Assert.DoesNotContain(1, ids);
        Assert.DoesNotContain(4, ids);
        Assert.Contains(list, r => r.ProductId == 2 && r.Reason == new RecommendationReason(ReasonKind.BoughtTogether, 1, Customers: 3, Relation: AnchorRelation.InCart));
        Assert.Contains(list, r => r is { ProductId: 3, Reason: { Kind: ReasonKind.Restock, Days: 30, CategoryId: 40 } });
        Assert.Contains(list, r => r is { ProductId: 6, Reason.Kind: ReasonKind.Similar });
    }

    [Fact]
    public void Personal_without_restock_never_shows_a_bought_product_again()
    {
        var items = new[] { Item(1, 10, 500), Item(3, 40, 10) };
        var store = Store(items, Customers(3, 1, 3), RecommenderOptions.Default with { UseRestock = false });
        var activity = new ShopperActivity
        {
            Shopper = Guest, Now = Now, ViewedProductIds = [1],
            Bought = [new BoughtProduct(3, Now.AddDays(-400))],
            RepurchaseGapDays = new Dictionary<int, double> { [40] = 30 },
        };

        Assert.Equal([1], store.Personal(activity, 10).Select(r => r.ProductId)); // the viewed product may come back, the bought one not
    }

    [Fact]
    public void The_cart_weighs_more_than_a_viewed_product()
    {
        var items = new[] { Item(1, 10, 500), Item(2, 20, 30), Item(7, 30, 700), Item(8, 50, 20) };
        var store = Store(items, Customers(3, 1, 2).Concat(Customers(3, 7, 8)), RecommenderOptions.Default with { UseSimilar = false });

        var list = store.Personal(new ShopperActivity { Shopper = Guest, Now = Now, CartProductIds = [7], ViewedProductIds = [1] }, 2);

        Assert.Equal([8, 2], list.Select(r => r.ProductId));
        Assert.Equal(AnchorRelation.Viewed, list[1].Reason.Relation);
    }

    // ---------------------------------------------------------------- visibility, exclusions, input

    [Fact]
    public void Hidden_products_are_never_recommended_whatever_their_history()
    {
        var items = new[]
        {
            Item(1, 10, 100),
            Item(2, 20, 30) with { IsPublished = false },
            Item(3, 20, 30) with { IsAvailable = false },
            Item(4, 20, 30) with { StoreIds = [2] },
            Item(5, 20, 30) with { RoleIds = [9] },
            Item(6, 20, 30),
            Item(7, 30, 30),
        };
        var customers = new[] { 2, 3, 4, 5, 6, 7 }.SelectMany(p => Customers(3, 1, p));
        var options = RecommenderOptions.Default with { ExcludedProductIds = new HashSet<int> { 6 }, ExcludedCategoryIds = new HashSet<int> { 30 } };
        var store = Store(items, customers, options);

        Assert.Empty(store.BoughtTogether(1, Guest, 10));
        Assert.Equal([4], store.BoughtTogether(1, ShopperScope.GuestOf(2), 10).Select(r => r.ProductId));
        Assert.Equal([5], store.BoughtTogether(1, new ShopperScope(1, [3, 9]), 10).Select(r => r.ProductId));
    }

    [Fact]
    public void Bad_input_is_refused_with_the_path_of_every_problem()
    {
        var catalogError = Assert.Throws<FlockValidationException>(() => RecommendationCatalog.Build(
        [
            Item(1, 10, 100), Item(1, 10, 90), new CatalogItem { ProductId = 0, Price = -1, CategoryIds = [-2] },
        ]));
        Assert.Contains(catalogError.Problems, p => p.Path == "items[1].productId");
        Assert.Contains(catalogError.Problems, p => p.Path == "items[2].productId");
        Assert.Contains(catalogError.Problems, p => p.Path == "items[2].price");
        Assert.Contains(catalogError.Problems, p => p.Path == "items[2].categoryIds[0]");

        var optionsError = Assert.Throws<FlockValidationException>(() => new Recommender(RecommendationCatalog.Empty,
            CoPurchaseModel.Empty(CoPurchaseOptions.Default, Now), RecommenderOptions.Default with { MinSupport = 0, PriceBand = 1m, CategoryScanLimit = 1 }));
        Assert.Equal(["options.minSupport", "options.priceBand", "options.categoryScanLimit"], optionsError.Problems.Select(p => p.Path));

        var store = Recommender([Item(1, 10, 100)]);
        Assert.Throws<ArgumentOutOfRangeException>(() => store.Similar(1, Guest, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.Similar(1, Guest, Flock.Engine.Recommendations.Recommender.MaxCount + 1));
        Assert.Empty(store.Similar(404, Guest, 5)); // an unknown product is simply without recommendations
    }

    private static Recommender Recommender(IEnumerable<CatalogItem> items) => Store(items, []);

    // ---------------------------------------------------------------- reasons in words

    private sealed class Names : IRecommendationNames
    {
        public string Product(int productId) => productId == 1 ? "Nikon D5500" : $"product {productId}";
        public string Category(int categoryId) => categoryId == 10 ? "Cameras" : $"category {categoryId}";
    }

    [Theory]
    [InlineData(ReasonKind.BoughtTogether, 34, 0, AnchorRelation.Shown, "en", "Bought together with Nikon D5500 by 34 customers")]
    [InlineData(ReasonKind.BoughtTogether, 1, 0, AnchorRelation.Shown, "en", "Bought together with Nikon D5500 by 1 customer")]
    [InlineData(ReasonKind.BoughtTogether, 34, 0, AnchorRelation.Shown, "ru", "Вместе с «Nikon D5500» купили 34 покупателя")]
    [InlineData(ReasonKind.BoughtTogether, 25, 0, AnchorRelation.Shown, "ru", "Вместе с «Nikon D5500» купили 25 покупателей")]
    [InlineData(ReasonKind.Similar, 0, 0, AnchorRelation.Shown, "en", "Similar to Nikon D5500 in Cameras")]
    [InlineData(ReasonKind.Similar, 0, 0, AnchorRelation.Shown, "ru", "Похож на «Nikon D5500» в категории «Cameras»")]
    [InlineData(ReasonKind.OnSaleInCategory, 0, 0, AnchorRelation.Viewed, "en", "On sale in Cameras, which you viewed")]
    [InlineData(ReasonKind.OnSaleInCategory, 0, 0, AnchorRelation.InCart, "ru", "Со скидкой в категории «Cameras», как «Nikon D5500» в вашей корзине")]
    [InlineData(ReasonKind.OnSaleInCategory, 0, 0, AnchorRelation.Shown, "de", "On sale in Cameras")]
    [InlineData(ReasonKind.StoreLink, 0, 0, AnchorRelation.Shown, "en", "Goes with Nikon D5500")]
    [InlineData(ReasonKind.NewerModel, 0, 200, AnchorRelation.Bought, "en", "Newer model in Cameras than your Nikon D5500 (6 months old)")]
    [InlineData(ReasonKind.NewerModel, 0, 200, AnchorRelation.Bought, "ru", "Новая модель в категории «Cameras» на смену вашему «Nikon D5500» (6 месяцев)")]
    [InlineData(ReasonKind.Restock, 0, 30, AnchorRelation.Bought, "en", "Time to buy again: customers buy Cameras again every 30 days")]
    [InlineData(ReasonKind.Restock, 0, 21, AnchorRelation.Bought, "ru", "Пора повторить: «Cameras» обычно покупают раз в 21 день")]
    [InlineData(ReasonKind.Bestseller, 52, 0, AnchorRelation.Shown, "en", "Popular in the store: bought by 52 customers")]
    [InlineData(ReasonKind.Bestseller, 21, 0, AnchorRelation.Shown, "ru", "Популярно в магазине: купили 21 покупатель")]
    public void Every_reason_is_said_in_words(ReasonKind kind, int customers, int days, AnchorRelation relation, string language, string expected)
    {
        var reason = new RecommendationReason(kind, 1, 10, customers, days, relation);
        Assert.Equal(expected, RecommendationReasons.Describe(reason, language, new Names()));
    }

    // ---------------------------------------------------------------- properties

    private sealed record World(CatalogItem[] Items, PurchasedBasket[][] Customers, RecommenderOptions Options, ShopperScope Shopper, int Anchor, int Count, int[] Cart, int[] Viewed, BoughtProduct[] Bought);

    private static Gen<int[]> SomeOf(int max, int most) => Gen.ArrayOf(Gen.Choose(1, max), Gen.Choose(0, most).Sample(1)[0]);

    private static Gen<CatalogItem> ItemGen(int id) =>
        from categories in Gen.ArrayOf(Gen.Choose(1, 4), Gen.Choose(1, 2).Sample(1)[0])
        from price in Gen.Choose(1, 200)
        from sale in Gen.Elements(0m, 0m, 0.2m, 0.5m)
        from published in Gen.Frequency((5, Gen.Constant(true)), (1, Gen.Constant(false)))
        from available in Gen.Frequency((5, Gen.Constant(true)), (1, Gen.Constant(false)))
        from stores in Gen.Frequency((4, Gen.Constant<int[]?>(null)), (1, Gen.Constant<int[]?>([2])), (1, Gen.Constant<int[]?>([1, 2])))
        from roles in Gen.Frequency((4, Gen.Constant<int[]?>(null)), (1, Gen.Constant<int[]?>([5])))
        from brand in Gen.Choose(1, 3)
        from specs in SomeOf(6, 3)
        from age in Gen.Choose(0, 1000)
        from related in SomeOf(20, 2)
        from crossSell in SomeOf(20, 2)
        select new CatalogItem
        {
            ProductId = id, CategoryIds = categories, Price = price, SaleShare = sale, IsPublished = published, IsAvailable = available,
            StoreIds = stores, RoleIds = roles, ManufacturerIds = [brand], SpecificationOptionIds = specs, AddedAt = Now.AddDays(-age),
            RelatedProductIds = related, CrossSellProductIds = crossSell,
        };

    private static Gen<World> Worlds =>
        from drawn in Gen.ArrayOf(ItemGen(1), 20)
        let items = drawn.Select((item, i) => item with { ProductId = i + 1 }).ToArray()
        from customers in Gen.ArrayOf(Gen.ArrayOf(from day in Gen.Choose(0, 500) from products in SomeOf(20, 5) select Order(day, products), 3), 30)
        from support in Gen.Choose(1, 3)
        from excludedProduct in Gen.Choose(1, 20)
        from excludedCategory in Gen.Choose(0, 4)
        from store in Gen.Choose(1, 2)
        from role in Gen.Elements(Array.Empty<int>(), [5], [3])
        from anchor in Gen.Choose(1, 22) // 21 and 22 are not in the catalog
        from count in Gen.Choose(1, 12)
        from cart in SomeOf(22, 3)
        from viewed in SomeOf(22, 5)
        from bought in Gen.ArrayOf(from p in Gen.Choose(1, 22) from d in Gen.Choose(0, 400) select new BoughtProduct(p, Now.AddDays(-d)), 3)
        select new World(items, customers, RecommenderOptions.Default with
        {
            MinSupport = support,
            ExcludedProductIds = new HashSet<int> { excludedProduct },
            ExcludedCategoryIds = excludedCategory == 0 ? new HashSet<int>() : new HashSet<int> { excludedCategory },
        }, new ShopperScope(store, role), anchor, count, cart, viewed, bought);

    private static bool IsWellFormed(IReadOnlyList<Recommendation> list, World world, int? anchor, ISet<int> neverShown)
    {
        var byId = world.Items.ToDictionary(i => i.ProductId);
        var ok = list.Count <= world.Count && list.Select(r => r.ProductId).Distinct().Count() == list.Count;
        for (var i = 0; i < list.Count; i++)
        {
            var r = list[i];
            ok &= r.ProductId != anchor && !neverShown.Contains(r.ProductId);
            ok &= byId.TryGetValue(r.ProductId, out var item) && item.IsShowableTo(world.Shopper);
            ok &= item is not null && !world.Options.ExcludedProductIds.Contains(r.ProductId) && !item.CategoryIds.Any(world.Options.ExcludedCategoryIds.Contains);
            ok &= r.Score > 0 && double.IsFinite(r.Score) && Enum.IsDefined(r.Reason.Kind) && (r.Reason.AnchorProductId > 0 || r.Reason.Kind == ReasonKind.Bestseller);
            ok &= r.Reason.Kind is not (ReasonKind.BoughtTogether or ReasonKind.Bestseller) || r.Reason.Customers >= world.Options.MinSupport;
            ok &= RecommendationReasons.Describe(r.Reason, "ru", new Names()).Length > 0;
        }

        return ok;
    }

    [Property(MaxTest = 300)]
    public Property Every_list_leaves_out_the_product_itself_and_anything_the_shopper_may_not_see_and_says_why() =>
        Prop.ForAll(Worlds.ToArbitrary(), world =>
        {
            var store = Store(world.Items, world.Customers, world.Options);
            var none = new HashSet<int>();
            var anchor = world.Anchor;
            // the non-filled lists are sorted by score; "bought together" with its fill is two sorted runs
            bool Sorted(IReadOnlyList<Recommendation> l) => l.Zip(l.Skip(1)).All(p => p.First.Score >= p.Second.Score);
            var similar = store.Similar(anchor, world.Shopper, world.Count);
            var promo = store.PromoInCategory(anchor, world.Shopper, world.Count);
            var accessories = store.Accessories(anchor, world.Shopper, world.Count);
            var replacement = store.Replacement(anchor, Now.AddDays(-100), Now, world.Shopper, world.Count);
            return IsWellFormed(store.BoughtTogether(anchor, world.Shopper, world.Count), world, anchor, none)
                && IsWellFormed(similar, world, anchor, none) && Sorted(similar)
                && IsWellFormed(promo, world, anchor, none) && Sorted(promo)
                && IsWellFormed(accessories, world, anchor, none) && Sorted(accessories)
                && IsWellFormed(replacement, world, anchor, none) && Sorted(replacement);
        });

    [Property(MaxTest = 300)]
    public Property A_personal_list_never_shows_the_cart_nor_a_bought_product_that_is_not_due() =>
        Prop.ForAll(Worlds.ToArbitrary(), world =>
        {
            var store = Store(world.Items, world.Customers, world.Options);
            var gaps = new Dictionary<int, double> { [1] = 60 };
            var activity = new ShopperActivity
            {
                Shopper = world.Shopper, Now = Now, CartProductIds = world.Cart, ViewedProductIds = world.Viewed, Bought = world.Bought, RepurchaseGapDays = gaps,
            };
            var byId = world.Items.ToDictionary(i => i.ProductId);
            bool IsDue(BoughtProduct b) => byId.TryGetValue(b.ProductId, out var item) && item.CategoryIds.Contains(1) && (Now - b.BoughtAt).TotalDays >= 0.8 * 60;
            // the latest purchase decides: a product bought again recently is not due
            var notDue = world.Bought.GroupBy(b => b.ProductId).Where(g => !IsDue(g.MaxBy(b => b.BoughtAt))).Select(g => g.Key);
            var neverShown = new HashSet<int>([.. world.Cart, .. notDue]);
            var list = store.Personal(activity, world.Count);
            return (IsWellFormed(list, world, null, neverShown) && list.Zip(list.Skip(1)).All(p => p.First.Score >= p.Second.Score))
                .Label(string.Join(", ", list));
        });
}
