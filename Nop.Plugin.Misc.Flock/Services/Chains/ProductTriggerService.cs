using Flock.Engine.Chains;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Orders;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Core.Domain.Customers;
using Nop.Services.Configuration;
using Nop.Services.Logging;

namespace Nop.Plugin.Misc.Flock.Services.Chains;

//inside the namespace: linq2db's conditional Set/UpdateAsync, and its async helpers win over nopCommerce's same-named ones
using LinqToDB;

/// <summary>
/// Price drops and returns to stock (<see cref="ProductTriggers"/>), found by the chain task comparing the store's
/// products with the state it recorded for each (<see cref="FlockProductState"/>) — whatever changed them (the admin,
/// an import, the API, an order that took the last item). At most every <see cref="ScanInterval"/>, on one node (a scan
/// mark claimed), while a live chain listens; the database returns only the products that differ from their record. A
/// change is told in its own transaction, which re-reads the product, moves its record on by a conditional update from
/// the values read and writes the occurrences: two nodes tell it once, a crash before the commit leaves the difference
/// to be found again, and one product's failure holds up no other. A scan that read every difference marks the store
/// verified (<see cref="VerifiedMark"/>); the next scan's changes happened after that moment, and a scan more than
/// <see cref="ProductTriggers.FreshFor"/> after it is a baseline that starts every record afresh. The audience is read
/// live: the customers with an email who viewed the product (Flock's captured views) or hold it in their cart or
/// wishlist, in stores where Flock is on, less those who ordered it (any order not cancelled, by any record of their
/// email). Simple products that are not deleted; "in stock" is what nopCommerce sells: published, and its stock not
/// tracked, backorders allowed, or the tracked quantity (warehouses and reservations included) above the low-stock
/// level at which the store disables the buy button or unpublishes. Call-for-price and customer-entered prices are not
/// scanned; a price with a product discount or tier prices is recorded, never told.
/// </summary>
public class ProductTriggerService
{
    public const string MarkKey = "products";
    /// <summary>The last scan that read every difference: changes found later happened after it.</summary>
    public const string VerifiedMark = "products-verified";
    public static readonly TimeSpan ScanInterval = TimeSpan.FromMinutes(5);
    /// <summary>How many differing products one scan takes at most (the next goes on).</summary>
    public const int MaxPerScan = 10_000;
    public const int ChunkSize = 500;

    protected readonly IRepository<Customer> _customerRepository;
    protected readonly IRepository<FlockActivity> _activityRepository;
    protected readonly IRepository<FlockProductState> _stateRepository;
    protected readonly IRepository<Order> _orderRepository;
    protected readonly IRepository<OrderItem> _orderItemRepository;
    protected readonly IRepository<Product> _productRepository;
    protected readonly IRepository<Nop.Core.Domain.Discounts.Discount> _discountRepository;
    protected readonly IRepository<Nop.Core.Domain.Discounts.DiscountProductMapping> _productDiscountRepository;
    protected readonly IRepository<Nop.Core.Domain.Discounts.DiscountCategoryMapping> _categoryDiscountRepository;
    protected readonly IRepository<Nop.Core.Domain.Discounts.DiscountManufacturerMapping> _manufacturerDiscountRepository;
    protected readonly IRepository<ProductCategory> _productCategoryRepository;
    protected readonly IRepository<ProductManufacturer> _productManufacturerRepository;
    protected readonly IRepository<Nop.Core.Domain.Common.Address> _addressRepository;
    protected readonly IRepository<TierPrice> _tierPriceRepository;
    protected readonly IRepository<ProductWarehouseInventory> _inventoryRepository;
    protected readonly IRepository<ShoppingCartItem> _cartRepository;
    protected readonly ILogger _logger;
    protected readonly ISettingService _settingService;
    protected readonly Behaviour.ActivityService _activityService;
    protected readonly TriggerScanMarks _marks;

    public ProductTriggerService(IRepository<Customer> customerRepository,
        IRepository<FlockActivity> activityRepository,
        IRepository<FlockProductState> stateRepository,
        IRepository<Order> orderRepository,
        IRepository<OrderItem> orderItemRepository,
        IRepository<Product> productRepository,
        IRepository<Nop.Core.Domain.Discounts.Discount> discountRepository,
        IRepository<Nop.Core.Domain.Discounts.DiscountProductMapping> productDiscountRepository,
        IRepository<Nop.Core.Domain.Discounts.DiscountCategoryMapping> categoryDiscountRepository,
        IRepository<Nop.Core.Domain.Discounts.DiscountManufacturerMapping> manufacturerDiscountRepository,
        IRepository<ProductCategory> productCategoryRepository,
        IRepository<ProductManufacturer> productManufacturerRepository,
        IRepository<Nop.Core.Domain.Common.Address> addressRepository,
        IRepository<TierPrice> tierPriceRepository,
        IRepository<ProductWarehouseInventory> inventoryRepository,
        IRepository<ShoppingCartItem> cartRepository,
        ILogger logger,
        ISettingService settingService,
        Behaviour.ActivityService activityService,
        TriggerScanMarks marks)
    {
        _customerRepository = customerRepository;
        _activityRepository = activityRepository;
        _stateRepository = stateRepository;
        _orderRepository = orderRepository;
        _orderItemRepository = orderItemRepository;
        _productRepository = productRepository;
        _discountRepository = discountRepository;
        _productDiscountRepository = productDiscountRepository;
        _categoryDiscountRepository = categoryDiscountRepository;
        _manufacturerDiscountRepository = manufacturerDiscountRepository;
        _productCategoryRepository = productCategoryRepository;
        _productManufacturerRepository = productManufacturerRepository;
        _addressRepository = addressRepository;
        _tierPriceRepository = tierPriceRepository;
        _inventoryRepository = inventoryRepository;
        _cartRepository = cartRepository;
        _logger = logger;
        _settingService = settingService;
        _activityService = activityService;
        _marks = marks;
    }

    /// <summary>A product whose state differs from its record (or has none), as read by one query.</summary>
    public sealed record Difference(ProductState Current, FlockProductState Recorded);

    /// <summary>One scan when a live chain listens and it is due; returns the occurrences written.</summary>
    public virtual async Task<int> ScanAsync(IEnumerable<ChainTrigger> triggers, DateTime nowUtc)
    {
        var listened = ProductTriggers.Listened(triggers);
        if (listened.Count == 0)
            return 0;
        nowUtc = TriggerScanMarks.Exact(nowUtc);
        var (claimed, previous) = await _marks.ClaimAsync(MarkKey, nowUtc, ScanInterval);
        if (!claimed)
            return 0;
        return await RecordDifferencesAsync(ProductTriggers.IsBaseline(previous, nowUtc), await _marks.ReadAsync(VerifiedMark), nowUtc, listened);
    }

    /// <summary>
    /// The scan itself (the caller holds the mark; a second node doing the same at once tells nothing twice): a baseline
    /// when the scans paused (the previous one is older than <see cref="ProductTriggers.FreshFor"/>), the changes after
    /// the last scan that read every difference, at <paramref name="verifiedUtc"/> (null: never); returns the occurrences written.
    /// </summary>
    public virtual async Task<int> RecordDifferencesAsync(bool baseline, DateTime? verifiedUtc, DateTime nowUtc, IReadOnlySet<ChainTriggerKind> listened)
    {
        if (baseline) //every record starts afresh, the unchanged ones too
            await _stateRepository.Table.Set(s => s.ReferencePrice, s => s.Price).Set(s => s.PriceSinceUtc, nowUtc).Set(s => s.StockSinceUtc, nowUtc).UpdateAsync();
        var differences = await DifferencesAsync(MaxPerScan, nowUtc);
        var written = 0;
        //a scan cut short, or a product whose news could not be told, leaves the verified moment where it was: whatever
        //is still to be told happened after it
        var whole = differences.Count < MaxPerScan;
        foreach (var chunk in differences.Chunk(ChunkSize))
        {
            try
            {
                var (told, complete) = await RecordAsync(chunk, baseline, verifiedUtc ?? nowUtc, nowUtc, listened);
                written += told;
                whole &= complete;
            }
            catch (Exception exception)
            {
                whole = false;
                await _logger.ErrorAsync($"Flock: {chunk.Length} product changes could not be recorded now; the next scan finds them again: {exception.Message}", exception);
            }
        }
        if (whole)
            await _marks.AdvanceAsync(VerifiedMark, nowUtc);
        return written;
    }

    /// <summary>The simple products whose price, stock or own price differs from their record, or that have none, by id.</summary>
    public virtual async Task<IReadOnlyList<Difference>> DifferencesAsync(int max, DateTime nowUtc)
    {
        var rows = await (
            from p in CurrentStates(nowUtc)
            from s in _stateRepository.Table.Where(s => s.ProductId == p.Id).DefaultIfEmpty()
            where s == null || s.Price != p.Price || s.InStock != p.InStock || s.OwnPrice != p.OwnPrice
            orderby p.Id
            select new { p.Id, p.Price, p.InStock, p.OwnPrice, State = s }).Take(max).ToListAsync();
        return rows.Select(r => new Difference(new ProductState(r.Id, r.Price, r.InStock, r.OwnPrice), r.State)).ToList();
    }

    protected sealed class CurrentState
    {
        public int Id { get; init; }
        public decimal Price { get; init; }
        public bool InStock { get; init; }
        public bool OwnPrice { get; init; }
    }

    /// <summary>Each simple product as the store sells it now (see the class summary for "in stock" and "own price").</summary>
    protected virtual IQueryable<CurrentState> CurrentStates(DateTime nowUtc)
    {
        int simple = (int)ProductType.SimpleProduct, managed = (int)ManageInventoryMethod.ManageStock, noBackorders = (int)BackorderMode.NoBackorders,
            nothingAtLowStock = (int)LowStockActivity.Nothing;
        var activeDiscounts = _discountRepository.Table.Where(d => d.IsActive && (d.StartDateUtc == null || d.StartDateUtc <= nowUtc) && (d.EndDateUtc == null || d.EndDateUtc >= nowUtc))
            .Select(d => d.Id);
        return
            from p in _productRepository.Table
            where p.ProductTypeId == simple
            let available = p.UseMultipleWarehouses
                ? _inventoryRepository.Table.Where(w => w.ProductId == p.Id).Sum(w => (int?)(w.StockQuantity - w.ReservedQuantity)) ?? 0
                : p.StockQuantity
            select new CurrentState
            {
                Id = p.Id, Price = p.Price,
                OwnPrice = !p.CallForPrice && !p.CustomerEntersPrice
                    && !_tierPriceRepository.Table.Any(t => t.ProductId == p.Id)
                    && !_productDiscountRepository.Table.Any(d => d.EntityId == p.Id && activeDiscounts.Contains(d.DiscountId))
                    && !_productCategoryRepository.Table.Any(pc => pc.ProductId == p.Id
                        && _categoryDiscountRepository.Table.Any(d => d.EntityId == pc.CategoryId && activeDiscounts.Contains(d.DiscountId)))
                    && !_productManufacturerRepository.Table.Any(pm => pm.ProductId == p.Id
                        && _manufacturerDiscountRepository.Table.Any(d => d.EntityId == pm.ManufacturerId && activeDiscounts.Contains(d.DiscountId))),
                InStock = !p.Deleted && p.Published && !p.DisableBuyButton
                    && (p.AvailableStartDateTimeUtc == null || p.AvailableStartDateTimeUtc <= nowUtc) && (p.AvailableEndDateTimeUtc == null || p.AvailableEndDateTimeUtc > nowUtc)
                    && (p.ManageInventoryMethodId != managed || p.BackorderModeId != noBackorders
                        || available > (p.LowStockActivityId != nothingAtLowStock ? p.MinStockQuantity : 0))
            };
    }

    /// <summary>
    /// One chunk: new records inserted (nothing to tell of them), moves without news made at once, and each product with
    /// news in its own transaction; returns the occurrences written and whether every product's news was told (one that
    /// failed or changed meanwhile is found again).
    /// </summary>
    protected virtual async Task<(int Told, bool Complete)> RecordAsync(IReadOnlyList<Difference> chunk, bool baseline, DateTime verifiedUtc, DateTime nowUtc,
        IReadOnlySet<ChainTriggerKind> listened)
    {
        await UniqueKey.InsertMissingAsync(_stateRepository, chunk.Where(d => d.Recorded is null).Select(d => ToRow(ProductTriggers.Afresh(d.Current, nowUtc))).ToList());
        var moves = chunk.Where(d => d.Recorded is not null).Select(d =>
        {
            var (next, changes) = ProductTriggers.Compare(ToEngine(d.Recorded), d.Current, nowUtc, baseline, verifiedUtc);
            return (d.Current, Read: d.Recorded, Next: next, Tell: changes.Where(c => listened.Contains(c.Kind)).ToList());
        }).ToList();
        foreach (var move in moves.Where(m => m.Tell.Count == 0))
            await MoveAsync(move.Read, move.Next); //nothing to tell: another node moving it first is as good
        var news = moves.Where(m => m.Tell.Count > 0).ToList();
        if (news.Count == 0)
            return (0, true);
        var audience = await AudienceAsync(news.SelectMany(m => m.Tell).ToList());
        var told = 0;
        var complete = true;
        foreach (var (current, read, next, _) in news)
        {
            try
            {
                var written = await TellAsync(current, read, next, audience.TryGetValue(current.ProductId, out var reached) ? reached : [], nowUtc);
                complete &= written is not null;
                told += written ?? 0;
            }
            catch (Exception exception)
            {
                complete = false;
                await _logger.ErrorAsync($"Flock: the change of product {current.ProductId} could not be told now; the next scan finds it again: {exception.Message}", exception);
            }
        }
        return (told, complete);
    }

    /// <summary>
    /// One product's news in one transaction: the product read again (changed meanwhile: left to the next scan), its
    /// record moved on from the values read (another node moved it: that node told it), the occurrences written; null
    /// when the product changed meanwhile (left to the next scan).
    /// </summary>
    protected virtual async Task<int?> TellAsync(ProductState read, FlockProductState recorded, RecordedProduct next, IReadOnlyList<Told> audience, DateTime nowUtc)
    {
        using var transaction = FlockTransaction.Begin();
        var now = await CurrentStates(nowUtc).Where(p => p.Id == read.ProductId).Select(p => new { p.Price, p.InStock, p.OwnPrice }).FirstOrDefaultAsync();
        if (now is null || now.Price != read.Price || now.InStock != read.InStock || now.OwnPrice != read.OwnPrice)
            return null;
        if (!await MoveAsync(recorded, next))
            return 0;
        var stores = new Dictionary<(int, string), int>();
        foreach (var (occurrence, store) in audience)
            stores.TryAdd((occurrence.CustomerId, occurrence.InstanceKey), store);
        await _activityService.InsertOccurrencesAsync(audience.Select(t => t.Occurrence).ToList(), o => stores[(o.CustomerId, o.InstanceKey)]);
        transaction.Complete();
        return audience.Count;
    }

    /// <summary>The record read moved to the next one: a conditional update on the values read (false: another node moved it).</summary>
    protected virtual async Task<bool> MoveAsync(FlockProductState read, RecordedProduct next) =>
        await _stateRepository.Table
            .Where(s => s.Id == read.Id && s.Price == read.Price && s.InStock == read.InStock && s.OwnPrice == read.OwnPrice && s.ReferencePrice == read.ReferencePrice
                && s.PriceSinceUtc == read.PriceSinceUtc && s.StockSinceUtc == read.StockSinceUtc)
            .Set(s => s.Price, next.State.Price).Set(s => s.InStock, next.State.InStock).Set(s => s.OwnPrice, next.State.OwnPrice).Set(s => s.ReferencePrice, next.ReferencePrice)
            .Set(s => s.PriceSinceUtc, TriggerScanMarks.Exact(next.PriceSinceUtc)).Set(s => s.StockSinceUtc, TriggerScanMarks.Exact(next.StockSinceUtc))
            .UpdateAsync() == 1;

    public readonly record struct Told(ScheduledOccurrence Occurrence, int StoreId);

    /// <summary>
    /// Who each change reaches, by product: the customers with an email whose last look at the product (a view, a cart or
    /// wishlist line) is recent, in a store where Flock is on, with their last order of it; the engine decides
    /// (<see cref="ProductTriggers.Reaches"/>).
    /// </summary>
    protected virtual async Task<Dictionary<int, List<Told>>> AudienceAsync(IReadOnlyList<ProductChange> changes)
    {
        var since = changes.Min(c => c.AtUtc) - ProductTriggers.InterestWindow;
        var viewed = (int)ChainTriggerKind.ProductViewed;
        var looks = new Dictionary<(int Customer, int Product), (DateTime At, int StoreId, bool Standing)>();
        void Look(int customer, int product, DateTime at, int store, bool standing)
        {
            var was = looks.GetValueOrDefault((customer, product));
            looks[(customer, product)] = at > was.At ? (at, store, standing || was.Standing) : was with { Standing = standing || was.Standing };
        }
        foreach (var ids in changes.Select(c => c.ProductId).Distinct().Chunk(ChunkSize))
        {
            var views = await _activityRepository.Table.Where(a => a.Kind == viewed && ids.Contains(a.EntityId) && a.CreatedOnUtc >= since)
                .GroupBy(a => new { a.CustomerId, a.EntityId, a.StoreId }).Select(g => new { g.Key.CustomerId, g.Key.EntityId, g.Key.StoreId, At = g.Max(a => a.CreatedOnUtc) })
                .ToListAsync();
            foreach (var v in views)
                Look(v.CustomerId, v.EntityId, v.At, v.StoreId, standing: false);
            var lines = await _cartRepository.Table.Where(i => ids.Contains(i.ProductId) && i.UpdatedOnUtc >= since)
                .GroupBy(i => new { i.CustomerId, i.ProductId, i.StoreId }).Select(g => new { g.Key.CustomerId, g.Key.ProductId, g.Key.StoreId, At = g.Max(i => i.UpdatedOnUtc) })
                .ToListAsync();
            foreach (var l in lines)
                Look(l.CustomerId, l.ProductId, l.At, l.StoreId, standing: true);
        }
        var emails = await EmailsAsync(looks.Keys.Select(k => k.Customer).Distinct().ToList());
        var flockOn = new Dictionary<int, bool>();
        foreach (var store in looks.Values.Select(l => l.StoreId).Distinct())
            flockOn[store] = (await _settingService.LoadSettingAsync<FlockSettings>(store)).Enabled;
        var reachable = looks.Where(l => emails.ContainsKey(l.Key.Customer) && flockOn[l.Value.StoreId]).ToList();
        var ordered = await LastOrderedAsync(reachable.Select(l => l.Key).ToList(), emails);
        var byProduct = reachable.ToLookup(l => l.Key.Product);
        var told = new Dictionary<int, List<Told>>();
        foreach (var change in changes)
            foreach (var ((customer, product), (at, store, standing)) in byProduct[change.ProductId])
            {
                var interest = new ProductInterest(customer, product, at, ordered.TryGetValue((customer, product), out var last) ? last : null, standing);
                if (ProductTriggers.Reaches(change, interest) is { } occurrence)
                    (told.TryGetValue(product, out var list) ? list : told[product] = []).Add(new Told(occurrence, store));
            }
        return told;
    }

    /// <summary>The email of each customer who has one and is not deleted (guests without one cannot be told).</summary>
    protected virtual async Task<Dictionary<int, string>> EmailsAsync(IReadOnlyList<int> customerIds)
    {
        var result = new Dictionary<int, string>();
        foreach (var ids in customerIds.Chunk(ChunkSize))
            foreach (var c in await _customerRepository.Table.Where(c => ids.Contains(c.Id) && !c.Deleted && c.Email != null && c.Email != "")
                .Select(c => new { c.Id, c.Email }).ToListAsync())
                result[c.Id] = c.Email.Trim().ToLowerInvariant();
        return result;
    }

    /// <summary>
    /// Each (customer, product)'s last order holding the product that is not cancelled — placed by any customer record
    /// with their email, or by a guest whose billing address has it.
    /// </summary>
    protected virtual async Task<Dictionary<(int Customer, int Product), DateTime>> LastOrderedAsync(IReadOnlyList<(int Customer, int Product)> pairs,
        IReadOnlyDictionary<int, string> emails)
    {
        var result = new Dictionary<(int, int), DateTime>();
        var cancelled = (int)OrderStatus.Cancelled;
        foreach (var chunk in pairs.Chunk(ChunkSize))
        {
            var addresses = chunk.Select(p => emails[p.Customer]).Distinct().ToList();
            var products = chunk.Select(p => p.Product).Distinct().ToList();
            var items =
                from o in _orderRepository.Table.Where(o => !o.Deleted && o.OrderStatusId != cancelled)
                join i in _orderItemRepository.Table on o.Id equals i.OrderId
                where products.Contains(i.ProductId)
                select new { o.CustomerId, o.BillingAddressId, i.ProductId, o.CreatedOnUtc };
            var byAccount = await (
                from x in items
                join c in _customerRepository.Table on x.CustomerId equals c.Id
                where addresses.Contains(c.Email)
                select new { c.Email, x.ProductId, x.CreatedOnUtc }).ToListAsync();
            var byBilling = await (
                from x in items
                join a in _addressRepository.Table on x.BillingAddressId equals a.Id
                where addresses.Contains(a.Email)
                select new { a.Email, x.ProductId, x.CreatedOnUtc }).ToListAsync();
            var last = new Dictionary<(string, int), DateTime>();
            foreach (var r in byAccount.Concat(byBilling))
            {
                var key = (r.Email.Trim().ToLowerInvariant(), r.ProductId);
                if (!last.TryGetValue(key, out var seen) || r.CreatedOnUtc > seen)
                    last[key] = r.CreatedOnUtc;
            }
            foreach (var (customer, product) in chunk)
                if (last.TryGetValue((emails[customer], product), out var at))
                    result[(customer, product)] = at;
        }
        return result;
    }

    public static RecordedProduct ToEngine(FlockProductState row) =>
        new(new ProductState(row.ProductId, row.Price, row.InStock, row.OwnPrice), row.ReferencePrice,
            DateTime.SpecifyKind(row.PriceSinceUtc, DateTimeKind.Utc), DateTime.SpecifyKind(row.StockSinceUtc, DateTimeKind.Utc));

    public static FlockProductState ToRow(RecordedProduct recorded) => new()
    {
        ProductId = recorded.State.ProductId, Price = recorded.State.Price, InStock = recorded.State.InStock, OwnPrice = recorded.State.OwnPrice, ReferencePrice = recorded.ReferencePrice,
        PriceSinceUtc = TriggerScanMarks.Exact(recorded.PriceSinceUtc), StockSinceUtc = TriggerScanMarks.Exact(recorded.StockSinceUtc),
    };
}
