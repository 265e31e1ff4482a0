using System.Linq.Expressions;
using System.Reflection;
using Flock.Engine.Snapshots;

namespace Flock.Engine.Targeting;

/// <summary>
/// Builds the expression of a bound rule over a context parameter. Field readers are inlined and comparisons call
/// the sealed matchers directly, so a compiled rule is one delegate with no virtual or delegate calls inside:
/// that is what makes evaluating many rules cheap (indirect calls through varying targets mispredict).
/// Values prepared at compile time (bounds, sets) become constants.
/// </summary>
internal static class PredicateExpressions
{
    public static Func<DecisionContext, bool> CompileRule(BoundNode root)
    {
        var context = Expression.Parameter(typeof(DecisionContext), "context");
        return Expression.Lambda<Func<DecisionContext, bool>>(Build(root, context), context).Compile();
    }

    public static Func<DecisionContext, bool> CompilePredicate(BoundPredicate predicate)
    {
        var context = Expression.Parameter(typeof(DecisionContext), "context");
        return Expression.Lambda<Func<DecisionContext, bool>>(Predicate(predicate, context), context).Compile();
    }

    /// <summary>Rough relative cost of evaluating a node, used to try cheap conditions first.</summary>
    public static int Cost(BoundNode node) => node switch
    {
        BoundGroup group => group.Conditions.Sum(Cost),
        BoundPredicate { Operator: RuleOperator.IsSet or RuleOperator.IsNotSet } => 1,
        BoundPredicate predicate => predicate.Field.Type switch
        {
            FieldType.Text or FieldType.Enum => predicate.Operator is RuleOperator.In or RuleOperator.NotIn ? 3 : 2,
            FieldType.IdSet or FieldType.TextSet => predicate.Operator == RuleOperator.ContainsAll ? 8 : 6,
            _ => 1,
        },
        _ => 1,
    };

    private static Expression Build(BoundNode node, ParameterExpression context) => node switch
    {
        BoundGroup group => Group(group, context),
        BoundPredicate predicate => Predicate(predicate, context),
        _ => throw new InvalidOperationException($"internal: unknown bound node {node.GetType().Name}"),
    };

    /// <summary>Conditions are pure, so evaluating the cheapest first changes only how soon the group can stop.</summary>
    private static Expression Group(BoundGroup group, ParameterExpression context)
    {
        var conditions = group.Conditions.OrderBy(Cost).Select(c => Build(c, context)).ToArray();
        return group.Match switch
        {
            GroupMatch.All => conditions.Aggregate(Expression.AndAlso),
            GroupMatch.Any => conditions.Aggregate(Expression.OrElse),
            _ => Expression.Not(conditions.Aggregate(Expression.OrElse)),
        };
    }

    private static Expression Predicate(BoundPredicate predicate, ParameterExpression context)
    {
        var read = Expression.Invoke(predicate.Field.ReadExpression, context); // inlined by the compiler
        var op = predicate.Operator;
        var operand = predicate.Operand;
        return predicate.Field switch
        {
            NumberField => op switch
            {
                RuleOperator.In => Call(new NumberSet((decimal[])operand!), nameof(NumberSet.In), read),
                RuleOperator.NotIn => Call(new NumberSet((decimal[])operand!), nameof(NumberSet.NotIn), read),
                _ => Scalar<decimal>(read, op, operand),
            },
            DateField => Scalar<DateOnly>(read, op, operand),
            BoolField => Scalar<bool>(read, op, operand),
            TextField => op switch
            {
                RuleOperator.IsSet => Expression.Call(Method(typeof(TextMatch), nameof(TextMatch.IsPresent)), read),
                RuleOperator.IsNotSet => Expression.Not(Expression.Call(Method(typeof(TextMatch), nameof(TextMatch.IsPresent)), read)),
                RuleOperator.Eq => Expression.Call(Method(typeof(TextMatch), nameof(TextMatch.Equal)), read, Expression.Constant(operand)),
                RuleOperator.Neq => Expression.Call(Method(typeof(TextMatch), nameof(TextMatch.NotEqual)), read, Expression.Constant(operand)),
                RuleOperator.In => Call(new TextMatchSet((string[])operand!), nameof(TextMatchSet.In), read),
                RuleOperator.NotIn => Call(new TextMatchSet((string[])operand!), nameof(TextMatchSet.NotIn), read),
                _ => throw Unsupported(predicate),
            },
            IdSetField => op switch
            {
                RuleOperator.IsSet => Expression.Property(read, nameof(IdSequence.IsPresent)),
                RuleOperator.IsNotSet => Expression.Not(Expression.Property(read, nameof(IdSequence.IsPresent))),
                RuleOperator.ContainsAny => Call(new IdMatchSet((int[])operand!), nameof(IdMatchSet.AnyIn), read),
                RuleOperator.ContainsNone => Call(new IdMatchSet((int[])operand!), nameof(IdMatchSet.NoneIn), read),
                RuleOperator.ContainsAll => Call(new IdAllSet((int[])operand!), nameof(IdAllSet.ContainsAll), read),
                _ => throw Unsupported(predicate),
            },
            TextSetField => op switch
            {
                RuleOperator.IsSet => Expression.NotEqual(read, Expression.Constant(null, read.Type)),
                RuleOperator.IsNotSet => Expression.Equal(read, Expression.Constant(null, read.Type)),
                RuleOperator.ContainsAny => Call(new TextMatchSet((string[])operand!), nameof(TextMatchSet.AnyIn), read),
                RuleOperator.ContainsNone => Call(new TextMatchSet((string[])operand!), nameof(TextMatchSet.NoneIn), read),
                RuleOperator.ContainsAll => Call(new TextAllSet((string[])operand!), nameof(TextAllSet.ContainsAll), read),
                _ => throw Unsupported(predicate),
            },
            _ => throw Unsupported(predicate),
        };
    }

    /// <summary><c>{ T? v = read; v.HasValue &amp;&amp; v.Value OP x }</c> for nullable value fields.</summary>
    private static Expression Scalar<T>(Expression read, RuleOperator op, object? operand) where T : struct
    {
        var value = Expression.Variable(typeof(T?), "value");
        var hasValue = Expression.Property(value, nameof(Nullable<T>.HasValue));
        var actual = Expression.Call(value, typeof(T?).GetMethod(nameof(Nullable<T>.GetValueOrDefault), Type.EmptyTypes)!);
        Expression test = op switch
        {
            RuleOperator.IsSet => hasValue,
            RuleOperator.IsNotSet => Expression.Not(hasValue),
            RuleOperator.Between => Expression.AndAlso(hasValue, Expression.AndAlso(
                Expression.GreaterThanOrEqual(actual, Constant<T>(operand, 0)),
                Expression.LessThanOrEqual(actual, Constant<T>(operand, 1)))),
            _ => Expression.AndAlso(hasValue, op switch
            {
                RuleOperator.Eq => Expression.Equal(actual, Constant<T>(operand)),
                RuleOperator.Neq => Expression.NotEqual(actual, Constant<T>(operand)),
                RuleOperator.Gt or RuleOperator.After => Expression.GreaterThan(actual, Constant<T>(operand)),
                RuleOperator.Gte => Expression.GreaterThanOrEqual(actual, Constant<T>(operand)),
                RuleOperator.Lt or RuleOperator.Before => Expression.LessThan(actual, Constant<T>(operand)),
                RuleOperator.Lte => Expression.LessThanOrEqual(actual, Constant<T>(operand)),
                _ => throw new InvalidOperationException($"internal: no compilation for {op} on {typeof(T).Name}"),
            }),
        };
        return Expression.Block(typeof(bool), [value], Expression.Assign(value, read), test);
    }

    private static ConstantExpression Constant<T>(object? operand, int index = -1) =>
        Expression.Constant(index < 0 ? (T)operand! : ((T[])operand!)[index], typeof(T));

    private static MethodCallExpression Call(object matcher, string method, Expression argument) =>
        Expression.Call(Expression.Constant(matcher), matcher.GetType().GetMethod(method)!, argument);

    private static MethodInfo Method(Type type, string name) => type.GetMethod(name, BindingFlags.Public | BindingFlags.Static)!;

    private static InvalidOperationException Unsupported(BoundPredicate predicate) =>
        new($"internal: no compilation for {predicate.Operator} on {predicate.Field} (the binder should have rejected it)");
}
