using Nop.Core;

namespace Nop.Plugin.Misc.Flock.Domain;

/// <summary>An analytics event (widget shown, share clicked...) for the KPI dashboard.</summary>
public class FlockEvent : BaseEntity
{
    /// <summary>See <see cref="FlockEventKinds"/>.</summary>
    public string Kind { get; set; }

    public int CampaignId { get; set; }

    public string Variant { get; set; }

    public int CustomerId { get; set; }

    public string Channel { get; set; }

    public DateTime CreatedOnUtc { get; set; }
}

/// <summary>Names stored in <see cref="FlockEvent.Kind"/>.</summary>
public static class FlockEventKinds
{
    public const string WidgetShown = "WidgetShown";
    public const string ShareClicked = "ShareClicked";
    public const string LinkCopied = "LinkCopied";
    public const string HoldoutSkipped = "HoldoutSkipped";
}
