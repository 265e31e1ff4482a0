using System.Globalization;
using Flock.Engine.Common;

namespace Flock.Engine.Targeting;

/// <summary>Walks a rule once: collects problems and, when there are none, yields the bound tree the compiler uses.</summary>
internal sealed class RuleBinder
{
    private const string DateFormat = "yyyy-MM-dd";

    private readonly FieldCatalog _catalog;
    private readonly ProblemCollector _problems = new();
    private int _nodes;
    private int _problemCount;

    private RuleBinder(FieldCatalog catalog) => _catalog = catalog;

    public static BoundNode? Bind(RuleNode? rule, FieldCatalog catalog, out ValidationResult result)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var binder = new RuleBinder(catalog);
        BoundNode? bound = null;
        if (rule is null) binder.Report("", "a rule is required");
        else bound = binder.BindNode(rule, "", depth: 1);
        if (binder._nodes > RuleLimits.MaxNodes)
            binder.Report("", $"rule has {binder._nodes} conditions; at most {RuleLimits.MaxNodes} are allowed");
        result = binder._problems.ToResult();
        return result.IsValid ? bound : null;
    }

    private BoundNode? BindNode(RuleNode node, string path, int depth)
    {
        _nodes++;
        if (depth > RuleLimits.MaxDepth)
        {
            Report(path, $"rule is nested deeper than {RuleLimits.MaxDepth} levels");
            return null;
        }
        return node switch
        {
            RuleGroup group => BindGroup(group, path, depth),
            RulePredicate predicate => BindPredicate(predicate, path),
            _ => Fail(path, $"unsupported rule node {node.GetType().Name}"),
        };
    }

    private void Report(string path, string message)
    {
        _problems.Add(path, message);
        _problemCount++;
    }

    private BoundNode? Fail(string path, string message)
    {
        Report(path, message);
        return null;
    }

    private BoundNode? BindGroup(RuleGroup group, string path, int depth)
    {
        if (!Enum.IsDefined(group.Match))
            Report(ProblemCollector.Join(path, "match"), "expected all, any or not");
        var conditionsPath = ProblemCollector.Join(path, "conditions");
        if (group.Conditions is null) return Fail(conditionsPath, "required");
        if (group.Conditions.Count == 0) return Fail(conditionsPath, "a group needs at least one condition");
        if (group.Conditions.Count > RuleLimits.MaxNodes)
        {
            _nodes += group.Conditions.Count;
            return null; // reported as too many conditions at the root
        }
        var children = new BoundNode?[group.Conditions.Count];
        for (var i = 0; i < children.Length; i++)
        {
            var childPath = ProblemCollector.Index(conditionsPath, i);
            children[i] = group.Conditions[i] is { } child
                ? BindNode(child, childPath, depth + 1)
                : Fail(childPath, "missing condition");
        }
        return children.All(c => c is not null) ? new BoundGroup(path, group.Match, children!) : null;
    }

    private BoundNode? BindPredicate(RulePredicate predicate, string path)
    {
        var fieldPath = ProblemCollector.Join(path, "field");
        var operatorPath = ProblemCollector.Join(path, "operator");
        var valuePath = ProblemCollector.Join(path, "value");

        TargetingField? field = null;
        if (string.IsNullOrWhiteSpace(predicate.Field)) Report(fieldPath, "required");
        else if (!_catalog.TryGet(predicate.Field, out field))
        {
            var closest = _catalog.ClosestName(predicate.Field);
            Report(fieldPath, closest is null
                ? $"unknown field '{predicate.Field}'"
                : $"unknown field '{predicate.Field}' (did you mean '{closest}'?)");
        }

        RuleOperator? op = null;
        if (string.IsNullOrWhiteSpace(predicate.Operator)) Report(operatorPath, "required");
        else if (!RuleOperators.TryParse(predicate.Operator, out var parsed))
            Report(operatorPath,
                $"unknown operator '{predicate.Operator}' (known: {string.Join(", ", RuleOperators.Names)})");
        else op = parsed;

        if (field is null || op is not { } known) return null;
        if (!field.Supports(known))
            return Fail(operatorPath,
                $"'{predicate.Operator}' does not apply to {TypeName(field.Type)} field {field.Name} " +
                $"(allowed: {string.Join(", ", field.OperatorNames)})");

        var problemsBefore = _problemCount;
        var operand = BindValue(field, known, predicate.Value, valuePath);
        return _problemCount == problemsBefore ? new BoundPredicate(path, predicate, field, known, operand) : null;
    }

    private object? BindValue(TargetingField field, RuleOperator op, RuleValue? value, string path)
    {
        if (RuleOperators.TakesNoValue(op))
        {
            if (value is not null) Report(path, $"'{RuleOperators.NameOf(op)}' takes no value");
            return null;
        }
        if (value is null)
        {
            Report(path, "a value is required");
            return null;
        }
        return field.Type switch
        {
            FieldType.Number or FieldType.Money => op switch
            {
                RuleOperator.Between => Range(value, path, Number, "numbers"),
                RuleOperator.In or RuleOperator.NotIn => Structs(value, path, Number, "numbers"),
                _ => Number(value, path),
            },
            FieldType.Text => op is RuleOperator.In or RuleOperator.NotIn
                ? List(value, path, Text, "texts")
                : Text(value, path),
            FieldType.Enum => op is RuleOperator.In or RuleOperator.NotIn
                ? List(value, path, (v, p) => EnumName(field, v, p), "names")
                : EnumName(field, value, path),
            FieldType.Bool => value is BoolValue flag ? flag.Value : Problem<bool>(path, "expected true or false"),
            FieldType.IdSet => Structs(value, path, Id, "ids")?.Distinct().ToArray(),
            FieldType.TextSet => List(value, path, Text, "texts")
                ?.Distinct(StringComparer.OrdinalIgnoreCase).ToArray(),
            FieldType.Date => op == RuleOperator.Between ? Range(value, path, Date, "dates") : Date(value, path),
            _ => Problem<object>(path, $"unsupported field type {field.Type}"),
        };
    }

    private T? Problem<T>(string path, string message)
    {
        Report(path, message);
        return default;
    }

    private decimal? Number(RuleValue value, string path) =>
        value is NumberValue number ? number.Value : Problem<decimal?>(path, "expected a number");

    private int? Id(RuleValue value, string path) =>
        value is NumberValue { Value: var n } && n == decimal.Truncate(n) && n is >= int.MinValue and <= int.MaxValue
            ? (int)n
            : Problem<int?>(path, "expected a whole number (an id)");

    private string? Text(RuleValue value, string path)
    {
        if (value is not TextValue { Value: { } text }) return Problem<string>(path, "expected a text");
        var trimmed = text.Trim();
        if (trimmed.Length == 0) return Problem<string>(path, "expected a non-blank text");
        if (trimmed.Length > RuleLimits.MaxTextLength)
            return Problem<string>(path, $"text is longer than {RuleLimits.MaxTextLength} characters");
        return trimmed;
    }

    private string? EnumName(TargetingField field, RuleValue value, string path)
    {
        if (Text(value, path) is not { } name) return null;
        var lower = name.ToLowerInvariant();
        return field.AllowedValues.Contains(lower)
            ? lower
            : Problem<string>(path, $"'{name}' is not one of: {string.Join(", ", field.AllowedValues)}");
    }

    private DateOnly? Date(RuleValue value, string path) =>
        value is TextValue { Value: { } text } &&
        DateOnly.TryParseExact(text.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : Problem<DateOnly?>(path, $"expected a date as {DateFormat}");

    private T[]? List<T>(RuleValue value, string path, Func<RuleValue, string, T?> item, string what)
        where T : class
    {
        if (value is not ListValue { Items: { } items }) return Problem<T[]>(path, $"expected a list of {what}");
        if (items.Count == 0) return Problem<T[]>(path, $"expected a non-empty list of {what}");
        if (items.Count > RuleLimits.MaxListItems)
            return Problem<T[]>(path, $"list has {items.Count} items; at most {RuleLimits.MaxListItems} are allowed");
        var result = new T[items.Count];
        var ok = true;
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = ProblemCollector.Index(path, i);
            var converted = items[i] is null ? Problem<T>(itemPath, "missing item") : item(items[i], itemPath);
            if (converted is null) ok = false;
            else result[i] = converted;
        }
        return ok ? result : null;
    }

    private T[]? Range<T>(RuleValue value, string path, Func<RuleValue, string, T?> bound, string what)
        where T : struct, IComparable<T>
    {
        if (value is not ListValue { Items.Count: 2 } pair)
            return Problem<T[]>(path, $"expected [min, max]: a list of 2 {what}");
        var bounds = Structs(pair, path, bound, what);
        if (bounds is null) return null;
        if (bounds[0].CompareTo(bounds[1]) > 0)
            return Problem<T[]>(path, $"between bounds reversed: {Format(bounds[0])} is after {Format(bounds[1])}");
        return bounds;
    }

    private T[]? Structs<T>(RuleValue value, string path, Func<RuleValue, string, T?> item, string what)
        where T : struct
    {
        var boxed = List<object>(value, path, (v, p) => item(v, p) is { } x ? x : null, what);
        return boxed?.Select(x => (T)x).ToArray();
    }

    private static string Format(object value) => value switch
    {
        DateOnly date => date.ToString(DateFormat, CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    internal static string TypeName(FieldType type) => type switch
    {
        FieldType.IdSet => "id set",
        FieldType.TextSet => "text set",
        _ => type.ToString().ToLowerInvariant(),
    };
}
