using Nop.Core.Domain.Messages;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Services.Messaging;
using Nop.Plugin.Misc.Flock.Tests.Infrastructure;
using Nop.Services.Messages;

namespace Nop.Plugin.Misc.Flock.Tests;

/// <summary>
/// What "subscribed" means to Flock, on either nopCommerce version: an active subscription of the exact address in the
/// store (any subscription type on 4.90), and Flock's unsubscribe ends every one of them — never a lookalike address's.
/// </summary>
[Collection(NopCollection.Name)]
public class NewsletterConsentTests : IAsyncLifetime
{
    private readonly NopFixture _fixture;

    public NewsletterConsentTests(NopFixture fixture) => _fixture = fixture;

    public Task InitializeAsync() => _fixture.EnsureInstalledAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>
    /// A subscription as nopCommerce's own newsletter box makes it; on 4.90 of the given type (0: the store's first type,
    /// which a 4.90 store always has — the column is a foreign key).
    /// </summary>
    internal static async Task SubscribeAsync(FlockServiceProvider requests, string email, int storeId, bool active = true, int typeId = 0)
    {
        var subscription = new NewsLetterSubscription
        {
            NewsLetterSubscriptionGuid = Guid.NewGuid(), Email = email, Active = active, StoreId = storeId, CreatedOnUtc = DateTime.UtcNow
        };
#if NOP_490_OR_GREATER
        subscription.TypeId = typeId > 0 ? typeId : await FirstTypeIdAsync(requests);
#endif
        await requests.Get<INewsLetterSubscriptionService>().InsertNewsLetterSubscriptionAsync(subscription);
    }

#if NOP_490_OR_GREATER
    private static async Task<int> FirstTypeIdAsync(FlockServiceProvider requests)
    {
        var types = requests.Get<IRepository<NewsLetterSubscriptionType>>();
        if (!types.Table.Any())
            await types.InsertAsync(new NewsLetterSubscriptionType { Name = "News", TickedByDefault = true });
        return types.Table.OrderBy(t => t.Id).First().Id;
    }
#endif

    [Fact]
    public async Task Only_an_active_subscription_of_the_exact_address_in_the_store_is_consent()
    {
        var requests = _fixture.Host.NewRequest();
        var consent = requests.Get<NewsletterConsentService>();
        var unique = Guid.NewGuid().ToString("N")[..8];
        var ann = $"ann.{unique}@example.test";

        Assert.False(await consent.IsSubscribedAsync(ann, 1));
        await SubscribeAsync(requests, "jo" + ann, 1);
        await SubscribeAsync(requests, ann, 2);
        await SubscribeAsync(requests, ann, 1, active: false);
        Assert.False(await consent.IsSubscribedAsync(ann, 1));

        await SubscribeAsync(requests, ann.ToUpperInvariant(), 1);
        Assert.True(await consent.IsSubscribedAsync("  " + ann + " ", 1));
        Assert.True(await consent.IsSubscribedAsync(ann, 2));
        Assert.False(await consent.IsSubscribedAsync(ann, 3));
        Assert.False(await consent.IsSubscribedAsync("", 1));
        Assert.False(await consent.IsSubscribedAsync(null, 1));
    }

    [Fact]
    public async Task Unsubscribing_ends_every_subscription_of_the_address_and_no_other()
    {
        var requests = _fixture.Host.NewRequest();
        var consent = requests.Get<NewsletterConsentService>();
        var unique = Guid.NewGuid().ToString("N")[..8];
        var ann = $"ann.{unique}@example.test";
        var typeIds = new[] { 0 };
#if NOP_490_OR_GREATER
        //4.90: a subscription per type; a store may have several types, Flock's consent is any of them
        await FirstTypeIdAsync(requests);
        var types = requests.Get<IRepository<NewsLetterSubscriptionType>>();
        await types.InsertAsync(new NewsLetterSubscriptionType { Name = "Promotions " + unique });
        typeIds = types.Table.Select(t => t.Id).ToArray();
        Assert.True(typeIds.Length >= 2);
#endif
        foreach (var typeId in typeIds)
        {
            await SubscribeAsync(requests, ann, 1, typeId: typeId);
            await SubscribeAsync(requests, ann, 2, typeId: typeId);
        }
        await SubscribeAsync(requests, "jo" + ann, 1, typeId: typeIds[0]);
        Assert.True(await consent.IsSubscribedAsync(ann, 1));

        Assert.Equal(2 * typeIds.Length, await consent.UnsubscribeEverywhereAsync(ann.ToUpperInvariant()));

        Assert.False(await consent.IsSubscribedAsync(ann, 1));
        Assert.False(await consent.IsSubscribedAsync(ann, 2));
        Assert.True(await consent.IsSubscribedAsync("jo" + ann, 1));
        Assert.Equal(0, await consent.UnsubscribeEverywhereAsync(ann));
    }
}
