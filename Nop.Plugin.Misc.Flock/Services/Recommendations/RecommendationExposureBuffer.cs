using System.Collections.Concurrent;
using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Services.Recommendations;

/// <summary>
/// Recommendation exposures waiting to be written (singleton): a page adds them without a database round trip, the
/// recommendation worker writes them in one batch about every second. The same shopper, place, anchor and product is
/// added once a day per node (the KPIs count distinct shoppers, so a repeat on another node changes nothing). A node
/// that dies loses at most that second — analytics, never money.
/// </summary>
public class RecommendationExposureBuffer
{
    /// <summary>While the database is unreachable, at most this many wait; beyond it new ones are dropped.</summary>
    public const int MaxWaiting = 50_000;
    private const int MaxRemembered = 200_000;

    private readonly ConcurrentQueue<FlockRecommendationExposure> _waiting = new();
    private readonly ConcurrentDictionary<(int Customer, string Place, int Anchor, int Product, bool Holdout), DateTime> _seenToday = new();
    private DateTime _day = DateTime.UtcNow.Date;

    public bool IsEmpty => _waiting.IsEmpty;

    public void Add(int storeId, int customerId, string place, int anchorId, IEnumerable<int> productIds, bool holdout, DateTime nowUtc)
    {
        if (nowUtc.Date != _day || _seenToday.Count > MaxRemembered)
        {
            _seenToday.Clear();
            _day = nowUtc.Date;
        }

        foreach (var productId in productIds)
        {
            if (_waiting.Count >= MaxWaiting || !_seenToday.TryAdd((customerId, place, anchorId, productId, holdout), nowUtc))
                continue;
            _waiting.Enqueue(new FlockRecommendationExposure
            {
                StoreId = storeId, CustomerId = customerId, Place = place, AnchorId = anchorId, ProductId = productId, Holdout = holdout, CreatedOnUtc = nowUtc
            });
        }
    }

    /// <summary>True when this node showed the product to the shopper in <paramref name="place"/> (any place when null) today and has it in memory.</summary>
    public bool WasShownToday(int customerId, string place, int productId) =>
        _seenToday.Keys.Any(k => k.Customer == customerId && k.Product == productId && !k.Holdout && (place is null || k.Place == place));

    public List<FlockRecommendationExposure> TakeAll(int max = 5000)
    {
        var taken = new List<FlockRecommendationExposure>();
        while (taken.Count < max && _waiting.TryDequeue(out var exposure))
            taken.Add(exposure);
        return taken;
    }

    /// <summary>Puts back what could not be written (tried again with the next batch).</summary>
    public void Return(IEnumerable<FlockRecommendationExposure> exposures)
    {
        foreach (var exposure in exposures)
            if (_waiting.Count < MaxWaiting)
                _waiting.Enqueue(exposure);
    }
}
