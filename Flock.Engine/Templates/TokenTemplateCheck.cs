using System.Text.RegularExpressions;

namespace Flock.Engine.Templates;

/// <summary>
/// Checks a nopCommerce-style message template (<c>%Customer.FullName%</c> tokens, as chain messages use) before a chain
/// goes live: a token nobody replaces would reach the customer as written, so each one that is not known is an error with
/// its line and column and the nearest known token as a suggestion.
/// </summary>
public static partial class TokenTemplateCheck
{
    /// <summary>Every problem of <paramref name="text"/>; <paramref name="known"/> holds tokens with their percent signs ("%Store.Name%").</summary>
    public static IReadOnlyList<TemplateDiagnostic> Check(string? text, IReadOnlyCollection<string> known)
    {
        ArgumentNullException.ThrowIfNull(known);
        if (string.IsNullOrEmpty(text)) return [];
        var set = known as IReadOnlySet<string> ?? known.ToHashSet(StringComparer.Ordinal);
        var problems = new List<TemplateDiagnostic>();
        foreach (Match match in Token().Matches(text))
        {
            if (set.Contains(match.Value)) continue;
            var (line, column) = Position(text, match.Index);
            var nearest = Nearest(match.Value, known);
            problems.Add(new TemplateDiagnostic(TemplateSeverity.Error, line, column,
                $"unknown token {match.Value}: it would reach the customer as written" + (nearest is null ? "" : $" (did you mean {nearest}?)")));
        }
        return problems;
    }

    private static (int Line, int Column) Position(string text, int index)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < index; i++)
            if (text[i] == '\n') { line++; lineStart = i + 1; }
        return (line, index - lineStart + 1);
    }

    /// <summary>The known token within a few edits of <paramref name="token"/>, when there is one.</summary>
    private static string? Nearest(string token, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = Math.Max(2, token.Length / 4) + 1;
        foreach (var candidate in known)
        {
            var distance = Distance(token, candidate, bestDistance);
            if (distance < bestDistance) { best = candidate; bestDistance = distance; }
        }
        return best;
    }

    /// <summary>Levenshtein distance, case-insensitive, given up past <paramref name="limit"/>.</summary>
    private static int Distance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) >= limit) return limit;
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                rowMin = Math.Min(rowMin, current[j]);
            }
            if (rowMin >= limit) return limit;
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    //nopCommerce tokens: %Group.Name% or %Group.Name(param)%, letters, digits, dots, underscores
    [GeneratedRegex(@"%[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_()\-]+)+%", RegexOptions.CultureInvariant)]
    private static partial Regex Token();
}
