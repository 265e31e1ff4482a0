namespace Flock.Engine.Templates;

internal enum SegmentKind
{
    Text,
    Output,
    Tag,
}

/// <summary>
/// One piece of template source: literal text, a <c>{{ output }}</c> or a <c>{% tag %}</c>.
/// <see cref="Markup"/> is the inside without delimiters and whitespace-control hyphens;
/// <see cref="MarkupEnd"/> is where a filter can be appended (just before <c>-}}</c> or <c>}}</c>).
/// </summary>
internal sealed record TemplateSegment(SegmentKind Kind, int Start, int End, int MarkupStart, int MarkupEnd, string Markup)
{
    /// <summary>The tag's name (first word of its markup); empty for text and outputs.</summary>
    public string TagName { get; init; } = "";

    /// <summary>Offset of the markup after the tag name.</summary>
    public int ArgumentsStart { get; init; }

    public string Arguments { get; init; } = "";
}

internal sealed record LexError(int Offset, string Message);

/// <summary>
/// Splits template source into positioned segments with the same rules DotLiquid's tokenizer uses
/// (quotes inside delimiters are skipped, <c>{% raw %}</c> content is literal), so that every problem
/// can be reported at a line and column, which DotLiquid itself does not do.
/// </summary>
internal static class TemplateLexer
{
    public static (IReadOnlyList<TemplateSegment> Segments, LexError? Error) Lex(string source)
    {
        var segments = new List<TemplateSegment>();
        var position = 0;
        while (position < source.Length)
        {
            var start = NextDelimiter(source, position);
            if (start < 0)
            {
                segments.Add(Text(source, position, source.Length));
                break;
            }

            if (start > position) segments.Add(Text(source, position, start));

            var isTag = source[start + 1] == '%';
            var markupStart = start + 2;
            if (markupStart < source.Length && source[markupStart] == '-') markupStart++;

            var close = FindClose(source, markupStart, isTag ? '%' : '}');
            if (close < 0)
            {
                return (segments, new LexError(start, isTag
                    ? "tag '{%' is not closed with '%}'"
                    : "output '{{' is not closed with '}}'"));
            }

            var markupEnd = close > markupStart && source[close - 1] == '-' ? close - 1 : close;
            var markup = source[markupStart..markupEnd];
            var end = close + 2;

            if (!isTag)
            {
                segments.Add(new TemplateSegment(SegmentKind.Output, start, end, markupStart, markupEnd, markup));
                position = end;
                continue;
            }

            var tag = MakeTag(start, end, markupStart, markupEnd, markup);
            segments.Add(tag);
            position = end;

            if (tag.TagName == "raw")
            {
                var endRaw = FindEndRaw(source, position);
                if (endRaw < 0) return (segments, new LexError(start, "{% raw %} is not closed with {% endraw %}"));
                if (endRaw > position) segments.Add(Text(source, position, endRaw));
                position = endRaw;
            }
        }

        return (segments, null);
    }

    private static TemplateSegment Text(string source, int start, int end) =>
        new(SegmentKind.Text, start, end, start, end, source[start..end]);

    private static TemplateSegment MakeTag(int start, int end, int markupStart, int markupEnd, string markup)
    {
        var i = 0;
        while (i < markup.Length && char.IsWhiteSpace(markup[i])) i++;
        var nameStart = i;
        while (i < markup.Length && (char.IsLetterOrDigit(markup[i]) || markup[i] == '_')) i++;
        return new TemplateSegment(SegmentKind.Tag, start, end, markupStart, markupEnd, markup)
        {
            TagName = markup[nameStart..i],
            ArgumentsStart = markupStart + i,
            Arguments = markup[i..],
        };
    }

    private static int NextDelimiter(string source, int from)
    {
        for (var i = from; i < source.Length - 1; i++)
        {
            if (source[i] == '{' && (source[i + 1] == '{' || source[i + 1] == '%')) return i;
        }

        return -1;
    }

    /// <summary>Index of the closing <c>%}</c> / <c>}}</c>, skipping quoted strings; -1 when absent.</summary>
    private static int FindClose(string source, int from, char closer)
    {
        for (var i = from; i < source.Length; i++)
        {
            var c = source[i];
            if (c is '"' or '\'')
            {
                var quoteEnd = source.IndexOf(c, i + 1);
                if (quoteEnd < 0) return -1;
                i = quoteEnd;
            }
            else if (c == closer && i + 1 < source.Length && source[i + 1] == '}')
            {
                return i;
            }
        }

        return -1;
    }

    private static int FindEndRaw(string source, int from)
    {
        var match = System.Text.RegularExpressions.Regex.Match(source[from..], @"\{%-?\s*endraw\s*-?%\}");
        return match.Success ? from + match.Index : -1;
    }
}

/// <summary>Maps character offsets to 1-based line and column numbers.</summary>
internal sealed class LineMap
{
    private readonly List<int> _lineStarts = [0];

    public LineMap(string source)
    {
        for (var i = 0; i < source.Length; i++)
        {
            if (source[i] == '\n') _lineStarts.Add(i + 1);
        }
    }

    public (int Line, int Column) Locate(int offset)
    {
        var index = _lineStarts.BinarySearch(offset);
        if (index < 0) index = ~index - 1;
        return (index + 1, offset - _lineStarts[index] + 1);
    }
}
