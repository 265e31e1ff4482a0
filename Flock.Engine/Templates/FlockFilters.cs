using System.Collections;
using System.Text;
using DotLiquid;

namespace Flock.Engine.Templates;

/// <summary>
/// Flock's Liquid filters, added per render context (never globally). Method names become snake_case filter
/// names: <c>raw</c>, <c>money</c>, <c>plural</c>, and <c>flock_escape</c>, which the compiler appends to every
/// output whose last filter is not <c>raw</c>.
/// </summary>
internal static class FlockFilters
{
    /// <summary>
    /// Marks an output as HTML: it returns the value unchanged and, being last, stops the automatic escaping. The
    /// rendered HTML still goes through <see cref="CampaignHtmlSanitizer"/>, so raw customer values cannot run script.
    /// </summary>
    public static object? Raw(object? input) => input;

    /// <summary>Renders the value as DotLiquid would, then HTML-escapes it.</summary>
    public static string FlockEscape(Context context, object? input) => HtmlText.Escape(ToText(input, context.FormatProvider));

    /// <summary><c>{{ order.total | money }}</c>: the number as money in the model currency and render language.</summary>
    public static string? Money(Context context, object? input)
    {
        if (input is null || input is string { Length: 0 }) return null;
        var amount = Convert.ToDecimal(input, LiquidEnvironment.Invariant);
        return LiquidEnvironment.CultureOf(context).FormatMoney(amount, LiquidEnvironment.CurrencyOf(context));
    }

    /// <summary><c>{{ n | plural: "балл", "балла", "баллов" }}</c>: the word form for the count in the render language.</summary>
    public static string Plural(Context context, object? input, string one, string? few = null, string? many = null)
    {
        var count = input is null ? 0m : Convert.ToDecimal(input, LiquidEnvironment.Invariant);
        return LiquidEnvironment.CultureOf(context).Plural(count, one, few, many);
    }

    private static string ToText(object? value, IFormatProvider provider) => value switch
    {
        null => "",
        string text => text,
        decimal number => number.ToString("0.#############################", provider),
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, provider),
        IDictionary => "",
        IEnumerable items => string.Concat(items.Cast<object?>().Select(item => ToText(item, provider))),
        _ => value.ToString() ?? "",
    };
}

/// <summary>Minimal, complete HTML escaping for text and quoted attribute values.</summary>
public static class HtmlText
{
    /// <summary>Replaces <c>&amp; &lt; &gt; " '</c> with entities; everything else (Cyrillic, symbols, spaces) is kept.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        if (text.AsSpan().IndexOfAny("&<>\"'") < 0) return text;
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '"': builder.Append("&quot;"); break;
                case '\'': builder.Append("&#39;"); break;
                default: builder.Append(c); break;
            }
        }

        return builder.ToString();
    }
}
