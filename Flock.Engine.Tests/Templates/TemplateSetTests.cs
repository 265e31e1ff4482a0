using Flock.Engine.Common;
using Flock.Engine.Templates;
using static Flock.Engine.Tests.Templates.TemplateFixtures;

namespace Flock.Engine.Tests.Templates;

public sealed class TemplateSetTests
{
    private readonly TemplateCompiler _compiler = new();

    [Fact]
    public void Default_thank_you_widget_in_english()
    {
        var result = DefaultTemplates.ThankYouWidgetSet(_compiler).Render("en", Model());

        Assert.True(result.Succeeded);
        Assert.Equal("Dear Anna, thanks for order #10452! Give your friends 5% off orders from ₽1,000; when they buy, you get ₽300.", result.Output);
    }

    [Fact]
    public void Default_thank_you_widget_in_russian_with_points()
    {
        var model = Model() with { Reward = new RewardModel { Points = 250 }, Offer = new OfferModel { Percent = 10 } };

        var result = DefaultTemplates.ThankYouWidgetSet(_compiler).Render("ru-RU", model);

        Assert.Equal("Anna, спасибо за заказ №10452! Подарите друзьям скидку 10% — когда они сделают покупку, вы получите 250 баллов.", result.Output);
        Assert.False(result.UsedFallback);
    }

    [Fact]
    public void Default_widget_without_a_first_name()
    {
        var result = DefaultTemplates.ThankYouWidgetSet(_compiler).Render("ru", Model(""));

        Assert.StartsWith("Спасибо за заказ №10452!", result.Output);
    }

    [Theory]
    [InlineData("en", "Anna, invite your friends! Give your friends 5% off")]
    [InlineData("ru", "Anna, пригласите друзей! Подарите друзьям скидку 5%")]
    public void Default_widget_without_an_order_invites_instead_of_thanking(string language, string expected)
    {
        var result = DefaultTemplates.ThankYouWidgetSet(_compiler).Render(language, Model() with { Order = new OrderModel() });

        Assert.True(result.Succeeded);
        Assert.StartsWith(expected, result.Output);
        Assert.DoesNotContain("#", result.Output);
        Assert.DoesNotContain("№", result.Output);
    }

    [Fact]
    public void Default_texts_compile_without_warnings()
    {
        foreach (var source in DefaultTemplates.ThankYouWidget.Values.Concat(DefaultTemplates.ShareMessage.Values))
            Assert.Empty(TemplateCompiler.CompileUncached(source).Diagnostics);
    }

    [Fact]
    public void Share_message_is_plain_text()
    {
        var model = Model() with { Store = new StoreModel { Name = "Tom & Jerry" } };

        var result = DefaultTemplates.ShareMessageSet(_compiler).Render("ru", model);

        Assert.Equal("Дарю тебе скидку 5% на заказ от 1\u00A0000\u00A0₽ в магазине «Tom & Jerry»: https://shop.example/r/K7Q2M", result.Output);
    }

    [Fact]
    public void Missing_language_falls_back_to_the_default_language()
    {
        var set = new TemplateSet(_compiler, new Dictionary<string, string> { ["en"] = "Hi {{ order.total_formatted }}" });

        var result = set.Render("ru", Model());

        Assert.True(result.Succeeded);
        Assert.True(result.UsedFallback);
        Assert.Equal("Hi ₽12,345.50", result.Output);
    }

    [Fact]
    public void Broken_translation_falls_back_to_the_default_language_and_reports_why()
    {
        var set = new TemplateSet(_compiler, new Dictionary<string, string> { ["en"] = "Hi", ["ru"] = "Привет {% if %}{% endif %}" });

        var result = set.Render("ru", Model());

        Assert.Equal("Hi", result.Output);
        Assert.True(result.UsedFallback);
        Assert.Contains(result.Problems, p => p.Message.StartsWith("[ru] invalid '{% if %}'", StringComparison.Ordinal));
        var problem = Assert.Single(set.Validate().Problems);
        Assert.Equal("templates[ru](1:8)", problem.Path);
    }

    [Fact]
    public void When_nothing_renders_the_fallback_text_is_used()
    {
        var set = new TemplateSet(_compiler, new Dictionary<string, string> { ["en"] = "{{ 1 | divided_by: 0 }}" }, fallbackText: "Thanks!");

        var result = set.Render(null, Model());

        Assert.False(result.Succeeded);
        Assert.Equal("Thanks!", result.Output);
    }

    [Fact]
    public void A_set_without_the_default_language_is_rejected_with_a_path()
    {
        var error = Assert.Throws<FlockValidationException>(() => new TemplateSet(_compiler, new Dictionary<string, string> { ["ru"] = "x" }, "en"));

        Assert.Equal("default_language", error.Problems.Single().Path);
    }

    [Fact]
    public void Token_descriptions_cover_the_model_and_render()
    {
        Assert.All(TemplateModelDescription.Tokens, t => Assert.False(string.IsNullOrWhiteSpace(t.Description)));
        Assert.Equal(TemplateModelDescription.Tokens.Count, TemplateModelDescription.Tokens.Select(t => t.Path).Distinct().Count());
        var all = string.Join(" ", TemplateModelDescription.Tokens.Select(t => t.Snippet));
        Assert.Empty(TemplateCompiler.CompileUncached(all).Diagnostics);
    }

    [Fact]
    public void Two_codes_of_one_language_are_rejected()
    {
        var error = Assert.Throws<FlockValidationException>(() => new TemplateSet(_compiler, new Dictionary<string, string> { ["ru"] = "a", ["ru-RU"] = "b", ["en"] = "c" }));

        Assert.Equal("sources", error.Problems.Single().Path);
    }
}
