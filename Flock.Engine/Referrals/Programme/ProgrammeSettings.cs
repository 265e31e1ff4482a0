using Flock.Engine.Referrals.Attribution;
using Flock.Engine.Common;
using Flock.Engine.Experiments;
using Flock.Engine.Referrals;
using Flock.Engine.Referrals.Rewards;

namespace Flock.Engine.Referrals.Programme;

/// <summary>Store-level settings shared by every campaign.</summary>
public sealed record ProgrammeSettings
{
    /// <summary>The <see cref="DefaultCountryCode"/> of a store whose own country is not known: national phone numbers are then compared by their digits only.</summary>
    public const string? UnknownCountry = null;

    /// <summary>Absolute http(s) URL of the store, e.g. <c>https://shop.example</c>.</summary>
    public required string StoreBaseUrl { get; init; }
    /// <summary>
    /// Route prefix of referral links: <c>{base}/{prefix}/{code}</c>; 1–<see cref="ReferralLinkOptions.MaxRoutePrefixLength"/>
    /// letters, digits, '-' or '_' (<see cref="ReferralLinkOptions.IsRoutePrefix"/>).
    /// </summary>
    public string ReferralRoutePrefix { get; init; } = "r";
    /// <summary>
    /// Length of fresh referral codes, <see cref="ReferralCodeOptions.MinCodeLength"/>–<see cref="ReferralCodeOptions.MaxCodeLength"/>;
    /// generate them with <see cref="ReferralCodes"/>.
    /// </summary>
    public int ReferralCodeLength { get; init; } = ReferralCodeOptions.DefaultLength;
    /// <summary>HMAC secret for email-invitation hashes (at least <see cref="EmailHasher.MinSecretBytes"/> bytes; keep it stable).</summary>
    public required byte[] EmailHashSecret { get; init; }
    /// <summary>Days after payment before an order reward is granted (returns window).</summary>
    public int ReturnWindowDays { get; init; } = RewardProgram.DefaultReturnWindowDays;
    /// <summary>Language used when a requested one has no template ("en", "ru").</summary>
    public string DefaultLanguage { get; init; } = "en";
    /// <summary>How same-priority campaigns compete.</summary>
    public AllocationStrategy CompetitionStrategy { get; init; } = AllocationStrategy.FixedWeights;
    /// <summary>
    /// The store's own country (ISO 3166-1 alpha-2, e.g. "US"), used for national phone numbers in abuse checks when the
    /// friend has no country; <see cref="UnknownCountry"/> (null) when the store has none, and then such numbers are
    /// compared by their digits only, never given a made-up country prefix. Required: there is no market default.
    /// </summary>
    public required string? DefaultCountryCode { get; init; }

    /// <summary>Options for the referral-code generator (length <see cref="ReferralCodeLength"/>).</summary>
    public ReferralCodeOptions ReferralCodes => ReferralCodeOptions.ForLength(ReferralCodeLength);

    /// <summary>
    /// Every problem, paths relative to the settings: <c>storeBaseUrl</c>, <c>referralRoutePrefix</c>,
    /// <c>referralCodeLength</c>, <c>emailHashSecret</c>, <c>returnWindowDays</c>, <c>defaultLanguage</c>,
    /// <c>competitionStrategy</c>, <c>defaultCountryCode</c>. The plugin's settings form maps these paths to its fields.
    /// </summary>
    public ValidationResult Validate()
    {
        var problems = new ProblemCollector();
        foreach (var problem in new ReferralLinkOptions { BaseUrl = StoreBaseUrl ?? "", RoutePrefix = ReferralRoutePrefix ?? "" }.Validate().Problems)
            problems.Add(problem.Path == "baseUrl" ? "storeBaseUrl" : "referralRoutePrefix", problem.Message);
        if (ReferralCodeLength is < ReferralCodeOptions.MinCodeLength or > ReferralCodeOptions.MaxCodeLength)
            problems.Add("referralCodeLength", $"must be between {ReferralCodeOptions.MinCodeLength} and {ReferralCodeOptions.MaxCodeLength} (was {ReferralCodeLength})");
        if (EmailHashSecret is null || EmailHashSecret.Length < EmailHasher.MinSecretBytes)
            problems.Add("emailHashSecret", $"must be at least {EmailHasher.MinSecretBytes} bytes (was {EmailHashSecret?.Length ?? 0})");
        if (ReturnWindowDays is < 0 or > 365) problems.Add("returnWindowDays", $"must be between 0 and 365 (was {ReturnWindowDays})");
        if (string.IsNullOrWhiteSpace(DefaultLanguage) || DefaultLanguage.Length > 10) problems.Add("defaultLanguage", "must be a language code like \"en\"");
        if (!Enum.IsDefined(CompetitionStrategy)) problems.Add("competitionStrategy", $"unknown strategy {(int)CompetitionStrategy}");
        if (DefaultCountryCode is not null && !(DefaultCountryCode.Length == 2 && DefaultCountryCode.All(char.IsAsciiLetter)))
            problems.Add("defaultCountryCode", $"must be a two-letter ISO country code, or UnknownCountry (null) when the store has none (was \"{DefaultCountryCode}\")");
        return problems.ToResult();
    }
}
