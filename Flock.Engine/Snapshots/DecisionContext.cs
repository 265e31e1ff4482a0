namespace Flock.Engine.Snapshots;

/// <summary>
/// Everything one targeting decision looks at: who, what they bought or hold, where and when.
/// A plain bag of snapshots so a compiled rule can read it without allocating.
/// </summary>
public sealed record DecisionContext
{
    public required CustomerSnapshot Customer { get; init; }
    /// <summary>The order that triggered the decision, if any.</summary>
    public OrderSnapshot? Order { get; init; }
    public CartSnapshot? Cart { get; init; }
    public int StoreId { get; init; }
    /// <summary>Two-letter ISO language code of the shopper's working language (e.g. "ru").</summary>
    public string? LanguageCode { get; init; }
    /// <summary>The moment of the decision; its offset is the store's local offset (time windows use local time).</summary>
    public required DateTimeOffset Now { get; init; }
}
