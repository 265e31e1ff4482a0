using Nop.Core.Domain.Messages;
using Nop.Data;
using Nop.Services.Messages;

namespace Nop.Plugin.Misc.Flock.Services.Messaging;

//inside the namespace: linq2db's async helpers win over nopCommerce's same-named ones
using LinqToDB;

/// <summary>
/// What "subscribed" means to Flock, in one place: the store's newsletter subscription is the customer's marketing
/// consent. An address is subscribed in a store when it has an active subscription there (exact address, any case).
/// nopCommerce 4.90 added subscription types ("News", "Promotions"…); Flock counts an active subscription of
/// <b>any</b> type as consent, and its unsubscribe link ends every type in every store, so that "unsubscribe" always
/// means no more marketing from Flock. Read through the table (not the 4.80 or 4.90 lookup methods, which differ),
/// so both versions share this code.
/// </summary>
public class NewsletterConsentService
{
    protected readonly INewsLetterSubscriptionService _subscriptionService;
    protected readonly IRepository<NewsLetterSubscription> _subscriptionRepository;

    public NewsletterConsentService(INewsLetterSubscriptionService subscriptionService,
        IRepository<NewsLetterSubscription> subscriptionRepository)
    {
        _subscriptionService = subscriptionService;
        _subscriptionRepository = subscriptionRepository;
    }

    public virtual async Task<bool> IsSubscribedAsync(string email, int storeId)
    {
        if (string.IsNullOrWhiteSpace(email))
            return false;
        var lowered = email.Trim().ToLowerInvariant();
        return await _subscriptionRepository.Table.AnyAsync(s => s.Email.ToLower() == lowered && s.StoreId == storeId && s.Active);
    }

    /// <summary>Ends every active subscription of the address (every store, every type) through nopCommerce's service, so
    /// that it raises its own <c>EmailUnsubscribedEvent</c> for each.</summary>
    public virtual async Task<int> UnsubscribeEverywhereAsync(string email)
    {
        if (string.IsNullOrWhiteSpace(email))
            return 0;
        var lowered = email.Trim().ToLowerInvariant();
        var active = await _subscriptionRepository.Table.Where(s => s.Email.ToLower() == lowered && s.Active).ToListAsync();
        foreach (var subscription in active)
        {
            subscription.Active = false;
            await _subscriptionService.UpdateNewsLetterSubscriptionAsync(subscription);
        }
        return active.Count;
    }
}
