using System.Collections.Concurrent;

namespace Flock.Engine.Templates;

/// <summary>
/// Compiles Liquid templates with HTML escaping by default, positioned diagnostics and a cache.
/// One instance is meant to live for the application (register it as a singleton); it is thread-safe.
/// Every <c>{{ }}</c> is escaped where it is output, so a value captured with <c>{% capture %}</c> from escaped
/// outputs should be output with <c>| raw</c> to avoid escaping it twice. In HTML mode every output path escapes
/// (<c>{{ }}</c>, <c>cycle</c>, <c>increment</c>/<c>decrement</c>; tags that could not be made safe, such as
/// <c>include</c>, are compile errors), and the rendered HTML is then cleaned by <see cref="CampaignHtmlSanitizer"/>,
/// which also covers the author's own markup and <c>raw</c> outputs.
/// </summary>
public sealed class TemplateCompiler
{
    private readonly ConcurrentDictionary<(string Source, TemplateOutputMode Mode), Lazy<TemplateCompilation>> _cache = new();
    private readonly int _capacity;

    /// <param name="capacity">How many distinct sources are cached; when full the cache is cleared (templates change rarely).</param>
    public TemplateCompiler(int capacity = 512)
    {
        if (capacity < 1) throw new Common.FlockValidationException("template compiler", "capacity", "must be at least 1");
        _capacity = capacity;
    }

    /// <summary>Compiles HTML-escaped source, from the cache when seen before. Never throws; problems are in the result.</summary>
    public TemplateCompilation Compile(string source) => Compile(source, TemplateOutputMode.Html);

    /// <summary>Compiles with the given output mode, from the cache when seen before. Never throws.</summary>
    public TemplateCompilation Compile(string source, TemplateOutputMode mode)
    {
        source ??= "";
        if (_cache.Count >= _capacity) _cache.Clear();
        return _cache.GetOrAdd((source, mode), key => new Lazy<TemplateCompilation>(() => CompileUncached(key.Source, key.Mode))).Value;
    }

    /// <summary>Checks and parses without the cache (an admin preview of unsaved text, say). Never throws.</summary>
    public static TemplateCompilation CompileUncached(string source, TemplateOutputMode mode = TemplateOutputMode.Html)
    {
        source ??= "";
        try
        {
            var analysis = TemplateAnalyzer.Analyze(source, mode);
            if (analysis.HasErrors) return new TemplateCompilation(null, analysis.Diagnostics);

            DotLiquid.Template parsed;
            try
            {
                parsed = LiquidEnvironment.Parse(analysis.RewrittenSource);
            }
            catch (Exception ex)
            {
                return new TemplateCompilation(null, [.. analysis.Diagnostics, Locate(source, analysis.Segments, ex)]);
            }

            // What DotLiquid parsed is checked again, independently of our reading of the source: only allow-listed tag
            // types, every output escaped (HTML), value-writing tags wrapped so they escape too (see OutputGuard).
            var unsafeParts = OutputGuard.Secure(parsed, mode == TemplateOutputMode.Html);
            if (unsafeParts.Count > 0)
                return new TemplateCompilation(null, [.. analysis.Diagnostics, .. unsafeParts.Select(m => new TemplateDiagnostic(TemplateSeverity.Error, 1, 1, m))]);

            var warnings = analysis.Diagnostics.Where(d => d.Severity == TemplateSeverity.Warning).ToArray();
            return new TemplateCompilation(new CompiledTemplate(source, mode, parsed, warnings), analysis.Diagnostics);
        }
        catch (Exception ex)
        {
            return new TemplateCompilation(null, [new TemplateDiagnostic(TemplateSeverity.Error, 1, 1, $"template could not be read: {ex.Message}")]);
        }
    }

    /// <summary>DotLiquid rejected what our checks let through: find the first segment it rejects alone.</summary>
    private static TemplateDiagnostic Locate(string source, IReadOnlyList<TemplateSegment> segments, Exception error)
    {
        var lines = new LineMap(source);
        foreach (var segment in segments.Where(s => s.Kind == SegmentKind.Output))
        {
            try
            {
                LiquidEnvironment.Parse(source[segment.Start..segment.End]);
            }
            catch (Exception ex)
            {
                var (line, column) = lines.Locate(segment.Start);
                return new TemplateDiagnostic(TemplateSeverity.Error, line, column, ex.Message);
            }
        }

        return new TemplateDiagnostic(TemplateSeverity.Error, 1, 1, error.Message);
    }
}
