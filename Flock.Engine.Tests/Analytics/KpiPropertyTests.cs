using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Flock.Engine.Analytics;

namespace Flock.Engine.Tests.Analytics;

public sealed class KpiPropertyTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.FromHours(3));
    private static readonly KpiQuery Period = new(Start, Start.AddDays(10));
    private static readonly string[] Channels = ["vk", "ok", "telegram", "email", ""];
    private static readonly string[] Variants = ["", "A", "B"];

    private static Gen<DateTimeOffset> Times => Gen.Choose(-24 * 3, 24 * 13).Select(h => Start.AddHours(h));

    private static Gen<AnalyticsEvents> Events =>
        from shares in Gen.ListOf(
            from campaign in Gen.Choose(1, 3)
            from variant in Gen.Elements(Variants)
            from referrer in Gen.Choose(1, 6)
            from channel in Gen.Elements(Channels)
            from at in Times
            select new ShareEvent(campaign, variant, referrer, channel, at))
        from visits in Gen.ListOf(
            from campaign in Gen.Choose(0, 3)
            from variant in Gen.Elements(Variants)
            from channel in Gen.Elements(Channels)
            from visitor in Gen.Choose(1, 8)
            from at in Times
            select new VisitEvent("c", campaign == 0 ? null : campaign, variant, channel, $"v{visitor}", at))
        from orders in Gen.ListOf(
            from id in Gen.Choose(1, 30)
            from friend in Gen.Choose(100, 110)
            from campaign in Gen.Choose(1, 3)
            from variant in Gen.Elements(Variants)
            from revenue in Gen.Choose(0, 5000)
            from discount in Gen.Choose(0, 500)
            from at in Times
            select new FriendOrderEvent(id, friend, 1, campaign, variant, revenue, discount, at))
        from refunds in Gen.ListOf(
            from id in Gen.Choose(1, 30)
            from amount in Gen.Choose(0, 3000)
            from cancel in Gen.Elements(true, false)
            from at in Times
            select new FriendOrderAdjustment($"adj{id}:{amount}:{cancel}", id, cancel ? FriendOrderAdjustmentKind.Cancelled : FriendOrderAdjustmentKind.Refunded, amount, at))
        select new AnalyticsEvents { Shares = shares.ToArray(), Visits = visits.ToArray(), FriendOrders = orders.ToArray(), Adjustments = refunds.ToArray() };

    /// <summary>Renders, shares and friend orders by six shoppers, several per shopper, inside and outside the period.</summary>
    private static Gen<AnalyticsEvents> ShopperEvents =>
        from exposures in Gen.ListOf(
            from campaign in Gen.Choose(1, 3)
            from variant in Gen.Elements(Variants)
            from customer in Gen.Choose(1, 6)
            from at in Times
            select new ExposureEvent(campaign, variant, customer, at))
        from shares in Gen.ListOf(
            from campaign in Gen.Choose(1, 3)
            from variant in Gen.Elements(Variants)
            from referrer in Gen.Choose(1, 6)
            from at in Times
            select new ShareEvent(campaign, variant, referrer, "vk", at))
        from orders in Gen.ListOf(
            from id in Gen.Choose(1, 40)
            from friend in Gen.Choose(100, 110)
            from referrer in Gen.Choose(1, 6)
            from campaign in Gen.Choose(1, 3)
            from variant in Gen.Elements(Variants)
            from at in Times
            select new FriendOrderEvent(id, friend, referrer, campaign, variant, 100, 5, at))
        select new AnalyticsEvents { Exposures = exposures.ToArray(), Shares = shares.ToArray(), FriendOrders = orders.ToArray() };

    [Property(MaxTest = 200)]
    public Property Converted_and_sharing_shoppers_never_exceed_exposed_shoppers() => Prop.ForAll(ShopperEvents.ToArbitrary(), events =>
    {
        var report = KpiCalculator.Compute(events, Period);
        var all = new[] { report.Total }
            .Concat(report.Campaigns.Select(c => c.Figures))
            .Concat(report.Campaigns.SelectMany(c => c.Variants.Select(v => v.Figures)));
        var exposedInPeriod = events.Exposures.Where(e => e.At >= Period.From && e.At < Period.To).Select(e => e.CustomerId).Distinct().Count();
        return report.Total.ExposedShoppers == exposedInPeriod
            && all.All(f => f.ConvertedShoppers <= f.ExposedShoppers && f.SharingShoppers <= f.ExposedShoppers
                && (f.ShopperConversion ?? 0) <= 1 && (f.ShareRate ?? 0) <= 1
                && f.CohortNewCustomers <= f.NewCustomers);
    });

    [Property(MaxTest = 100)]
    public Property Repeated_renders_change_no_shopper_count() => Prop.ForAll(ShopperEvents.ToArbitrary(), events =>
    {
        var once = KpiCalculator.Compute(events, Period).Total;
        var thrice = KpiCalculator.Compute(events with { Exposures = [.. events.Exposures, .. events.Exposures, .. events.Exposures] }, Period).Total;
        return (once.ExposedShoppers, once.SharingShoppers, once.ConvertedShoppers) == (thrice.ExposedShoppers, thrice.SharingShoppers, thrice.ConvertedShoppers);
    });

    [Property(MaxTest = 150)]
    public Property Channel_splits_and_daily_series_sum_to_the_totals() => Prop.ForAll(Events.ToArbitrary(), events =>
    {
        var report = KpiCalculator.Compute(events, Period);
        var total = report.Total;
        return total.SharesByChannel.Values.Sum() == total.Shares
            && total.VisitsByChannel.Values.Sum() == total.Visits
            && total.UniqueVisitorsByChannel.Values.Sum() >= total.UniqueVisitors
            && report.Daily.Sum(d => d.Shares) == total.Shares
            && report.Daily.Sum(d => d.Visits) == total.Visits
            && report.Daily.Sum(d => d.FriendOrders) == total.FriendOrders
            && report.Daily.Sum(d => d.FriendRevenue) == total.FriendRevenue
            && report.Daily.Count == 10;
    });

    [Property(MaxTest = 150)]
    public Property Campaigns_and_variants_partition_shares_orders_and_revenue() => Prop.ForAll(Events.ToArbitrary(), events =>
    {
        var report = KpiCalculator.Compute(events, Period);
        var campaignsAddUp = report.Campaigns.Sum(c => c.Figures.Shares) == report.Total.Shares
            && report.Campaigns.Sum(c => c.Figures.FriendOrders) == report.Total.FriendOrders
            && report.Campaigns.Sum(c => c.Figures.FriendRevenue) == report.Total.FriendRevenue
            && report.Campaigns.Sum(c => c.Figures.DiscountCost) == report.Total.DiscountCost;
        var variantsAddUp = report.Campaigns.All(c =>
            c.Variants.Sum(v => v.Figures.Shares) == c.Figures.Shares
            && c.Variants.Sum(v => v.Figures.Visits) == c.Figures.Visits
            && c.Variants.Sum(v => v.Figures.FriendRevenue) == c.Figures.FriendRevenue);
        return campaignsAddUp && variantsAddUp && report.Total.FriendRevenue >= 0;
    });

    [Property(MaxTest = 100)]
    public Property Replaying_every_event_changes_nothing_but_raw_counts_of_shares_and_visits() => Prop.ForAll(Events.ToArbitrary(), events =>
    {
        var doubled = events with
        {
            FriendOrders = events.FriendOrders.Concat(events.FriendOrders).ToArray(),
            Adjustments = events.Adjustments.Concat(events.Adjustments).ToArray(),
        };
        var once = KpiCalculator.Compute(events, Period).Total;
        var twice = KpiCalculator.Compute(doubled, Period).Total;
        return once.FriendOrders == twice.FriendOrders && once.FriendRevenue == twice.FriendRevenue && once.DiscountCost == twice.DiscountCost;
    });
}
