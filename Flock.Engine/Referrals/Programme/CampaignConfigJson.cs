using System.Text.Json;
using Flock.Engine.Common;
using Flock.Engine.Targeting;

namespace Flock.Engine.Referrals.Programme;

/// <summary>The outcome of <see cref="CampaignConfigJson.Parse"/>: the config, or every problem found.</summary>
public sealed class CampaignConfigParseResult(CampaignConfig? config, ValidationResult validation)
{
    /// <summary>The parsed, valid config; null when there are problems.</summary>
    public CampaignConfig? Config { get; } = validation.IsValid ? config : null;
    /// <summary>Every problem with a JSON-ish path (<c>creatives.motivations[1].friendOffer.value</c>).</summary>
    public ValidationResult Validation { get; } = validation;
    /// <summary>Shortcut for <see cref="ValidationResult.Problems"/>.</summary>
    public IReadOnlyList<Problem> Problems => Validation.Problems;
    /// <summary>True when <see cref="Config"/> is set.</summary>
    public bool IsValid => Validation.IsValid;
}

/// <summary>
/// Reads and writes <see cref="CampaignConfig"/> as camelCase JSON (enums as camelCase strings, the audience in
/// <see cref="RuleJson"/>'s shape). Thread-safe.
/// </summary>
public static class CampaignConfigJson
{
    /// <summary>Longest document accepted.</summary>
    public const int MaxJsonLength = 1_000_000;

    private static readonly JsonSerializerOptions Options = ConfigJson.CreateOptions(indented: false);
    private static readonly JsonSerializerOptions IndentedOptions = ConfigJson.CreateOptions(indented: true);

    /// <summary>
    /// Parses and validates a document. Malformed JSON gives one problem with line and position; a value of the wrong
    /// type gives one problem at its path (the reader stops there); otherwise every validation problem is listed.
    /// Never throws.
    /// </summary>
    public static CampaignConfigParseResult Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return Invalid("", "campaign JSON is empty");
        if (json.Length > MaxJsonLength) return Invalid("", $"campaign JSON is longer than {MaxJsonLength} characters");

        var problems = new ProblemCollector();
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.ValueKind != JsonValueKind.Object) return Invalid("", "expected a JSON object");
            // The audience is read by RuleJson so that all of its shape problems are reported, not just the first.
            if (document.RootElement.TryGetProperty("audience", out var audience) && audience.ValueKind != JsonValueKind.Null)
                ConfigJson.AddRuleShapeProblems(problems, "audience", audience);
        }
        catch (JsonException e)
        {
            return Invalid("", $"malformed JSON at line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}: {ConfigJson.Trim(e.Message)}");
        }

        CampaignConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<CampaignConfig>(json, Options);
        }
        catch (JsonException e)
        {
            problems.Add(ConfigJson.ToPath(e.Path), ConfigJson.TypeMessage(e));
            return new CampaignConfigParseResult(null, problems.ToResult());
        }

        if (config is null) return Invalid("", "expected a JSON object");
        var audienceUnreadable = problems.HasProblems;
        var validation = (audienceUnreadable ? config with { Audience = null } : config).Validate();
        foreach (var problem in validation.Problems) problems.Add(problem.Path, problem.Message);
        return new CampaignConfigParseResult(config, problems.ToResult());
    }

    /// <summary>Writes the shape <see cref="Parse"/> reads; parsing it back and writing again gives the same JSON.</summary>
    public static string Write(CampaignConfig config, bool indented = false)
    {
        ArgumentNullException.ThrowIfNull(config);
        return JsonSerializer.Serialize(config, indented ? IndentedOptions : Options);
    }

    private static CampaignConfigParseResult Invalid(string path, string message) =>
        new(null, new ValidationResult([new Problem(path, message)]));
}
