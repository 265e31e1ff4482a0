using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
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

    private static readonly JsonSerializerOptions Options = CreateOptions(indented: false);
    private static readonly JsonSerializerOptions IndentedOptions = CreateOptions(indented: true);

    private static JsonSerializerOptions CreateOptions(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DictionaryKeyPolicy = null,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            WriteIndented = indented,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
            // Keep Cyrillic readable in the stored column; HTML-sensitive characters stay escaped.
            Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.Converters.Add(new RuleNodeConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

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
                foreach (var problem in RuleJson.Parse(audience.GetRawText(), validate: false).Problems)
                    problems.Add(string.IsNullOrEmpty(problem.Path) ? "audience" : "audience." + problem.Path, problem.Message);
        }
        catch (JsonException e)
        {
            return Invalid("", $"malformed JSON at line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}: {Trim(e.Message)}");
        }

        CampaignConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<CampaignConfig>(json, Options);
        }
        catch (JsonException e)
        {
            problems.Add(ToPath(e.Path), TypeMessage(e));
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

    private static string Trim(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    // "$.creatives.motivations[1].friendOffer.value" → "creatives.motivations[1].friendOffer.value"
    private static string ToPath(string? jsonPath)
    {
        if (string.IsNullOrEmpty(jsonPath) || jsonPath == "$") return "";
        var path = jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');
        return path.Replace("['", ".", StringComparison.Ordinal).Replace("']", "", StringComparison.Ordinal).TrimStart('.');
    }

    private static string TypeMessage(JsonException e)
    {
        var message = Trim(e.Message);
        if (message.Contains("could not be converted to", StringComparison.Ordinal))
        {
            var target = message[(message.LastIndexOf(' ') + 1)..].TrimEnd('.');
            return target switch
            {
                _ when target.Contains("Decimal") || target.Contains("Int32") || target.Contains("Double") => "expected a number",
                _ when target.Contains("Boolean") => "expected true or false",
                _ when target.Contains("String") => "expected a string",
                _ when target.Contains("DateTimeOffset") => "expected a date-time like \"2026-01-31T00:00:00+03:00\"",
                _ when target.Contains("TimeOnly") => "expected a time like \"09:00:00\"",
                _ when target.Contains("TimeSpan") => "expected a duration like \"1.00:00:00\"",
                _ when target.Contains("IReadOnlyList") || target.Contains("[]") => "expected a list",
                _ when e.InnerException is null && target.Contains("Flock.Engine") && !target.Contains("Config") => $"unknown value; expected one of {EnumNames(target)}",
                _ => "expected an object",
            };
        }
        return message;
    }

    private static string EnumNames(string typeName)
    {
        var type = typeof(CampaignConfig).Assembly.GetType(typeName);
        return type is { IsEnum: true }
            ? string.Join(", ", Enum.GetNames(type).Select(n => JsonNamingPolicy.CamelCase.ConvertName(n)))
            : typeName;
    }

    private sealed class RuleNodeConverter : JsonConverter<RuleNode>
    {
        public override bool HandleNull => false;

        public override RuleNode? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var element = JsonDocument.ParseValue(ref reader);
            // Problems were already reported by Parse; an unreadable audience reads as null here.
            return RuleJson.Parse(element.RootElement.GetRawText(), validate: false).Rule;
        }

        public override void Write(Utf8JsonWriter writer, RuleNode value, JsonSerializerOptions options) =>
            writer.WriteRawValue(RuleJson.Write(value));
    }
}
