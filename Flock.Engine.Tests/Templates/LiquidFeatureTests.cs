using Flock.Engine.Templates;
using static Flock.Engine.Tests.Templates.TemplateFixtures;

namespace Flock.Engine.Tests.Templates;

public sealed class LiquidFeatureTests
{
    [Fact]
    public void Case_unless_and_elsif_work_with_escaping()
    {
        const string source = "{% case campaign.name %}{% when 'Spring' %}S{% else %}?{% endcase %}" +
                              "{% unless offer.amount %}pct{% endunless %}" +
                              "{% if order.total > 100000 %}big{% elsif order.total > 1000 %}mid{% else %}small{% endif %}";

        Assert.Equal("Spctmid", Render(source));
    }

    [Fact]
    public void An_output_spanning_lines_renders()
    {
        Assert.Equal("Anna", Render("{{ customer.first_name\n }}"));
        Assert.Equal("yes", Render("{% if customer.first_name\r\n   and order.number %}yes{% endif %}"));
    }

    [Fact]
    public void Bracket_access_is_escaped_and_not_warned_about()
    {
        var compilation = TemplateCompiler.CompileUncached("{{ customer['first_name'] }}");

        Assert.Empty(compilation.Diagnostics);
        Assert.Equal("&lt;b&gt;", compilation.Template!.Render(Model("<b>")).Output);
    }

    [Fact]
    public void Standard_date_filter_uses_the_render_language_month_names()
    {
        Assert.Equal("ноябрь 2026", Render("{{ '2026-11-23' | date: 'MMMM yyyy' }}", language: "ru"));
        Assert.Equal("November 2026", Render("{{ '2026-11-23' | date: 'MMMM yyyy' }}", language: "en"));
    }

    [Fact]
    public void Missing_model_parts_render_empty()
    {
        var result = Compile("[{{ order.number }}][{{ offer.description }}][{{ reward.description }}][{{ links.vk }}]").Render(new TemplateModel());

        Assert.True(result.Succeeded);
        Assert.Equal("[][][][]", result.Output);
    }
}
