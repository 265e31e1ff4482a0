using Flock.Engine.Templates;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Flock.Engine.Tests.Templates;

/// <summary>The product lists a chain message carries (T4): what is listed, and that it renders safely.</summary>
public class ProductBlockTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    private static ProductModel Book(string name, decimal price, int quantity = 1, decimal? old = null) => new()
    {
        Name = name, Url = $"https://shop.example/{name.ToLowerInvariant().Replace(' ', '-')}", ImageUrl = "https://shop.example/images/1.jpg",
        Price = price, OldPrice = old, Quantity = quantity,
    };

    [Fact]
    public void The_cart_block_lists_each_line_with_its_link_picture_price_and_quantity_and_the_total()
    {
        var model = new TemplateModel
        {
            Currency = CurrencyModel.Usd,
            Cart = ProductPicks.Cart([Book("First Prize Pies", 51, 2), Book("Pride and Prejudice", 24, old: 30)], 126),
        };
        var html = ProductBlocks.Cart(model).Output;
        Assert.Contains("<a href=\"https://shop.example/first-prize-pies\">First Prize Pies</a>", html);
        Assert.Contains("src=\"https://shop.example/images/1.jpg\"", html);
        Assert.Contains("× 2", html);
        Assert.Contains("<s>$30</s> $24", html);
        Assert.DoesNotContain("<s>$51", html); // no old price, none shown
        Assert.Contains("$126", html);
        Assert.Equal(2, html.Split("<tr>").Length - 2); // two lines and the total row
    }

    [Fact]
    public void An_empty_cart_renders_nothing_and_a_long_one_shows_ten_lines_and_how_many_more()
    {
        Assert.Equal("", ProductBlocks.Cart(new TemplateModel()).Output);
        var lines = Enumerable.Range(1, 13).Select(i => Book($"Book {i}", i)).ToArray();
        var model = new TemplateModel { Cart = ProductPicks.Cart(lines, 91) };
        var html = ProductBlocks.Cart(model).Output;
        Assert.Contains("Book 10<", html);
        Assert.DoesNotContain("Book 11<", html);
        Assert.Contains("+ 3", html);
        Assert.Equal(13, model.Cart.ItemCount);
    }

    [Fact]
    public void Cards_built_only_for_the_listed_lines_still_count_and_total_the_whole_cart()
    {
        var listed = Enumerable.Range(1, 10).Select(i => Book($"Book {i}", 1)).ToArray();
        var cart = ProductPicks.Cart(listed, 15, lineCount: 15, itemCount: 17);
        Assert.Equal(5, cart.More);
        Assert.Equal(17, cart.ItemCount);
        Assert.Equal("17 +5", TemplateCompiler.CompileUncached("{{ cart.count }} +{{ cart.more }}").Template!.Render(new TemplateModel { Cart = cart }).Output);
    }

    [Fact]
    public void Hostile_product_names_and_links_cannot_inject_markup_or_script()
    {
        var model = new TemplateModel
        {
            Viewed = new ViewedModel
            {
                Items = [new ProductModel { Name = "<script>alert(1)</script>\" onmouseover=\"x", Url = "javascript:alert(2)", ImageUrl = "https://x/\"><img src=x onerror=alert(3)>", Price = 1 }],
            },
        };
        var result = ProductBlocks.Viewed(model);
        Assert.True(result.Succeeded);
        Assert.DoesNotContain("<script", result.Output);
        Assert.DoesNotContain("javascript:", result.Output);
        Assert.DoesNotContain("<img src=x", result.Output); // the picture link stays one attribute value
        Assert.DoesNotContain("onmouseover=\"", result.Output);
        Assert.Contains("&lt;script&gt;", result.Output);
    }

    [Fact]
    public void Recommendation_blocks_show_each_product_with_its_reason_escaped_and_are_empty_without_products()
    {
        var item = new ProductModel { Name = "Lens cap", Url = "https://shop.example/lens-cap", Price = 9, Reason = "Bought together with <b>Nikon</b> by 3 customers" };
        var model = new TemplateModel
        {
            Recommended = new ViewedModel { Items = [item] },
            Accessories = new ViewedModel { Items = [item with { Name = "Strap" }] },
            NewerModels = new ViewedModel { Items = [item with { Name = "Nikon D7500", Reason = "Newer model in Cameras than your Nikon D5500" }] },
        };

        var recommended = ProductBlocks.Recommended(model).Output;
        Assert.Contains("flock-recommended", recommended);
        Assert.Contains("Lens cap", recommended);
        Assert.Contains("Bought together with &lt;b&gt;Nikon&lt;/b&gt; by 3 customers", recommended);
        Assert.Contains("Strap", ProductBlocks.Accessories(model).Output);
        Assert.Contains("Newer model in Cameras than your Nikon D5500", ProductBlocks.NewerModels(model).Output);
        Assert.Equal("", ProductBlocks.Recommended(new TemplateModel()).Output);
        Assert.Equal("Lens cap: Bought together with &lt;b&gt;Nikon&lt;/b&gt; by 3 customers",
            TemplateCompiler.CompileUncached("{% for i in recommended.items %}{{ i.name }}: {{ i.reason }}{% endfor %}").Template!.Render(model).Output);
    }

    [Fact]
    public void Viewed_products_are_the_latest_each_once_buyable_and_neither_in_the_cart_nor_bought()
    {
        var views = new[]
        {
            new ViewedProduct(1, T0, true), new ViewedProduct(2, T0.AddMinutes(5), true), new ViewedProduct(1, T0.AddMinutes(9), true),
            new ViewedProduct(3, T0.AddMinutes(7), false), new ViewedProduct(4, T0.AddMinutes(8), true), new ViewedProduct(5, T0.AddMinutes(6), true),
            new ViewedProduct(6, T0.AddMinutes(1), true),
        };
        Assert.Equal([1, 5, 2], ProductPicks.RecentlyViewed(views, inCart: new HashSet<int> { 4 }, bought: new HashSet<int> { 6 }, max: 3));
        Assert.Empty(ProductPicks.RecentlyViewed(views, new HashSet<int>(), new HashSet<int>(), max: 0));
    }

    [Property(MaxTest = 300)]
    public Property The_viewed_pick_never_repeats_exceeds_its_limit_or_shows_what_it_must_not(int[] productIds, bool[] available, byte max, int[] cart, int[] bought)
    {
        productIds ??= []; available ??= []; cart ??= []; bought ??= [];
        var views = productIds.Select((id, i) => new ViewedProduct(Math.Abs(id % 20), T0.AddMinutes(i), i < available.Length && available[i])).ToArray();
        var inCart = cart.Select(c => Math.Abs(c % 20)).ToHashSet();
        var owned = bought.Select(b => Math.Abs(b % 20)).ToHashSet();
        var limit = max % 8;
        var picked = ProductPicks.RecentlyViewed(views, inCart, owned, limit);
        var latest = views.GroupBy(v => v.ProductId).ToDictionary(g => g.Key, g => g.MaxBy(v => v.ViewedAt));
        var eligible = latest.Values.Count(v => v.Available && !inCart.Contains(v.ProductId) && !owned.Contains(v.ProductId));
        var recencies = picked.Select(id => latest[id].ViewedAt).ToArray();
        return (picked.Count == Math.Min(limit, eligible)
                && picked.Distinct().Count() == picked.Count
                && picked.All(id => latest[id].Available && !inCart.Contains(id) && !owned.Contains(id))
                && recencies.Zip(recencies.Skip(1)).All(p => p.First >= p.Second))
            .Label($"picked [{string.Join(",", picked)}] of {eligible} eligible, limit {limit}");
    }

    [Fact]
    public void The_customer_and_cart_fields_are_in_the_template_model()
    {
        var compiled = TemplateCompiler.CompileUncached("{{ customer.reward_points }} {{ customer.segment }} {{ customer.order_count }} {{ cart.count }} {% for item in cart.items %}{{ item.name }}{% endfor %}");
        Assert.NotNull(compiled.Template);
        Assert.Empty(compiled.Diagnostics);
        var output = compiled.Template!.Render(new TemplateModel
        {
            Customer = new CustomerModel { RewardPoints = 1200, Segment = "Loyal", OrderCount = 4 },
            Cart = ProductPicks.Cart([Book("Atlas", 10, 3)], 30),
        }).Output;
        Assert.Equal("1200 Loyal 4 3 Atlas", output);
    }
}
