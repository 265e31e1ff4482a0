using Flock.Engine.Chains;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Flock.Engine.Tests.Chains;

public class ProductTriggersTests
{
    private static readonly DateTime T0 = new(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc);
    private static ProductState State(decimal price, bool inStock = true) => new(42, price, inStock);
    private static RecordedProduct Recorded(decimal price, bool inStock = true, DateTime? since = null) => new(State(price, inStock), price, since ?? T0, since ?? T0);

    [Fact]
    public void The_first_recording_tells_nothing_and_starts_both_references_now()
    {
        var (next, changes) = ProductTriggers.Compare(null, State(80, inStock: false), T0.AddHours(1), baseline: false, T0);
        Assert.Empty(changes);
        Assert.Equal(new RecordedProduct(State(80, false), 80, T0.AddHours(1), T0.AddHours(1)), next);
    }

    [Fact]
    public void A_drop_of_at_least_one_percent_is_told_from_the_reference_and_becomes_the_new_reference()
    {
        var now = T0.AddHours(3);
        var (next, changes) = ProductTriggers.Compare(Recorded(100), State(99), now, baseline: false, now.AddMinutes(-5));
        var change = Assert.Single(changes);
        Assert.Equal(new ProductChange(ChainTriggerKind.PriceDropped, 42, now, T0, now.AddMinutes(-5), 100, 99), change);
        Assert.Equal("price:42:20261201120000", change.InstanceKey);
        Assert.Equal((99m, 99m, now, T0), (next.State.Price, next.ReferencePrice, next.PriceSinceUtc, next.StockSinceUtc));
    }

    [Fact]
    public void Small_drops_keep_the_old_reference_until_together_they_are_worth_telling()
    {
        var first = ProductTriggers.Compare(Recorded(100), State(99.5m), T0.AddHours(1), baseline: false, T0);
        Assert.Empty(first.Changes);
        Assert.Equal((99.5m, 100m, T0), (first.Next.State.Price, first.Next.ReferencePrice, first.Next.PriceSinceUtc));
        var second = ProductTriggers.Compare(first.Next, State(98.9m), T0.AddHours(2), baseline: false, T0.AddHours(1));
        Assert.Equal(100m, Assert.Single(second.Changes).FromPrice);
    }

    [Fact]
    public void A_drop_while_it_cannot_be_bought_tells_nothing_but_becomes_the_reference_and_a_drop_to_nothing_is_no_price()
    {
        var (next, changes) = ProductTriggers.Compare(Recorded(100, inStock: false), State(70, inStock: false), T0.AddHours(1), baseline: false, T0);
        Assert.Empty(changes);
        Assert.Equal(70m, next.ReferencePrice);
        Assert.Empty(ProductTriggers.Compare(Recorded(100), State(0), T0.AddHours(1), baseline: false, T0).Changes);
        //a price customers are not all shown (a discount on the product, tier prices) is recorded, never told
        var discounted = ProductTriggers.Compare(Recorded(100), State(70) with { OwnPrice = false }, T0.AddHours(1), baseline: false, T0);
        Assert.Empty(discounted.Changes);
        Assert.Equal((70m, T0.AddHours(1)), (discounted.Next.ReferencePrice, discounted.Next.PriceSinceUtc));
        //the discount ends at the same price: who looked while it ran saw less, so the own price starts afresh
        var ended = ProductTriggers.Compare(discounted.Next, State(90), T0.AddHours(2), baseline: false, T0.AddHours(1));
        Assert.Empty(ended.Changes);
        Assert.Equal((90m, T0.AddHours(2)), (ended.Next.ReferencePrice, ended.Next.PriceSinceUtc));
    }

    [Fact]
    public void A_rise_tells_nothing_and_makes_the_higher_price_the_reference_from_now()
    {
        var (next, changes) = ProductTriggers.Compare(Recorded(100), State(120), T0.AddHours(1), baseline: false, T0);
        Assert.Empty(changes);
        Assert.Equal((120m, T0.AddHours(1)), (next.ReferencePrice, next.PriceSinceUtc));
    }

    [Fact]
    public void Back_in_stock_is_told_to_those_who_looked_while_it_was_out_and_going_out_tells_nothing()
    {
        var (empty, none) = ProductTriggers.Compare(Recorded(100), State(100, inStock: false), T0.AddHours(1), baseline: false, T0);
        Assert.Empty(none);
        Assert.Equal(T0.AddHours(1), empty.StockSinceUtc);
        var (back, changes) = ProductTriggers.Compare(empty, State(100, inStock: true), T0.AddHours(5), baseline: false, T0.AddHours(4));
        var change = Assert.Single(changes);
        Assert.Equal((ChainTriggerKind.BackInStock, T0.AddHours(1), "stock:42:20261201140000"), (change.Kind, change.SeenSinceUtc, change.InstanceKey));
        Assert.Equal(T0.AddHours(5), back.StockSinceUtc);
    }

    [Fact]
    public void Back_in_stock_at_a_lower_price_is_one_change_the_return()
    {
        var (_, changes) = ProductTriggers.Compare(Recorded(100, inStock: false), State(80, inStock: true), T0.AddHours(1), baseline: false, T0);
        Assert.Equal(ChainTriggerKind.BackInStock, Assert.Single(changes).Kind);
    }

    [Fact]
    public void A_baseline_records_every_change_and_tells_none()
    {
        var (next, changes) = ProductTriggers.Compare(Recorded(100, inStock: false), State(50, inStock: true), T0.AddDays(3), baseline: true, T0);
        Assert.Empty(changes);
        Assert.Equal(new RecordedProduct(State(50, true), 50, T0.AddDays(3), T0.AddDays(3)), next);
        //unchanged, it starts afresh too: nobody is known to have seen anything while nobody scanned
        Assert.Equal(new RecordedProduct(State(100, false), 100, T0.AddDays(3), T0.AddDays(3)),
            ProductTriggers.Compare(Recorded(100, inStock: false), State(100, inStock: false), T0.AddDays(3), baseline: true, T0).Next);
        Assert.True(ProductTriggers.IsBaseline(null, T0));
        Assert.True(ProductTriggers.IsBaseline(T0, T0 + ProductTriggers.FreshFor + TimeSpan.FromSeconds(1)));
        Assert.False(ProductTriggers.IsBaseline(T0, T0 + ProductTriggers.FreshFor));
    }

    [Fact]
    public void A_change_reaches_an_interest_between_its_reference_and_the_last_scan_of_the_old_state_unless_the_customer_bought_it()
    {
        var change = new ProductChange(ChainTriggerKind.PriceDropped, 42, T0.AddDays(10), T0, T0.AddDays(10).AddMinutes(-5), 100, 80);
        ProductInterest Looked(DateTime at, DateTime? bought = null, int product = 42, bool standing = false) => new(7, product, at, bought, standing);

        var told = ProductTriggers.Reaches(change, Looked(T0.AddDays(2)));
        Assert.Equal(new ScheduledOccurrence(ChainTriggerKind.PriceDropped, 7, "price:42:20261211090000", T0.AddDays(10), EntityId: 42), told);
        Assert.Null(ProductTriggers.Reaches(change, Looked(T0.AddHours(-1)))); //looked at an older, maybe lower, price
        Assert.Null(ProductTriggers.Reaches(change, Looked(T0.AddDays(10).AddMinutes(-2)))); //after the last scan of the old price: may have seen the new one
        Assert.Null(ProductTriggers.Reaches(change, Looked(T0.AddDays(2), bought: T0.AddDays(3))));
        Assert.Null(ProductTriggers.Reaches(change, Looked(T0.AddDays(4), bought: T0.AddDays(3)))); //bought it, then looked again (a review?)
        Assert.NotNull(ProductTriggers.Reaches(change, Looked(T0.AddDays(4), bought: T0.AddDays(-40)))); //bought one long ago
        Assert.Null(ProductTriggers.Reaches(change, Looked(T0.AddDays(2), product: 43)));
        Assert.Null(ProductTriggers.Reaches(change, Looked(T0.AddHours(-1), standing: true))); //a cart line does not make an old price seen
        var late = change with { AtUtc = T0.AddDays(40) };
        Assert.Null(ProductTriggers.Reaches(late, Looked(T0.AddDays(2)))); //more than 30 days before the change

        var back = change with { Kind = ChainTriggerKind.BackInStock };
        Assert.NotNull(ProductTriggers.Reaches(back, Looked(T0.AddHours(-1), standing: true))); //still in the wishlist since before it sold out
        Assert.Null(ProductTriggers.Reaches(back, Looked(T0.AddHours(-1))));
    }

    [Fact]
    public void Product_occurrences_read_back_from_their_text_with_the_product()
    {
        var told = new ScheduledOccurrence(ChainTriggerKind.BackInStock, 7, "stock:42:20261211090000", T0, EntityId: 42);
        Assert.Equal(told, ScheduledOccurrence.Parse(ChainTriggerKind.BackInStock, 7, told.Text, T0));
        Assert.Null(ScheduledOccurrence.Parse(ChainTriggerKind.PriceDropped, 7, "price:x:1", T0));
        Assert.Null(ScheduledOccurrence.Parse(ChainTriggerKind.PriceDropped, 7, told.Text, T0)); //a stock key is not a price drop
        Assert.Equal(42, ProductTriggers.ProductOf(told.Text));
        Assert.Equal(42, ProductTriggers.ProductOf("price:42:20261211090000"));
        Assert.Null(ProductTriggers.ProductOf("order:42"));
        Assert.Null(ProductTriggers.ProductOf(null));
        Assert.Equal([42, 1, 2, 3], Flock.Engine.Templates.ProductPicks.WithFeatured([1, 42, 2, 3, 4], 42));
        Assert.Equal([1, 2], Flock.Engine.Templates.ProductPicks.WithFeatured([1, 2], null));
    }

    [Fact]
    public void Views_are_captured_for_the_product_triggers_and_paid_orders_for_segment_entry()
    {
        Assert.Equal([ChainTriggerKind.PriceDropped, ChainTriggerKind.ProductViewed], TriggerInputs.Of(ChainTriggerKind.PriceDropped));
        Assert.Contains(ChainTriggerKind.ProductViewed, TriggerInputs.Of(ChainTriggerKind.BackInStock));
        Assert.Contains(ChainTriggerKind.OrderPaid, TriggerInputs.Of(ChainTriggerKind.SegmentEntered));
        Assert.Equal([ChainTriggerKind.CartChanged], TriggerInputs.Of(ChainTriggerKind.CartChanged));
        Assert.True(ScheduledTriggers.IsScheduled(ChainTriggerKind.PriceDropped));
        Assert.Equal(new HashSet<ChainTriggerKind> { ChainTriggerKind.BackInStock }, ProductTriggers.Listened(
            [new ChainTrigger { Kind = ChainTriggerKind.BackInStock }, new ChainTrigger { Kind = ChainTriggerKind.CartChanged }]));
        Assert.False(ScheduledTriggers.IsDate(ChainTriggerKind.BackInStock));
    }

    /// <summary>
    /// A product whose price and stock change at random moments, scanned at other random moments (more often than it
    /// changes, except in pauses that make a baseline), and customers looking at random moments: whoever is told of a drop saw a higher price than
    /// the one now, whoever is told of a return looked while it was out of stock, and no occurrence reaches anyone twice.
    /// </summary>
    [Property(MaxTest = 300)]
    public Property Nobody_is_told_of_a_drop_below_a_price_they_did_not_see_or_of_a_return_they_did_not_wait_for(int seed)
    {
        var random = new Random(seed);
        var history = new List<(DateTime At, decimal Price, bool InStock)> { (T0.AddDays(-1), 100, true) };
        var at = T0;
        for (var i = 0; i < 60; i++)
        {
            at = at.AddMinutes(random.Next(10, 40));
            var (_, price, inStock) = history[^1];
            if (random.Next(3) == 0) inStock = !inStock;
            else price = Math.Max(1, price + random.Next(-8, 6) * 0.5m);
            history.Add((at, price, inStock));
        }
        (decimal Price, bool InStock) ShownAt(DateTime moment) => history.Last(h => h.At <= moment) is var h ? (h.Price, h.InStock) : default;
        var end = at;
        var looks = Enumerable.Range(0, 40).Select(c => new ProductInterest(c, 42, T0.AddMinutes(random.Next(-60, (int)(end - T0).TotalMinutes)), null)).ToList();

        RecordedProduct? recorded = new RecordedProduct(State(100), 100, T0.AddMinutes(-120), T0.AddMinutes(-120));
        DateTime previousScan = T0;
        var told = new List<ScheduledOccurrence>();
        var honest = true;
        for (var when = T0.AddMinutes(random.Next(1, 6)); when <= end; when = when.AddMinutes(random.Next(12) == 0 ? random.Next(61, 300) : random.Next(1, 6)))
        {
            var (price, inStock) = ShownAt(when);
            var (next, changes) = ProductTriggers.Compare(recorded, new ProductState(42, price, inStock), when, ProductTriggers.IsBaseline(previousScan, when), previousScan);
            recorded = next;
            previousScan = when;
            foreach (var change in changes)
                foreach (var look in looks.Where(l => l.LastInterestUtc <= when))
                {
                    if (ProductTriggers.Reaches(change, look) is not { } occurrence) continue;
                    told.Add(occurrence);
                    var seen = ShownAt(look.LastInterestUtc);
                    honest &= change.Kind == ChainTriggerKind.PriceDropped ? seen.Price > price && inStock : !seen.InStock && inStock;
                }
        }
        var once = told.Select(o => (o.CustomerId, o.InstanceKey)).Distinct().Count() == told.Count;
        return (honest && once).Label($"honest {honest}, once {once}, told {told.Count}");
    }
}
