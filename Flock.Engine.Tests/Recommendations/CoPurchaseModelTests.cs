using Flock.Engine.Common;
using Flock.Engine.Recommendations;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Flock.Engine.Tests.Recommendations;

public sealed class CoPurchaseModelTests
{
    private static readonly DateTimeOffset Day0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.FromHours(3));

    private static PurchasedBasket Basket(int day, params int[] products) => new(Day0.AddDays(day), products);

    private static CoPurchaseModel Build(params PurchasedBasket[][] customers) =>
        CoPurchaseModel.Build(customers, CoPurchaseOptions.Default with { HalfLifeDays = null }, Day0);

    [Fact]
    public void A_customer_counts_once_per_product_and_per_pair_however_often_they_bought_it()
    {
        var model = Build(
            [Basket(0, 1, 2), Basket(5, 1, 2), Basket(9, 1, 2, 2)], // one keen customer: the pair three times
            [Basket(1, 1, 2)],
            [Basket(2, 1), Basket(3, 2)]); // bought both, never in one order

        Assert.Equal(3, model.CustomersWho(1));
        Assert.Equal(3, model.CustomersWho(2));
        Assert.Equal(2, model.CustomersWhoBoughtTogether(1, 2));
        Assert.Equal(2, model.CustomersWhoBoughtTogether(2, 1));
        Assert.Equal(3, model.CustomerCount);
        Assert.Equal(1, model.PairCount);
    }

    [Fact]
    public void Without_decay_the_score_is_the_pair_over_the_damped_popularity_of_both()
    {
        // product 1: 4 customers, product 2: 2, product 3: 4; pairs 1–2 by 2 customers, 1–3 by 1
        var model = Build([Basket(0, 1, 2)], [Basket(0, 1, 2)], [Basket(0, 1, 3)], [Basket(0, 1)], [Basket(0, 3)], [Basket(0, 3)], [Basket(0, 3)]);

        Assert.Equal(2 / (Math.Pow(4, 0.75) * Math.Pow(2, 0.25)), model.Cosine(1, 2), 12);
        Assert.Equal(1 / (Math.Pow(4, 0.75) * Math.Pow(4, 0.25)), model.Cosine(1, 3), 12);
        Assert.Equal(0, model.Cosine(2, 3));
    }

    [Fact]
    public void With_decay_a_pair_bought_a_half_life_ago_weighs_half_of_one_bought_now()
    {
        var options = CoPurchaseOptions.Default with { HalfLifeDays = 100 };
        var model = CoPurchaseModel.Build([[Basket(0, 1, 2)], [Basket(100, 1, 3)]], options, Day0);

        // 1–2 weighs 1, 1–3 weighs 2 (relative); product 1 weighs 1 + 2 = 3
        Assert.Equal(2.0, model.Cosine(1, 3) / model.Cosine(1, 2) / Math.Pow(1.0 / 2, 0.25), 9);
    }

    [Fact]
    public void An_order_with_more_products_than_the_limit_counts_them_but_pairs_none()
    {
        var big = Enumerable.Range(1, 31).ToArray();
        var model = CoPurchaseModel.Build([[new PurchasedBasket(Day0, big)]], CoPurchaseOptions.Default, Day0);

        Assert.Equal(1, model.CustomersWho(31));
        Assert.Equal(0, model.PairCount);
    }

    [Fact]
    public void A_refund_takes_the_pair_back_and_a_later_order_of_the_same_pair_keeps_it()
    {
        var model = Build([Basket(0, 1, 2)]);
        model.ReplaceCustomer([Basket(0, 1, 2)], [Basket(0, 1, 2), Basket(4, 1, 2)]);
        Assert.Equal(1, model.CustomersWhoBoughtTogether(1, 2));

        model.ReplaceCustomer([Basket(0, 1, 2), Basket(4, 1, 2)], [Basket(4, 1, 2)]); // the first order refunded
        Assert.Equal(1, model.CustomersWhoBoughtTogether(1, 2));

        model.ReplaceCustomer([Basket(4, 1, 2)], []); // erased
        Assert.Equal(0, model.CustomersWhoBoughtTogether(1, 2));
        Assert.Equal(0, model.ProductCount);
        Assert.Equal(0, model.PairCount);
        Assert.Equal(0, model.CustomerCount);
    }

    [Fact]
    public void Bad_baskets_are_rejected_with_paths_and_change_nothing()
    {
        var model = Build([Basket(0, 1, 2)]);
        var error = Assert.Throws<FlockValidationException>(() =>
            model.ReplaceCustomer([Basket(0, 1, 2)], [new PurchasedBasket(default, [1, -4])]));

        Assert.Contains(error.Problems, p => p.Path == "baskets[0].placedAt");
        Assert.Contains(error.Problems, p => p.Path == "baskets[0].productIds[1]");
        Assert.Equal(1, model.CustomersWhoBoughtTogether(1, 2));
    }

    [Theory]
    [InlineData(3.0, "options.halfLifeDays")]
    [InlineData(double.NaN, "options.halfLifeDays")]
    public void Bad_options_are_rejected(double halfLife, string path)
    {
        var error = Assert.Throws<FlockValidationException>(() => CoPurchaseModel.Empty(CoPurchaseOptions.Default with { HalfLifeDays = halfLife }, Day0));
        Assert.Contains(error.Problems, p => p.Path == path);
        Assert.Contains(CoPurchaseOptions.Default with { MaxBasketProducts = 1 } is var o ? o.Validate().Problems : [], p => p.Path == "options.maxBasketProducts");
    }

    // ---------------------------------------------------------------- properties

    private static Gen<PurchasedBasket[]> CustomerBaskets =>
        from count in Gen.Choose(0, 4)
        from baskets in Gen.ArrayOf(
            from day in Gen.Choose(0, 2000)
            from products in Gen.ArrayOf(Gen.Choose(1, 8), Gen.Choose(1, 5).Sample(1)[0])
            select new PurchasedBasket(Day0.AddDays(day), products), count)
        select baskets;

    // A sequence of changes: customer index and their new baskets.
    private static Gen<(int Customer, PurchasedBasket[] Baskets)[]> Changes =>
        Gen.ArrayOf(from customer in Gen.Choose(0, 5) from baskets in CustomerBaskets select (customer, baskets), Gen.Choose(1, 25).Sample(1)[0]);

    [Property(MaxTest = 200)]
    public Property Incremental_changes_always_end_where_a_rebuild_from_the_final_baskets_ends() =>
        Prop.ForAll(Changes.ToArbitrary(), changes =>
        {
            var options = CoPurchaseOptions.Default with { HalfLifeDays = 30, MaxBasketProducts = 4 };
            var current = new PurchasedBasket[6][];
            for (var i = 0; i < current.Length; i++) current[i] = [];
            var model = CoPurchaseModel.Empty(options, Day0);
            foreach (var (customer, baskets) in changes)
            {
                model.ReplaceCustomer(current[customer], baskets);
                current[customer] = baskets;
            }

            var rebuilt = CoPurchaseModel.Build(current, options, Day0);
            var same = model.ProductCount == rebuilt.ProductCount && model.PairCount == rebuilt.PairCount && model.CustomerCount == rebuilt.CustomerCount;
            for (var a = 1; a <= 8; a++)
            {
                same &= model.CustomersWho(a) == rebuilt.CustomersWho(a);
                for (var b = 1; b <= 8; b++)
                {
                    same &= model.CustomersWhoBoughtTogether(a, b) == rebuilt.CustomersWhoBoughtTogether(a, b);
                    same &= Math.Abs(model.Cosine(a, b) - rebuilt.Cosine(a, b)) < 1e-9;
                }
            }

            return same;
        });

    [Property(MaxTest = 200)]
    public Property Counts_are_those_of_the_definition_and_scores_stay_between_0_and_1() =>
        Prop.ForAll(Gen.ArrayOf(CustomerBaskets, 6).ToArbitrary(), customers =>
        {
            var model = CoPurchaseModel.Build(customers, CoPurchaseOptions.Default, Day0);
            var ok = true;
            for (var a = 1; a <= 8; a++)
            {
                ok &= model.CustomersWho(a) == customers.Count(c => c.Any(b => b.ProductIds.Contains(a)));
                for (var b = 1; b <= 8; b++)
                {
                    if (a == b) continue;
                    var together = customers.Count(c => c.Any(k => k.ProductIds.Contains(a) && k.ProductIds.Contains(b)));
                    ok &= model.CustomersWhoBoughtTogether(a, b) == together;
                    var score = model.Cosine(a, b);
                    ok &= score is >= 0 and <= 1 && (together == 0) == (score == 0);
                }
            }

            return ok;
        });
}
