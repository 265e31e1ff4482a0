using Microsoft.AspNetCore.WebUtilities;
using Nop.Core.Domain.Stores;

namespace Nop.Plugin.Misc.Flock.Services.Chains;

/// <summary>
/// Signed open-pixel and click-redirect links of a chain message (T6): <c>{store}/flock/o/{actionId}/{signature}</c> and
/// <c>{store}/flock/c/{actionId}/{signature}?u={target}</c>. They carry the action's id only — no address, no name; the
/// click signature covers the target, so the redirect cannot be turned into an open redirect to another site, and the
/// ids cannot be walked to fake opens of other customers' messages.
/// </summary>
public class TrackingLinks
{
    protected readonly FlockSettings _flockSettings;

    public TrackingLinks(FlockSettings flockSettings)
    {
        _flockSettings = flockSettings;
    }

    public virtual string OpenUrl(Store store, int actionId) =>
        $"{store.Url.TrimEnd('/')}/flock/o/{actionId}/{Signature($"open:{actionId}")}";

    public virtual string ClickUrl(Store store, int actionId, string target) =>
        QueryHelpers.AddQueryString($"{store.Url.TrimEnd('/')}/flock/c/{actionId}/{Signature($"click:{actionId}:{target}")}", "u", target);

    public virtual bool IsValidOpen(int actionId, string signature) => Matches($"open:{actionId}", signature);

    public virtual bool IsValidClick(int actionId, string target, string signature) =>
        !string.IsNullOrEmpty(target) && Matches($"click:{actionId}:{target}", signature);

    protected virtual bool Matches(string subject, string signature) => SignedLink.Matches(_flockSettings.EmailHashSecret, "track:" + subject, 15, signature);

    protected virtual string Signature(string subject) => SignedLink.Sign(_flockSettings.EmailHashSecret, "track:" + subject, 15);
}
