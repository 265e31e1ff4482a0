using System.Reflection;
using DotLiquid;
using DotLiquid.Tags;
using DotLiquid.Tags.Html;

namespace Flock.Engine.Templates;

/// <summary>What a DotLiquid tag writes to the output, apart from its child nodes.</summary>
internal enum TagOutput
{
    /// <summary>Writes nothing (assign, break, continue, comment).</summary>
    Nothing,
    /// <summary>Writes only what its child nodes write, plus fixed markup of its own (if, for, capture, tablerow…).</summary>
    Children,
    /// <summary>Writes values it computes (cycle, increment, decrement): wrapped so that all it writes is HTML-escaped.</summary>
    Values,
    /// <summary>Writes the author's literal text (raw, literal): it is author-written HTML and is sanitized with the rendered output.</summary>
    AuthorText,
}

/// <summary>
/// The second line of defence behind <see cref="TemplateAnalyzer"/>, working on what DotLiquid actually parsed rather than
/// on our reading of the source. In HTML mode it walks the parsed tree and
/// <list type="bullet">
/// <item>rejects any tag whose type is not in <see cref="Policies"/> (an allow-list by exact type, so a tag added by a
/// DotLiquid upgrade or registered by someone else in the process is refused, not rendered);</item>
/// <item>rejects any <c>{{ }}</c> whose last filter is neither <c>flock_escape</c> nor <c>raw</c>;</item>
/// <item>replaces every tag that writes values of its own (<see cref="TagOutput.Values"/>) by a wrapper that HTML-escapes
/// everything it writes, so <c>{% cycle customer.first_name, 'x' %}</c> cannot write markup.</item>
/// </list>
/// What remains unescaped is the author's own text and <c>raw</c> outputs; those are cleaned by
/// <see cref="CampaignHtmlSanitizer"/> after the render.
/// </summary>
internal static class OutputGuard
{
    /// <summary>Every tag type a Flock template may contain, and what it writes. Anything else is refused.</summary>
    public static IReadOnlyDictionary<Type, TagOutput> Policies { get; } = new Dictionary<Type, TagOutput>
    {
        [typeof(If)] = TagOutput.Children,
        [typeof(Unless)] = TagOutput.Children,
        [typeof(Case)] = TagOutput.Children,
        [typeof(For)] = TagOutput.Children,
        [typeof(Capture)] = TagOutput.Children,
        [typeof(IfChanged)] = TagOutput.Children,
        // Writes <tr class="rowN"> and <td class="colN"> with numbers only, around its children.
        [typeof(TableRow)] = TagOutput.Children,
        [typeof(Assign)] = TagOutput.Nothing,
        [typeof(Break)] = TagOutput.Nothing,
        [typeof(Continue)] = TagOutput.Nothing,
        [typeof(Comment)] = TagOutput.Nothing,
        [typeof(Cycle)] = TagOutput.Values,
        [typeof(Increment)] = TagOutput.Values,
        [typeof(Decrement)] = TagOutput.Values,
        [typeof(Raw)] = TagOutput.AuthorText,
        [typeof(Literal)] = TagOutput.AuthorText,
    };

    /// <summary>The last filter of an output that leaves it HTML-safe or explicitly trusted.</summary>
    public static readonly IReadOnlySet<string> FinalFilters = new HashSet<string>(StringComparer.Ordinal) { "flock_escape", "raw" };

    /// <summary>Checks the parsed template and wraps value-writing tags; returns what is not allowed (empty when safe).</summary>
    /// <param name="template">A freshly parsed template, not yet rendered (its node lists are changed in place).</param>
    /// <param name="html">True in HTML mode: outputs must be escaped and value tags are wrapped. In plain-text mode only the tag types are checked.</param>
    public static IReadOnlyList<string> Secure(Template template, bool html)
    {
        var violations = new List<string>();
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        Walk(template.Root.NodeList, html, violations, seen);
        return violations;
    }

    private static void Walk(List<object>? nodes, bool html, List<string> violations, HashSet<object> seen)
    {
        if (nodes is null || !seen.Add(nodes)) return;
        for (var i = 0; i < nodes.Count; i++)
        {
            switch (nodes[i])
            {
                case string:
                    break;
                case Variable variable:
                    if (html && !FinalFilters.Contains(variable.Filters.LastOrDefault()?.Name ?? ""))
                        violations.Add($"output '{{{{ {variable.Name} }}}}' is not HTML-escaped");
                    break;
                case EscapedTag:
                    break;
                case Tag tag when Policies.TryGetValue(tag.GetType(), out var policy):
                    if (policy == TagOutput.Values && html) nodes[i] = new EscapedTag(tag);
                    if (policy is TagOutput.Children or TagOutput.AuthorText or TagOutput.Nothing)
                        foreach (var children in ChildLists(tag)) Walk(children, html, violations, seen);
                    break;
                case Tag tag:
                    violations.Add($"tag {tag.GetType().FullName} is not allowed in Flock templates (its output cannot be made HTML-safe)");
                    break;
                default:
                    violations.Add($"unexpected template node {nodes[i]?.GetType().Name ?? "null"}");
                    break;
            }
        }
    }

    /// <summary>
    /// The node lists a tag may render: its <see cref="Tag.NodeList"/> and every list or condition held in its fields
    /// (if/elsif/else blocks, case/when blocks, for's else block), found by reflection so no branch is missed.
    /// </summary>
    private static IEnumerable<List<object>> ChildLists(Tag tag)
    {
        if (tag.NodeList is { } own) yield return own;
        for (var type = tag.GetType(); type is not null && type != typeof(object); type = type.BaseType)
        {
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly))
            {
                switch (field.GetValue(tag))
                {
                    case List<object> list:
                        yield return list;
                        break;
                    case Condition condition when condition.Attachment is { } attachment:
                        yield return attachment;
                        break;
                    case IEnumerable<Condition> conditions:
                        foreach (var c in conditions)
                            if (c?.Attachment is { } a) yield return a;
                        break;
                }
            }
        }
    }

    /// <summary>Renders a value-writing tag into a buffer and writes it HTML-escaped. Keeps the tag's own parsing and state.</summary>
    internal sealed class EscapedTag : Tag
    {
        public EscapedTag(Tag inner)
        {
            Inner = inner;
        }

        public Tag Inner { get; }

        public override void Render(Context context, TextWriter result)
        {
            using var buffer = new StringWriter(context.FormatProvider);
            Inner.Render(context, buffer);
            result.Write(HtmlText.Escape(buffer.ToString()));
        }
    }
}
