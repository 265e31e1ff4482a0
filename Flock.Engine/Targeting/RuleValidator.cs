using Flock.Engine.Common;

namespace Flock.Engine.Targeting;

/// <summary>
/// Checks a rule against a field catalog and reports EVERY problem with its path, e.g.
/// <c>conditions[2].value: expected a number</c> or <c>conditions[0].field: unknown field 'order.totl' (did you mean 'order.total'?)</c>.
/// </summary>
public static class RuleValidator
{
    /// <summary>Validates against <see cref="TargetingFields.Default"/>.</summary>
    public static ValidationResult Validate(RuleNode? rule) => Validate(rule, TargetingFields.Default);

    public static ValidationResult Validate(RuleNode? rule, FieldCatalog catalog)
    {
        RuleBinder.Bind(rule, catalog, out var result);
        return result;
    }
}
