using System.Text.Json;
using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Services;

/// <summary>
/// The campaign that works right after install (R13). The one place that knows its content, so the engine's own
/// default (once it exists) replaces it here and nowhere else.
/// </summary>
public class DefaultCampaignSource
{
    public virtual FlockCampaign Create()
    {
        var config = new
        {
            triggers = new[] { "OrderPlaced" },
            friendOffer = new { kind = "Percent", value = 5m, minimumSubtotal = 0m, expiresAfterDays = 30 },
            referrerReward = new { kind = "PercentCoupon", value = 10m, returnWindowDays = 14, requiresManualApproval = false },
            channels = new[] { "vk", "ok", "facebook", "x", "telegram", "whatsapp", "email", "copy", "native", "qr", "embed" },
        };

        return new FlockCampaign
        {
            Name = FlockDefaults.DefaultCampaignName,
            Status = "Active",
            Priority = 0,
            Version = 1,
            ConfigJson = JsonSerializer.Serialize(config)
        };
    }
}
