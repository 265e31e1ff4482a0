using Flock.Engine.Templates;
using static Flock.Engine.Tests.Templates.TemplateFixtures;

namespace Flock.Engine.Tests.Templates;

public sealed class RenderingTests
{
    [Fact]
    public void Every_model_token_renders_in_english()
    {
        var source = string.Join("|", TemplateModelDescription.Tokens.Select(t => t.Snippet));
        var output = Render(source);

        Assert.Equal(
            "Anna|Ivanova|Anna Ivanova|1200|Loyal|4|October 2, 2026|10452|12345.5|₽12,345.50|November 23, 2026|5% off orders from ₽1,000|5|||₽1,000|" +
            "December 1, 2026|ANNA5|₽300|₽300||https://shop.example/r/K7Q2M|||||https://t.me/share/url?url=x|||Cosy Shop|https://shop.example/|Spring" +
            "||0|0||||0||0||0||0", // an empty cart, no viewed or recommended products: no lines, counts 0, no total
            output);
    }

    [Fact]
    public void English_money_puts_the_symbol_first_and_russian_after_with_a_no_break_space()
    {
        Assert.Equal("₽12,345.50", Render("{{ order.total_formatted }}"));
        Assert.Equal("12\u00A0345,50\u00A0₽", Render("{{ order.total_formatted }}", language: "ru"));
        var usd = Model() with { Currency = CurrencyModel.Usd, Order = new OrderModel { Total = 1500 } };
        Assert.Equal("$1,500", Render("{{ order.total_formatted }}", usd));
        Assert.Equal("1\u00A0500\u00A0$", Render("{{ order.total | money }}", usd, "ru"));
        var codeOnly = Model() with { Currency = new CurrencyModel("KZT"), Order = new OrderModel { Total = 99.9m } };
        Assert.Equal("KZT\u00A099.90", Render("{{ order.total | money }}", codeOnly));
        Assert.Equal("99,90\u00A0KZT", Render("{{ order.total | money }}", codeOnly, "ru"));
    }

    [Fact]
    public void Dates_and_descriptions_are_in_the_render_language()
    {
        Assert.Equal("23 ноября 2026 г.; скидку 5% на заказ от 1\u00A0000\u00A0₽; 300\u00A0₽",
            Render("{{ order.placed_on }}; {{ offer.description }}; {{ reward.description }}", language: "ru-RU"));
        Assert.Equal("November 23, 2026; 5% off orders from ₽1,000; ₽300",
            Render("{{ order.placed_on }}; {{ offer.description }}; {{ reward.description }}", language: "en-GB"));
    }

    [Fact]
    public void Unsupported_language_falls_back_to_english_formatting()
    {
        Assert.Equal("₽12,345.50", Render("{{ order.total_formatted }}", language: "de"));
    }

    [Theory]
    [InlineData(1, "балл")]
    [InlineData(2, "балла")]
    [InlineData(4, "балла")]
    [InlineData(5, "баллов")]
    [InlineData(11, "баллов")]
    [InlineData(12, "баллов")]
    [InlineData(14, "баллов")]
    [InlineData(21, "балл")]
    [InlineData(22, "балла")]
    [InlineData(111, "баллов")]
    [InlineData(0, "баллов")]
    public void Russian_plural_forms(int points, string expected)
    {
        var model = Model() with { Reward = new RewardModel { Points = points } };

        Assert.Equal($"{points} {expected}", Render("{{ reward.points }} {{ reward.points | plural: 'балл', 'балла', 'баллов' }}", model, "ru"));
        Assert.Equal($"{points} {expected}", Render("{{ reward.description }}", model, "ru"));
    }

    [Theory]
    [InlineData(1, "1 point")]
    [InlineData(2, "2 points")]
    [InlineData(1000, "1,000 points")]
    public void English_reward_points(int points, string expected)
    {
        var model = Model() with { Reward = new RewardModel { Points = points } };

        Assert.Equal(expected, Render("{{ reward.description }}", model));
        Assert.Equal(expected[(expected.IndexOf(' ') + 1)..], Render("{{ reward.points | plural: 'point', 'points' }}", model));
    }

    [Fact]
    public void Offer_with_an_amount_and_an_explicit_description()
    {
        var amount = Model() with { Offer = new OfferModel { Amount = 500 } };
        Assert.Equal("скидку 500\u00A0₽", Render("{{ offer.description }}", amount, "ru"));
        var explicitText = Model() with { Offer = new OfferModel { Percent = 5, Description = "a <gift>" } };
        Assert.Equal("a &lt;gift&gt;", Render("{{ offer.description }}", explicitText));
    }

    [Fact]
    public void Empty_names_are_nil_so_templates_can_branch_on_them()
    {
        Assert.Equal("Thanks", Render("{% if customer.first_name %}Dear {{ customer.first_name }}{% else %}Thanks{% endif %}", Model("  ")));
    }

    [Fact]
    public void A_render_error_yields_the_fallback_and_a_problem_not_an_exception()
    {
        var template = Compile("Hello {{ customer.first_name | divided_by: 0 }}!");

        var result = template.Render(Model(), fallback: "Thank you!");

        Assert.False(result.Succeeded);
        Assert.True(result.UsedFallback);
        Assert.Equal("Thank you!", result.Output);
        Assert.Contains("render failed", Assert.Single(result.Problems).Message);
    }

    [Fact]
    public void A_runaway_loop_is_stopped_and_reported()
    {
        var result = Compile("{% for i in (1..100000) %}x{% endfor %}").Render(Model());

        Assert.False(result.Succeeded);
        Assert.Equal("", result.Output);
        Assert.NotEmpty(result.Problems);
    }

    [Fact]
    public void A_null_model_is_a_problem_not_an_exception()
    {
        var result = Compile("{{ store.name }}").Render(null!);

        Assert.False(result.Succeeded);
        Assert.Contains("model", result.Problems.Single().Message);
    }

    [Fact]
    public void Renders_concurrently_from_one_compiled_template_without_mixing_models()
    {
        var compiler = new TemplateCompiler();
        var template = compiler.Compile(
            "{% assign who = customer.first_name %}{% for i in (1..3) %}{% cycle 'a', 'b' %}{{ who }}{{ forloop.index }}{% endfor %}|{{ order.total_formatted }}|{% increment n %}").Template!;
        var failures = 0;

        Parallel.For(0, 2000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var language = i % 2 == 0 ? "en" : "ru";
            var model = Model($"c{i}") with { Order = new OrderModel { Total = i } };
            var expected = $"ac{i}1bc{i}2ac{i}3|{(language == "en" ? $"₽{i:#,0}" : $"{i:#,0}".Replace(",", "\u00A0") + "\u00A0₽")}|0";
            var result = template.Render(model, TemplateCulture.For(language));
            if (!result.Succeeded || result.Output != expected) Interlocked.Increment(ref failures);
        });

        Assert.Equal(0, failures);
    }
}
