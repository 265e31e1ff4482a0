using Flock.Engine.Referrals;

namespace Flock.Engine.Tests.Referrals;

public class VanityCodeValidatorTests
{
    private readonly VanityCodeValidator _validator = new();

    [Theory]
    [InlineData("ANNA2026", "ANNA2026")]
    [InlineData("anna-2026", "ANNA2026")]
    [InlineData("Margaret", "MARGARET")]
    [InlineData("Sveta_Spb", "SVETASPB")]
    public void Good_codes_are_accepted_in_canonical_form(string requested, string canonical)
    {
        var result = _validator.Validate(requested);
        Assert.True(result.IsAccepted, result.Problems.ToString());
        Assert.Equal(canonical, result.Canonical);
    }

    [Theory]
    [InlineData("", VanityCodeRejection.Empty)]
    [InlineData("  - ", VanityCodeRejection.Empty)]
    [InlineData("ANN", VanityCodeRejection.TooShort)]
    [InlineData("ABCDEFGHJKMNPQRSTVWXYZ", VanityCodeRejection.TooLong)]
    [InlineData("ANNA<2026>", VanityCodeRejection.InvalidCharacters)]
    [InlineData("АННАЖ2026", VanityCodeRejection.InvalidCharacters)]
    [InlineData("checkout", VanityCodeRejection.Reserved)]
    [InlineData("Login", VanityCodeRejection.Reserved)]
    [InlineData("admin2026", VanityCodeRejection.Reserved)]
    [InlineData("FLOCK-VIP", VanityCodeRejection.Reserved)]
    [InlineData("ADM1N-ANNA", VanityCodeRejection.Reserved)] // look-alike of a reserved prefix
    [InlineData("superfuck", VanityCodeRejection.Profanity)]
    [InlineData("SH1TCODE", VanityCodeRejection.Profanity)]
    [InlineData("pizdec77", VanityCodeRejection.Profanity)]
    [InlineData("xuy-tebe", VanityCodeRejection.Profanity)]
    [InlineData("K7QM2X9A", VanityCodeRejection.LooksGenerated)]
    [InlineData("anna2525", VanityCodeRejection.LooksGenerated)]
    public void Bad_codes_are_rejected_with_the_reason(string requested, VanityCodeRejection expected)
    {
        var result = _validator.Validate(requested);
        Assert.False(result.IsAccepted);
        Assert.Contains(expected, result.Rejections);
        Assert.All(result.Problems.Problems, p => Assert.Equal("code", p.Path));
        Assert.Equal(result.Rejections.Count, result.Problems.Problems.Count);
    }

    [Fact]
    public void Reasons_are_readable()
    {
        Assert.Contains("at least 4", _validator.Validate("ab").Problems.ToString());
        Assert.Contains("'<'", _validator.Validate("ANNA<2026>").Problems.ToString());
        Assert.Contains("\"admin\" is reserved", _validator.Validate("admin2026").Problems.ToString());
        Assert.Contains("looks like a generated code", _validator.Validate("K7QM2X9A").Problems.ToString());
    }

    [Fact]
    public void Looking_generated_follows_the_generators_lengths()
    {
        // Default generator: 8 characters, up to 11 after lengthening (12 attempts, +1 every 3).
        Assert.Contains(VanityCodeRejection.LooksGenerated, _validator.Validate("ANNA2525XYZ").Rejections);
        Assert.True(_validator.Validate("ANNA2525XYZW").IsAccepted);
        Assert.True(_validator.Validate("ANNA25").IsAccepted);
        var sixes = new VanityCodeValidator(new ReferralCodeOptions { Length = 6, MaxAttempts = 1 });
        Assert.Contains(VanityCodeRejection.LooksGenerated, sixes.Validate("ANNA25").Rejections);
        Assert.True(sixes.Validate("ANNA2525").IsAccepted);
    }

    [Fact]
    public void Names_containing_reserved_words_elsewhere_are_fine()
    {
        Assert.True(_validator.Validate("CARTER").IsAccepted);
        Assert.True(_validator.Validate("STAFFORD").IsAccepted);
        Assert.True(_validator.Validate("AMANDA-K").IsAccepted);
    }

    [Fact]
    public void Uniqueness_is_checked_on_the_canonical_form()
    {
        var existing = new HashSet<string> { "ANNA2026" };
        var asked = new List<string>();
        var result = _validator.Validate("anna-2O26", code => { asked.Add(code); return existing.Contains(code); });
        Assert.Equal([VanityCodeRejection.Taken], result.Rejections);
        Assert.Equal(["ANNA2026"], asked);
        Assert.Contains("already taken", result.Problems.ToString());
    }

    [Fact]
    public void Uniqueness_is_not_queried_for_an_invalid_code()
    {
        var result = _validator.Validate("adm", _ => throw new InvalidOperationException("must not be called"));
        Assert.False(result.IsAccepted);
    }

    [Fact]
    public async Task Async_uniqueness_check()
    {
        var taken = await _validator.ValidateAsync("Anna2026", (code, _) => ValueTask.FromResult(code == "ANNA2026"));
        var free = await _validator.ValidateAsync("Olga2026", (code, _) => ValueTask.FromResult(code == "ANNA2026"));
        Assert.Equal([VanityCodeRejection.Taken], taken.Rejections);
        Assert.True(free.IsAccepted);
        Assert.Equal("01GA2026", free.Canonical);
    }
}
