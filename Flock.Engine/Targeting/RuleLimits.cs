namespace Flock.Engine.Targeting;

/// <summary>Guards against rules too large to be an admin's intent (and too costly to evaluate).</summary>
public static class RuleLimits
{
    /// <summary>Nesting levels of groups and predicates; a root predicate is depth 1.</summary>
    public const int MaxDepth = 8;
    /// <summary>Groups plus predicates in one rule.</summary>
    public const int MaxNodes = 256;
    /// <summary>Items in one list value.</summary>
    public const int MaxListItems = 1000;
    /// <summary>Characters in one text value.</summary>
    public const int MaxTextLength = 256;
    /// <summary>Characters of rule JSON accepted by <see cref="RuleJson.Parse"/>.</summary>
    public const int MaxJsonLength = 256 * 1024;
}
