using Flock.Engine.Referrals.Campaigns;
using Flock.Engine.Referrals.Programme;
using Flock.Engine.Statistics;
using Nop.Core.Domain.Common;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Core.Domain.Shipping;
using Nop.Core.Domain.Tax;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Factories;
using Nop.Plugin.Misc.Flock.Services;
using Nop.Plugin.Misc.Flock.Tests.Infrastructure;
using Nop.Services.Common;
using Nop.Plugin.Misc.Flock.Services.Referrals;

namespace Nop.Plugin.Misc.Flock.Tests;

/// <summary>
/// The Experiments page on nopCommerce's real services and database: held-out shoppers stored by the widget itself, the
/// campaign against its holdout on the shoppers' own repeat orders in nopCommerce's Order table (uplift with its
/// always-valid interval, or "N more needed"), the attributed friend orders in their own column, the creatives compared
/// per shopper, and the backfill of holdout rows for shoppers held out before 1.3.
/// </summary>
[Collection(NopCollection.Name)]
public class ExperimentReportTests : IAsyncLifetime
{
    private readonly NopFixture _fixture;

    public ExperimentReportTests(NopFixture fixture) => _fixture = fixture;

    public Task InitializeAsync() => _fixture.EnsureInstalledAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    // ------------------------------------------------------------------ helpers

    internal static async Task<FlockCampaign> NewCampaignAsync(FlockServiceProvider requests, string name, double holdoutShare,
        CampaignStatus status = CampaignStatus.Paused, int priority = 0)
    {
        var campaigns = requests.Get<CampaignService>();
        var row = new FlockCampaign { Name = name, Status = status.ToString(), Priority = priority, Version = 1, ConfigJson = "{}" };
        await campaigns.InsertAsync(row);
        row.ConfigJson = CampaignConfigJson.Write(DefaultCampaign.Create(row.Id, name) with
        {
            Slug = null, Status = status, HoldoutShare = holdoutShare, Priority = priority
        });
        await campaigns.UpdateAsync(row);
        return row;
    }

    private static async Task SetStatusAsync(FlockServiceProvider requests, FlockCampaign row, CampaignStatus status)
    {
        var config = CampaignModelFactory.Load(row)!;
        row.Status = status.ToString();
        row.ConfigJson = CampaignConfigJson.Write(config with { Status = status });
        await requests.Get<CampaignService>().UpdateAsync(row);
    }

    /// <summary>Shoppers without anything else: a customer row each (bulk, ids assigned).</summary>
    internal static async Task<List<Customer>> ShoppersAsync(FlockServiceProvider requests, int count)
    {
        var now = DateTime.UtcNow;
        var customers = Enumerable.Range(0, count).Select(_ => new Customer
        {
            CustomerGuid = Guid.NewGuid(), Active = true, CreatedOnUtc = now, LastActivityDateUtc = now, RegisteredInStoreId = 1
        }).ToList();
        await requests.Get<IRepository<Customer>>().InsertAsync(customers, false);
        Assert.All(customers, c => Assert.True(c.Id > 0));
        return customers;
    }

    internal static async Task<int> AddressAsync(FlockServiceProvider requests)
    {
        var address = new Address { FirstName = "Repeat", LastName = "Buyer", Email = $"r{Guid.NewGuid():N}@example.test", City = "Omsk", CreatedOnUtc = DateTime.UtcNow };
        await requests.Get<IAddressService>().InsertAddressAsync(address);
        return address.Id;
    }

    internal static Order Order(int customerId, int addressId, DateTime createdOnUtc, decimal total, PaymentStatus payment = PaymentStatus.Paid,
        OrderStatus status = OrderStatus.Complete, decimal refunded = 0m, bool deleted = false) => new()
    {
        OrderGuid = Guid.NewGuid(), StoreId = 1, CustomerId = customerId, BillingAddressId = addressId, OrderStatus = status,
        ShippingStatus = ShippingStatus.ShippingNotRequired, PaymentStatus = payment, PaymentMethodSystemName = "Payments.CheckMoneyOrder",
        CustomerCurrencyCode = "USD", CurrencyRate = 1, CustomerTaxDisplayType = TaxDisplayType.ExcludingTax, OrderSubtotalInclTax = total,
        OrderSubtotalExclTax = total, OrderTotal = total, RefundedAmount = refunded, Deleted = deleted, CustomerLanguageId = 1, CustomerIp = "10.9.9.9",
        CreatedOnUtc = createdOnUtc, CustomOrderNumber = string.Empty
    };

    private static FlockAssignment Assignment(Customer shopper, string experimentKey, string arm, DateTime at) => new()
    {
        ShopperKey = ShareWidgetService.ShopperKey(shopper), ExperimentKey = experimentKey, ArmKey = arm, CreatedOnUtc = at
    };

    private static async Task InsertAsync<T>(FlockServiceProvider requests, IList<T> rows) where T : Nop.Core.BaseEntity
    {
        if (rows.Count > 0)
            await requests.Get<IRepository<T>>().InsertAsync(rows, false);
    }

    private static FlockReferral Referral(FlockCampaign campaign, Customer referrer, Customer friend, Order friendOrder, string decision = "Rewarded") => new()
    {
        OrderId = friendOrder.Id, FriendCustomerId = friend.Id, ReferrerCustomerId = referrer.Id, CampaignId = campaign.Id, Variant = "",
        EvidenceKind = "LinkClick", Decision = decision, Reason = "test", OrderSubtotal = friendOrder.OrderTotal, DiscountAmount = 5m,
        CreatedOnUtc = friendOrder.CreatedOnUtc
    };

    // ------------------------------------------------------------------ tests

    [Fact]
    public async Task A_held_out_shopper_gets_an_assignment_row_from_the_widget_and_the_page_finds_the_holdout_of_the_campaign()
    {
        var requests = _fixture.Host.NewRequest();
        //the only campaign of the top priority, so its competition is campaigns:{id}; paused again at the end (other suites see the default campaign)
        var campaign = await NewCampaignAsync(requests, "Holdout by the widget", 0.5, CampaignStatus.Active, priority: 900);
        var key = $"{CampaignSelector.CompetitionKeyPrefix}{campaign.Id}";
        var shoppers = new List<Customer>();
        try
        {
            for (var i = 0; i < 16; i++)
            {
                var customer = await ConsumerLoopTests.NewCustomerAsync(_fixture.Host.NewRequest(), $"Held{i}", "Tomsk", $"{i} Holdout st");
                shoppers.Add(customer);
                await _fixture.Host.NewRequest().Get<ShareWidgetService>().EnsureReferrerAsync(customer, CampaignTriggers.Registered);
                await _fixture.Host.NewRequest().Get<ShareWidgetService>().EnsureReferrerAsync(customer, CampaignTriggers.Registered); // met again: one row
            }
        }
        finally
        {
            await SetStatusAsync(requests, campaign, CampaignStatus.Paused);
        }

        var keys = shoppers.Select(ShareWidgetService.ShopperKey).ToList();
        var rows = requests.Get<IRepository<FlockAssignment>>().Table.Where(a => a.ExperimentKey == key).ToList();
        Assert.Equal(keys.Order(), rows.Select(r => r.ShopperKey).Order()); // each shopper once, held out or not
        var heldOut = rows.Where(r => r.ArmKey == ArmSamples.Holdout).ToList();
        var shown = rows.Where(r => r.ArmKey == campaign.Id.ToString()).ToList();
        Assert.Equal(rows.Count, heldOut.Count + shown.Count);
        Assert.NotEmpty(heldOut);
        Assert.NotEmpty(shown);

        var model = await _fixture.Host.NewRequest().Get<ExperimentModelFactory>().PrepareAsync(campaign);

        Assert.Null(model.Error);
        Assert.True(model.Holdout.HasHoldout);
        Assert.Equal([key], model.Holdout.ExperimentKeys);
        var holdoutArm = model.Holdout.Arms[0];
        Assert.True(holdoutArm.IsHoldout);
        Assert.Equal(heldOut.Count, holdoutArm.Shoppers);
        var campaignArm = Assert.Single(model.Holdout.Arms, a => a.IsThisCampaign);
        Assert.Equal(shown.Count, campaignArm.Shoppers);
        // assigned just now: every window is still maturing, so no rate and no uplift, only how many more shoppers are needed
        Assert.All(model.Holdout.Arms.SelectMany(a => a.Windows), w => Assert.Equal((0L, "—"), (w.Matured, w.RepeatRateText)));
        Assert.Equal(4, model.Holdout.Uplifts.Count);
        Assert.All(model.Holdout.Uplifts, u =>
        {
            Assert.Equal(Verdict.NotEnoughData, u.Verdict);
            Assert.Null(u.Difference);
            Assert.Equal("—", u.IntervalText);
            Assert.True(u.MoreShoppers > 0);
            Assert.Contains(u.MoreShoppers!.Value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture).Replace(",", "\u202f"), u.VerdictText);
        });
        Assert.Equal(shown.Count, model.Variants.Arms.Sum(a => a.Shoppers));
        Assert.All(model.Variants.Arms, a => Assert.Null(a.ProbabilityToBeBest));

        // Flock 1.2 kept only a HoldoutSkipped event (campaign 0, the experiment in Variant): the backfill restores the rows from it
        var events = requests.Get<IRepository<FlockEvent>>().Table
            .Where(e => e.Kind == FlockEventKinds.HoldoutSkipped && e.Variant == key).ToList();
        Assert.Equal(heldOut.Count * 2, events.Count);
        await requests.Get<IRepository<FlockAssignment>>().DeleteAsync(heldOut);
        var data = _fixture.Host.NewRequest().Get<ExperimentDataService>();
        Assert.True(await data.BackfillHoldoutAssignmentsAsync() >= heldOut.Count);
        Assert.Equal(0, await data.BackfillHoldoutAssignmentsAsync());
        var restored = requests.Get<IRepository<FlockAssignment>>().Table.Where(a => a.ExperimentKey == key && a.ArmKey == ArmSamples.Holdout).ToList();
        Assert.Equal(heldOut.Select(r => r.ShopperKey).Order(), restored.Select(r => r.ShopperKey).Order());
        var customerIds = shoppers.ToDictionary(ShareWidgetService.ShopperKey, c => c.Id);
        Assert.All(restored, r => Assert.Equal(
            events.Where(e => e.CustomerId == customerIds[r.ShopperKey]).Min(e => e.CreatedOnUtc), r.CreatedOnUtc, TimeSpan.FromSeconds(1)));
        // shoppers shown the widget keep their own row
        Assert.Equal(shown.Count, requests.Get<IRepository<FlockAssignment>>().Table.Count(a => a.ExperimentKey == key && a.ArmKey != ArmSamples.Holdout));
    }

    [Fact]
    public async Task The_page_compares_the_campaign_with_its_holdout_on_the_shoppers_own_repeat_orders_and_keeps_attributed_orders_apart()
    {
        var requests = _fixture.Host.NewRequest();
        var campaign = await NewCampaignAsync(requests, "Repeat uplift", 0.5);
        var key = $"{CampaignSelector.CompetitionKeyPrefix}{campaign.Id}";
        var arm = campaign.Id.ToString();
        var asOf = DateTime.UtcNow;
        var assignedAt = asOf.AddDays(-100);
        var address = await AddressAsync(requests);

        var exposed = await ShoppersAsync(requests, 150);
        var holdout = await ShoppersAsync(requests, 150);
        var friends = await ShoppersAsync(requests, 6);
        var assignments = exposed.Select(c => Assignment(c, key, arm, assignedAt))
            .Concat(holdout.Select(c => Assignment(c, key, ArmSamples.Holdout, assignedAt)))
            .ToList();
        // a shopper whose customer record is gone, and a smaller competition of the campaign (judged in its main one only)
        assignments.Add(new FlockAssignment { ShopperKey = Guid.NewGuid().ToString("N"), ExperimentKey = key, ArmKey = ArmSamples.Holdout, CreatedOnUtc = assignedAt });
        assignments.Add(Assignment(friends[5], $"{key},999999", ArmSamples.Holdout, assignedAt.AddDays(3)));
        await InsertAsync(requests, assignments);

        var orders = new List<Order>();
        // the order that prompted the widget is before the assignment and never counts
        orders.AddRange(exposed.Concat(holdout).Select(c => Order(c.Id, address, assignedAt.AddHours(-1), 500m)));
        // exposed: 60 come back within 30 days (one of them refunded 40 of 100), 30 more by day 50
        orders.AddRange(exposed.Take(60).Select((c, i) => Order(c.Id, address, assignedAt.AddDays(10), 100m,
            i == 0 ? PaymentStatus.PartiallyRefunded : PaymentStatus.Paid, refunded: i == 0 ? 40m : 0m)));
        orders.AddRange(exposed.Skip(60).Take(30).Select(c => Order(c.Id, address, assignedAt.AddDays(50), 100m)));
        // holdout: 15 within 30 days, 15 more by day 50
        orders.AddRange(holdout.Take(15).Select(c => Order(c.Id, address, assignedAt.AddDays(10), 100m)));
        orders.AddRange(holdout.Skip(15).Take(15).Select(c => Order(c.Id, address, assignedAt.AddDays(50), 100m)));
        // not purchases: cancelled, fully refunded, deleted, unpaid
        orders.Add(Order(holdout[100].Id, address, assignedAt.AddDays(5), 100m, status: OrderStatus.Cancelled));
        orders.Add(Order(holdout[101].Id, address, assignedAt.AddDays(5), 100m, PaymentStatus.Refunded, refunded: 100m));
        orders.Add(Order(holdout[102].Id, address, assignedAt.AddDays(5), 100m, deleted: true));
        orders.Add(Order(holdout[103].Id, address, assignedAt.AddDays(5), 100m, PaymentStatus.Pending, OrderStatus.Pending));
        // friends' orders attributed to exposed shoppers: five accepted in the first 30 days, one blocked
        var friendOrders = friends.Select(f => Order(f.Id, address, assignedAt.AddDays(5), 200m)).ToList();
        orders.AddRange(friendOrders);
        await InsertAsync(requests, orders);
        var referrals = friends.Take(5).Select((f, i) => Referral(campaign, exposed[100 + i], f, friendOrders[i])).ToList();
        referrals.Add(Referral(campaign, exposed[110], friends[5], friendOrders[5], decision: "Blocked"));
        await InsertAsync(requests, referrals);

        var model = await _fixture.Host.NewRequest().Get<ExperimentModelFactory>().PrepareAsync(campaign, asOf);

        Assert.Null(model.Error);
        Assert.Equal([key], model.Holdout.ExperimentKeys);
        Assert.Equal([30, 90], model.Holdout.Windows);
        var (held, shown) = (model.Holdout.Arms[0], model.Holdout.Arms[1]);
        Assert.Equal(2, model.Holdout.Arms.Count);
        Assert.True(held.IsHoldout);
        Assert.True(shown.IsThisCampaign);
        Assert.Equal((150L, 150L), (held.Shoppers, shown.Shoppers));
        Assert.Equal([15L, 30L], held.Windows.Select(w => w.Repeaters));
        Assert.Equal([60L, 90L], shown.Windows.Select(w => w.Repeaters));
        Assert.All(model.Holdout.Arms.SelectMany(a => a.Windows), w => Assert.Equal((150L, 0L), (w.Matured, w.Maturing)));
        Assert.Equal(0.1, held.Windows[0].RepeatRate!.Value, 10);
        Assert.Equal(0.4, shown.Windows[0].RepeatRate!.Value, 10);
        Assert.Equal(1500.0 / 150, held.Windows[0].RevenuePerShopper!.Value, 6);
        Assert.Equal((59 * 100 + 60) / 150.0, shown.Windows[0].RevenuePerShopper!.Value, 6);
        // Kaplan–Meier: 60 back on day 10, 30 more on day 50 of 150 → S = 0.6 then 0.4 → median 50; the holdout never reaches half
        Assert.Equal(50, shown.MedianDaysToNextOrder!.Value, 3);
        Assert.Null(held.MedianDaysToNextOrder);
        // attributed, not causal: 5 accepted friends in the window (the blocked one not), none for the holdout
        Assert.Equal(5, shown.Windows[0].AttributedNewCustomers);
        Assert.Equal("33.3", shown.Windows[0].AttributedNewCustomersPer1000);
        Assert.Equal(0, held.Windows[0].AttributedNewCustomers);
        Assert.Equal("0", held.Windows[0].AttributedNewCustomersPer1000);
        Assert.Equal("1 assignment(s) of shoppers without a customer record are left out; 0 later assignment(s) of shoppers already counted in their first arm are ignored.",
            model.Holdout.Excluded);

        // the causal uplift: +30 pp on the 30-day repeat rate, declared with its always-valid interval
        var primary = Assert.Single(model.Holdout.Uplifts, u => u.IsPrimary);
        Assert.Equal((arm, 90), (primary.Arm, primary.Days));
        var repeat30 = Assert.Single(model.Holdout.Uplifts, u => u.Days == 30 && u.Measure.StartsWith("Repeat purchase"));
        Assert.Equal(0.3, repeat30.Difference!.Value, 10);
        Assert.Equal("+30.0 pp", repeat30.DifferenceText);
        Assert.Equal(Verdict.TreatmentBetter, repeat30.Verdict);
        Assert.Equal("Repeat uplift is better", repeat30.VerdictText);
        Assert.StartsWith("[+", repeat30.IntervalText);
        Assert.Null(repeat30.MoreShoppers);
        Assert.Equal(Verdict.TreatmentBetter, primary.Verdict);
        var samples = (Control: new ArmSample(ArmSamples.Holdout, 150, 15), Treatment: new ArmSample(arm, 150, 60));
        var expected = SequentialComparison.Compare(samples.Control, samples.Treatment, Metric.Conversion, ExperimentModelFactory.Options);
        Assert.Equal(expected.Verdict, repeat30.Verdict);
        static string Pp(double v) => (v > 0 ? "+" : "") + (v * 100).ToString("0.0#", System.Globalization.CultureInfo.InvariantCulture) + " pp";
        Assert.Equal($"[{Pp(expected.Interval!.Value.Low)}; {Pp(expected.Interval.Value.High)}]", repeat30.IntervalText);
        Assert.True(expected.Interval.Value.Low > 0);

        // the plan and the rule are on the page
        Assert.NotNull(model.Plan);
        Assert.True(model.Plan.BaselineObserved);
        Assert.Equal(120.0 / 300, model.Plan.BaselineRate, 10);
        Assert.True(model.Plan.SequentialHoldout > model.Plan.FixedHoldout);
        Assert.Contains("150 held-out and 150 exposed", model.Plan.Text);
        Assert.Contains("always-valid p-value is at most 5 %", model.Rule);
    }

    [Fact]
    public async Task A_small_experiment_shows_how_many_more_shoppers_it_needs_and_no_number()
    {
        var requests = _fixture.Host.NewRequest();
        var campaign = await NewCampaignAsync(requests, "Too early", 0.5);
        var key = $"{CampaignSelector.CompetitionKeyPrefix}{campaign.Id}";
        var assignedAt = DateTime.UtcNow.AddDays(-95);
        var address = await AddressAsync(requests);
        var exposed = await ShoppersAsync(requests, 20);
        var holdout = await ShoppersAsync(requests, 20);
        await InsertAsync(requests, exposed.Select(c => Assignment(c, key, campaign.Id.ToString(), assignedAt))
            .Concat(holdout.Select(c => Assignment(c, key, ArmSamples.Holdout, assignedAt))).ToList());
        await InsertAsync(requests, exposed.Take(8).Concat(holdout.Take(3)).Select(c => Order(c.Id, address, assignedAt.AddDays(7), 80m)).ToList());
        // creatives: two combinations, far below the minimum sample
        var creativeKey = CampaignSelector.CreativeExperimentKey(campaign.Id, campaign.Version);
        await InsertAsync(requests, exposed.Select((c, i) => Assignment(c, creativeKey, i % 2 == 0 ? "m1|t1" : "m2|t1", assignedAt)).ToList());

        var model = await _fixture.Host.NewRequest().Get<ExperimentModelFactory>().PrepareAsync(campaign);

        Assert.Null(model.Error);
        Assert.Equal([3L, 3L], model.Holdout.Arms[0].Windows.Select(w => w.Repeaters));
        Assert.Equal([8L, 8L], model.Holdout.Arms[1].Windows.Select(w => w.Repeaters));
        Assert.Equal("15.0 % (3 of 20)", model.Holdout.Arms[0].Windows[0].RepeatRateText);
        Assert.All(model.Holdout.Uplifts, u =>
        {
            Assert.Equal(Verdict.NotEnoughData, u.Verdict);
            Assert.Equal(("—", "—", "—"), (u.DifferenceText, u.IntervalText, u.PValueText));
            Assert.True(u.MoreShoppers >= 160); // both arms need 100 shoppers at least
            Assert.StartsWith("Not enough data yet:", u.VerdictText);
        });
        Assert.True(model.Plan.BaselineObserved);
        Assert.Equal(11.0 / 40, model.Plan.BaselineRate, 10);

        Assert.Equal(2, model.Variants.Arms.Count);
        Assert.All(model.Variants.Arms, a => Assert.Equal((10L, false, "—", "—"), (a.Shoppers, a.HasMinimumSample, a.RateText, a.ProbabilityToBeBestText)));
        var comparison = Assert.Single(model.Variants.Comparisons);
        Assert.Equal(Verdict.NotEnoughData, comparison.Verdict);
        Assert.True(comparison.MoreShoppers > 0);
        Assert.Equal("No winner yet: some arms need more shoppers (see the comparisons).", model.Variants.WinnerText);
    }

    [Fact]
    public async Task A_campaign_of_one_store_is_judged_on_that_stores_orders_only_and_a_cancelled_friend_order_is_no_conversion()
    {
        var requests = _fixture.Host.NewRequest();
        var row = await NewCampaignAsync(requests, "Store one only", 0.5);
        row.ConfigJson = CampaignConfigJson.Write(CampaignModelFactory.Load(row)! with { StoreIds = [1] });
        await requests.Get<CampaignService>().UpdateAsync(row);
        var key = $"{CampaignSelector.CompetitionKeyPrefix}{row.Id}";
        var assignedAt = DateTime.UtcNow.AddDays(-95);
        var address = await AddressAsync(requests);
        var exposed = await ShoppersAsync(requests, 10);
        var holdout = await ShoppersAsync(requests, 10);
        var friends = await ShoppersAsync(requests, 2);
        await InsertAsync(requests, exposed.Select(c => Assignment(c, key, row.Id.ToString(), assignedAt))
            .Concat(holdout.Select(c => Assignment(c, key, ArmSamples.Holdout, assignedAt))).ToList());
        var orders = exposed.Take(4).Select(c => Order(c.Id, address, assignedAt.AddDays(7), 80m)).ToList();
        // the same customers buying in another store of the same nopCommerce: not this campaign's outcome
        orders.AddRange(exposed.Skip(4).Take(3).Concat(holdout.Take(5)).Select(c => Order(c.Id, address, assignedAt.AddDays(7), 80m)));
        foreach (var other in orders.Skip(4))
            other.StoreId = 2;
        // two friend orders of the exposed: one stands, one was cancelled
        var friendOrders = new List<Order>
        {
            Order(friends[0].Id, address, assignedAt.AddDays(5), 120m),
            Order(friends[1].Id, address, assignedAt.AddDays(5), 120m, status: OrderStatus.Cancelled)
        };
        orders.AddRange(friendOrders);
        await InsertAsync(requests, orders);
        await InsertAsync(requests, new List<FlockReferral>
        {
            Referral(row, exposed[0], friends[0], friendOrders[0]),
            Referral(row, exposed[1], friends[1], friendOrders[1])
        });

        var model = await _fixture.Host.NewRequest().Get<ExperimentModelFactory>().PrepareAsync(row);

        Assert.Null(model.Error);
        Assert.Equal([0L, 0L], model.Holdout.Arms[0].Windows.Select(w => w.Repeaters));
        Assert.Equal([4L, 4L], model.Holdout.Arms[1].Windows.Select(w => w.Repeaters));
        Assert.Equal(1, model.Holdout.Arms[1].Windows[0].AttributedNewCustomers);
    }

    [Fact]
    public async Task Creatives_are_compared_per_shopper_on_friend_orders_after_their_assignment()
    {
        var requests = _fixture.Host.NewRequest();
        var campaign = await NewCampaignAsync(requests, "Creatives", 0.1);
        var other = await NewCampaignAsync(requests, "Another campaign", 0);
        var creativeKey = CampaignSelector.CreativeExperimentKey(campaign.Id, campaign.Version);
        var assignedAt = DateTime.UtcNow.AddDays(-20);
        var address = await AddressAsync(requests);
        var a = await ShoppersAsync(requests, 120);
        var b = await ShoppersAsync(requests, 120);
        var friends = await ShoppersAsync(requests, 48);
        await InsertAsync(requests, a.Select(c => Assignment(c, creativeKey, "m1|t1", assignedAt))
            .Concat(b.Select(c => Assignment(c, creativeKey, "m2|t1", assignedAt))).ToList());
        var friendOrders = friends.Select(f => Order(f.Id, address, assignedAt.AddDays(2), 150m)).ToList();
        await InsertAsync(requests, friendOrders);
        var referrals = new List<FlockReferral>();
        // 30 shoppers of A bring a friend (one of them two friends: one converted shopper), 10 of B
        for (var i = 0; i < 30; i++) referrals.Add(Referral(campaign, a[i], friends[i], friendOrders[i]));
        referrals.Add(Referral(campaign, a[0], friends[30], friendOrders[30]));
        for (var i = 0; i < 10; i++) referrals.Add(Referral(campaign, b[i], friends[31 + i], friendOrders[31 + i]));
        // not conversions of B: a friend order before the assignment, one of another campaign, a blocked one
        friendOrders[41].CreatedOnUtc = assignedAt.AddDays(-1);
        referrals.Add(Referral(campaign, b[50], friends[41], friendOrders[41]));
        referrals.Add(Referral(other, b[51], friends[42], friendOrders[42]));
        referrals.Add(Referral(campaign, b[52], friends[43], friendOrders[43], decision: "Blocked"));
        await InsertAsync(requests, referrals);

        var model = await _fixture.Host.NewRequest().Get<ExperimentModelFactory>().PrepareAsync(campaign);

        Assert.Null(model.Error);
        Assert.Equal(["m1|t1", "m2|t1"], model.Variants.Arms.Select(x => x.Key));
        Assert.Equal([(120L, 30L), (120L, 10L)], model.Variants.Arms.Select(x => (x.Shoppers, x.Converted)));
        Assert.All(model.Variants.Arms, x => Assert.True(x.HasMinimumSample));
        Assert.Equal("25.0 %", model.Variants.Arms[0].RateText);
        Assert.NotNull(model.Variants.Arms[0].ProbabilityToBeBest);
        Assert.True(model.Variants.Arms[0].ProbabilityToBeBest > model.Variants.Arms[1].ProbabilityToBeBest);
        var comparison = Assert.Single(model.Variants.Comparisons);
        var expected = SequentialComparison.Analyze([new ArmSample("m1|t1", 120, 30), new ArmSample("m2|t1", 120, 10)], Metric.Conversion, null,
            ExperimentModelFactory.Options);
        Assert.Equal(expected.Comparisons[0].Verdict, comparison.Verdict);
        Assert.Equal(expected.Winner is null, model.Variants.Arms.All(x => !x.IsWinner));
        Assert.NotEqual("—", comparison.IntervalText);
        // no holdout shopper yet for this campaign: the page says so and plans for its holdout share
        Assert.Equal("No shopper has been assigned to this campaign's experiment yet.", model.Holdout.Message);
        Assert.Equal(0.1, model.Plan.HoldoutShare);
        Assert.False(model.Plan.BaselineObserved);
    }

    [Fact]
    public async Task Competing_campaigns_share_the_holdout_and_alpha_and_are_compared_per_shopper_on_their_own_friend_orders()
    {
        var requests = _fixture.Host.NewRequest();
        var campaign = await NewCampaignAsync(requests, "Competitor A", 0.2);
        var rival = await NewCampaignAsync(requests, "Competitor B", 0.1);
        var key = $"{CampaignSelector.CompetitionKeyPrefix}{campaign.Id},{rival.Id}";
        var assignedAt = DateTime.UtcNow.AddDays(-10);
        var address = await AddressAsync(requests);
        var a = await ShoppersAsync(requests, 12);
        var b = await ShoppersAsync(requests, 12);
        var held = await ShoppersAsync(requests, 6);
        var friends = await ShoppersAsync(requests, 5);
        var rows = a.Select(c => Assignment(c, key, campaign.Id.ToString(), assignedAt))
            .Concat(b.Select(c => Assignment(c, key, rival.Id.ToString(), assignedAt)))
            .Concat(held.Select(c => Assignment(c, key, ArmSamples.Holdout, assignedAt)))
            .ToList();
        // held out first, shown the rival later in another competition: a mixed treatment, left out of the comparison
        rows.Add(Assignment(held[0], $"{CampaignSelector.CompetitionKeyPrefix}{rival.Id}", rival.Id.ToString(), assignedAt.AddDays(2)));
        await InsertAsync(requests, rows);
        var friendOrders = friends.Select(f => Order(f.Id, address, assignedAt.AddDays(3), 120m)).ToList();
        await InsertAsync(requests, friendOrders);
        await InsertAsync(requests, new List<FlockReferral>
        {
            Referral(campaign, a[0], friends[0], friendOrders[0]),
            Referral(campaign, a[1], friends[1], friendOrders[1]),
            Referral(rival, b[0], friends[2], friendOrders[2]),
            Referral(campaign, b[1], friends[3], friendOrders[3]), // a friend order of the other campaign: not B's conversion
            Referral(rival, held[0], friends[4], friendOrders[4]),
        });

        var model = await _fixture.Host.NewRequest().Get<ExperimentModelFactory>().PrepareAsync(campaign);

        Assert.Null(model.Error);
        Assert.Equal(0.2, model.Plan.HoldoutShare); // the competition holds out the larger share
        Assert.Equal(ArmSamples.Holdout, model.Holdout.Arms[0].Key); // the holdout first, the arms after it (in key order)
        Assert.Equal(new[] { campaign.Id.ToString(), rival.Id.ToString() }.Order(StringComparer.Ordinal), model.Holdout.Arms.Skip(1).Select(x => x.Key));
        Assert.Equal([5L, 12L, 12L], model.Holdout.Arms.Select(x => x.Shoppers));
        var labels = model.Holdout.Arms.ToDictionary(x => x.Key, x => x.Label);
        Assert.Equal(("Holdout (no widget)", "Competitor A", "Competitor B"), (labels[ArmSamples.Holdout], labels[campaign.Id.ToString()], labels[rival.Id.ToString()]));
        Assert.Equal(8, model.Holdout.Uplifts.Count); // two arms × two windows × two measures, each against the holdout
        Assert.Contains("at most 2.5 % (α = 5 % shared over 2 comparison(s))", model.Rule);
        Assert.NotNull(model.Competition);
        Assert.Equal(new[] { (campaign.Id.ToString(), 12L, 2L), (rival.Id.ToString(), 12L, 1L) }.OrderBy(x => x.Item1, StringComparer.Ordinal),
            model.Competition.Arms.Select(x => (x.Key, x.Shoppers, x.Converted)));
        Assert.Equal(("Competitor A", "Competitor B"), (model.Competition.Arms.Single(x => x.Key == campaign.Id.ToString()).Label,
            model.Competition.Arms.Single(x => x.Key == rival.Id.ToString()).Label));
    }

    [Fact]
    public async Task A_campaign_without_a_holdout_says_its_effect_cannot_be_measured()
    {
        var requests = _fixture.Host.NewRequest();
        var campaign = await NewCampaignAsync(requests, "No holdout", 0);
        var key = $"{CampaignSelector.CompetitionKeyPrefix}{campaign.Id}";
        var shoppers = await ShoppersAsync(requests, 3);
        await InsertAsync(requests, shoppers.Select(c => Assignment(c, key, campaign.Id.ToString(), DateTime.UtcNow.AddDays(-1))).ToList());

        var model = await _fixture.Host.NewRequest().Get<ExperimentModelFactory>().PrepareAsync(campaign);

        Assert.False(model.Holdout.HasHoldout);
        Assert.StartsWith("This campaign has no holdout", model.Holdout.Message);
        Assert.Empty(model.Holdout.Arms);
        Assert.Empty(model.Holdout.Uplifts);
        Assert.StartsWith("This campaign has no holdout; with a 10 % holdout:", model.Plan.Text);
    }
}
