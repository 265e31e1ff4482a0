using System.Text;

namespace Flock.Engine.Referrals.AntiAbuse;

/// <summary>
/// Reduces a one-line postal address to comparable tokens so "г. Москва, ул. Ленина, д.5, кв.12" and
/// "Москва улица Ленина дом 5 квартира 12" compare equal. Rules: lower case, ё → е, punctuation and "№" become
/// spaces, letters and digits written together are split ("д5" → "д 5", "12а" → "12 а"), common Russian and
/// English abbreviations fold to one form (улица/ул → ул, дом → д, квартира → кв, корпус/корп → к, строение → стр,
/// проспект/просп/пр-т → пр, street/st → st, avenue → ave, apartment/apt → apt…), and tokens that carry no
/// address identity are dropped (the city marker "г"/"город", country names, 6-digit postcodes). Token order is
/// kept, so "д 5 кв 12" differs from "д 12 кв 5". Pure and thread-safe.
/// </summary>
public static class AddressNormalizer
{
    private static readonly Dictionary<string, string> Abbreviations = new(StringComparer.Ordinal)
    {
        ["улица"] = "ул", ["ул"] = "ул",
        ["дом"] = "д", ["д"] = "д",
        ["квартира"] = "кв", ["кв"] = "кв",
        ["корпус"] = "к", ["корп"] = "к", ["к"] = "к",
        ["строение"] = "стр", ["стр"] = "стр",
        ["проспект"] = "пр", ["просп"] = "пр", ["пр"] = "пр", ["прт"] = "пр", ["пркт"] = "пр",
        ["переулок"] = "пер", ["пер"] = "пер",
        ["бульвар"] = "бр", ["бул"] = "бр", ["бр"] = "бр",
        ["шоссе"] = "ш", ["ш"] = "ш",
        ["набережная"] = "наб", ["наб"] = "наб",
        ["площадь"] = "пл", ["пл"] = "пл",
        ["область"] = "обл", ["обл"] = "обл",
        ["район"] = "рн", ["рн"] = "рн",
        ["офис"] = "оф", ["оф"] = "оф",
        ["street"] = "st", ["str"] = "st", ["st"] = "st",
        ["avenue"] = "ave", ["ave"] = "ave", ["av"] = "ave",
        ["road"] = "rd", ["rd"] = "rd",
        ["boulevard"] = "blvd", ["blvd"] = "blvd",
        ["drive"] = "dr", ["dr"] = "dr",
        ["lane"] = "ln", ["ln"] = "ln",
        ["apartment"] = "apt", ["apt"] = "apt", ["flat"] = "apt",
        ["suite"] = "ste", ["ste"] = "ste",
        ["building"] = "bldg", ["bldg"] = "bldg",
    };

    private static readonly HashSet<string> Dropped = new(StringComparer.Ordinal)
    {
        "г", "гор", "город", "россия", "рф", "russia", "russian", "federation",
    };

    // Hyphenated abbreviations that would otherwise split into two tokens.
    private static readonly (string From, string To)[] Hyphenated = [("пр-т", "прт"), ("пр-кт", "пркт"), ("р-н", "рн"), ("б-р", "бр")];

    /// <summary>The comparable form (tokens joined by single spaces), or null when nothing is left. Idempotent.</summary>
    public static string? Normalize(string? address)
    {
        if (string.IsNullOrWhiteSpace(address)) return null;
        var text = address.ToLowerInvariant().Replace('ё', 'е');
        foreach (var (from, to) in Hyphenated) text = text.Replace(from, to, StringComparison.Ordinal);

        var spaced = new StringBuilder(text.Length + 8);
        var previous = ' ';
        foreach (var c in text)
        {
            var current = char.IsLetterOrDigit(c) ? c : ' ';
            if (current != ' ' && previous != ' ' && char.IsDigit(current) != char.IsDigit(previous)) spaced.Append(' ');
            spaced.Append(current);
            previous = current;
        }

        var tokens = new List<string>();
        foreach (var token in spaced.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (Dropped.Contains(token)) continue;
            if (token.Length == 6 && token.All(char.IsAsciiDigit)) continue; // postcode
            tokens.Add(Abbreviations.GetValueOrDefault(token, token));
        }
        return tokens.Count == 0 ? null : string.Join(' ', tokens);
    }

    /// <summary>True when both addresses normalise to the same non-null value.</summary>
    public static bool SameAddress(string? a, string? b)
    {
        var x = Normalize(a);
        return x is not null && x == Normalize(b);
    }
}
