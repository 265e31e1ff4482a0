using Nop.Core;

namespace Nop.Plugin.Misc.Flock.Domain;

/// <summary>A referral campaign; its whole engine configuration is stored as JSON (the engine's CampaignConfig).</summary>
public class FlockCampaign : BaseEntity
{
    public string Name { get; set; }

    /// <summary>Draft, Active, Paused or Archived (the engine's CampaignStatus name).</summary>
    public string Status { get; set; }

    public int Priority { get; set; }

    /// <summary>Bumped when creatives change: a new version starts a new creative experiment.</summary>
    public int Version { get; set; }

    public string ConfigJson { get; set; }

    public DateTime CreatedOnUtc { get; set; }

    public DateTime UpdatedOnUtc { get; set; }
}
