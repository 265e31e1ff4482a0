using DotLiquid;

namespace Flock.Engine.Templates;

/// <summary>
/// A checked, parsed template. Immutable and safe to render from many threads at once: DotLiquid's template is
/// made thread-safe (no per-template assigns or error list) and each render gets its own context.
/// </summary>
public sealed class CompiledTemplate
{
    private readonly Template _template;

    internal CompiledTemplate(string source, TemplateOutputMode mode, Template template, IReadOnlyList<TemplateDiagnostic> warnings)
    {
        Source = source;
        Mode = mode;
        _template = template;
        Warnings = warnings;
    }

    public string Source { get; }

    public TemplateOutputMode Mode { get; }

    /// <summary>Warnings found at compile time (e.g. variables outside the model).</summary>
    public IReadOnlyList<TemplateDiagnostic> Warnings { get; }

    /// <summary>
    /// Renders the model in the given language. Never throws: when anything fails (a filter error, a loop over
    /// <c>1000</c> items, a render over its 2-second budget, a bad argument) the result is not succeeded, lists the problems, and its output is
    /// <paramref name="fallback"/> (written as given, so pass trusted text) instead of a half-rendered text.
    /// In HTML mode the output is sanitized with <see cref="CampaignHtmlSanitizer"/> (the fallback is not).
    /// </summary>
    public RenderResult Render(TemplateModel model, TemplateCulture? culture = null, string fallback = "")
    {
        try
        {
            if (model is null) return Failed(fallback, "template model is missing");
            culture ??= TemplateCulture.Default;
            using var budget = new CancellationTokenSource(LiquidEnvironment.RenderBudget);
            var context = LiquidEnvironment.NewContext(culture, model.Currency ?? CurrencyModel.Rub, TemplateModelHash.Build(model, culture), budget.Token);
            using var writer = new StringWriter(culture.FormatProvider);
            _template.Render(writer, RenderParameters.FromContext(context, culture.FormatProvider));
            if (context.Errors.Count > 0)
                return Failed(fallback, context.Errors.Select(e => e.Message).Distinct().ToArray());
            var output = writer.ToString();
            // The author's markup and raw outputs are not escaped: in HTML they are cleaned with the allow-list (no script,
            // no event handlers, no javascript: URLs), so neither an admin nor a customer value can run script.
            if (Mode == TemplateOutputMode.Html) output = CampaignHtmlSanitizer.Sanitize(output);
            return new RenderResult(output, true, []);
        }
        catch (Exception ex)
        {
            return Failed(fallback, ex.Message);
        }
    }

    private static RenderResult Failed(string fallback, params string[] messages) =>
        new(fallback ?? "", false, messages.Select(m => new TemplateDiagnostic(TemplateSeverity.Error, 0, 0, $"render failed: {m}")).ToArray())
        {
            UsedFallback = true,
        };
}
