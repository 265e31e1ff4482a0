using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Flock.Engine.Targeting;

namespace Flock.Engine.Common;

/// <summary>
/// The JSON conventions of Flock's stored documents (campaigns, chains): camelCase, enums as camelCase strings, rules in
/// <see cref="RuleJson"/>'s shape, comments and trailing commas allowed, Cyrillic kept readable; and the translation of
/// System.Text.Json's errors into problems with a path.
/// </summary>
internal static class ConfigJson
{
    internal static JsonSerializerOptions CreateOptions(bool indented)
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
            // a step's "type" may come anywhere in its object, as people write it
            AllowOutOfOrderMetadataProperties = true,
            // Keep Cyrillic readable in the stored column; HTML-sensitive characters stay escaped.
            Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.Converters.Add(new RuleNodeConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Problems of the rule found at <paramref name="path"/>, each under that path.</summary>
    internal static void AddRuleShapeProblems(ProblemCollector problems, string path, JsonElement rule)
    {
        foreach (var problem in RuleJson.Parse(rule.GetRawText(), validate: false).Problems)
            problems.Add(string.IsNullOrEmpty(problem.Path) ? path : path + "." + problem.Path, problem.Message);
    }

    internal static string Trim(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    // "$.creatives.motivations[1].friendOffer.value" → "creatives.motivations[1].friendOffer.value"
    internal static string ToPath(string? jsonPath)
    {
        if (string.IsNullOrEmpty(jsonPath) || jsonPath == "$") return "";
        var path = jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');
        return path.Replace("['", ".", StringComparison.Ordinal).Replace("']", "", StringComparison.Ordinal).TrimStart('.');
    }

    internal static string TypeMessage(JsonException e)
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
                _ when e.InnerException is null && target.Contains("Flock.Engine") && !target.Contains("Config") && !target.Contains("Definition") && !target.Contains("Step") => $"unknown value; expected one of {EnumNames(target)}",
                _ => "expected an object",
            };
        }
        return message;
    }

    private static string EnumNames(string typeName)
    {
        var type = typeof(ConfigJson).Assembly.GetType(typeName);
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
            // Problems are reported by the document's reader; an unreadable rule reads as null here.
            return RuleJson.Parse(element.RootElement.GetRawText(), validate: false).Rule;
        }

        public override void Write(Utf8JsonWriter writer, RuleNode value, JsonSerializerOptions options) =>
            writer.WriteRawValue(RuleJson.Write(value));
    }
}
