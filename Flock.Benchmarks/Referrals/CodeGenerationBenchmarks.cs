using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Flock.Engine.Referrals;

namespace Flock.Benchmarks.Referrals;

/// <summary>
/// Flock's referral code generation against the usual shortcuts seen in shops: a GUID cut to 8 hex characters
/// (32 bits, with ambiguous 0/1) and Base64 of CSPRNG bytes trimmed and cleaned (URL-unsafe characters removed).
/// </summary>
[MemoryDiagnoser]
public class CodeGenerationBenchmarks
{
    private readonly ReferralCodeGenerator _generator = new();
    private static readonly Func<string, bool> NeverTaken = static _ => false;

    [Benchmark(Baseline = true, Description = "Guid.NewGuid().ToString(\"N\")[..8]")]
    public string GuidTrimmed() => Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    [Benchmark(Description = "Base64(RandomNumberGenerator.GetBytes(6)) cleaned")]
    public string Base64Trimmed() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(6)).Replace('+', 'A').Replace('/', 'B')[..8];

    [Benchmark(Description = "Flock NewCandidate (8 chars, 30 symbols)")]
    public string FlockCandidate() => _generator.NewCandidate();

    [Benchmark(Description = "Flock Generate with isTaken check")]
    public string FlockGenerate() => _generator.Generate(NeverTaken);

    [Benchmark(Description = "Flock canonical form of a typed code")]
    public string FlockCanonicalize() => ReferralCode.Canonicalize("anna-2o26");
}
