namespace Flock.Engine.Targeting;

/// <summary>The kind of value a targeting field holds; it decides which operators and values apply.</summary>
public enum FieldType
{
    /// <summary>A plain number (counts, days, hours, ids).</summary>
    Number,
    /// <summary>An amount in the store's primary currency.</summary>
    Money,
    /// <summary>Free text, compared trimmed and case-insensitively; blank text counts as absent.</summary>
    Text,
    /// <summary>One of a fixed list of names (see <see cref="TargetingField.AllowedValues"/>), compared case-insensitively.</summary>
    Enum,
    /// <summary>True or false.</summary>
    Bool,
    /// <summary>A set of whole-number ids (products, categories, manufacturers).</summary>
    IdSet,
    /// <summary>A set of names (customer roles), compared trimmed and case-insensitively.</summary>
    TextSet,
    /// <summary>A calendar date, written <c>yyyy-MM-dd</c> in JSON.</summary>
    Date,
}
