using Flock.Engine.Common;

namespace Flock.Engine.Templates;

/// <summary>
/// One message in several languages with a default. Rendering tries the shopper's language, then the default
/// language, then <see cref="FallbackText"/>: a broken or missing translation never leaves the shopper with
/// nothing or with an error. Each template is rendered with the number/date conventions of its own language.
/// </summary>
public sealed class TemplateSet
{
    private readonly TemplateCompiler _compiler;
    private readonly IReadOnlyDictionary<string, string> _sources;

    /// <param name="compiler">The shared compiler (its cache is reused).</param>
    /// <param name="sourcesByLanguage">Template source per two-letter language code ("en", "ru").</param>
    /// <param name="defaultLanguage">Language used when the shopper's has no (working) template; must be in the sources.</param>
    /// <param name="mode">HTML (escaped) or plain text.</param>
    /// <param name="fallbackText">Shown when nothing renders; trusted text.</param>
    /// <exception cref="FlockValidationException">No sources, or none for the default language.</exception>
    public TemplateSet(TemplateCompiler compiler, IReadOnlyDictionary<string, string> sourcesByLanguage, string defaultLanguage = "en",
        TemplateOutputMode mode = TemplateOutputMode.Html, string fallbackText = "")
    {
        var problems = new ProblemCollector();
        if (compiler is null) problems.Add("compiler", "is required");
        if (sourcesByLanguage is null || sourcesByLanguage.Count == 0) problems.Add("sources", "at least one language is required");
        else if (sourcesByLanguage.Keys.GroupBy(Normalize).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
            problems.Add("sources", $"languages {string.Join(", ", duplicate)} are the same language '{duplicate.Key}'");
        else if (string.IsNullOrWhiteSpace(defaultLanguage) || !sourcesByLanguage.Keys.Any(k => Same(k, defaultLanguage)))
            problems.Add("default_language", $"'{defaultLanguage}' has no template");
        problems.ToResult().ThrowIfInvalid("template set");

        _compiler = compiler!;
        _sources = sourcesByLanguage!.ToDictionary(p => Normalize(p.Key), p => p.Value ?? "");
        DefaultLanguage = Normalize(defaultLanguage);
        Mode = mode;
        FallbackText = fallbackText ?? "";
    }

    public string DefaultLanguage { get; }

    public TemplateOutputMode Mode { get; }

    /// <summary>Shown when neither the requested nor the default language renders (written as is: trusted text).</summary>
    public string FallbackText { get; }

    public IReadOnlyCollection<string> Languages => _sources.Keys.ToArray();

    /// <summary>Every error in every language, with paths like <c>templates[ru](2:7)</c>; warnings are not included.</summary>
    public ValidationResult Validate()
    {
        var problems = _sources
            .SelectMany(p => _compiler.Compile(p.Value, Mode).Errors.Select(e => e.ToProblem($"templates[{p.Key}]")))
            .ToArray();
        return new ValidationResult(problems);
    }

    /// <summary>Renders in <paramref name="languageCode"/> ("ru", "ru-RU", null…) with fallbacks. Never throws.</summary>
    public RenderResult Render(string? languageCode, TemplateModel model)
    {
        var problems = new List<TemplateDiagnostic>();
        var requested = Normalize(languageCode ?? DefaultLanguage);
        var candidates = requested == DefaultLanguage ? [DefaultLanguage] : new[] { requested, DefaultLanguage };
        var first = true;
        foreach (var language in candidates)
        {
            if (!_sources.TryGetValue(language, out var source)) { first = false; continue; }
            var compilation = _compiler.Compile(source, Mode);
            if (compilation.Template is null)
            {
                problems.AddRange(compilation.Errors.Select(e => e with { Message = $"[{language}] {e.Message}" }));
                first = false;
                continue;
            }

            var result = compilation.Template.Render(model, TemplateCulture.For(language));
            if (result.Succeeded) return result with { Problems = problems, UsedFallback = !first };
            problems.AddRange(result.Problems.Select(e => e with { Message = $"[{language}] {e.Message}" }));
            first = false;
        }

        return new RenderResult(FallbackText, false, problems) { UsedFallback = true };
    }

    private static string Normalize(string language) => language.Trim().Split('-', '_')[0].ToLowerInvariant();

    private static bool Same(string a, string b) => Normalize(a) == Normalize(b);
}
