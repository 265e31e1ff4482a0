using Flock.Engine.Common;

namespace Flock.Engine.Recommendations;

/// <summary>
/// The recommendation lists, each a pure function of the catalog, the bought-together model, the options and the
/// request. Every list leaves out the anchor product itself, anything unpublished or unavailable, anything outside the
/// shopper's store or roles, and the admin's exclusions, and every item carries its reason. See README.md in this folder.
/// <para>
/// Reads the model without locking: the caller keeps writers out while a list is made (the plugin's reader-writer lock).
/// Safe to call from many threads at once otherwise (the working memory is per thread).
/// </para>
/// </summary>
public sealed class Recommender
{
    public const int MaxCount = 100;

    // personal seeds: how many of each kind, and how much each weighs
    private const int MaxViewedSeeds = 10;
    private const int MaxBoughtSeeds = 10;
    private const double CartWeight = 1.0;
    private const double ViewedWeight = 0.7;
    private const double ViewedFade = 0.85;
    private const double BoughtWeight = 0.8;
    private const double BoughtHalfLifeDays = 90;
    private const int SeedsWithSimilar = 3;
    private const int SeedsWithPromo = 3;
    private const int PersonalSimilarScan = 100;
    private const int PartnersPerSeed = 30;
    private const int PromoPerCategory = 10;
    private const double SimilarShare = 0.5;
    private const double PromoShare = 0.4;
    private const double RestockScore = 0.9;
    // store-made links rank above every mined partner (cosine ≤ 1)
    private const double StoreLinkScore = 2;

    [ThreadStatic] private static Scratch? t_scratch;

    private readonly RecommendationCatalog _catalog;
    private readonly CoPurchaseModel _model;
    private readonly RecommenderOptions _options;

    /// <exception cref="FlockValidationException">Invalid options.</exception>
    public Recommender(RecommendationCatalog catalog, CoPurchaseModel model, RecommenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate().ThrowIfInvalid("recommender options");
        _catalog = catalog;
        _model = model;
        _options = options;
    }

    /// <summary>
    /// Products customers bought in one order with <paramref name="productId"/> (at least <see cref="RecommenderOptions.MinSupport"/>
    /// of them), strongest pair first; a short list is filled with similar products (<see cref="RecommenderOptions.FillWithSimilar"/>),
    /// then with the store's bestsellers (<see cref="RecommenderOptions.FillWithBestsellers"/>).
    /// </summary>
    public IReadOnlyList<Recommendation> BoughtTogether(int productId, ShopperScope shopper, int count) =>
        BoughtTogether(productId, shopper, count, _options.FillWithBestsellers);

    private Recommendation[] BoughtTogether(int productId, ShopperScope shopper, int count, bool fillWithBestsellers)
    {
        var scratch = Begin(shopper, count, productId);
        AddPartners(scratch, productId, 1, AnchorRelation.Shown, complementsOnly: false);
        var list = Finish(scratch, shopper, count);
        if (list.Length < count && _options.FillWithSimilar)
        {
            ExcludeAndClear(scratch, list);
            AddSimilar(scratch, productId, 1, AnchorRelation.Shown, _options.CategoryScanLimit);
            list = [.. list, .. Finish(scratch, shopper, count - list.Length)];
        }

        return fillWithBestsellers ? FillWithBestsellers(scratch, list, productId, shopper, count) : list;
    }

    /// <summary>Products of the same categories, within the price band, closest in specification, brand and price first.</summary>
    public IReadOnlyList<Recommendation> Similar(int productId, ShopperScope shopper, int count)
    {
        var scratch = Begin(shopper, count, productId);
        AddSimilar(scratch, productId, 1, AnchorRelation.Shown, _options.CategoryScanLimit);
        return Finish(scratch, shopper, count);
    }

    /// <summary>Products on sale in the categories of <paramref name="productId"/>, deepest sale first.</summary>
    public IReadOnlyList<Recommendation> PromoInCategory(int productId, ShopperScope shopper, int count)
    {
        var scratch = Begin(shopper, count, productId);
        AddPromo(scratch, productId, 1, AnchorRelation.Shown, _options.CategoryScanLimit);
        return Finish(scratch, shopper, count);
    }

    /// <summary>
    /// What goes with <paramref name="productId"/>: the store's related, then cross-sell products (in the store's order),
    /// then products bought in one order with it whose categories differ from its own (complements, not alternatives).
    /// </summary>
    public IReadOnlyList<Recommendation> Accessories(int productId, ShopperScope shopper, int count)
    {
        var scratch = Begin(shopper, count, productId);
        if (_catalog.Find(productId) is { } item)
        {
            var rank = 0;
            for (var i = 0; i < item.RelatedProductIds.Count; i++) AddStoreLink(scratch, productId, item.RelatedProductIds[i], rank++);
            for (var i = 0; i < item.CrossSellProductIds.Count; i++) AddStoreLink(scratch, productId, item.CrossSellProductIds[i], rank++);
        }

        AddPartners(scratch, productId, 1, AnchorRelation.Shown, complementsOnly: true);
        return Finish(scratch, shopper, count);
    }

    /// <summary>
    /// Newer products (added to the store after it) of the same category and brand and within the price band than
    /// <paramref name="productId"/>, bought at <paramref name="boughtAt"/>: for "your item is N months old".
    /// </summary>
    public IReadOnlyList<Recommendation> Replacement(int productId, DateTimeOffset boughtAt, DateTimeOffset now, ShopperScope shopper, int count)
    {
        var scratch = Begin(shopper, count, productId);
        //a replacement is the same brand's newer model: without a brand there is no "newer model" of it (a newer book is not one)
        if (_catalog.Find(productId) is not { ManufacturerIds.Count: > 0 } bought) return [];
        var ageDays = Math.Max(0, (int)(now - boughtAt).TotalDays);
        for (var c = 0; c < bought.CategoryIds.Count; c++)
        {
            var category = bought.CategoryIds[c];
            var members = _catalog.InCategory(category);
            var (from, to) = PriceWindow(members, bought.Price, _options.CategoryScanLimit);
            for (var i = from; i < to; i++)
            {
                var candidate = members[i];
                if (candidate.AddedAt <= bought.AddedAt) continue;
                if (!Overlaps(bought.ManufacturerIds, candidate.ManufacturerIds)) continue;
                var score = 0.5 + 0.25 * PriceCloseness(bought.Price, candidate.Price) + 0.25 * Jaccard(bought.SpecificationOptionIds, candidate.SpecificationOptionIds);
                Add(scratch, candidate.ProductId, score, new RecommendationReason(ReasonKind.NewerModel, productId, category, Days: ageDays, Relation: AnchorRelation.Bought));
            }
        }

        return Finish(scratch, shopper, count);
    }

    /// <summary>
    /// A blend for one shopper seeded by their cart (strongest), recently viewed products (fading with position) and what
    /// they bought (fading with age, complements only): bought-together partners, similar and on-sale products, and
    /// bought products whose category's repurchase gap has come round again. Leaves out the cart and what they bought,
    /// unless it is due again.
    /// </summary>
    public IReadOnlyList<Recommendation> Personal(ShopperActivity activity, int count)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var scratch = Begin(activity.Shopper, count, anchor: null);
        var cart = activity.CartProductIds;
        for (var i = 0; i < cart.Count; i++) scratch.Excluded.Add(cart[i]);

        var bought = activity.Bought;
        for (var i = 0; i < bought.Count; i++)
        {
            var (productId, boughtAt) = bought[i];
            if (_options.UseRestock && RestockGap(activity, productId, boughtAt) is var (category, gap) && gap > 0)
                Add(scratch, productId, RestockScore, new RecommendationReason(ReasonKind.Restock, productId, category, Days: (int)Math.Round(gap), Relation: AnchorRelation.Bought));
            else scratch.Excluded.Add(productId);
        }

        var seed = 0;
        for (var i = 0; i < cart.Count; i++) AddSeed(scratch, cart[i], CartWeight, AnchorRelation.InCart, seed++);

        var viewed = activity.ViewedProductIds;
        var weight = ViewedWeight;
        for (var i = 0; i < viewed.Count && i < MaxViewedSeeds; i++, weight *= ViewedFade)
            AddSeed(scratch, viewed[i], weight, AnchorRelation.Viewed, seed++);

        for (var i = 0; i < bought.Count && i < MaxBoughtSeeds; i++)
        {
            var ageDays = Math.Max(0, (activity.Now - bought[i].BoughtAt).TotalDays);
            var boughtWeight = BoughtWeight * Math.Pow(2, -ageDays / BoughtHalfLifeDays);
            if (_options.UseBoughtTogether) AddPartners(scratch, bought[i].ProductId, boughtWeight, AnchorRelation.Bought, complementsOnly: true, PartnersPerSeed);
            if (_options.UsePromo && i < SeedsWithPromo) AddPromo(scratch, bought[i].ProductId, boughtWeight * PromoShare, AnchorRelation.Bought, PromoPerCategory);
        }

        return FillWithBestsellers(scratch, Finish(scratch, activity.Shopper, count), anchor: 0, activity.Shopper, count);
    }

    /// <summary>
    /// What goes with an order (the thank-you page): for each of its products the accessories, then what else was bought
    /// with it, merged a rank at a time (the first of each product's list, then the second…) so one product of a big order
    /// does not fill the list; the order's own products and repeats left out; then the store's bestsellers if still short.
    /// </summary>
    public IReadOnlyList<Recommendation> ForOrder(IReadOnlyList<int> orderProductIds, ShopperScope shopper, int count)
    {
        ArgumentNullException.ThrowIfNull(orderProductIds);
        //each product's own lists first; the store's bestsellers only fill what the merged list still lacks
        var lists = orderProductIds.Distinct().Select(id => (IReadOnlyList<Recommendation>)[.. Accessories(id, shopper, count), .. BoughtTogether(id, shopper, count, fillWithBestsellers: false)]).ToArray();
        var merged = MergeByRank(lists, orderProductIds, count);
        if (merged.Length >= count || orderProductIds.Count == 0) return merged;
        var scratch = Begin(shopper, count, anchor: null);
        foreach (var id in orderProductIds) scratch.Excluded.Add(id);
        return FillWithBestsellers(scratch, merged, orderProductIds[0], shopper, count);
    }

    /// <summary>The accessories of every product of a basket (an email after the purchase), merged a rank at a time, the basket left out.</summary>
    public IReadOnlyList<Recommendation> AccessoriesFor(IReadOnlyList<int> basketProductIds, ShopperScope shopper, int count)
    {
        ArgumentNullException.ThrowIfNull(basketProductIds);
        var lists = basketProductIds.Distinct().Select(id => Accessories(id, shopper, count)).ToArray();
        return MergeByRank(lists, basketProductIds, count);
    }

    /// <summary>Newer models of everything the shopper bought (most recent purchase first), merged a rank at a time, what they bought left out.</summary>
    public IReadOnlyList<Recommendation> NewerModelsFor(IReadOnlyList<BoughtProduct> bought, DateTimeOffset now, ShopperScope shopper, int count)
    {
        ArgumentNullException.ThrowIfNull(bought);
        var lists = bought.Select(b => Replacement(b.ProductId, b.BoughtAt, now, shopper, count)).ToArray();
        return MergeByRank(lists, [.. bought.Select(b => b.ProductId)], count);
    }

    // the first of each list, then the second of each…, leaving out the anchors and repeats; a rank is taken whole, so a
    // list may pass count by less than one rank (the caller's live checks may still drop some)
    private static Recommendation[] MergeByRank(IReadOnlyList<Recommendation>[] lists, IReadOnlyList<int> anchors, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var merged = new List<Recommendation>(count);
        var taken = new HashSet<int>(anchors);
        for (var rank = 0; merged.Count < count && lists.Any(l => l.Count > rank); rank++)
            foreach (var list in lists)
                if (list.Count > rank && taken.Add(list[rank].ProductId))
                    merged.Add(list[rank]);
        return [.. merged];
    }

    private void AddSeed(Scratch scratch, int productId, double weight, AnchorRelation relation, int seed)
    {
        if (_options.UseBoughtTogether) AddPartners(scratch, productId, weight, relation, complementsOnly: false, PartnersPerSeed);
        if (_options.UseSimilar && seed < SeedsWithSimilar) AddSimilar(scratch, productId, weight * SimilarShare, relation, PersonalSimilarScan);
        if (_options.UsePromo && seed < SeedsWithPromo) AddPromo(scratch, productId, weight * PromoShare, relation, PromoPerCategory);
    }

    // The category of a bought product whose repurchase gap has (almost) passed since it was bought, with the gap.
    private (int Category, double Gap)? RestockGap(ShopperActivity activity, int productId, DateTimeOffset boughtAt)
    {
        if (_catalog.Find(productId) is not { } item) return null;
        var ageDays = (activity.Now - boughtAt).TotalDays;
        for (var i = 0; i < item.CategoryIds.Count; i++)
            if (activity.RepurchaseGapDays.TryGetValue(item.CategoryIds[i], out var gap) && gap > 0 && ageDays >= _options.RestockDueShare * gap)
                return (item.CategoryIds[i], gap);
        return null;
    }

    private void AddPartners(Scratch scratch, int anchor, double weight, AnchorRelation relation, bool complementsOnly, int take = CoPurchaseModel.TopPartnerLimit)
    {
        if (_model.Stats(anchor) is not { } stats) return;
        var anchorItem = complementsOnly ? _catalog.Find(anchor) : null;
        var partners = _model.TopPartners(stats, _options.MinSupport);
        for (int i = 0, taken = 0; i < partners.Length && taken < take; i++)
        {
            var partner = partners[i];
            if (complementsOnly && anchorItem is not null && _catalog.Find(partner.ProductId) is { } partnerItem && Overlaps(anchorItem.CategoryIds, partnerItem.CategoryIds)) continue;
            taken++;
            Add(scratch, partner.ProductId, weight * partner.Score,
                new RecommendationReason(ReasonKind.BoughtTogether, anchor, Customers: partner.Customers, Relation: relation));
        }
    }

    private void AddSimilar(Scratch scratch, int anchor, double weight, AnchorRelation relation, int scanLimit)
    {
        if (_catalog.Find(anchor) is not { } item) return;
        for (var c = 0; c < item.CategoryIds.Count; c++)
        {
            var category = item.CategoryIds[c];
            var members = _catalog.InCategory(category);
            var (from, to) = PriceWindow(members, item.Price, scanLimit);
            for (var i = from; i < to; i++)
            {
                var candidate = members[i];
                if (candidate.ProductId == anchor) continue;
                Add(scratch, candidate.ProductId, weight * Similarity(item, candidate), new RecommendationReason(ReasonKind.Similar, anchor, category, Relation: relation));
            }
        }
    }

    private void AddPromo(Scratch scratch, int anchor, double weight, AnchorRelation relation, int perCategory)
    {
        if (_catalog.Find(anchor) is not { } item) return;
        for (var c = 0; c < item.CategoryIds.Count; c++)
        {
            var category = item.CategoryIds[c];
            var onSale = _catalog.OnSaleIn(category);
            for (var i = 0; i < onSale.Length && i < perCategory; i++)
                Add(scratch, onSale[i].ProductId, weight * (0.5 + 0.5 * (double)onSale[i].SaleShare),
                    new RecommendationReason(ReasonKind.OnSaleInCategory, anchor, category, Relation: relation));
        }
    }

    // A list still short of count gets the store's bestsellers after it (when the store wants it): what it holds and
    // everything excluded so far left out, each scored below the list's last so the whole stays sorted.
    private Recommendation[] FillWithBestsellers(Scratch scratch, Recommendation[] list, int anchor, ShopperScope shopper, int count)
    {
        if (list.Length >= count || !_options.FillWithBestsellers) return list;
        ExcludeAndClear(scratch, list);
        var bestsellers = _model.Bestsellers(_options.MinSupport);
        var below = (list.Length > 0 ? Math.Min(1, list[^1].Score) : 1) / 2 / bestsellers.Length;
        for (var i = 0; i < bestsellers.Length; i++)
            Add(scratch, bestsellers[i].ProductId, below * (bestsellers.Length - i),
                new RecommendationReason(ReasonKind.Bestseller, anchor, Customers: bestsellers[i].Customers));
        return [.. list, .. Finish(scratch, shopper, count - list.Length)];
    }

    private static void ExcludeAndClear(Scratch scratch, Recommendation[] taken)
    {
        scratch.Candidates.Clear();
        foreach (var r in taken) scratch.Excluded.Add(r.ProductId);
    }

    private static void AddStoreLink(Scratch scratch, int anchor, int linked, int rank) =>
        Add(scratch, linked, StoreLinkScore - rank * 1e-3, new RecommendationReason(ReasonKind.StoreLink, anchor));

    // Scores add up across sources and seeds; the reason is the one of the largest single contribution.
    private static void Add(Scratch scratch, int productId, double contribution, RecommendationReason reason)
    {
        if (contribution <= 0 || scratch.Excluded.Contains(productId)) return;
        ref var candidate = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(scratch.Candidates, productId, out _);
        candidate.Score += contribution;
        if (contribution > candidate.Best)
        {
            candidate.Best = contribution;
            candidate.Reason = reason;
        }
    }

    /// <summary>0.5 for sharing a category, up to 0.3 more for shared specification options, 0.1 for the brand, 0.1 for the price.</summary>
    internal double Similarity(CatalogItem anchor, CatalogItem candidate) =>
        0.5 + 0.3 * Jaccard(anchor.SpecificationOptionIds, candidate.SpecificationOptionIds)
            + (Overlaps(anchor.ManufacturerIds, candidate.ManufacturerIds) ? 0.1 : 0)
            + 0.1 * PriceCloseness(anchor.Price, candidate.Price);

    // 1 at the same price, falling to 0 at the edge of the band (log scale: +50 % and −33 % are equally far at 1.5).
    private double PriceCloseness(decimal anchor, decimal candidate)
    {
        if (anchor <= 0 || candidate <= 0) return anchor == candidate ? 1 : 0;
        var distance = Math.Abs(Math.Log((double)(candidate / anchor)));
        return Math.Max(0, 1 - distance / Math.Log((double)_options.PriceBand));
    }

    // The products of a category (sorted by price) within the band around the price, at most scanLimit of them nearest to it.
    private (int From, int To) PriceWindow(CatalogItem[] byPrice, decimal price, int scanLimit)
    {
        var from = RecommendationCatalog.FirstAtOrAbove(byPrice, price / _options.PriceBand);
        var to = RecommendationCatalog.FirstAtOrAbove(byPrice, price * _options.PriceBand);
        while (to < byPrice.Length && byPrice[to].Price == price * _options.PriceBand) to++;
        if (to - from <= scanLimit) return (from, to);
        var centre = RecommendationCatalog.FirstAtOrAbove(byPrice, price);
        from = Math.Max(from, Math.Min(centre - scanLimit / 2, to - scanLimit));
        return (from, from + scanLimit);
    }

    private static double Jaccard(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        if (a.Count == 0 || b.Count == 0) return 0;
        var shared = 0;
        for (var i = 0; i < a.Count; i++)
            if (Contains(b, a[i])) shared++;
        var union = a.Count + b.Count - shared;
        return union == 0 ? 0 : (double)shared / union;
    }

    private static bool Overlaps(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        for (var i = 0; i < a.Count; i++)
            if (Contains(b, a[i])) return true;
        return false;
    }

    private static bool Contains(IReadOnlyList<int> list, int value)
    {
        for (var i = 0; i < list.Count; i++)
            if (list[i] == value) return true;
        return false;
    }

    private static Scratch Begin(ShopperScope shopper, int count, int? anchor)
    {
        ArgumentNullException.ThrowIfNull(shopper);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxCount);
        var scratch = t_scratch ??= new Scratch();
        scratch.Candidates.Clear();
        scratch.Excluded.Clear();
        if (anchor is { } id) scratch.Excluded.Add(id);
        return scratch;
    }

    // The best count candidates that may be shown to the shopper, by score (then product id), as a new array.
    private Recommendation[] Finish(Scratch scratch, ShopperScope shopper, int count)
    {
        var top = scratch.Top;
        var n = 0;
        foreach (var (productId, candidate) in scratch.Candidates)
        {
            if (scratch.Excluded.Contains(productId)) continue;
            if (_catalog.Find(productId) is not { } item || !item.IsShowableTo(shopper) || IsExcluded(item)) continue;
            if (n == count && !Outranks(candidate.Score, productId, top[n - 1])) continue;
            var at = n < count ? n++ : n - 1;
            while (at > 0 && Outranks(candidate.Score, productId, top[at - 1]))
            {
                top[at] = top[at - 1];
                at--;
            }

            top[at] = new Recommendation(productId, candidate.Score, candidate.Reason);
        }

        return top.AsSpan(0, n).ToArray();
    }

    private static bool Outranks(double score, int productId, in Recommendation other) =>
        score > other.Score || (score == other.Score && productId < other.ProductId);

    private bool IsExcluded(CatalogItem item)
    {
        if (_options.ExcludedProductIds.Contains(item.ProductId)) return true;
        if (_options.ExcludedCategoryIds.Count == 0) return false;
        for (var i = 0; i < item.CategoryIds.Count; i++)
            if (_options.ExcludedCategoryIds.Contains(item.CategoryIds[i])) return true;
        return false;
    }

    private sealed class Scratch
    {
        public readonly Dictionary<int, Candidate> Candidates = [];
        public readonly HashSet<int> Excluded = [];
        public readonly Recommendation[] Top = new Recommendation[MaxCount];
    }

    private struct Candidate
    {
        public double Score;
        public double Best;
        public RecommendationReason Reason;
    }
}
