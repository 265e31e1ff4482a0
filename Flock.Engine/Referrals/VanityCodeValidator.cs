using Flock.Engine.Common;

namespace Flock.Engine.Referrals;

/// <summary>Why a vanity code was refused; stable, so the plugin can localise the message.</summary>
public enum VanityCodeRejection
{
    Empty,
    TooShort,
    TooLong,
    InvalidCharacters,
    Reserved,
    Profanity,
    LooksGenerated,
    Taken,
}

/// <summary>The verdict on a vanity code: the canonical code to store, or every reason it was refused.</summary>
public sealed record VanityCodeResult(string Canonical, IReadOnlyList<VanityCodeRejection> Rejections, ValidationResult Problems)
{
    public bool IsAccepted => Rejections.Count == 0;
}

/// <summary>
/// Checks a code a shopper or admin picks ("ANNA2026"). Rules, on the canonical form (<see cref="ReferralCode.Canonicalize"/>):
/// 4–20 characters; Latin letters and digits (spaces, hyphens, underscores and dots are allowed as separators
/// and dropped); not a reserved word (api, cart, login…) nor starting with an impersonating one (admin, flock,
/// support…); no profanity from a
/// small English and transliterated Russian list (matched after look-alike mapping, so "SH1T" counts); must not
/// look like a generated code (only generator symbols, a generator length, letters and digits mixed) so shoppers
/// can tell a chosen code from an assigned one and vanity codes never squat the generator's space; unique by
/// canonical form. Thread-safe.
/// </summary>
public sealed class VanityCodeValidator
{
    /// <summary>Shortest vanity code.</summary>
    public const int MinLength = 4;

    /// <summary>Longest vanity code.</summary>
    public const int MaxLength = 20;

    /// <summary>Words no code may be (they collide with routes or look official).</summary>
    public static readonly IReadOnlyList<string> ReservedWords =
    [
        "api", "root", "system", "help", "staff", "store", "shop", "nop", "login", "logout", "register", "checkout",
        "cart", "account", "null", "undefined", "test", "owner", "security", "billing", "refund",
    ];

    /// <summary>Words no code may even start with, because they impersonate the store ("ADMIN2026", "FLOCKVIP").</summary>
    public static readonly IReadOnlyList<string> ReservedPrefixes =
    [
        "admin", "flock", "support", "moderator", "official", "nopcommerce", "webmaster", "helpdesk",
    ];

    // Substrings, matched on canonical forms. Chosen to avoid common names (no "dick", "cock", "manda").
    private static readonly string[] ProfanityWords =
    [
        "fuck", "shit", "cunt", "bitch", "pussy", "whore", "slut", "asshole", "nigger", "nigga", "faggot", "wanker",
        "hui", "huy", "xuy", "xui", "huj", "pizd", "blyad", "blyat", "bljad", "ebat", "yebat", "eblan", "suka",
        "mudak", "mudila", "gandon", "pidor", "pidar", "pidr", "zalupa", "dolboeb", "shluha", "shlyuha", "govno",
        "ueban", "uebok",
    ];

    private static readonly string[] CanonicalReserved = ReservedWords.Select(ReferralCode.Canonicalize).ToArray();
    private static readonly string[] CanonicalPrefixes = ReservedPrefixes.Select(ReferralCode.Canonicalize).ToArray();
    private static readonly string[] CanonicalProfanity = ProfanityWords.Select(ReferralCode.Canonicalize).ToArray();

    private readonly ReferralCodeOptions _generatorOptions;

    /// <summary>A validator that guards the space of a generator configured with <paramref name="generatorOptions"/> (defaults when null).</summary>
    public VanityCodeValidator(ReferralCodeOptions? generatorOptions = null)
    {
        _generatorOptions = generatorOptions ?? new ReferralCodeOptions();
        _generatorOptions.Validate().ThrowIfInvalid("referral code options");
    }

    /// <summary>Checks syntax and content only (no uniqueness).</summary>
    public VanityCodeResult Validate(string? requested) => Check(requested, takenCheck: null);

    /// <summary>Checks everything, uniqueness by canonical form through <paramref name="isTaken"/> (called only when the rest passed).</summary>
    public VanityCodeResult Validate(string? requested, Func<string, bool> isTaken)
    {
        ArgumentNullException.ThrowIfNull(isTaken);
        return Check(requested, isTaken);
    }

    /// <summary>Async form of <see cref="Validate(string?, Func{string, bool})"/> for a database-backed check.</summary>
    public async ValueTask<VanityCodeResult> ValidateAsync(
        string? requested, Func<string, CancellationToken, ValueTask<bool>> isTaken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(isTaken);
        var result = Check(requested, takenCheck: null);
        if (!result.IsAccepted) return result;
        return await isTaken(result.Canonical, cancellationToken).ConfigureAwait(false) ? TakenResult(result.Canonical) : result;
    }

    private VanityCodeResult Check(string? requested, Func<string, bool>? takenCheck)
    {
        var canonical = ReferralCode.Canonicalize(requested);
        var rejections = new List<VanityCodeRejection>();
        var problems = new ProblemCollector();
        void Reject(VanityCodeRejection why, string message)
        {
            rejections.Add(why);
            problems.Add("code", message);
        }

        if (canonical.Length == 0)
        {
            Reject(VanityCodeRejection.Empty, "is required");
            return new VanityCodeResult(canonical, rejections, problems.ToResult());
        }
        if (canonical.Length < MinLength)
            Reject(VanityCodeRejection.TooShort, $"must have at least {MinLength} letters or digits (has {canonical.Length})");
        if (canonical.Length > MaxLength)
            Reject(VanityCodeRejection.TooLong, $"must have at most {MaxLength} letters or digits (has {canonical.Length})");

        var invalid = canonical.Where(c => c is not ((>= 'A' and <= 'Z') or (>= '0' and <= '9'))).Distinct().ToArray();
        if (invalid.Length > 0)
            Reject(VanityCodeRejection.InvalidCharacters,
                $"may contain only Latin letters and digits (separators - _ . and spaces are ignored); not allowed: {string.Join(" ", invalid.Select(c => $"'{c}'"))}");

        var reserved = Array.IndexOf(CanonicalReserved, canonical);
        if (reserved >= 0)
            Reject(VanityCodeRejection.Reserved, $"\"{ReservedWords[reserved]}\" is a reserved word");
        var prefix = Array.FindIndex(CanonicalPrefixes, r => canonical.StartsWith(r, StringComparison.Ordinal));
        if (prefix >= 0)
            Reject(VanityCodeRejection.Reserved, $"\"{ReservedPrefixes[prefix]}\" is reserved and cannot start a code");

        if (CanonicalProfanity.Any(p => canonical.Contains(p, StringComparison.Ordinal)))
            Reject(VanityCodeRejection.Profanity, "contains a word that is not allowed");

        if (LooksGenerated(canonical))
            Reject(VanityCodeRejection.LooksGenerated,
                $"looks like a generated code ({canonical.Length} characters, letters and digits from the generator's alphabet); make it a word, or change its length");

        if (rejections.Count == 0 && takenCheck is not null && takenCheck(canonical))
            return TakenResult(canonical);
        return new VanityCodeResult(canonical, rejections, problems.ToResult());
    }

    private bool LooksGenerated(string canonical)
    {
        var longest = new ReferralCodeGenerator(_generatorOptions).LengthForAttempt(_generatorOptions.MaxAttempts - 1);
        if (canonical.Length < _generatorOptions.Length || canonical.Length > longest) return false;
        bool letters = false, digits = false;
        foreach (var c in canonical)
        {
            if (!ReferralCodeAlphabet.Contains(c)) return false;
            if (char.IsAsciiDigit(c)) digits = true; else letters = true;
        }
        return letters && digits;
    }

    private static VanityCodeResult TakenResult(string canonical) => new(
        canonical,
        [VanityCodeRejection.Taken],
        new ValidationResult([new Problem("code", $"\"{canonical}\" is already taken (codes are compared ignoring case, separators and look-alike characters)")]));
}
