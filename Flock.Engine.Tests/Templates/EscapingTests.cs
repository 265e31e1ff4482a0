using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Flock.Engine.Templates;
using static Flock.Engine.Tests.Templates.TemplateFixtures;

namespace Flock.Engine.Tests.Templates;

public sealed class EscapingTests
{
    [Fact]
    public void Script_in_a_customer_name_is_escaped()
    {
        var output = Render("<p>Hi {{ customer.first_name }}</p>", Model("<script>alert(1)</script>"));

        Assert.Equal("<p>Hi &lt;script&gt;alert(1)&lt;/script&gt;</p>", output);
    }

    [Fact]
    public void A_quote_in_a_campaign_name_cannot_break_out_of_an_attribute()
    {
        var model = Model() with { Campaign = new CampaignModel { Name = "x\" onmouseover=\"alert(1)" } };

        var output = Render("<a title=\"{{ campaign.name }}\">go</a>", model);

        Assert.Equal("<a title=\"x&quot; onmouseover=&quot;alert(1)\">go</a>", output);
    }

    [Fact]
    public void Single_quotes_and_ampersands_are_escaped_too()
    {
        var model = Model() with { Store = new StoreModel { Name = "Tom & Jerry's" } };

        // The sanitizer re-serialises the markup (double quotes, closed element); the quote still cannot end the attribute.
        Assert.Equal("<b title=\"Tom &amp; Jerry's\"></b>", Render("<b title='{{ store.name }}'>", model));
        Assert.Equal("Tom &amp; Jerry&#39;s", Render("{{ store.name }}", model));
    }

    [Fact]
    public void Escaping_applies_after_other_filters_and_inside_blocks_and_loops()
    {
        var model = Model("<i>");
        var output = Render("{% if true %}{{ customer.first_name | upcase }}{% endif %}{% for i in (1..2) %}[{{ customer.first_name | append: '<b>' }}]{% endfor %}", model);

        Assert.Equal("&lt;I&gt;[&lt;i&gt;&lt;b&gt;][&lt;i&gt;&lt;b&gt;]", output);
    }

    [Fact]
    public void Assigned_and_captured_values_are_escaped_when_output()
    {
        var output = Render("{% assign n = customer.first_name %}{{ n }}|{% capture c %}<i>{{ n }}</i>{% endcapture %}{{ c | raw }}", Model("<x>"));

        Assert.Equal("&lt;x&gt;|<i>&lt;x&gt;</i>", output);
    }

    [Fact]
    public void Raw_as_last_filter_outputs_unescaped()
    {
        var model = Model() with { Store = new StoreModel { Name = "<b>Shop</b>" } };

        Assert.Equal("<b>Shop</b>", Render("{{ store.name | raw }}", model));
        Assert.Equal("<b>SHOP</b>", Render("{{ store.name | upcase | raw }}", model)); // tag names are case-insensitive; the sanitizer writes them in lower case
    }

    [Fact]
    public void Raw_not_last_does_not_disable_escaping()
    {
        var model = Model() with { Store = new StoreModel { Name = "<b>" } };

        Assert.Equal("&lt;B&gt;", Render("{{ store.name | raw | upcase }}", model));
    }

    [Fact]
    public void A_pipe_inside_a_string_argument_is_not_taken_for_a_filter()
    {
        Assert.Equal("a|raw&lt;", Render("{{ 'a' | append: '|raw<' }}"));
    }

    [Fact]
    public void Whitespace_control_hyphens_still_get_escaping()
    {
        Assert.Equal("x&lt;i&gt;y", Render("x  {{- customer.first_name -}}  y", Model("<i>")));
    }

    [Fact]
    public void Liquid_inside_a_customer_name_is_not_executed()
    {
        Assert.Equal("{{ store.name }}{% if true %}", Render("{{ customer.first_name }}", Model("{{ store.name }}{% if true %}")));
    }

    [Fact]
    public void Plain_text_mode_does_not_escape()
    {
        var template = Compile("{{ customer.first_name }}", TemplateOutputMode.PlainText);

        Assert.Equal("Tom & <Jerry>", template.Render(Model("Tom & <Jerry>")).Output);
    }

    [Fact]
    public void Numbers_are_still_formatted_per_language_when_escaped()
    {
        Assert.Equal("12345,5", Render("{{ order.total }}", language: "ru"));
        Assert.Equal("12345.5", Render("{{ order.total }}", language: "en"));
    }

    [Property(MaxTest = 200)]
    public Property Rendered_output_never_contains_markup_characters_from_model_strings()
    {
        var template = Compile("<p title=\"{{ campaign.name }}\">{{ customer.first_name }} {{ customer.full_name | upcase }} {{ store.name | append: '!' }}</p>");
        var texts = ArbMap.Default.GeneratorFor<string>().Where(s => s is not null);
        return Prop.ForAll(Gen.Zip(texts, texts).ToArbitrary(), pair =>
        {
            var model = Model(pair.Item1) with
            {
                Campaign = new CampaignModel { Name = pair.Item2 },
                Store = new StoreModel { Name = pair.Item1 + pair.Item2 },
            };
            var output = template.Render(model).Output;
            // Only the template's own markup survives: two '<', two '>' and the two quotes of the attribute. The sanitizer
            // drops an attribute whose value holds "&{" (old script-entity syntax): then no quote is left at all.
            var quotes = output.Count(c => c == '"');
            var start = quotes == 0 ? "<p>" : "<p title=\"";
            return output.StartsWith(start, StringComparison.Ordinal) && output.EndsWith("</p>", StringComparison.Ordinal)
                && output.Count(c => c == '<') == 2 && output.Count(c => c == '>') == 2 && quotes is 0 or 2
                && (quotes == 2 || pair.Item2.Contains("&{"));
        });
    }
}
