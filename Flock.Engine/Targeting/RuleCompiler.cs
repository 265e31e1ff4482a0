using Flock.Engine.Common;

namespace Flock.Engine.Targeting;

/// <summary>
/// Compiles a rule once into a single delegate (an expression tree with field readers inlined and bounds and sets
/// precomputed). The result is immutable, thread-safe and evaluates without allocating. Compile each rule version
/// once (<see cref="CompiledRuleCache"/>) and reuse it.
/// </summary>
public static class RuleCompiler
{
    /// <summary>Compiles against <see cref="TargetingFields.Default"/>.</summary>
    /// <exception cref="FlockValidationException">The rule is invalid; lists every problem.</exception>
    public static CompiledRule Compile(RuleNode rule) => Compile(rule, TargetingFields.Default);

    /// <exception cref="FlockValidationException">The rule is invalid; lists every problem.</exception>
    public static CompiledRule Compile(RuleNode rule, FieldCatalog catalog)
    {
        var bound = RuleBinder.Bind(rule, catalog, out var result);
        result.ThrowIfInvalid("targeting rule");
        return new CompiledRule(rule, bound!, PredicateExpressions.CompileRule(bound!));
    }
}
