using Flock.Engine.Recommendations;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Core.Domain.Security;
using Nop.Core.Domain.Stores;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Services.Inbox;

namespace Nop.Plugin.Misc.Flock.Services.Recommendations;

//inside the namespace: linq2db's async helpers win over nopCommerce's same-named ones
using LinqToDB;

/// <summary>
/// What the recommender reads from nopCommerce, in a few set-based queries (no query per product or customer): the
/// catalog with its mappings, stock and links, and customers' paid baskets — orders paid or partly refunded, not
/// deleted, not cancelled (the orders the segments count too), each product once per order.
/// </summary>
public class RecommendationDataService
{
    protected static readonly string[] ChangeKinds = [InboxKinds.OrderPaid, InboxKinds.OrderCancelled, InboxKinds.OrderRefunded, InboxKinds.OrderVoided, InboxKinds.CustomerErased];

    protected readonly IRepository<AclRecord> _aclRepository;
    protected readonly IRepository<Category> _categoryRepository;
    protected readonly IRepository<Nop.Core.Domain.Customers.Customer> _customerRepository;
    protected readonly IRepository<CrossSellProduct> _crossSellRepository;
    protected readonly IRepository<FlockInboxItem> _inboxRepository;
    protected readonly IRepository<Order> _orderRepository;
    protected readonly IRepository<OrderItem> _orderItemRepository;
    protected readonly IRepository<Product> _productRepository;
    protected readonly IRepository<ProductCategory> _productCategoryRepository;
    protected readonly IRepository<ProductManufacturer> _productManufacturerRepository;
    protected readonly IRepository<ProductSpecificationAttribute> _specificationRepository;
    protected readonly IRepository<ProductWarehouseInventory> _warehouseInventoryRepository;
    protected readonly IRepository<RelatedProduct> _relatedRepository;
    protected readonly IRepository<StoreMapping> _storeMappingRepository;

    public RecommendationDataService(IRepository<AclRecord> aclRepository,
        IRepository<Category> categoryRepository,
        IRepository<Nop.Core.Domain.Customers.Customer> customerRepository,
        IRepository<CrossSellProduct> crossSellRepository,
        IRepository<FlockInboxItem> inboxRepository,
        IRepository<Order> orderRepository,
        IRepository<OrderItem> orderItemRepository,
        IRepository<Product> productRepository,
        IRepository<ProductCategory> productCategoryRepository,
        IRepository<ProductManufacturer> productManufacturerRepository,
        IRepository<ProductSpecificationAttribute> specificationRepository,
        IRepository<ProductWarehouseInventory> warehouseInventoryRepository,
        IRepository<RelatedProduct> relatedRepository,
        IRepository<StoreMapping> storeMappingRepository)
    {
        _aclRepository = aclRepository;
        _categoryRepository = categoryRepository;
        _customerRepository = customerRepository;
        _crossSellRepository = crossSellRepository;
        _inboxRepository = inboxRepository;
        _orderRepository = orderRepository;
        _orderItemRepository = orderItemRepository;
        _productRepository = productRepository;
        _productCategoryRepository = productCategoryRepository;
        _productManufacturerRepository = productManufacturerRepository;
        _specificationRepository = specificationRepository;
        _warehouseInventoryRepository = warehouseInventoryRepository;
        _relatedRepository = relatedRepository;
        _storeMappingRepository = storeMappingRepository;
    }

    /// <summary>Every product that is not deleted, as the recommender sees it (unpublished ones too: they may be anchors).</summary>
    public virtual async Task<RecommendationCatalog> ReadCatalogAsync(DateTime nowUtc)
    {
        var products = await _productRepository.Table.Where(p => !p.Deleted)
            .Select(p => new
            {
                p.Id, p.Published, p.VisibleIndividually, p.Price, p.OldPrice, p.ManageInventoryMethodId, p.UseMultipleWarehouses,
                p.StockQuantity, p.BackorderModeId, p.LimitedToStores, p.SubjectToAcl, p.AvailableStartDateTimeUtc,
                p.AvailableEndDateTimeUtc, p.CreatedOnUtc
            })
            .ToListAsync();
        //only categories a shopper can see: a reason names its category ("Similar to X in Laptops")
        var categories = Lookup(await (from mapping in _productCategoryRepository.Table
                                       join category in _categoryRepository.Table on mapping.CategoryId equals category.Id
                                       where category.Published && !category.Deleted && !category.SubjectToAcl && !category.LimitedToStores
                                       orderby mapping.DisplayOrder
                                       select new { mapping.ProductId, mapping.CategoryId }).ToListAsync(), c => c.ProductId, c => c.CategoryId);
        var manufacturers = Lookup(await _productManufacturerRepository.Table.Select(m => new { m.ProductId, m.ManufacturerId }).ToListAsync(), m => m.ProductId, m => m.ManufacturerId);
        var option = (int)SpecificationAttributeType.Option;
        var specifications = Lookup(await _specificationRepository.Table.Where(s => s.AttributeTypeId == option)
            .Select(s => new { s.ProductId, s.SpecificationAttributeOptionId }).ToListAsync(), s => s.ProductId, s => s.SpecificationAttributeOptionId);
        var related = Lookup(await _relatedRepository.Table.OrderBy(r => r.DisplayOrder).Select(r => new { r.ProductId1, r.ProductId2 }).ToListAsync(), r => r.ProductId1, r => r.ProductId2);
        var crossSell = Lookup(await _crossSellRepository.Table.OrderBy(r => r.Id).Select(r => new { r.ProductId1, r.ProductId2 }).ToListAsync(), r => r.ProductId1, r => r.ProductId2);
        var productEntity = nameof(Product);
        var stores = Lookup(await _storeMappingRepository.Table.Where(m => m.EntityName == productEntity).Select(m => new { m.EntityId, m.StoreId }).ToListAsync(), m => m.EntityId, m => m.StoreId);
        var roles = Lookup(await _aclRepository.Table.Where(a => a.EntityName == productEntity).Select(a => new { a.EntityId, a.CustomerRoleId }).ToListAsync(), a => a.EntityId, a => a.CustomerRoleId);
        var warehouseStock = (await _warehouseInventoryRepository.Table.GroupBy(w => w.ProductId)
                .Select(g => new { ProductId = g.Key, Left = g.Sum(w => w.StockQuantity - w.ReservedQuantity) }).ToListAsync())
            .ToDictionary(w => w.ProductId, w => w.Left);

        var known = products.Select(p => p.Id).ToHashSet();
        int[] Known(int[] ids) => ids.Length == 0 || ids.All(known.Contains) ? ids : ids.Where(known.Contains).ToArray();
        return RecommendationCatalog.Build(products.Select(p =>
        {
            var stock = p.UseMultipleWarehouses ? warehouseStock.GetValueOrDefault(p.Id) : p.StockQuantity;
            var available = p.ManageInventoryMethodId != (int)ManageInventoryMethod.ManageStock || stock > 0 || p.BackorderModeId != (int)BackorderMode.NoBackorders;
            available &= (p.AvailableStartDateTimeUtc is null || p.AvailableStartDateTimeUtc <= nowUtc) && (p.AvailableEndDateTimeUtc is null || p.AvailableEndDateTimeUtc > nowUtc);
            var storeIds = p.LimitedToStores ? stores.GetValueOrDefault(p.Id, []) : null;
            var roleIds = p.SubjectToAcl ? roles.GetValueOrDefault(p.Id, []) : null;
            //limited to stores with none mapped, or subject to ACL with no role: nopCommerce shows it to nobody
            var shownToNobody = storeIds is { Length: 0 } || roleIds is { Length: 0 };
            return new CatalogItem
            {
                ProductId = p.Id,
                CategoryIds = categories.GetValueOrDefault(p.Id, []).Distinct().ToArray(),
                ManufacturerIds = manufacturers.GetValueOrDefault(p.Id, []),
                SpecificationOptionIds = specifications.GetValueOrDefault(p.Id, []),
                Price = Math.Max(0, p.Price),
                SaleShare = p.OldPrice > p.Price && p.Price >= 0 ? Math.Min(0.99m, Math.Round((p.OldPrice - p.Price) / p.OldPrice, 4)) : 0,
                IsPublished = p.Published && p.VisibleIndividually && !shownToNobody,
                IsAvailable = available,
                StoreIds = storeIds,
                RoleIds = roleIds,
                AddedAt = new DateTimeOffset(DateTime.SpecifyKind(p.AvailableStartDateTimeUtc ?? p.CreatedOnUtc, DateTimeKind.Utc)),
                RelatedProductIds = Known(related.GetValueOrDefault(p.Id, [])).Where(id => id != p.Id).Distinct().ToArray(),
                CrossSellProductIds = Known(crossSell.GetValueOrDefault(p.Id, [])).Where(id => id != p.Id).Distinct().ToArray(),
            };
        }));
    }

    /// <summary>Every customer's paid baskets, by customer id.</summary>
    public virtual Task<Dictionary<int, PurchasedBasket[]>> ReadAllBasketsAsync() => ReadBasketsAsync(null);

    /// <summary>The paid baskets of these customers now (a customer without any has an empty list).</summary>
    public virtual async Task<Dictionary<int, PurchasedBasket[]>> ReadBasketsAsync(IReadOnlyCollection<int> customerIds)
    {
        var baskets = new Dictionary<int, PurchasedBasket[]>();
        if (customerIds is not null)
            foreach (var id in customerIds)
                baskets[id] = [];
        foreach (var chunk in customerIds is null ? [null] : customerIds.Chunk(500))
        {
            var orders = PaidOrders();
            if (chunk is not null)
                orders = orders.Where(o => chunk.Contains(o.CustomerId));
            //an erased (deleted) customer's orders stay in nopCommerce, but no longer count here
            var lines = await (from order in orders
                               join customer in _customerRepository.Table on order.CustomerId equals customer.Id
                               where !customer.Deleted
                               join item in _orderItemRepository.Table on order.Id equals item.OrderId
                               select new { order.CustomerId, OrderId = order.Id, order.CreatedOnUtc, item.ProductId })
                .ToListAsync();
            foreach (var customer in lines.GroupBy(l => l.CustomerId))
                baskets[customer.Key] = customer.GroupBy(l => l.OrderId)
                    .Select(o => new PurchasedBasket(new DateTimeOffset(DateTime.SpecifyKind(o.First().CreatedOnUtc, DateTimeKind.Utc)),
                        o.Select(l => l.ProductId).Where(id => id > 0).Distinct().ToArray()))
                    .OrderBy(b => b.PlacedAt)
                    .ToArray();
        }

        return baskets;
    }

    /// <summary>Orders that count as bought: paid or partly refunded, not deleted, not cancelled.</summary>
    protected virtual IQueryable<Order> PaidOrders()
    {
        var paid = (int)PaymentStatus.Paid;
        var partlyRefunded = (int)PaymentStatus.PartiallyRefunded;
        var cancelled = (int)OrderStatus.Cancelled;
        return _orderRepository.Table.Where(o => !o.Deleted && o.OrderStatusId != cancelled && (o.PaymentStatusId == paid || o.PaymentStatusId == partlyRefunded));
    }

    /// <summary>The newest inbox item id: changes after it are read by <see cref="ReadChangedCustomersAsync"/>.</summary>
    public virtual async Task<int> LatestChangeAsync() =>
        await _inboxRepository.Table.Select(i => (int?)i.Id).MaxAsync() ?? 0;

    /// <summary>
    /// The customers whose paid orders may have changed since inbox item <paramref name="afterId"/> (orders paid, cancelled,
    /// refunded, voided; customers erased), read from the inbox every node shares — so each web-farm node catches up with
    /// changes another node's request recorded — and the newest item id seen.
    /// </summary>
    /// <remarks>
    /// Items created since <paramref name="sinceUtc"/> are read again even below the watermark: an insert that commits
    /// after a higher id did (two requests at once) would otherwise be skipped. Re-applying a customer is a no-op.
    /// </remarks>
    public virtual async Task<(HashSet<int> Customers, int LatestId)> ReadChangedCustomersAsync(int afterId, DateTime sinceUtc, int limit = 5000)
    {
        var items = await _inboxRepository.Table.Where(i => i.Id > afterId || i.CreatedOnUtc >= sinceUtc).OrderBy(i => i.Id).Take(limit)
            .Select(i => new { i.Id, i.Kind, i.EntityId }).ToListAsync();
        if (items.Count == 0)
            return ([], afterId);
        var relevant = items.Where(i => ChangeKinds.Contains(i.Kind)).ToList();
        var customers = relevant.Where(i => i.Kind == InboxKinds.CustomerErased).Select(i => i.EntityId).ToHashSet();
        var orderIds = relevant.Where(i => i.Kind != InboxKinds.CustomerErased).Select(i => i.EntityId).Distinct().ToArray();
        foreach (var chunk in orderIds.Chunk(500))
            customers.UnionWith(await _orderRepository.Table.Where(o => chunk.Contains(o.Id)).Select(o => o.CustomerId).ToListAsync());
        return (customers, Math.Max(afterId, items[^1].Id));
    }

    protected static Dictionary<int, int[]> Lookup<T>(IEnumerable<T> rows, Func<T, int> key, Func<T, int> value) =>
        rows.GroupBy(key).ToDictionary(g => g.Key, g => g.Select(value).ToArray());
}
