using System.Globalization;
using System.Linq.Expressions;
using Flock.Engine.Snapshots;

namespace Flock.Engine.Targeting;

/// <summary>
/// One field a rule can test: its documented name, type, the operators that apply and how to read it from a
/// <see cref="DecisionContext"/>. Readers are expressions (compiled rules inline them); they must be pure and must
/// not allocate (they run on every evaluation). Expression lambdas cannot use <c>?.</c> or <c>switch</c>: write
/// <c>c.Order != null ? c.Order.Total : (decimal?)null</c>, or call a static helper.
/// Create fields with the factory methods (<see cref="Number"/>, <see cref="Text"/>, ...).
/// </summary>
public abstract class TargetingField
{
    private static readonly RuleOperator[] Presence = [RuleOperator.IsSet, RuleOperator.IsNotSet];

    private protected TargetingField(string name, FieldType type, string description, LambdaExpression read,
        bool canBeAbsent, IReadOnlyList<string>? allowedValues = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(read);
        Name = name;
        ReadExpression = read;
        Type = type;
        Description = description;
        CanBeAbsent = canBeAbsent;
        AllowedValues = Array.AsReadOnly(allowedValues?.ToArray() ?? []);
        var operators = OperatorsFor(type);
        Operators = canBeAbsent ? [.. operators, .. Presence] : operators;
        OperatorNames = Array.AsReadOnly(Operators.Select(RuleOperators.NameOf).ToArray());
    }

    /// <summary>The name rules use, e.g. <c>order.total</c>.</summary>
    public string Name { get; }
    public FieldType Type { get; }
    /// <summary>One sentence for the admin UI.</summary>
    public string Description { get; }
    /// <summary>Whether the value can be absent; such fields also accept <c>is_set</c> / <c>is_not_set</c>.</summary>
    public bool CanBeAbsent { get; }
    /// <summary>The names an <see cref="FieldType.Enum"/> field takes (lower case); empty for other types.</summary>
    public IReadOnlyList<string> AllowedValues { get; }
    public IReadOnlyList<RuleOperator> Operators { get; }
    /// <summary>The JSON names of <see cref="Operators"/>, for dropdowns.</summary>
    public IReadOnlyList<string> OperatorNames { get; }
    /// <summary>How the field is read from a context: <c>Expression&lt;Func&lt;DecisionContext, T&gt;&gt;</c>.</summary>
    public LambdaExpression ReadExpression { get; }

    public bool Supports(RuleOperator op) => Operators.Contains(op);

    /// <summary>The field's value in a context as explanations print it; <c>absent</c> when there is none.</summary>
    public abstract string DescribeValue(DecisionContext context);

    public override string ToString() => $"{Name} ({Type})";

    /// <summary>The operators a type supports (before the presence checks of optional fields).</summary>
    public static IReadOnlyList<RuleOperator> OperatorsFor(FieldType type) => type switch
    {
        FieldType.Number => [RuleOperator.Eq, RuleOperator.Neq, RuleOperator.Gt, RuleOperator.Gte, RuleOperator.Lt,
            RuleOperator.Lte, RuleOperator.Between, RuleOperator.In, RuleOperator.NotIn],
        FieldType.Money => [RuleOperator.Eq, RuleOperator.Neq, RuleOperator.Gt, RuleOperator.Gte, RuleOperator.Lt,
            RuleOperator.Lte, RuleOperator.Between],
        FieldType.Text or FieldType.Enum => [RuleOperator.Eq, RuleOperator.Neq, RuleOperator.In, RuleOperator.NotIn],
        FieldType.Bool => [RuleOperator.Eq, RuleOperator.Neq],
        FieldType.IdSet or FieldType.TextSet =>
            [RuleOperator.ContainsAny, RuleOperator.ContainsAll, RuleOperator.ContainsNone],
        FieldType.Date => [RuleOperator.Eq, RuleOperator.Neq, RuleOperator.Before, RuleOperator.After,
            RuleOperator.Between],
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static NumberField Number(string name, string description, Expression<Func<DecisionContext, decimal?>> read,
        bool canBeAbsent = false) => new(name, FieldType.Number, description, read, canBeAbsent);

    public static NumberField Money(string name, string description, Expression<Func<DecisionContext, decimal?>> read,
        bool canBeAbsent = false) => new(name, FieldType.Money, description, read, canBeAbsent);

    public static TextField Text(string name, string description, Expression<Func<DecisionContext, string?>> read,
        bool canBeAbsent = true) => new(name, FieldType.Text, description, read, canBeAbsent, null);

    /// <summary>An enum field; <paramref name="read"/> must return one of <paramref name="allowedValues"/> (or null when absent).</summary>
    public static TextField Enum(string name, string description, IReadOnlyList<string> allowedValues,
        Expression<Func<DecisionContext, string?>> read, bool canBeAbsent = false) =>
        new(name, FieldType.Enum, description, read, canBeAbsent, allowedValues);

    public static BoolField Bool(string name, string description, Expression<Func<DecisionContext, bool?>> read,
        bool canBeAbsent = false) => new(name, description, read, canBeAbsent);

    public static IdSetField IdSet(string name, string description, Expression<Func<DecisionContext, IdSequence>> read,
        bool canBeAbsent = false) => new(name, description, read, canBeAbsent);

    public static TextSetField TextSet(string name, string description,
        Expression<Func<DecisionContext, IReadOnlyList<string>?>> read, bool canBeAbsent = false) =>
        new(name, description, read, canBeAbsent);

    public static DateField Date(string name, string description, Expression<Func<DecisionContext, DateOnly?>> read,
        bool canBeAbsent = false) => new(name, description, read, canBeAbsent);

    internal const string AbsentText = "absent";

    internal static string Quote(string text) => $"\"{text}\"";
}

/// <summary>A <see cref="FieldType.Number"/> or <see cref="FieldType.Money"/> field; null reads as absent.</summary>
public sealed class NumberField : TargetingField
{
    internal NumberField(string name, FieldType type, string description, Expression<Func<DecisionContext, decimal?>> read,
        bool canBeAbsent) : base(name, type, description, read, canBeAbsent)
    {
        _read = read;
        if (type is not (FieldType.Number or FieldType.Money))
            throw new ArgumentOutOfRangeException(nameof(type), type, "a number field is Number or Money");
    }

    private readonly Expression<Func<DecisionContext, decimal?>> _read;
    private Func<DecisionContext, decimal?>? _compiled;

    /// <summary>The reader as a delegate (compiled on first use; rules inline <see cref="TargetingField.ReadExpression"/> instead).</summary>
    public Func<DecisionContext, decimal?> Read => _compiled ??= _read.Compile();

    public override string DescribeValue(DecisionContext context) =>
        Read(context)?.ToString(CultureInfo.InvariantCulture) ?? AbsentText;
}

/// <summary>A <see cref="FieldType.Text"/> or <see cref="FieldType.Enum"/> field; null or blank reads as absent.</summary>
public sealed class TextField : TargetingField
{
    internal TextField(string name, FieldType type, string description, Expression<Func<DecisionContext, string?>> read,
        bool canBeAbsent, IReadOnlyList<string>? allowedValues) : base(name, type, description, read, canBeAbsent,
        allowedValues?.Select(v => v.Trim().ToLowerInvariant()).ToArray())
    {
        _read = read;
        if (type is not (FieldType.Text or FieldType.Enum))
            throw new ArgumentOutOfRangeException(nameof(type), type, "a text field is Text or Enum");
        if (type == FieldType.Enum && AllowedValues.Count == 0)
            throw new ArgumentException("an enum field needs its allowed values", nameof(allowedValues));
    }

    private readonly Expression<Func<DecisionContext, string?>> _read;
    private Func<DecisionContext, string?>? _compiled;

    /// <summary>The reader as a delegate (compiled on first use; rules inline <see cref="TargetingField.ReadExpression"/> instead).</summary>
    public Func<DecisionContext, string?> Read => _compiled ??= _read.Compile();

    public override string DescribeValue(DecisionContext context) =>
        Read(context) is { } text && !string.IsNullOrWhiteSpace(text) ? Quote(text.Trim()) : AbsentText;
}

/// <summary>A <see cref="FieldType.Bool"/> field; null reads as absent.</summary>
public sealed class BoolField : TargetingField
{
    internal BoolField(string name, string description, Expression<Func<DecisionContext, bool?>> read, bool canBeAbsent)
        : base(name, FieldType.Bool, description, read, canBeAbsent) => _read = read;

    private readonly Expression<Func<DecisionContext, bool?>> _read;
    private Func<DecisionContext, bool?>? _compiled;

    /// <summary>The reader as a delegate (compiled on first use; rules inline <see cref="TargetingField.ReadExpression"/> instead).</summary>
    public Func<DecisionContext, bool?> Read => _compiled ??= _read.Compile();

    public override string DescribeValue(DecisionContext context) =>
        Read(context) switch { true => "true", false => "false", null => AbsentText };
}

/// <summary>An <see cref="FieldType.IdSet"/> field.</summary>
public sealed class IdSetField : TargetingField
{
    internal IdSetField(string name, string description, Expression<Func<DecisionContext, IdSequence>> read, bool canBeAbsent)
        : base(name, FieldType.IdSet, description, read, canBeAbsent) => _read = read;

    private readonly Expression<Func<DecisionContext, IdSequence>> _read;
    private Func<DecisionContext, IdSequence>? _compiled;

    /// <summary>The reader as a delegate (compiled on first use; rules inline <see cref="TargetingField.ReadExpression"/> instead).</summary>
    public Func<DecisionContext, IdSequence> Read => _compiled ??= _read.Compile();

    public override string DescribeValue(DecisionContext context)
    {
        var ids = Read(context);
        if (!ids.IsPresent) return AbsentText;
        var distinct = new SortedSet<int>();
        foreach (var id in ids) distinct.Add(id);
        return $"[{string.Join(", ", distinct)}]";
    }
}

/// <summary>A <see cref="FieldType.TextSet"/> field; null reads as absent, blank items are ignored.</summary>
public sealed class TextSetField : TargetingField
{
    internal TextSetField(string name, string description, Expression<Func<DecisionContext, IReadOnlyList<string>?>> read,
        bool canBeAbsent) : base(name, FieldType.TextSet, description, read, canBeAbsent) => _read = read;

    private readonly Expression<Func<DecisionContext, IReadOnlyList<string>?>> _read;
    private Func<DecisionContext, IReadOnlyList<string>?>? _compiled;

    /// <summary>The reader as a delegate (compiled on first use; rules inline <see cref="TargetingField.ReadExpression"/> instead).</summary>
    public Func<DecisionContext, IReadOnlyList<string>?> Read => _compiled ??= _read.Compile();

    public override string DescribeValue(DecisionContext context) => Read(context) is { } items
        ? $"[{string.Join(", ", items.Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => Quote(i.Trim())))}]"
        : AbsentText;
}

/// <summary>A <see cref="FieldType.Date"/> field; null reads as absent.</summary>
public sealed class DateField : TargetingField
{
    internal DateField(string name, string description, Expression<Func<DecisionContext, DateOnly?>> read, bool canBeAbsent)
        : base(name, FieldType.Date, description, read, canBeAbsent) => _read = read;

    private readonly Expression<Func<DecisionContext, DateOnly?>> _read;
    private Func<DecisionContext, DateOnly?>? _compiled;

    /// <summary>The reader as a delegate (compiled on first use; rules inline <see cref="TargetingField.ReadExpression"/> instead).</summary>
    public Func<DecisionContext, DateOnly?> Read => _compiled ??= _read.Compile();

    public override string DescribeValue(DecisionContext context) =>
        Read(context)?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? AbsentText;
}
