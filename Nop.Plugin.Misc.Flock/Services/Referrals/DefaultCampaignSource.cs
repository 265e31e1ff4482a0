using Flock.Engine.Referrals.Programme;
using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Services.Referrals;

/// <summary>The campaign that works right after install (R13): the engine's <see cref="DefaultCampaign"/>.</summary>
public class DefaultCampaignSource
{
    public virtual FlockCampaign Create()
    {
        var config = DefaultCampaign.Create(name: FlockDefaults.DefaultCampaignName);
        return new FlockCampaign
        {
            Name = config.Name,
            Status = config.Status.ToString(),
            Priority = config.Priority,
            Version = config.Version,
            ConfigJson = CampaignConfigJson.Write(config)
        };
    }
}
