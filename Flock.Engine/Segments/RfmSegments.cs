using Flock.Engine.Common;

namespace Flock.Engine.Segments;

/// <summary>
/// The segment of a score, and each segment's stable key and display names. The rules, first match wins (R, F, M are
/// 1–5, higher is better; the table in the folder's README spells out all 125 cells):
/// <list type="number">
/// <item>none — no paid order;</item>
/// <item>new — exactly one paid order and R ≥ 4;</item>
/// <item>best — R ≥ 4, F ≥ 4, M ≥ 4;</item>
/// <item>loyal — R ≥ 3, F ≥ 3;</item>
/// <item>promising — R ≥ 3;</item>
/// <item>at_risk — F ≥ 3 or M = 5 (R ≤ 2 here);</item>
/// <item>sleeping — R = 2;</item>
/// <item>lost — R = 1.</item>
/// </list>
/// </summary>
public static class RfmSegments
{
    /// <summary>Every segment, in the order of the rules (none first).</summary>
    public static IReadOnlyList<RfmSegment> All { get; } =
        [RfmSegment.None, RfmSegment.New, RfmSegment.Best, RfmSegment.Loyal, RfmSegment.Promising, RfmSegment.AtRisk, RfmSegment.Sleeping, RfmSegment.Lost];

    /// <summary>The segment of scores <paramref name="recency"/>, <paramref name="frequency"/>, <paramref name="monetary"/>
    /// (each 1–5) of a customer with <paramref name="orderCount"/> paid orders; <see cref="RfmSegment.None"/> for no order.</summary>
    /// <exception cref="FlockValidationException">A score is outside 1–5 for a customer with orders, or the count is negative.</exception>
    public static RfmSegment Of(int recency, int frequency, int monetary, int orderCount)
    {
        if (orderCount == 0) return RfmSegment.None;
        if (orderCount < 0 || (uint)(recency - 1) > 4 || (uint)(frequency - 1) > 4 || (uint)(monetary - 1) > 4) throw BadScore(recency, frequency, monetary, orderCount);
        return Classify(recency, frequency, monetary, orderCount);
    }

    // The rules above for valid scores; the model's hot path calls it directly.
    internal static RfmSegment Classify(int r, int f, int m, int orderCount)
    {
        if (orderCount == 1 && r >= 4) return RfmSegment.New;
        if (r >= 4 && f >= 4 && m >= 4) return RfmSegment.Best;
        if (r >= 3) return f >= 3 ? RfmSegment.Loyal : RfmSegment.Promising;
        if (f >= 3 || m == 5) return RfmSegment.AtRisk;
        return r == 2 ? RfmSegment.Sleeping : RfmSegment.Lost;
    }

    /// <summary>The stable key used in targeting rules and stored values: "none", "best", "loyal", "promising", "new",
    /// "at_risk", "sleeping", "lost".</summary>
    public static string Key(RfmSegment segment) => segment switch
    {
        RfmSegment.None => "none",
        RfmSegment.Best => "best",
        RfmSegment.Loyal => "loyal",
        RfmSegment.Promising => "promising",
        RfmSegment.New => "new",
        RfmSegment.AtRisk => "at_risk",
        RfmSegment.Sleeping => "sleeping",
        RfmSegment.Lost => "lost",
        _ => throw new FlockValidationException("RFM segment", "segment", $"{(int)segment} is not a segment"),
    };

    /// <summary>The segment of a key (exact, lower case, as <see cref="Key"/> writes it); false for anything else.</summary>
    public static bool TryParse(string? key, out RfmSegment segment)
    {
        foreach (var candidate in All)
            if (string.Equals(Key(candidate), key, StringComparison.Ordinal))
            {
                segment = candidate;
                return true;
            }

        segment = RfmSegment.None;
        return false;
    }

    /// <summary>The name shown to the admin in English, or in Russian for a Russian language code ("ru", "ru-RU"); other languages get English.</summary>
    public static string DisplayName(RfmSegment segment, string? languageCode)
    {
        var russian = languageCode is not null && languageCode.Trim().StartsWith("ru", StringComparison.OrdinalIgnoreCase);
        return segment switch
        {
            RfmSegment.None => russian ? "Без покупок" : "No purchases yet",
            RfmSegment.Best => russian ? "Лучшие" : "Best",
            RfmSegment.Loyal => russian ? "Лояльные" : "Loyal",
            RfmSegment.Promising => russian ? "Перспективные" : "Promising",
            RfmSegment.New => russian ? "Новые" : "New",
            RfmSegment.AtRisk => russian ? "Под угрозой ухода" : "At risk",
            RfmSegment.Sleeping => russian ? "Засыпающие" : "Sleeping",
            RfmSegment.Lost => russian ? "Потерянные" : "Lost",
            _ => throw new FlockValidationException("RFM segment", "segment", $"{(int)segment} is not a segment"),
        };
    }

    private static FlockValidationException BadScore(int r, int f, int m, int orderCount)
    {
        var problems = new ProblemCollector();
        if (orderCount < 0) problems.Add("orderCount", "must be zero or more");
        if ((uint)(r - 1) > 4) problems.Add("recency", "must be between 1 and 5");
        if ((uint)(f - 1) > 4) problems.Add("frequency", "must be between 1 and 5");
        if ((uint)(m - 1) > 4) problems.Add("monetary", "must be between 1 and 5");
        return new FlockValidationException("RFM score", problems.ToResult().Problems);
    }
}
