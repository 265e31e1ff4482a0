using System.Text;
using System.Text.Json;
using Flock.Engine.Common;

namespace Flock.Engine.Targeting;

/// <summary>The outcome of <see cref="RuleJson.Parse"/>: the rule, or every problem found.</summary>
public sealed class RuleParseResult(RuleNode? rule, ValidationResult validation)
{
    /// <summary>The parsed rule; null when there are problems.</summary>
    public RuleNode? Rule { get; } = validation.IsValid ? rule : null;
    public ValidationResult Validation { get; } = validation;
    public IReadOnlyList<Problem> Problems => Validation.Problems;
    public bool IsValid => Validation.IsValid;
}

/// <summary>
/// Reads and writes rules as JSON: groups are <c>{ "match": "all|any|not", "conditions": [ ... ] }</c>, predicates
/// are <c>{ "field": "...", "operator": "...", "value": ... }</c> (no <c>value</c> for <c>is_set</c> / <c>is_not_set</c>).
/// Values are numbers, strings, true/false or arrays of those; dates are <c>"yyyy-MM-dd"</c> strings.
/// </summary>
public static class RuleJson
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 64,
    };

    /// <summary>
    /// Parses rule JSON. Malformed JSON gives one problem with its line and position; otherwise every shape problem
    /// is reported with its path, and when <paramref name="validate"/> is true (the default) a well-shaped rule is also
    /// checked by <see cref="RuleValidator"/> against <paramref name="catalog"/> (default <see cref="TargetingFields.Default"/>).
    /// </summary>
    public static RuleParseResult Parse(string? json, bool validate = true, FieldCatalog? catalog = null)
    {
        if (string.IsNullOrWhiteSpace(json)) return Invalid("", "rule JSON is empty");
        if (json.Length > RuleLimits.MaxJsonLength)
            return Invalid("", $"rule JSON is longer than {RuleLimits.MaxJsonLength} characters");

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            var reason = e.Message;
            var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0) reason = reason[..cut];
            return Invalid("", $"malformed JSON at line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}: {reason}");
        }

        using (document)
        {
            var problems = new ProblemCollector();
            var rule = ReadNode(document.RootElement, "", problems);
            if (problems.HasProblems) return new RuleParseResult(null, problems.ToResult());
            var validation = validate ? RuleValidator.Validate(rule, catalog ?? TargetingFields.Default) : ValidationResult.Valid;
            return new RuleParseResult(rule, validation);
        }
    }

    /// <summary>Writes the JSON shape <see cref="Parse"/> reads (round trip: parsing it gives an equal rule).</summary>
    public static string Write(RuleNode rule, bool indented = false)
    {
        ArgumentNullException.ThrowIfNull(rule);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
            WriteNode(writer, rule);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static RuleParseResult Invalid(string path, string message) =>
        new(null, new ValidationResult([new Problem(path, message)]));

    private static RuleNode? ReadNode(JsonElement element, string path, ProblemCollector problems)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add(path, "expected an object: a group { match, conditions } or a predicate { field, operator, value }");
            return null;
        }
        if (element.TryGetProperty("match", out _) || element.TryGetProperty("conditions", out _))
            return ReadGroup(element, path, problems);
        if (element.TryGetProperty("field", out _) || element.TryGetProperty("operator", out _))
            return ReadPredicate(element, path, problems);
        problems.Add(path, "expected a group { match, conditions } or a predicate { field, operator, value }");
        return null;
    }

    private static RuleGroup? ReadGroup(JsonElement element, string path, ProblemCollector problems)
    {
        RejectUnknownProperties(element, path, problems, "match", "conditions");
        var matchPath = ProblemCollector.Join(path, "match");
        GroupMatch? match = null;
        if (!element.TryGetProperty("match", out var matchElement)) problems.Add(matchPath, "required (all, any or not)");
        else match = matchElement.ValueKind == JsonValueKind.String
            ? matchElement.GetString() switch
            {
                "all" => GroupMatch.All,
                "any" => GroupMatch.Any,
                "not" => GroupMatch.Not,
                _ => null,
            }
            : null;
        if (match is null && matchElement.ValueKind != JsonValueKind.Undefined)
            problems.Add(matchPath, $"expected all, any or not, got {Describe(matchElement)}");

        var conditionsPath = ProblemCollector.Join(path, "conditions");
        var conditions = new List<RuleNode>();
        if (!element.TryGetProperty("conditions", out var list)) problems.Add(conditionsPath, "required (a list of conditions)");
        else if (list.ValueKind != JsonValueKind.Array) problems.Add(conditionsPath, $"expected a list, got {Describe(list)}");
        else
        {
            var i = 0;
            foreach (var item in list.EnumerateArray())
            {
                if (ReadNode(item, ProblemCollector.Index(conditionsPath, i++), problems) is { } node) conditions.Add(node);
            }
        }
        return match is { } known ? new RuleGroup(known, conditions) : null;
    }

    private static RulePredicate? ReadPredicate(JsonElement element, string path, ProblemCollector problems)
    {
        RejectUnknownProperties(element, path, problems, "field", "operator", "value");
        var field = ReadText(element, "field", path, problems);
        var op = ReadText(element, "operator", path, problems);
        RuleValue? value = null;
        var ok = true;
        if (element.TryGetProperty("value", out var valueElement) && valueElement.ValueKind != JsonValueKind.Null)
        {
            value = ReadValue(valueElement, ProblemCollector.Join(path, "value"), problems, allowList: true);
            ok = value is not null;
        }
        return field is not null && op is not null && ok ? new RulePredicate(field, op, value) : null;
    }

    private static string? ReadText(JsonElement element, string name, string path, ProblemCollector problems)
    {
        var propertyPath = ProblemCollector.Join(path, name);
        if (!element.TryGetProperty(name, out var property))
        {
            problems.Add(propertyPath, "required");
            return null;
        }
        if (property.ValueKind == JsonValueKind.String) return property.GetString();
        problems.Add(propertyPath, $"expected a string, got {Describe(property)}");
        return null;
    }

    private static RuleValue? ReadValue(JsonElement element, string path, ProblemCollector problems, bool allowList)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number when element.TryGetDecimal(out var number):
                return new NumberValue(number);
            case JsonValueKind.Number:
                problems.Add(path, "number out of range");
                return null;
            case JsonValueKind.String:
                return new TextValue(element.GetString()!);
            case JsonValueKind.True or JsonValueKind.False:
                return new BoolValue(element.GetBoolean());
            case JsonValueKind.Array when allowList:
                var items = new List<RuleValue>();
                var i = 0;
                var ok = true;
                foreach (var item in element.EnumerateArray())
                {
                    var value = ReadValue(item, ProblemCollector.Index(path, i++), problems, allowList: false);
                    if (value is null) ok = false;
                    else items.Add(value);
                }
                return ok ? new ListValue(items) : null;
            default:
                problems.Add(path, allowList
                    ? $"expected a number, string, true/false or a list of those, got {Describe(element)}"
                    : $"expected a number, string or true/false, got {Describe(element)}");
                return null;
        }
    }

    private static void RejectUnknownProperties(JsonElement element, string path, ProblemCollector problems,
        params string[] known)
    {
        foreach (var property in element.EnumerateObject())
            if (!known.Contains(property.Name))
                problems.Add(ProblemCollector.Join(path, property.Name),
                    $"unknown property (expected {string.Join(", ", known)})");
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => $"'{element.GetString()}'",
        JsonValueKind.Null => "null",
        _ => element.GetRawText(),
    };

    private static void WriteNode(Utf8JsonWriter writer, RuleNode node)
    {
        writer.WriteStartObject();
        switch (node)
        {
            case RuleGroup group:
                writer.WriteString("match", group.Match switch
                {
                    GroupMatch.All => "all",
                    GroupMatch.Any => "any",
                    GroupMatch.Not => "not",
                    _ => throw new ArgumentException($"unknown group match {group.Match}", nameof(node)),
                });
                writer.WriteStartArray("conditions");
                foreach (var condition in group.Conditions) WriteNode(writer, condition);
                writer.WriteEndArray();
                break;
            case RulePredicate predicate:
                writer.WriteString("field", predicate.Field);
                writer.WriteString("operator", predicate.Operator);
                if (predicate.Value is not null)
                {
                    writer.WritePropertyName("value");
                    WriteValue(writer, predicate.Value);
                }
                break;
            default:
                throw new ArgumentException($"unsupported rule node {node.GetType().Name}", nameof(node));
        }
        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, RuleValue value)
    {
        switch (value)
        {
            case NumberValue number: writer.WriteNumberValue(number.Value); break;
            case TextValue text: writer.WriteStringValue(text.Value); break;
            case BoolValue flag: writer.WriteBooleanValue(flag.Value); break;
            case ListValue list:
                writer.WriteStartArray();
                foreach (var item in list.Items) WriteValue(writer, item);
                writer.WriteEndArray();
                break;
            default: throw new ArgumentException($"unsupported rule value {value.GetType().Name}", nameof(value));
        }
    }
}
