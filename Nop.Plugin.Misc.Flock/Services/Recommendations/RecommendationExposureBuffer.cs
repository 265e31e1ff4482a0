using System.Collections.Concurrent;
using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Services.Recommendations;

/// <summary>
/// Recommendation exposures waiting to be written (singleton): a page adds them without a database round trip, the
/// recommendation worker writes them in one batch about every second. The same shopper, place, anchor and product is
/// added once a day per node (the KPIs count distinct shoppers, so a repeat on another node changes nothing). A node
/// that dies loses at most that second — analytics, never money.
/// </summary>
public class RecommendationExposureBuffer : RowBuffer<FlockRecommendationExposure>
{
    private const int MaxRemembered = 200_000;

    // one day's memory, replaced whole at midnight or when full, so its two views never disagree
    private sealed class DayMemory(DateTime day)
    {
        public readonly DateTime Day = day;
        public readonly ConcurrentDictionary<(int Customer, string Place, int Anchor, int Product, bool Holdout), byte> Seen = new();
        // what the shown group saw, by shopper, product and place: a click or a cart line looks it up in one probe
        public readonly ConcurrentDictionary<(int Customer, int Product, string Place), byte> Shown = new();
    }

    private DayMemory _today = new(DateTime.UtcNow.Date);

    public void Add(int storeId, int customerId, string place, int anchorId, IEnumerable<int> productIds, bool holdout, DateTime nowUtc)
    {
        var today = _today;
        if (nowUtc.Date != today.Day || today.Seen.Count > MaxRemembered)
        {
            var fresh = new DayMemory(nowUtc.Date);
            today = Interlocked.CompareExchange(ref _today, fresh, today) == today ? fresh : _today;
        }

        foreach (var productId in productIds)
        {
            var key = (customerId, place, anchorId, productId, holdout);
            if (!today.Seen.TryAdd(key, 0))
                continue;
            var written = Add(new FlockRecommendationExposure
            {
                StoreId = storeId, CustomerId = customerId, Place = place, AnchorId = anchorId, ProductId = productId, Holdout = holdout, CreatedOnUtc = nowUtc
            });
            if (!written)
                today.Seen.TryRemove(key, out _); //dropped (the buffer is full): not remembered as shown either
            else if (!holdout)
                today.Shown.TryAdd((customerId, productId, place), 0);
        }
    }

    /// <summary>True when this node showed the product to the shopper in <paramref name="place"/> today and has it in memory.</summary>
    public bool WasShownToday(int customerId, string place, int productId) => _today.Shown.ContainsKey((customerId, productId, place));
}
