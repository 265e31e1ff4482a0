using Flock.Engine.Common;
using Flock.Engine.Referrals;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Flock.Engine.Tests.Referrals;

public class ReferralCodeGeneratorTests
{
    private static bool IsGeneratedShape(string code, int length) =>
        code.Length == length && code.All(ReferralCodeAlphabet.Contains);

    [Fact]
    public void Alphabet_has_no_ambiguous_characters_and_thirty_symbols()
    {
        Assert.Equal(30, ReferralCodeAlphabet.Symbols.Length);
        Assert.Equal(30, ReferralCodeAlphabet.Symbols.Distinct().Count());
        foreach (var ambiguous in "01OILU") Assert.DoesNotContain(ambiguous, ReferralCodeAlphabet.Symbols);
        Assert.InRange(ReferralCodeAlphabet.EntropyBits(8), 39, 40);
    }

    [Fact]
    public void Default_code_has_eight_alphabet_characters_and_is_already_canonical()
    {
        var code = new ReferralCodeGenerator().Generate(_ => false);
        Assert.True(IsGeneratedShape(code, 8), code);
        Assert.Equal(code, ReferralCode.Canonicalize(code));
        Assert.Equal(code, Uri.EscapeDataString(code));
    }

    [Property(MaxTest = 200)]
    public Property Codes_have_the_configured_length_and_alphabet_and_are_url_safe() =>
        Prop.ForAll(Gen.Choose(6, 32).ToArbitrary(), length =>
        {
            var generator = new ReferralCodeGenerator(new ReferralCodeOptions { Length = length, MaxLength = 32 });
            var code = generator.Generate(_ => false);
            return IsGeneratedShape(code, length) && Uri.EscapeDataString(code) == code && ReferralCode.IsWellFormed(code);
        });

    [Fact]
    public void A_large_sample_has_no_duplicates_and_uses_every_symbol()
    {
        var generator = new ReferralCodeGenerator();
        var codes = Enumerable.Range(0, 100_000).Select(_ => generator.NewCandidate()).ToArray();
        Assert.Equal(codes.Length, codes.Distinct().Count());
        Assert.Equal(ReferralCodeAlphabet.Symbols.Length, codes.SelectMany(c => c).Distinct().Count());
    }

    [Fact]
    public void Symbol_frequencies_are_roughly_uniform()
    {
        // 240 000 symbols, 8 000 expected per symbol; sd ≈ 88, so ±800 is a 9-sigma band: fails only on real bias.
        var counts = new Dictionary<char, int>();
        for (var i = 0; i < 30_000; i++)
            foreach (var c in ReferralCodeGenerator.NewCandidate(8)) counts[c] = counts.GetValueOrDefault(c) + 1;
        Assert.All(counts.Values, n => Assert.InRange(n, 7_200, 8_800));
    }

    [Property(MaxTest = 100)]
    public Property Generation_skips_taken_candidates_and_returns_a_free_one() =>
        Prop.ForAll(Gen.Choose(0, 11).ToArbitrary(), rejectFirst =>
        {
            var generator = new ReferralCodeGenerator();
            var offered = new List<string>();
            var code = generator.Generate(candidate =>
            {
                offered.Add(candidate);
                return offered.Count <= rejectFirst;
            });
            return offered.Count == rejectFirst + 1 && offered[^1] == code && !offered.Take(rejectFirst).Contains(code)
                   && code.Length == generator.LengthForAttempt(rejectFirst);
        });

    [Fact]
    public void Codes_lengthen_after_a_few_collisions()
    {
        var generator = new ReferralCodeGenerator(new ReferralCodeOptions { Length = 8, LengthenAfter = 3, MaxAttempts = 12 });
        var lengths = new List<int>();
        generator.Generate(candidate =>
        {
            lengths.Add(candidate.Length);
            return lengths.Count <= 7;
        });
        Assert.Equal([8, 8, 8, 9, 9, 9, 10, 10], lengths);
    }

    [Fact]
    public void Generation_fails_clearly_after_the_bound()
    {
        var generator = new ReferralCodeGenerator(new ReferralCodeOptions { MaxAttempts = 5 });
        var calls = 0;
        var ex = Assert.Throws<ReferralCodeGenerationException>(() => generator.Generate(_ => { calls++; return true; }));
        Assert.Equal(5, calls);
        Assert.Contains("5 attempts", ex.Message);
    }

    [Fact]
    public async Task Async_generation_skips_taken_candidates_and_fails_after_the_bound()
    {
        var generator = new ReferralCodeGenerator();
        var taken = new HashSet<string>();
        var code = await generator.GenerateAsync(async (candidate, ct) =>
        {
            await Task.Yield();
            return taken.Add(candidate) && taken.Count <= 4;
        });
        Assert.Equal(5, taken.Count);
        Assert.Equal(taken.Last(), code);

        await Assert.ThrowsAsync<ReferralCodeGenerationException>(async () =>
            await generator.GenerateAsync((_, _) => ValueTask.FromResult(true)));
    }

    [Fact]
    public async Task Async_generation_honours_cancellation()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await new ReferralCodeGenerator().GenerateAsync((_, _) => ValueTask.FromResult(false), cts.Token));
    }

    [Fact]
    public void Invalid_options_are_rejected_with_every_problem()
    {
        var ex = Assert.Throws<FlockValidationException>(() =>
            new ReferralCodeGenerator(new ReferralCodeOptions { Length = 4, MaxLength = 2, LengthenAfter = 0, MaxAttempts = 0 }));
        Assert.Equal(["length", "maxLength", "lengthenAfter", "maxAttempts"], ex.Problems.Select(p => p.Path));
    }
}
