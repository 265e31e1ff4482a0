using System.Security.Cryptography;
using Flock.Engine.Common;

namespace Flock.Engine.Referrals;

/// <summary>
/// How generated referral codes look and how hard the generator tries to find a free one.
/// </summary>
/// <remarks>
/// Default length 8: 8 × log2(30) ≈ 39.3 bits, about 6.6·10¹¹ codes. With a million referrers a random guess
/// hits a live code with probability ≈ 1.5·10⁻⁶, so guessing needs hundreds of thousands of requests — far
/// beyond what the landing's rate limit lets through — while the code still fits a printed card or a QR code
/// and is easy to dictate. A new code collides with an existing one with the same ≈ 1.5·10⁻⁶ chance, which the
/// <c>isTaken</c> retry absorbs; after <see cref="LengthenAfter"/> collisions the code grows one character
/// (≈ 4.9 more bits) so a crowded space degrades gracefully instead of failing.
/// </remarks>
public sealed record ReferralCodeOptions
{
    /// <summary>Shortest generated code (below 6 a code is guessable). The one limit: settings validate through it.</summary>
    public const int MinCodeLength = 6;

    /// <summary>Longest generated code (<see cref="ReferralCode.MaxLength"/>).</summary>
    public const int MaxCodeLength = ReferralCode.MaxLength;

    /// <summary>The default length of a fresh code.</summary>
    public const int DefaultLength = 8;

    /// <summary>The default upper bound for lengthening.</summary>
    public const int DefaultMaxLength = 16;

    /// <summary>Options for fresh codes of <paramref name="length"/> characters, lengthening up to at least <see cref="DefaultMaxLength"/>.</summary>
    public static ReferralCodeOptions ForLength(int length) =>
        new() { Length = length, MaxLength = Math.Clamp(Math.Max(length, DefaultMaxLength), MinCodeLength, MaxCodeLength) };

    /// <summary>Characters of a fresh code. Default 8 (≈ 39 bits, see the remarks).</summary>
    public int Length { get; init; } = DefaultLength;

    /// <summary>Colliding candidates at one length before the next candidate is one character longer. Default 3.</summary>
    public int LengthenAfter { get; init; } = 3;

    /// <summary>Candidates tried before generation fails. Default 12.</summary>
    public int MaxAttempts { get; init; } = 12;

    /// <summary>Upper bound for lengthening. Default 16.</summary>
    public int MaxLength { get; init; } = DefaultMaxLength;

    /// <summary>Every problem with these options; lengths must lie in 6–32 (below 6 a code is guessable).</summary>
    public ValidationResult Validate()
    {
        var problems = new ProblemCollector();
        if (Length is < MinCodeLength or > MaxCodeLength)
            problems.Add("length", $"must be between {MinCodeLength} and {MaxCodeLength} (was {Length})");
        if (MaxLength < Length || MaxLength > MaxCodeLength)
            problems.Add("maxLength", $"must be between length ({Length}) and {MaxCodeLength} (was {MaxLength})");
        if (LengthenAfter < 1)
            problems.Add("lengthenAfter", $"must be at least 1 (was {LengthenAfter})");
        if (MaxAttempts is < 1 or > 1000)
            problems.Add("maxAttempts", $"must be between 1 and 1000 (was {MaxAttempts})");
        return problems.ToResult();
    }
}

/// <summary>Raised when every candidate code was taken; the store's code space needs longer codes.</summary>
public sealed class ReferralCodeGenerationException(string message) : InvalidOperationException(message);

/// <summary>
/// Makes short, URL-safe, unguessable referral codes from the OS CSPRNG with an unbiased choice over
/// <see cref="ReferralCodeAlphabet.Symbols"/>. Codes carry no sequence and no personal data. Stateless and
/// thread-safe; codes are already in canonical form (see <see cref="ReferralCode.Canonicalize"/>).
/// </summary>
public sealed class ReferralCodeGenerator
{
    /// <summary>A generator with the default options (8 characters).</summary>
    public ReferralCodeGenerator() : this(new ReferralCodeOptions())
    {
    }

    /// <summary>A generator with <paramref name="options"/>; throws <see cref="FlockValidationException"/> when they are invalid.</summary>
    public ReferralCodeGenerator(ReferralCodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate().ThrowIfInvalid("referral code options");
        Options = options;
    }

    public ReferralCodeOptions Options { get; }

    /// <summary>One random candidate of <see cref="ReferralCodeOptions.Length"/> characters, not checked for uniqueness.</summary>
    public string NewCandidate() => NewCandidate(Options.Length);

    /// <summary>One random candidate of <paramref name="length"/> characters (6–32), not checked for uniqueness.</summary>
    public static string NewCandidate(int length)
    {
        if (length is < 6 or > ReferralCode.MaxLength)
            throw new FlockValidationException("referral code length", "length", $"must be between 6 and {ReferralCode.MaxLength} (was {length})");
        return string.Create(length, 0, static (span, _) =>
            RandomNumberGenerator.GetItems(ReferralCodeAlphabet.Symbols.AsSpan(), span));
    }

    /// <summary>Length of the candidate for the zero-based <paramref name="attempt"/>: grows by one every <see cref="ReferralCodeOptions.LengthenAfter"/> attempts.</summary>
    public int LengthForAttempt(int attempt) =>
        Math.Min(Options.MaxLength, Options.Length + attempt / Options.LengthenAfter);

    /// <summary>
    /// A code <paramref name="isTaken"/> reports free (the plugin checks its table by canonical form).
    /// Throws <see cref="ReferralCodeGenerationException"/> after <see cref="ReferralCodeOptions.MaxAttempts"/> taken candidates.
    /// </summary>
    public string Generate(Func<string, bool> isTaken)
    {
        ArgumentNullException.ThrowIfNull(isTaken);
        for (var attempt = 0; attempt < Options.MaxAttempts; attempt++)
        {
            var candidate = NewCandidate(LengthForAttempt(attempt));
            if (!isTaken(candidate)) return candidate;
        }
        throw Exhausted();
    }

    /// <summary>Async form of <see cref="Generate"/> for a database-backed <paramref name="isTaken"/>.</summary>
    public async ValueTask<string> GenerateAsync(
        Func<string, CancellationToken, ValueTask<bool>> isTaken,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(isTaken);
        for (var attempt = 0; attempt < Options.MaxAttempts; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var candidate = NewCandidate(LengthForAttempt(attempt));
            if (!await isTaken(candidate, cancellationToken).ConfigureAwait(false)) return candidate;
        }
        throw Exhausted();
    }

    private ReferralCodeGenerationException Exhausted() => new(
        $"No free referral code after {Options.MaxAttempts} attempts (lengths {Options.Length}–{LengthForAttempt(Options.MaxAttempts - 1)}); " +
        "the isTaken check may be wrong (always true) or the code space is crowded: raise ReferralCodeOptions.Length.");
}
