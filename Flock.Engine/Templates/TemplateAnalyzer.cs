using System.Text;
using System.Text.RegularExpressions;

namespace Flock.Engine.Templates;

/// <summary>How outputs are written.</summary>
public enum TemplateOutputMode
{
    /// <summary>
    /// Every output path is HTML-escaped (<c>{{ }}</c> unless its last filter is <c>raw</c>, <c>cycle</c>, <c>increment</c>,
    /// <c>decrement</c>) and the rendered HTML is cleaned by <see cref="CampaignHtmlSanitizer"/> (widgets, banners, popups).
    /// </summary>
    Html,
    /// <summary>Nothing is escaped (SMS, email subjects, plain text). Never put the result into HTML.</summary>
    PlainText,
}

/// <summary>The checked template: located diagnostics and the source rewritten for DotLiquid (escape filters appended).</summary>
internal sealed record TemplateAnalysis(IReadOnlyList<TemplateDiagnostic> Diagnostics, string RewrittenSource, IReadOnlyList<TemplateSegment> Segments)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == TemplateSeverity.Error);
}

/// <summary>
/// Checks a template's structure before DotLiquid sees it: unclosed delimiters, unknown or misplaced tags,
/// unbalanced blocks, tag syntax (each tag is parsed alone by DotLiquid, so its message gets the tag's position),
/// unknown filters (errors) and variables outside the model (warnings). Also appends the escape filter.
/// </summary>
internal static partial class TemplateAnalyzer
{
    private static readonly HashSet<string> BlockTags = ["if", "unless", "case", "for", "capture", "comment", "tablerow", "ifchanged", "literal", "raw"];
    private static readonly HashSet<string> OpaqueBlocks = ["comment", "literal", "raw"];
    private static readonly HashSet<string> SimpleTags = ["assign", "cycle", "break", "continue", "increment", "decrement"];
    // Only tags proven safe are accepted (see OutputGuard.Policies, which checks the parsed tree again); these are
    // DotLiquid tags refused with a clear message, anything else is an unknown tag.
    private static readonly HashSet<string> UnsupportedTags = ["include", "extends", "block", "param", "render", "layout", "section", "echo", "liquid"];
    private static readonly Dictionary<string, string[]> InnerTags = new()
    {
        ["else"] = ["if", "unless", "for", "case"],
        ["elsif"] = ["if", "unless"],
        ["elseif"] = ["if", "unless"],
        ["when"] = ["case"],
    };
    private static readonly HashSet<string> Keywords = ["and", "or", "contains", "empty", "blank", "nil", "null", "true", "false", "in", "reversed"];
    private static readonly HashSet<string> LoopVariables = ["forloop", "tablerowloop"];
    private static readonly HashSet<string> SpecialMembers = ["size", "first", "last"];

    [GeneratedRegex("""(?<str>"[^"]*"|'[^']*')|(?<num>-?\d+(?:\.\d+)?)|(?<ref>[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[[^\]]*\])*\??)""")]
    private static partial Regex ExpressionTokens();

    [GeneratedRegex(@"^\s*([\w-]+)\s+in\s+(.*)$", RegexOptions.Singleline)]
    private static partial Regex ForSyntax();

    [GeneratedRegex(@"^\s*([\w-]+)\s*=\s*(.*)$", RegexOptions.Singleline)]
    private static partial Regex AssignSyntax();

    [GeneratedRegex(@"^\s*['""]?([\w-]+)")]
    private static partial Regex FirstName();

    private sealed record OpenBlock(string Name, int Offset);

    private sealed record Reference(string Path, int Offset);

    public static TemplateAnalysis Analyze(string source, TemplateOutputMode mode)
    {
        var lines = new LineMap(source);
        var diagnostics = new List<(int Offset, TemplateDiagnostic Diagnostic)>();
        void Report(TemplateSeverity severity, int offset, string message)
        {
            var (line, column) = lines.Locate(offset);
            diagnostics.Add((offset, new TemplateDiagnostic(severity, line, column, message)));
        }

        var (segments, lexError) = TemplateLexer.Lex(source);
        if (lexError is not null) Report(TemplateSeverity.Error, lexError.Offset, lexError.Message);

        var stack = new Stack<OpenBlock>();
        var declared = new HashSet<string>(StringComparer.Ordinal);
        var references = new List<Reference>();
        var escapeInsertions = new List<int>();

        foreach (var segment in segments)
        {
            var opaque = stack.Count > 0 && OpaqueBlocks.Contains(stack.Peek().Name);
            if (segment.Kind == SegmentKind.Text) continue;

            if (segment.Kind == SegmentKind.Output)
            {
                if (opaque) continue;
                var lastFilter = AnalyzeExpressionWithFilters(segment.Markup, segment.MarkupStart, references, Report);
                if (string.IsNullOrWhiteSpace(segment.Markup))
                    Report(TemplateSeverity.Warning, segment.Start, "empty output '{{ }}' renders nothing");
                else if (mode == TemplateOutputMode.Html && lastFilter != "raw")
                    escapeInsertions.Add(segment.MarkupEnd);
                continue;
            }

            var name = segment.TagName;
            if (opaque)
            {
                if (name == "end" + stack.Peek().Name) stack.Pop();
                continue;
            }

            if (name.Length == 0)
            {
                Report(TemplateSeverity.Error, segment.Start, "tag has no name; expected e.g. '{% if ... %}'");
            }
            else if (name.StartsWith("end", StringComparison.Ordinal) && BlockTags.Contains(name[3..]))
            {
                CloseBlock(name[3..], segment, stack, Report);
            }
            else if (InnerTags.TryGetValue(name, out var parents))
            {
                if (stack.Count == 0 || !parents.Contains(stack.Peek().Name))
                    Report(TemplateSeverity.Error, segment.Start, $"'{{% {name} %}}' is only allowed inside {string.Join("/", parents)}");
                else
                    CheckAlone(InnerProbe(name, segment.Arguments), segment, Report);
                CollectTagReferences(name, segment, references, declared);
            }
            else if (BlockTags.Contains(name))
            {
                CheckAlone($"{{% {name}{segment.Arguments} %}}{{% end{name} %}}", segment, Report);
                CollectTagReferences(name, segment, references, declared);
                stack.Push(new OpenBlock(name, segment.Start));
            }
            else if (SimpleTags.Contains(name))
            {
                CheckAlone($"{{% {name}{segment.Arguments} %}}", segment, Report);
                CollectTagReferences(name, segment, references, declared);
                if (name == "assign")
                {
                    var assign = AssignSyntax().Match(segment.Arguments);
                    if (assign.Success)
                    {
                        var valueStart = segment.ArgumentsStart + assign.Groups[2].Index;
                        AnalyzeExpressionWithFilters(assign.Groups[2].Value, valueStart, references, Report);
                    }
                }
            }
            else if (UnsupportedTags.Contains(name))
            {
                Report(TemplateSeverity.Error, segment.Start, $"'{{% {name} %}}' is not supported in Flock templates: it could write text that is neither escaped nor checked");
            }
            else
            {
                Report(TemplateSeverity.Error, segment.Start, $"unknown tag '{name}'");
            }
        }

        foreach (var open in stack)
            Report(TemplateSeverity.Error, open.Offset, $"'{{% {open.Name} %}}' is never closed with '{{% end{open.Name} %}}'");

        foreach (var reference in references)
        {
            var problem = CheckReference(reference.Path, declared);
            if (problem is not null) Report(TemplateSeverity.Warning, reference.Offset, problem);
        }

        var ordered = diagnostics.OrderBy(d => d.Offset).ThenBy(d => d.Diagnostic.Severity).Select(d => d.Diagnostic).ToArray();
        return new TemplateAnalysis(ordered, InsertEscapes(JoinLines(source, segments), escapeInsertions), segments);
    }

    private static void CloseBlock(string name, TemplateSegment segment, Stack<OpenBlock> stack, Action<TemplateSeverity, int, string> report)
    {
        if (stack.Count == 0)
        {
            report(TemplateSeverity.Error, segment.Start, $"'{{% end{name} %}}' has no matching '{{% {name} %}}'");
            return;
        }

        var top = stack.Peek();
        if (top.Name == name)
        {
            stack.Pop();
            return;
        }

        report(TemplateSeverity.Error, segment.Start, $"'{{% end{name} %}}' found where '{{% end{top.Name} %}}' was expected");
        if (stack.Any(b => b.Name == name))
        {
            while (stack.Peek().Name != name) stack.Pop();
            stack.Pop();
        }
    }

    private static string InnerProbe(string name, string arguments) => name == "when"
        ? $"{{% case x %}}{{% when{arguments} %}}{{% endcase %}}"
        : $"{{% if true %}}{{% {name}{arguments} %}}{{% endif %}}";

    /// <summary>Lets DotLiquid parse one tag alone so its syntax error can be reported at the tag.</summary>
    private static void CheckAlone(string probe, TemplateSegment segment, Action<TemplateSeverity, int, string> report)
    {
        try
        {
            LiquidEnvironment.Parse(probe.Replace('\r', ' ').Replace('\n', ' '));
        }
        catch (Exception ex)
        {
            report(TemplateSeverity.Error, segment.Start, $"invalid '{{% {segment.TagName} %}}': {ex.Message}");
        }
    }

    /// <summary>Collects references of "expr | filter: args | filter" and reports unknown filters; returns the last filter's name.</summary>
    private static string? AnalyzeExpressionWithFilters(string markup, int offset, List<Reference> references, Action<TemplateSeverity, int, string> report)
    {
        var parts = SplitTopLevel(markup, '|');
        CollectReferences(markup.Substring(parts[0].Start, parts[0].Length), offset + parts[0].Start, references);
        string? lastFilter = null;
        foreach (var (start, length) in parts.Skip(1))
        {
            var text = markup.Substring(start, length);
            var name = Regex.Match(text, @"^\s*(\w+)");
            if (!name.Success)
            {
                report(TemplateSeverity.Error, offset + start - 1, "a filter name is expected after '|'");
                lastFilter = null;
                continue;
            }

            lastFilter = name.Groups[1].Value;
            if (!LiquidEnvironment.FilterNames.Contains(lastFilter))
                report(TemplateSeverity.Error, offset + start + name.Groups[1].Index, $"unknown filter '{lastFilter}'");
            var argumentsStart = name.Index + name.Length;
            CollectReferences(text[argumentsStart..], offset + start + argumentsStart, references);
        }

        return lastFilter;
    }

    private static void CollectTagReferences(string name, TemplateSegment segment, List<Reference> references, HashSet<string> declared)
    {
        var arguments = segment.Arguments;
        switch (name)
        {
            case "if" or "elsif" or "elseif" or "unless" or "case" or "when":
                CollectReferences(arguments, segment.ArgumentsStart, references);
                break;
            case "for" or "tablerow":
                var loop = ForSyntax().Match(arguments);
                if (!loop.Success) break;
                declared.Add(loop.Groups[1].Value);
                CollectReferences(loop.Groups[2].Value, segment.ArgumentsStart + loop.Groups[2].Index, references);
                break;
            case "assign" or "capture" or "increment" or "decrement":
                var target = FirstName().Match(arguments);
                if (target.Success) declared.Add(target.Groups[1].Value);
                break;
        }
    }

    private static void CollectReferences(string text, int offset, List<Reference> references)
    {
        foreach (Match token in ExpressionTokens().Matches(text))
        {
            if (!token.Groups["ref"].Success) continue;
            var path = token.Value.TrimEnd('?');
            if (Keywords.Contains(path)) continue;
            var after = token.Index + token.Length;
            while (after < text.Length && char.IsWhiteSpace(text[after])) after++;
            if (after < text.Length && text[after] == ':') continue; // an attribute name such as limit: or cols:
            references.Add(new Reference(path, offset + token.Index));
        }
    }

    /// <summary>A warning text when <paramref name="path"/> is neither a model token nor a template variable; null when fine.</summary>
    private static string? CheckReference(string path, HashSet<string> declared)
    {
        var rootEnd = path.IndexOfAny(['.', '[']);
        var root = rootEnd < 0 ? path : path[..rootEnd];
        if (declared.Contains(root) || LoopVariables.Contains(root)) return null;
        if (!TemplateModelDescription.IsRoot(root)) return $"unknown variable '{root}': it is not in the template model and renders empty";
        if (rootEnd < 0 || path[rootEnd] != '.') return null;
        var member = path[(rootEnd + 1)..];
        var memberEnd = member.IndexOfAny(['.', '[']);
        if (memberEnd >= 0) member = member[..memberEnd];
        if (SpecialMembers.Contains(member) || TemplateModelDescription.Contains($"{root}.{member}")) return null;
        var known = TemplateModelDescription.Tokens.Where(t => t.Path.StartsWith(root + ".", StringComparison.Ordinal)).Select(t => t.Path);
        return $"unknown variable '{root}.{member}': it is not in the template model and renders empty (known: {string.Join(", ", known)})";
    }

    /// <summary>Splits on <paramref name="separator"/> outside quotes.</summary>
    private static List<(int Start, int Length)> SplitTopLevel(string text, char separator)
    {
        var parts = new List<(int, int)>();
        var start = 0;
        char? quote = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is not null)
            {
                if (c == quote) quote = null;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == separator)
            {
                parts.Add((start, i - start));
                start = i + 1;
            }
        }

        parts.Add((start, text.Length - start));
        return parts;
    }

    /// <summary>DotLiquid rejects line breaks inside <c>{{ }}</c> and <c>{% %}</c>; they are spaces there anyway.</summary>
    private static string JoinLines(string source, IReadOnlyList<TemplateSegment> segments)
    {
        char[]? chars = null;
        foreach (var segment in segments.Where(s => s.Kind != SegmentKind.Text))
        {
            for (var i = segment.MarkupStart; i < segment.MarkupEnd; i++)
            {
                if (source[i] is not ('\r' or '\n')) continue;
                chars ??= source.ToCharArray();
                chars[i] = ' ';
            }
        }

        return chars is null ? source : new string(chars);
    }

    private static string InsertEscapes(string source, List<int> insertions)
    {
        if (insertions.Count == 0) return source;
        var builder = new StringBuilder(source.Length + insertions.Count * 16);
        var copied = 0;
        foreach (var at in insertions)
        {
            builder.Append(source, copied, at - copied).Append(" | flock_escape ");
            copied = at;
        }

        return builder.Append(source, copied, source.Length - copied).ToString();
    }
}
