using Flock.Engine.Common;
using Flock.Engine.Segments;

namespace Flock.Engine.Tests.Segments;

public sealed class RfmSegmentsTests
{
    // The README's grid for customers with two or more orders: rows R5…R1, columns F1…F5, one letter per M1…M5.
    // B best, L loyal, P promising, A at_risk, S sleeping, X lost.
    private static readonly string[] Grid =
    [
        /* R5 */ "PPPPP PPPPP LLLLL LLLBB LLLBB",
        /* R4 */ "PPPPP PPPPP LLLLL LLLBB LLLBB",
        /* R3 */ "PPPPP PPPPP LLLLL LLLLL LLLLL",
        /* R2 */ "SSSSA SSSSA AAAAA AAAAA AAAAA",
        /* R1 */ "XXXXA XXXXA AAAAA AAAAA AAAAA",
    ];

    private static RfmSegment FromLetter(char letter) => letter switch
    {
        'B' => RfmSegment.Best, 'L' => RfmSegment.Loyal, 'P' => RfmSegment.Promising,
        'A' => RfmSegment.AtRisk, 'S' => RfmSegment.Sleeping, 'X' => RfmSegment.Lost,
        _ => throw new ArgumentOutOfRangeException(nameof(letter)),
    };

    [Fact]
    public void All_125_cells_of_repeat_customers_follow_the_documented_grid()
    {
        for (var r = 1; r <= 5; r++)
        {
            var row = Grid[5 - r].Split(' ');
            for (var f = 1; f <= 5; f++)
                for (var m = 1; m <= 5; m++)
                    Assert.Equal(FromLetter(row[f - 1][m - 1]), RfmSegments.Of(r, f, m, orderCount: 2));
        }
    }

    [Fact]
    public void A_one_order_customer_is_new_while_recent_and_otherwise_follows_the_grid()
    {
        for (var r = 1; r <= 5; r++)
            for (var m = 1; m <= 5; m++)
            {
                var expected = r >= 4 ? RfmSegment.New : RfmSegments.Of(r, 1, m, orderCount: 2);
                Assert.Equal(expected, RfmSegments.Of(r, 1, m, orderCount: 1));
            }

        Assert.Equal(RfmSegment.None, RfmSegments.Of(0, 0, 0, orderCount: 0));
    }

    [Fact]
    public void The_mapping_is_total_and_reaches_every_segment()
    {
        var reached = new HashSet<RfmSegment>();
        foreach (var orders in new[] { 1, 2, 7 })
            for (var r = 1; r <= 5; r++)
                for (var f = 1; f <= 5; f++)
                    for (var m = 1; m <= 5; m++)
                    {
                        var segment = RfmSegments.Of(r, f, m, orders);
                        Assert.NotEqual(RfmSegment.None, segment);
                        Assert.True(Enum.IsDefined(segment));
                        reached.Add(segment);
                    }

        Assert.Equal(RfmSegments.All.Where(s => s != RfmSegment.None).OrderBy(s => s), reached.OrderBy(s => s));
    }

    [Fact]
    public void Keys_are_stable_and_parse_back()
    {
        Assert.Equal(["none", "new", "best", "loyal", "promising", "at_risk", "sleeping", "lost"], RfmSegments.All.Select(RfmSegments.Key));
        foreach (var segment in RfmSegments.All)
        {
            Assert.True(RfmSegments.TryParse(RfmSegments.Key(segment), out var parsed));
            Assert.Equal(segment, parsed);
        }

        Assert.False(RfmSegments.TryParse("at-risk", out _));
        Assert.False(RfmSegments.TryParse("Best", out _));
        Assert.False(RfmSegments.TryParse(null, out _));
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7], Enum.GetValues<RfmSegment>().Select(s => (int)s));
    }

    [Fact]
    public void Display_names_in_english_and_russian()
    {
        Assert.Equal("At risk", RfmSegments.DisplayName(RfmSegment.AtRisk, "en"));
        Assert.Equal("Под угрозой ухода", RfmSegments.DisplayName(RfmSegment.AtRisk, "ru-RU"));
        Assert.Equal("Best", RfmSegments.DisplayName(RfmSegment.Best, "de"));
        Assert.Equal("Без покупок", RfmSegments.DisplayName(RfmSegment.None, "RU"));
        Assert.Equal(8, RfmSegments.All.Select(s => RfmSegments.DisplayName(s, "ru")).Distinct().Count());
        Assert.Equal(8, RfmSegments.All.Select(s => RfmSegments.DisplayName(s, null)).Distinct().Count());
    }

    [Theory]
    [InlineData(0, 3, 3, 2, "recency")]
    [InlineData(3, 6, 3, 2, "frequency")]
    [InlineData(3, 3, -1, 2, "monetary")]
    [InlineData(3, 3, 3, -1, "orderCount")]
    public void Scores_out_of_range_are_validation_errors(int r, int f, int m, int orders, string path)
    {
        var error = Assert.Throws<FlockValidationException>(() => RfmSegments.Of(r, f, m, orders));

        Assert.Equal(path, error.Problems.Single().Path);
    }

    [Fact]
    public void Unknown_enum_values_are_validation_errors()
    {
        Assert.Throws<FlockValidationException>(() => RfmSegments.Key((RfmSegment)42));
        Assert.Throws<FlockValidationException>(() => RfmSegments.DisplayName((RfmSegment)42, "en"));
    }
}
