using Nop.Core.Domain.Stores;

namespace Nop.Plugin.Misc.Flock.Services.Chains;

/// <summary>
/// Signed one-click unsubscribe links (T8): <c>{store}/flock/unsubscribe/{customerId}/{signature}</c>. The signature is an
/// HMAC of the customer id and the address the message went to, under the store's Flock secret: a link can be neither
/// guessed nor turned on another customer or address, and carries no personal data. After the customer changes their
/// address an old link no longer unsubscribes anything (the new address was never sent that link) — otherwise a guest
/// could put a victim's address on their own record and unsubscribe the victim with their own link.
/// </summary>
public class UnsubscribeLinks
{
    protected readonly FlockSettings _flockSettings;

    public UnsubscribeLinks(FlockSettings flockSettings)
    {
        _flockSettings = flockSettings;
    }

    public virtual string Url(Store store, int customerId, string email) =>
        $"{store.Url.TrimEnd('/')}/flock/unsubscribe/{customerId}/{Signature(customerId, email)}";

    public virtual bool IsValid(int customerId, string email, string signature) =>
        customerId > 0 && !string.IsNullOrEmpty(email) && SignedLink.Matches(_flockSettings.EmailHashSecret, Subject(customerId, email), 18, signature);

    protected virtual string Signature(int customerId, string email) => SignedLink.Sign(_flockSettings.EmailHashSecret, Subject(customerId, email), 18);

    protected static string Subject(int customerId, string email) => $"unsubscribe:{customerId}:{email.Trim().ToLowerInvariant()}";
}
