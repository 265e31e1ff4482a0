using Flock.Engine.Common;
using Flock.Engine.Segments;
using static Flock.Engine.Tests.Segments.OrderHistories;

namespace Flock.Engine.Tests.Segments;

public sealed class CategoryAffinityTests
{
    // A: 180 days ago, 1000 in categories 1 and 2; B: today, 300 in 2; C: 360 days ago, 800 in 3; D: 500 without a category.
    private static readonly CustomerOrderHistory Shopper = History(
        Order(180, 1000m, categories: [1, 2]), Order(0, 300m, categories: [2]), Order(360, 800m, categories: [3]), Order(20, 500m));

    [Fact]
    public void Spend_with_a_half_life_weighs_recent_orders_more()
    {
        // A counts 500 (half), 250 to each category; B 300; C 200 (a quarter). Total 1000.
        var top = CategoryAffinities.Top(Shopper, Now, AffinityOptions.Default with { Top = 2 });

        Assert.Equal([2, 1], top.Select(a => a.CategoryId));
        Assert.Equal(0.55, top[0].Share, 12);
        Assert.Equal(550, top[0].Weight, 9);
        Assert.Equal(2, top[0].Orders);
        Assert.Equal(0.25, top[1].Share, 12);
    }

    [Fact]
    public void Without_decay_equal_weights_are_ordered_by_category_id()
    {
        // A 500 + 500, B 300, C 800: 2 and 3 both 800 of 2100.
        var top = CategoryAffinities.Top(Shopper, Now, AffinityOptions.Default with { HalfLifeDays = null });

        Assert.Equal([(2, 800.0 / 2100), (3, 800.0 / 2100), (1, 500.0 / 2100)], top.Select(a => (a.CategoryId, a.Share)));
        Assert.Equal(1.0, top.Sum(a => a.Share), 12);
    }

    [Fact]
    public void By_order_count_each_order_counts_one_split_between_its_categories()
    {
        var top = CategoryAffinities.Top(Shopper, Now, new AffinityOptions { Basis = AffinityBasis.Orders, HalfLifeDays = null });

        Assert.Equal([(2, 0.5), (3, 1.0 / 3), (1, 0.5 / 3)], top.Select(a => (a.CategoryId, a.Share)));
    }

    [Fact]
    public void Duplicates_future_orders_and_free_orders_are_handled()
    {
        var history = History(Order(1, 100m, categories: [4, 4]), Order(-3, 999m, categories: [5]), Order(2, 0m, categories: [6]));

        var top = CategoryAffinities.Top(history, Now, AffinityOptions.Default);

        Assert.Equal([(4, 1.0, 1)], top.Select(a => (a.CategoryId, a.Share, a.Orders)));
        Assert.Empty(CategoryAffinities.Top(History(Order(2, 0m, categories: [6])), Now, AffinityOptions.Default));
        Assert.Empty(CategoryAffinities.Top(History(), Now, AffinityOptions.Default));
        Assert.Single(CategoryAffinities.Top(History(Order(2, 0m, categories: [6])), Now, AffinityOptions.Default with { Basis = AffinityBasis.Orders }));
    }

    [Fact]
    public void Bad_options_are_validation_errors()
    {
        var error = Assert.Throws<FlockValidationException>(() =>
            CategoryAffinities.Top(Shopper, Now, new AffinityOptions { Top = 0, HalfLifeDays = double.NaN, Basis = (AffinityBasis)9 }));

        Assert.Equal(["options.top", "options.basis", "options.halfLifeDays"], error.Problems.Select(p => p.Path));
    }
}
