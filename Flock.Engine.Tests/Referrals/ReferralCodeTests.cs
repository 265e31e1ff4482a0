using Flock.Engine.Referrals;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Flock.Engine.Tests.Referrals;

public class ReferralCodeTests
{
    [Theory]
    [InlineData("k7qm-2x9a", "K7QM2X9A")]
    [InlineData("  K7QM 2X9A ", "K7QM2X9A")]
    [InlineData("anna_2o26", "ANNA2026")]
    [InlineData("ANNA.2026", "ANNA2026")]
    [InlineData("bILl", "B111")]
    [InlineData("АННА2026", "AHHA2026")] // Cyrillic А/Н typed on a Russian layout
    [InlineData("ВЕКМОРСТХ", "BEKM0PCTX")]
    [InlineData("ＡＢＣ１２", "ABC12")] // full-width
    public void Canonical_form_maps_case_separators_and_look_alikes(string typed, string canonical) =>
        Assert.Equal(canonical, ReferralCode.Canonicalize(typed));

    [Fact]
    public void Look_alikes_of_a_code_find_the_same_code()
    {
        Assert.Equal(ReferralCode.Canonicalize("ANNA2026"), ReferralCode.Canonicalize("anna2o26"));
        Assert.Equal(ReferralCode.Canonicalize("MILA"), ReferralCode.Canonicalize("m1la"));
        Assert.Equal(ReferralCode.Canonicalize("MILA"), ReferralCode.Canonicalize("MiLA"));
    }

    [Property(MaxTest = 500)]
    public bool Canonical_form_is_idempotent(string? input)
    {
        var once = ReferralCode.Canonicalize(input);
        return ReferralCode.Canonicalize(once) == once;
    }

    [Fact]
    public void Canonical_form_is_idempotent_for_every_single_character()
    {
        for (var c = 0; c <= char.MaxValue; c++)
        {
            if (char.IsSurrogate((char)c)) continue;
            var once = ReferralCode.Canonicalize(((char)c).ToString());
            Assert.True(ReferralCode.Canonicalize(once) == once, $"U+{c:X4} -> {once} -> {ReferralCode.Canonicalize(once)}");
        }
    }

    [Property(MaxTest = 300)]
    public Property Canonical_form_never_contains_look_alikes_or_lower_case() =>
        Prop.ForAll(Gen.Elements("0OoIiLl1аАоОеЕkKзz-_ .xX".ToCharArray()).ArrayOf().Select(cs => new string(cs)).ToArbitrary(), input =>
        {
            var canonical = ReferralCode.Canonicalize(input);
            return !canonical.Any(c => c is 'O' or 'I' or 'L' or '-' or '_' or ' ' or '.' || char.IsLower(c) || c is 'А' or 'О' or 'Е');
        });

    [Theory]
    [InlineData("ABCD", true)]
    [InlineData("ABC", false)]
    [InlineData("ABCD<script>", false)]
    [InlineData("ABCDЖ", false)]
    public void Well_formed_requires_4_to_32_latin_letters_or_digits(string code, bool expected) =>
        Assert.Equal(expected, ReferralCode.TryNormalize(code, out _));

    [Fact]
    public void Too_long_codes_are_not_well_formed() =>
        Assert.False(ReferralCode.IsWellFormed(new string('A', 33)));
}
