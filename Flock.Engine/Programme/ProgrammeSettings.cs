using Flock.Engine.Attribution;
using Flock.Engine.Common;
using Flock.Engine.Experiments;
using Flock.Engine.Referrals;
using Flock.Engine.Rewards;

namespace Flock.Engine.Programme;

/// <summary>Store-level settings shared by every campaign.</summary>
public sealed record ProgrammeSettings
{
    /// <summary>Absolute http(s) URL of the store, e.g. <c>https://shop.example</c>.</summary>
    public required string StoreBaseUrl { get; init; }
    /// <summary>Route prefix of referral links: <c>{base}/{prefix}/{code}</c>.</summary>
    public string ReferralRoutePrefix { get; init; } = "r";
    /// <summary>HMAC secret for email-invitation hashes (at least <see cref="EmailHasher.MinSecretBytes"/> bytes; keep it stable).</summary>
    public required byte[] EmailHashSecret { get; init; }
    /// <summary>Days after payment before an order reward is granted (returns window).</summary>
    public int ReturnWindowDays { get; init; } = RewardProgram.DefaultReturnWindowDays;
    /// <summary>Language used when a requested one has no template ("en", "ru").</summary>
    public string DefaultLanguage { get; init; } = "en";
    /// <summary>How same-priority campaigns compete.</summary>
    public AllocationStrategy CompetitionStrategy { get; init; } = AllocationStrategy.FixedWeights;
    /// <summary>Country for phone normalisation in abuse checks when the friend has none.</summary>
    public string DefaultCountryCode { get; init; } = "RU";

    /// <summary>Every problem, paths relative to the settings.</summary>
    public ValidationResult Validate()
    {
        var problems = new ProblemCollector();
        foreach (var problem in new ReferralLinkOptions { BaseUrl = StoreBaseUrl ?? "", RoutePrefix = ReferralRoutePrefix ?? "" }.Validate().Problems)
            problems.Add(problem.Path == "baseUrl" ? "storeBaseUrl" : "referralRoutePrefix", problem.Message);
        if (EmailHashSecret is null || EmailHashSecret.Length < EmailHasher.MinSecretBytes)
            problems.Add("emailHashSecret", $"must be at least {EmailHasher.MinSecretBytes} bytes (was {EmailHashSecret?.Length ?? 0})");
        if (ReturnWindowDays is < 0 or > 365) problems.Add("returnWindowDays", $"must be between 0 and 365 (was {ReturnWindowDays})");
        if (string.IsNullOrWhiteSpace(DefaultLanguage) || DefaultLanguage.Length > 10) problems.Add("defaultLanguage", "must be a language code like \"en\"");
        if (!Enum.IsDefined(CompetitionStrategy)) problems.Add("competitionStrategy", $"unknown strategy {(int)CompetitionStrategy}");
        return problems.ToResult();
    }
}
