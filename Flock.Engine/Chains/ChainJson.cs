using System.Text.Json;
using Flock.Engine.Common;

namespace Flock.Engine.Chains;

/// <summary>The outcome of <see cref="ChainJson.Parse"/>: the chain, or every problem found.</summary>
public sealed class ChainParseResult(ChainDefinition? chain, ValidationResult validation)
{
    /// <summary>The parsed, valid chain; null when there are problems.</summary>
    public ChainDefinition? Chain { get; } = validation.IsValid ? chain : null;
    public ValidationResult Validation { get; } = validation;
    public IReadOnlyList<Problem> Problems => Validation.Problems;
    public bool IsValid => Validation.IsValid;
}

/// <summary>
/// Reads and writes a <see cref="ChainDefinition"/> as one JSON document (the shape of campaigns: camelCase, enums as
/// strings, rules in <see cref="Targeting.RuleJson"/>'s shape, durations as "1.00:00:00", times as "09:00"). Each step is
/// an object with a "type": wait, waitUntil, branch, send, coupon, points, exit. Never throws on bad input.
/// </summary>
public static class ChainJson
{
    public const int MaxJsonLength = 1_000_000;
    private static readonly string[] StepTypes = ["wait", "waitUntil", "branch", "send", "coupon", "points", "exit"];
    private static readonly JsonSerializerOptions Options = ConfigJson.CreateOptions(indented: false);
    private static readonly JsonSerializerOptions IndentedOptions = ConfigJson.CreateOptions(indented: true);

    public static ChainParseResult Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return Invalid("", "chain JSON is empty");
        if (json.Length > MaxJsonLength) return Invalid("", $"chain JSON is longer than {MaxJsonLength} characters");
        var problems = new ProblemCollector();
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return Invalid("", "expected a JSON object");
            ScanShapes(root, problems);
        }
        catch (JsonException e)
        {
            return Invalid("", $"malformed JSON at line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}: {ConfigJson.Trim(e.Message)}");
        }
        // a step without a readable type or a rule of the wrong shape would stop the reader at its first problem
        if (problems.HasProblems) return new ChainParseResult(null, problems.ToResult());

        ChainDefinition? chain;
        try
        {
            chain = JsonSerializer.Deserialize<ChainDefinition>(json, Options);
        }
        catch (JsonException e)
        {
            problems.Add(ConfigJson.ToPath(e.Path), MissingOrType(e));
            return new ChainParseResult(null, problems.ToResult());
        }
        if (chain is null) return Invalid("", "expected a JSON object");
        foreach (var problem in chain.Validate().Problems) problems.Add(problem.Path, problem.Message);
        return new ChainParseResult(chain, problems.ToResult());
    }

    /// <summary>Writes the shape <see cref="Parse"/> reads; parsing it back and writing again gives the same JSON.</summary>
    public static string Write(ChainDefinition chain, bool indented = false)
    {
        ArgumentNullException.ThrowIfNull(chain);
        return JsonSerializer.Serialize(chain, indented ? IndentedOptions : Options);
    }

    private static void ScanShapes(JsonElement root, ProblemCollector problems)
    {
        if (root.TryGetProperty("conditions", out var conditions) && conditions.ValueKind != JsonValueKind.Null)
            ConfigJson.AddRuleShapeProblems(problems, "conditions", conditions);
        if (root.TryGetProperty("steps", out var steps) && steps.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var step in steps.EnumerateArray())
            {
                var path = ProblemCollector.Index("steps", i++);
                if (step.ValueKind != JsonValueKind.Object) { problems.Add(path, "expected an object"); continue; }
                if (!step.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
                    problems.Add(ProblemCollector.Join(path, "type"), $"required: one of {string.Join(", ", StepTypes)}");
                else if (!StepTypes.Contains(type.GetString(), StringComparer.Ordinal))
                    problems.Add(ProblemCollector.Join(path, "type"), $"unknown step type '{type.GetString()}'; expected one of {string.Join(", ", StepTypes)}");
                if (step.TryGetProperty("condition", out var condition) && condition.ValueKind != JsonValueKind.Null)
                    ConfigJson.AddRuleShapeProblems(problems, ProblemCollector.Join(path, "condition"), condition);
            }
        }
        if (root.TryGetProperty("exitGoals", out var goals) && goals.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var goal in goals.EnumerateArray())
            {
                var path = ProblemCollector.Index("exitGoals", i++);
                if (goal.ValueKind == JsonValueKind.Object && goal.TryGetProperty("rule", out var rule) && rule.ValueKind != JsonValueKind.Null)
                    ConfigJson.AddRuleShapeProblems(problems, ProblemCollector.Join(path, "rule"), rule);
            }
        }
    }

    private static string MissingOrType(JsonException e)
    {
        var message = ConfigJson.Trim(e.Message);
        const string missing = "missing required properties including: ";
        var at = message.IndexOf(missing, StringComparison.Ordinal);
        return at >= 0 ? "missing " + message[(at + missing.Length)..].TrimEnd('.').Replace("'", "", StringComparison.Ordinal) : ConfigJson.TypeMessage(e);
    }

    private static ChainParseResult Invalid(string path, string message) => new(null, new ValidationResult([new Problem(path, message)]));
}
