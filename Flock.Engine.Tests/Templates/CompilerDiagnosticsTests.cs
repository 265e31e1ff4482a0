using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Flock.Engine.Templates;

namespace Flock.Engine.Tests.Templates;

public sealed class CompilerDiagnosticsTests
{
    private static TemplateDiagnostic SingleError(string source)
    {
        var compilation = TemplateCompiler.CompileUncached(source);
        Assert.False(compilation.Succeeded);
        Assert.Null(compilation.Template);
        return Assert.Single(compilation.Errors);
    }

    [Fact]
    public void Unclosed_output_is_located_at_its_opening_braces()
    {
        var error = SingleError("Hello\n  {{ customer.first_name \nbye");

        Assert.Equal((2, 3), (error.Line, error.Column));
        Assert.Contains("'{{' is not closed", error.Message);
    }

    [Fact]
    public void Unclosed_tag_delimiter_is_located()
    {
        var error = SingleError("a\nb {% if x ");

        Assert.Equal((2, 3), (error.Line, error.Column));
        Assert.Contains("'{%' is not closed", error.Message);
    }

    [Fact]
    public void Block_never_closed_is_reported_at_the_opening_tag()
    {
        var error = SingleError("line one\nline two {% if customer.first_name %}\nHi");

        Assert.Equal((2, 10), (error.Line, error.Column));
        Assert.Contains("'{% if %}' is never closed", error.Message);
    }

    [Fact]
    public void End_tag_without_opening_is_located()
    {
        var error = SingleError("x\n\n   {% endfor %}");

        Assert.Equal((3, 4), (error.Line, error.Column));
        Assert.Contains("no matching '{% for %}'", error.Message);
    }

    [Fact]
    public void Crossed_blocks_are_reported_at_the_wrong_end_tag()
    {
        var compilation = TemplateCompiler.CompileUncached("{% if true %}\n{% for i in (1..2) %}\n{% endif %}\n{% endfor %}");

        var first = compilation.Errors.First();
        Assert.Equal((3, 1), (first.Line, first.Column));
        Assert.Contains("'{% endif %}' found where '{% endfor %}' was expected", first.Message);
    }

    [Fact]
    public void Unknown_tag_is_located()
    {
        var error = SingleError("Hi {{ customer.first_name }},\n{% frobnicate 3 %}");

        Assert.Equal((2, 1), (error.Line, error.Column));
        Assert.Equal("unknown tag 'frobnicate'", error.Message);
    }

    [Fact]
    public void DotLiquid_syntax_error_in_a_tag_is_located_at_that_tag()
    {
        var error = SingleError("ok\n{% if true %}{% endif %}\n  {% for customer %}{% endfor %}");

        Assert.Equal((3, 3), (error.Line, error.Column));
        Assert.StartsWith("invalid '{% for %}'", error.Message);
    }

    [Fact]
    public void If_without_condition_is_located()
    {
        var error = SingleError("{{ store.name }} {% if %}x{% endif %}");

        Assert.Equal((1, 18), (error.Line, error.Column));
        Assert.StartsWith("invalid '{% if %}'", error.Message);
    }

    [Fact]
    public void Else_outside_a_block_is_located()
    {
        var error = SingleError("a {% else %} b");

        Assert.Equal((1, 3), (error.Line, error.Column));
        Assert.Contains("only allowed inside", error.Message);
    }

    [Fact]
    public void Unknown_filter_is_located_at_the_filter_name()
    {
        var error = SingleError("Total: {{ order.total | monee }}");

        Assert.Equal((1, 25), (error.Line, error.Column));
        Assert.Equal("unknown filter 'monee'", error.Message);
    }

    [Fact]
    public void Include_is_not_allowed()
    {
        var error = SingleError("{% include 'secrets' %}");

        Assert.Contains("not supported", error.Message);
    }

    [Fact]
    public void Several_problems_are_all_reported_in_source_order()
    {
        var compilation = TemplateCompiler.CompileUncached("{% foo %}\n{{ x | nope }}\n{% if true %}");

        Assert.Equal([(1, 1), (2, 8), (3, 1)], compilation.Errors.Select(e => (e.Line, e.Column)).ToArray());
    }

    [Fact]
    public void Unknown_variables_are_warnings_with_positions_and_the_template_still_compiles()
    {
        var compilation = TemplateCompiler.CompileUncached("Hi {{ customer.firstname }}\n{% if promo %}{{ order.number }}{% endif %}");

        Assert.True(compilation.Succeeded);
        Assert.Empty(compilation.Errors);
        var warnings = compilation.Warnings.ToArray();
        Assert.Equal(2, warnings.Length);
        Assert.Equal((1, 7), (warnings[0].Line, warnings[0].Column));
        Assert.Contains("'customer.firstname'", warnings[0].Message);
        Assert.Contains("customer.first_name", warnings[0].Message);
        Assert.Equal((2, 7), (warnings[1].Line, warnings[1].Column));
        Assert.Contains("unknown variable 'promo'", warnings[1].Message);
        Assert.Equal(warnings, compilation.Template!.Warnings);
    }

    [Fact]
    public void Template_variables_keywords_loop_variables_and_strings_are_not_warned_about()
    {
        var compilation = TemplateCompiler.CompileUncached(
            "{% assign greeting = 'hello customer.nothing' | upcase %}{% capture note %}x{% endcapture %}" +
            "{% for i in (1..3) limit: 2 %}{{ forloop.index }}{{ i }}{% endfor %}" +
            "{% if customer.first_name != blank and order.total > 0 or offer.code contains 'A' %}{{ greeting }}{{ note }}{% endif %}" +
            "{{ order.total | plus: 1 | money }}{{ reward.points | plural: 'point', 'points' }}{{ customer.full_name.size }}");

        Assert.True(compilation.Succeeded, string.Join("\n", compilation.Diagnostics));
        Assert.Empty(compilation.Diagnostics);
    }

    [Fact]
    public void Raw_and_comment_contents_are_not_checked_or_escaped()
    {
        var compilation = TemplateCompiler.CompileUncached("{% raw %}{{ nope | bad }}{% endraw %}{% comment %}{% whatever %}{% endcomment %}");

        Assert.True(compilation.Succeeded, string.Join("\n", compilation.Diagnostics));
        Assert.Equal("{{ nope | bad }}", compilation.Template!.Render(TemplateFixtures.Model()).Output);
    }

    [Fact]
    public void Diagnostics_convert_to_shared_problems_with_positions()
    {
        var compilation = TemplateCompiler.CompileUncached("x\n {% endif %}");

        var problem = Assert.Single(compilation.ToValidationResult("widget.text").Problems);
        Assert.Equal("widget.text(2:2)", problem.Path);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("{{")]
    [InlineData("{%")]
    [InlineData("}}{{}}{%%}")]
    [InlineData("{{ '")]
    [InlineData("{% raw %}")]
    [InlineData("{{ a | }}")]
    [InlineData("{% if a == %}{% endif %}")]
    [InlineData("{% for %}")]
    [InlineData("{% endcomment %}{% comment %}")]
    public void Compile_never_throws_on_bad_input(string? source)
    {
        var compilation = TemplateCompiler.CompileUncached(source!);

        Assert.True(compilation.Succeeded || compilation.Errors.Any());
        Assert.All(compilation.Errors, e => Assert.True(e.Line >= 1 && e.Column >= 1));
    }

    [Fact]
    public void The_compiler_caches_by_source()
    {
        var compiler = new TemplateCompiler();

        var first = compiler.Compile("{{ store.name }}");
        var second = compiler.Compile("{{ store.name }}");

        Assert.Same(first, second);
        Assert.NotSame(first, compiler.Compile("{{ store.name }}", TemplateOutputMode.PlainText));
    }

    [Fact]
    public void A_compiler_rejects_a_capacity_below_one()
    {
        var error = Assert.Throws<Flock.Engine.Common.FlockValidationException>(() => new TemplateCompiler(0));
        Assert.Equal("capacity", error.Problems.Single().Path);
    }

    [Property(MaxTest = 300)]
    public Property Any_text_made_of_liquid_pieces_compiles_or_reports_positioned_errors_and_never_throws()
    {
        string[] pieces = ["{{", "}}", "{%", "%}", " if ", " endif ", " for ", " in ", "'", "\"", "|", " raw ", "customer.first_name", "\n", "x", " else ", "-", " upcase "];
        var sources = Gen.ListOf(Gen.Elements(pieces)).Select(parts => string.Concat(parts));
        return Prop.ForAll(sources.ToArbitrary(), source =>
        {
            var compilation = TemplateCompiler.CompileUncached(source);
            var lines = source.Split('\n').Length;
            var positioned = compilation.Diagnostics.All(d => d.Line >= 1 && d.Line <= lines && d.Column >= 1);
            var rendered = compilation.Template?.Render(TemplateFixtures.Model("<i>")) ?? new RenderResult("", true, []);
            return (compilation.Succeeded != compilation.Errors.Any()) && positioned && !rendered.Output.Contains("<i>");
        });
    }
}
