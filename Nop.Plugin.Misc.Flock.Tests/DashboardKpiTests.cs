using System.Text.RegularExpressions;
using Flock.Engine.Analytics;
using Flock.Engine.Referrals.Rewards;
using Flock.Engine.Referrals.Rewards.Ledger;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Factories;
using Nop.Plugin.Misc.Flock.Localization;
using Nop.Plugin.Misc.Flock.Models.Admin;
using Nop.Plugin.Misc.Flock.Services;
using Nop.Plugin.Misc.Flock.Tests.Infrastructure;
using Nop.Services.Configuration;
using Nop.Services.Localization;
using Nop.Services.Orders;
using Nop.Plugin.Misc.Flock.Services.Referrals;

namespace Nop.Plugin.Misc.Flock.Tests;

/// <summary>
/// The dashboard's KPIs from the real tables: every reversal of a reward counts, ROI is on margin when nopCommerce has the
/// product cost of every friend order, exposures are distinct shoppers shown the widget, and each KPI is shown with its
/// one definition in the admin's language.
/// </summary>
[Collection(NopCollection.Name)]
public class DashboardKpiTests : IAsyncLifetime
{
    private readonly NopFixture _fixture;

    public DashboardKpiTests(NopFixture fixture) => _fixture = fixture;

    public Task InitializeAsync() => _fixture.EnsureInstalledAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A campaign id of this test alone (the KPIs are filtered by it; no campaign row is needed for that).</summary>
    private static int NewCampaignId() => 700_000 + Random.Shared.Next(1, 99_999);

    private static async Task<Order> PaidOrderAsync(FlockServiceProvider requests, Customer customer)
    {
        var order = await ConsumerLoopTests.NewOrderAsync(requests, customer, null);
        order.PaymentStatus = PaymentStatus.Paid;
        order.OrderStatus = OrderStatus.Processing;
        await requests.Get<IOrderService>().UpdateOrderAsync(order);
        return order;
    }

    [Fact]
    public async Task A_reward_reversed_twice_counts_both_reversals_in_the_reward_cost()
    {
        var requests = _fixture.Host.NewRequest();
        var campaignId = NewCampaignId();
        var friend = await ConsumerLoopTests.NewCustomerAsync(requests, "Twice", "Kazan", "2 Refund st");
        var referrer = await ConsumerLoopTests.NewCustomerAsync(requests, "Rewarded", "Kazan", "3 Refund st");
        var order = await PaidOrderAsync(requests, friend);
        var policy = $"rev{Guid.NewGuid():N}"[..12];
        var now = DateTimeOffset.UtcNow;
        var intent = new RewardIntent
        {
            CauseKey = CauseKeys.FriendOrder(order.Id, policy, referrer.Id), PolicyId = policy, BeneficiaryCustomerId = referrer.Id,
            Role = BeneficiaryRole.Referrer, Reward = new PointsReward(100), EarnedAt = now, OrderId = order.Id, OrderAmount = 100m, ReturnWindowDays = 0
        };
        var ledger = requests.Get<RewardLedgerService>();
        await ledger.RecordAsync([intent], null, campaignId, now);
        await ledger.ApplyOrderEventAsync(new OrderPaid { OrderId = order.Id, At = now }, now);
        // two partial refunds after the grant: 100 points → 70 → 40 (30 reversed twice)
        await ledger.ApplyOrderEventAsync(new OrderRefunded { OrderId = order.Id, RefundedTotal = 30m, At = now.AddMinutes(1) }, now.AddMinutes(1));
        await ledger.ApplyOrderEventAsync(new OrderRefunded { OrderId = order.Id, RefundedTotal = 60m, At = now.AddMinutes(2) }, now.AddMinutes(2));
        var row = await requests.Get<RewardService>().GetByCauseKeyAsync(intent.CauseKey);
        Assert.Equal(nameof(RewardState.PartiallyRevoked), row.State);
        var pointValue = (await requests.Get<ISettingService>().LoadSettingAsync<RewardPointsSettings>()).ExchangeRate;

        var asOf = DateTime.UtcNow.AddMinutes(5);
        var events = await _fixture.Host.NewRequest().Get<KpiEventService>().EventsAsync(asOf.Date.AddDays(-6), asOf.Date.AddDays(1), asOf, campaignId);

        var costs = events.RewardCosts.Where(c => c.Cause == intent.CauseKey).ToList();
        Assert.Equal([RewardCostKind.Granted, RewardCostKind.Reversed, RewardCostKind.Reversed], costs.Select(c => c.Kind));
        Assert.Equal([100m * pointValue, 30m * pointValue, 30m * pointValue], costs.Select(c => c.Amount));
        Assert.Equal(2, costs.Where(c => c.Kind == RewardCostKind.Reversed).Select(c => c.Key).Distinct().Count());

        var kpis = await _fixture.Host.NewRequest().Get<DashboardModelFactory>().KpisAsync(new DashboardModel { Period = 7, CampaignId = campaignId }, asOf);
        Assert.Equal(40m * pointValue, kpis.Report.Total.RewardCost);

        // cancelled at last: the third reversal takes back the rest
        await ledger.ApplyOrderEventAsync(new OrderCancelled { OrderId = order.Id, At = now.AddMinutes(3) }, now.AddMinutes(3));
        kpis = await _fixture.Host.NewRequest().Get<DashboardModelFactory>().KpisAsync(new DashboardModel { Period = 7, CampaignId = campaignId }, asOf);
        Assert.Equal(0m, kpis.Report.Total.RewardCost);
    }

    [Fact]
    public async Task Roi_is_on_margin_when_every_friend_order_has_its_product_cost_and_exposures_are_distinct_shoppers()
    {
        var requests = _fixture.Host.NewRequest();
        var campaignId = NewCampaignId();
        var referrer = await ConsumerLoopTests.NewCustomerAsync(requests, "Margin", "Perm", "4 Cost st");
        var friend = await ConsumerLoopTests.NewCustomerAsync(requests, "Costed", "Perm", "5 Cost st");
        var order = await PaidOrderAsync(requests, friend);
        // nopCommerce copies the product cost onto each line: 1 × 60 (the helper's line) + 2 × 20
        var items = requests.Get<IRepository<OrderItem>>();
        var line = items.Table.Single(i => i.OrderId == order.Id);
        line.OriginalProductCost = 60m;
        await items.UpdateAsync(line, false);
        await requests.Get<IOrderService>().InsertOrderItemAsync(new OrderItem
        {
            OrderItemGuid = Guid.NewGuid(), OrderId = order.Id, ProductId = line.ProductId, Quantity = 2, OriginalProductCost = 20m,
            UnitPriceInclTax = 0, UnitPriceExclTax = 0, PriceInclTax = 0, PriceExclTax = 0
        });
        var now = DateTime.UtcNow;
        await requests.Get<IRepository<FlockReferral>>().InsertAsync(new FlockReferral
        {
            OrderId = order.Id, FriendCustomerId = friend.Id, ReferrerCustomerId = referrer.Id, CampaignId = campaignId, Variant = "",
            EvidenceKind = "LinkClick", Decision = "Rewarded", Reason = "test", OrderSubtotal = 190m, DiscountAmount = 10m, CreatedOnUtc = now
        }, false);
        // three renders for the referrer, one for someone else: two exposed shoppers
        await requests.Get<IRepository<FlockEvent>>().InsertAsync(new[] { referrer.Id, referrer.Id, referrer.Id, friend.Id }.Select(id => new FlockEvent
        {
            Kind = FlockEventKinds.WidgetShown, CampaignId = campaignId, Variant = "", CustomerId = id, Channel = "thank-you", CreatedOnUtc = now.AddMinutes(-30)
        }).ToList(), false);

        var asOf = now.AddMinutes(5);
        var model = await _fixture.Host.NewRequest().Get<DashboardModelFactory>().PrepareAsync(new DashboardModel { Period = 7, CampaignId = campaignId }, asOf);
        var kpis = await _fixture.Host.NewRequest().Get<DashboardModelFactory>().KpisAsync(new DashboardModel { Period = 7, CampaignId = campaignId }, asOf);

        var total = kpis.Report.Total;
        Assert.Equal(100m, total.CostOfGoods);
        Assert.Equal(RoiBasis.Margin, total.RoiBasis);
        Assert.Equal(90m, total.FriendMargin);
        Assert.Equal(9m, total.Roi); // (190 − 100 − 0) ÷ (0 + 10): the discount taken off once
        Assert.Equal(2, total.ExposedShoppers);
        var roi = Assert.Single(model.Tiles, t => t.Key == "roi");
        Assert.Equal("900.0 %", roi.Value);
        Assert.Equal("on margin: every friend order has its product cost", roi.Note);
        Assert.Equal(KpiDefinitions.Of(nameof(KpiFigures.Roi)), roi.Definition);
        Assert.Equal("2", Assert.Single(model.Tiles, t => t.Key == "exposed-shoppers").Value);
        Assert.DoesNotContain(model.Tiles, t => t.Key.StartsWith("arpu", StringComparison.Ordinal));
        Assert.All(model.Tiles, t => Assert.False(string.IsNullOrWhiteSpace(t.Definition)));
        Assert.Contains(model.Definitions, d => d.Definition == KpiDefinitions.Of(nameof(KpiFigures.KFactor)));

        // a line without a cost: ROI falls back to revenue and says why
        var unknown = await PaidOrderAsync(requests, await ConsumerLoopTests.NewCustomerAsync(requests, "Uncosted", "Perm", "6 Cost st"));
        await requests.Get<IRepository<FlockReferral>>().InsertAsync(new FlockReferral
        {
            OrderId = unknown.Id, FriendCustomerId = unknown.CustomerId, ReferrerCustomerId = referrer.Id, CampaignId = campaignId, Variant = "",
            EvidenceKind = "LinkClick", Decision = "Rewarded", Reason = "test", OrderSubtotal = 190m, DiscountAmount = 10m, CreatedOnUtc = now
        }, false);
        model = await _fixture.Host.NewRequest().Get<DashboardModelFactory>().PrepareAsync(new DashboardModel { Period = 7, CampaignId = campaignId }, asOf);
        Assert.Equal("on revenue: 1 friend order(s) without product cost", Assert.Single(model.Tiles, t => t.Key == "roi").Note);
    }

    [Fact]
    public async Task Every_kpi_definition_is_installed_in_english_as_the_engine_states_it_and_in_russian()
    {
        Assert.Empty(FlockDefinitionResources.Untranslated);
        var requests = _fixture.Host.NewRequest();
        var localization = requests.Get<ILocalizationService>();
        var russian = (await requests.Get<ILanguageService>().GetAllLanguagesAsync(showHidden: true)).FirstOrDefault(LocaleResourceInstaller.IsRussian);
        foreach (var (key, english) in KpiDefinitions.All)
        {
            var name = FlockDefinitionResources.Prefix + key;
            Assert.Equal(english, FlockAdminResources.English[name]);
            Assert.Equal(english, (await localization.GetLocaleStringResourceByNameAsync(name, 1, false))?.ResourceValue);
            Assert.NotEqual(english, FlockAdminResources.Russian[name]);
            if (russian is not null)
                Assert.Equal(FlockAdminResources.Russian[name], (await localization.GetLocaleStringResourceByNameAsync(name, russian.Id, false))?.ResourceValue);
        }
        // Russian texts are written in one alphabet per word (a Latin letter inside a Cyrillic word is a typo)
        var mixed = new Regex("[а-яё][a-z]|[a-z][а-яё]", RegexOptions.IgnoreCase);
        Assert.Empty(FlockAdminResources.Russian.Concat(FlockResources.Russian).Where(r => mixed.IsMatch(r.Value)).Select(r => r.Key));
    }
}
