using System.Globalization;

namespace Flock.Engine.Templates;

/// <summary>
/// How numbers, money, dates and plural forms are written in one language. Built in code rather than taken
/// from the OS (the engine runs with invariant globalization, and output must not depend on the server).
/// Supported: English ("en", the default) and Russian ("ru").
/// </summary>
public sealed class TemplateCulture
{
    private const char NoBreakSpace = '\u00A0';

    public static TemplateCulture English { get; } = new(
        "en", ".", ",",
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]);

    public static TemplateCulture Russian { get; } = new(
        "ru", ",", NoBreakSpace.ToString(),
        ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"],
        ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"]);

    /// <summary>The language used when a requested one is not supported.</summary>
    public static TemplateCulture Default => English;

    public static IReadOnlyList<TemplateCulture> Supported { get; } = [English, Russian];

    private readonly string[] _genitiveMonths;

    private TemplateCulture(string language, string decimalSeparator, string groupSeparator, string[] months, string[] genitiveMonths)
    {
        Language = language;
        _genitiveMonths = genitiveMonths;
        var numbers = (NumberFormatInfo)CultureInfo.InvariantCulture.NumberFormat.Clone();
        numbers.NumberDecimalSeparator = decimalSeparator;
        numbers.NumberGroupSeparator = groupSeparator;
        numbers.CurrencyDecimalSeparator = decimalSeparator;
        numbers.CurrencyGroupSeparator = groupSeparator;
        numbers.PercentDecimalSeparator = decimalSeparator;
        numbers.PercentGroupSeparator = groupSeparator;
        var dates = (DateTimeFormatInfo)CultureInfo.InvariantCulture.DateTimeFormat.Clone();
        dates.MonthNames = [.. months, ""];
        dates.MonthGenitiveNames = [.. genitiveMonths, ""];
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat = numbers;
        culture.DateTimeFormat = dates;
        FormatProvider = CultureInfo.ReadOnly(culture);
    }

    /// <summary>Two-letter language code, e.g. "ru".</summary>
    public string Language { get; }

    /// <summary>Number and date conventions of this language, for DotLiquid's own output and filters.</summary>
    public CultureInfo FormatProvider { get; }

    /// <summary>
    /// The culture for a language code such as "ru", "ru-RU" or "en-GB"; <see cref="Default"/> when the
    /// language is null, empty or not supported.
    /// </summary>
    public static TemplateCulture For(string? languageCode)
    {
        if (string.IsNullOrWhiteSpace(languageCode)) return Default;
        var language = languageCode.Trim().Split('-', '_')[0];
        return Supported.FirstOrDefault(c => string.Equals(c.Language, language, StringComparison.OrdinalIgnoreCase)) ?? Default;
    }

    /// <summary>A number with grouping and up to two decimals: 1,234.5 (en), 1 234,5 (ru).</summary>
    public string FormatNumber(decimal value) => value.ToString("#,0.##", FormatProvider);

    /// <summary>
    /// Money: whole amounts without decimals, others with two. en: "$1,234.50", "RUB 300" when there is no symbol;
    /// ru: "1 234,50 ₽", "300 USD" without a symbol. Spaces are non-breaking.
    /// </summary>
    public string FormatMoney(decimal amount, CurrencyModel currency)
    {
        var number = Math.Abs(amount).ToString(decimal.Truncate(amount) == amount ? "#,0" : "#,0.00", FormatProvider);
        var sign = amount < 0 ? "-" : "";
        var unit = string.IsNullOrEmpty(currency.Symbol) ? currency.Code : currency.Symbol;
        if (Language == "ru") return $"{sign}{number}{NoBreakSpace}{unit}";
        return string.IsNullOrEmpty(currency.Symbol) ? $"{sign}{unit}{NoBreakSpace}{number}" : $"{sign}{unit}{number}";
    }

    /// <summary>A calendar date in the offset it carries: "November 23, 2026" (en), "23 ноября 2026 г." (ru).</summary>
    public string FormatDate(DateTimeOffset date) => Language == "ru"
        ? $"{date.Day} {_genitiveMonths[date.Month - 1]} {date.Year} г."
        : $"{FormatProvider.DateTimeFormat.MonthNames[date.Month - 1]} {date.Day}, {date.Year}";

    /// <summary>
    /// The word form for <paramref name="count"/>. English: <paramref name="one"/> for 1, otherwise <paramref name="few"/>
    /// (the plural; <paramref name="many"/> is ignored). Russian: one for 1, 21, 31…; few for 2–4, 22–24…;
    /// many for 0, 5–20, 25–30…; fractions take few ("1,5 балла"). A missing form falls back to the previous one.
    /// </summary>
    public string Plural(decimal count, string one, string? few, string? many)
    {
        few ??= one;
        many ??= few;
        if (Language != "ru") return count == 1 ? one : few;
        if (decimal.Truncate(count) != count) return few;
        var n = (long)Math.Abs(decimal.Truncate(count) % 100);
        var lastDigit = n % 10;
        if (lastDigit == 1 && n != 11) return one;
        if (lastDigit is >= 2 and <= 4 && n is < 12 or > 14) return few;
        return many;
    }

    public override string ToString() => Language;
}
