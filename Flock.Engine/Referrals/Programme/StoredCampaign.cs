using System.Text.Json;
using System.Text.Json.Nodes;
using Flock.Engine.Referrals.Campaigns;
using Flock.Engine.Common;

namespace Flock.Engine.Referrals.Programme;

/// <summary>
/// A campaign as the plugin stores it: the row's columns plus the JSON document (<see cref="CampaignConfigJson"/>).
/// The columns are authoritative for id, name, status, priority and version; <see cref="Load"/> is the one way a row
/// becomes a <see cref="CampaignConfig"/> (storefront and admin alike).
/// </summary>
public sealed record StoredCampaign
{
    /// <summary>The row id (the campaign id).</summary>
    public required int Id { get; init; }
    /// <summary>The name column.</summary>
    public required string Name { get; init; }
    /// <summary>The status column: a <see cref="CampaignStatus"/> name ("Active", "Draft", "Paused", "Archived").</summary>
    public required string Status { get; init; }
    /// <summary>The priority column.</summary>
    public required int Priority { get; init; }
    /// <summary>The version column (bumped when creatives change).</summary>
    public required int Version { get; init; }
    /// <summary>The stored document; it may lack id and name (written before the row had an id).</summary>
    public required string? ConfigJson { get; init; }

    /// <summary>
    /// The config with the row's columns applied, or every problem (malformed JSON with its position, each invalid
    /// value with its path, an unknown <c>status</c>). Never throws.
    /// </summary>
    public CampaignConfigParseResult Load()
    {
        var problems = new ProblemCollector();
        var known = TryParseStatus(Status, out var status);
        if (!known) problems.Add("status", $"unknown status \"{Status}\" (expected {string.Join(", ", Enum.GetNames<CampaignStatus>())})");

        var parsed = CampaignConfigJson.Parse(WithRowIdentity());
        if (!parsed.IsValid || !known)
        {
            foreach (var problem in parsed.Problems) problems.Add(problem.Path, problem.Message);
            return new CampaignConfigParseResult(null, problems.ToResult());
        }

        var config = parsed.Config! with { Id = Id, Name = Name ?? "", Status = status, Priority = Priority, Version = Version };
        // The columns may break what the document alone satisfied (say, a version of 0).
        return new CampaignConfigParseResult(config, config.Validate());
    }

    private static bool TryParseStatus(string? value, out CampaignStatus status)
    {
        status = default;
        return !string.IsNullOrWhiteSpace(value) && !char.IsAsciiDigit(value.Trim()[0]) && !value.Trim().StartsWith('-')
               && Enum.TryParse(value.Trim(), ignoreCase: true, out status) && Enum.IsDefined(status);
    }

    /// <summary>The document with the row's id and name put in before validation; unparseable text is left for the reader to report.</summary>
    private string WithRowIdentity()
    {
        var json = ConfigJson ?? "";
        try
        {
            if (JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })
                is not JsonObject document) return json;
            document["id"] = Id;
            document["name"] = Name ?? "";
            return document.ToJsonString();
        }
        catch (JsonException)
        {
            return json;
        }
    }
}
