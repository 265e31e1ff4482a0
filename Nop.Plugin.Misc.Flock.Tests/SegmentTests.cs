using Flock.Engine.Segments;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Plugin.Misc.Flock.Factories;
using Nop.Plugin.Misc.Flock.Services.Segments;
using Nop.Plugin.Misc.Flock.Tests.Infrastructure;
using Nop.Services.Orders;

namespace Nop.Plugin.Misc.Flock.Tests;

/// <summary>RFM segments (T3) from the store's real paid orders: the model is built outside requests, then a customer's segment follows their orders.</summary>
[Collection(NopCollection.Name)]
public class SegmentTests : IAsyncLifetime
{
    private readonly NopFixture _fixture;

    public SegmentTests(NopFixture fixture) => _fixture = fixture;

    public Task InitializeAsync() => _fixture.EnsureInstalledAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task PaidOrderAsync(FlockServiceProvider requests, Nop.Core.Domain.Customers.Customer customer, decimal total)
    {
        var order = await ConsumerLoopTests.NewOrderAsync(requests, customer, null);
        order.PaymentStatus = PaymentStatus.Paid;
        order.OrderTotal = total;
        await requests.Get<IOrderService>().UpdateOrderAsync(order);
    }

    [Fact]
    public async Task A_frequent_big_spender_scores_above_a_one_time_small_buyer_and_the_snapshot_carries_the_segment()
    {
        var requests = _fixture.Host.NewRequest();
        var big = await ConsumerLoopTests.NewCustomerAsync(requests, "Rfmbig", "Tula", "1 Lenina");
        var small = await ConsumerLoopTests.NewCustomerAsync(requests, "Rfmsmall", "Tula", "2 Lenina");
        var none = await ConsumerLoopTests.NewCustomerAsync(requests, "Rfmnone", "Tula", "3 Lenina");
        for (var i = 0; i < 6; i++)
            await PaidOrderAsync(requests, big, 5000);
        await PaidOrderAsync(requests, small, 1);

        var segments = requests.Get<SegmentService>();
        var model = await segments.RebuildAsync();
        Assert.True(model.CustomerCount >= 2);
        var bigScore = segments.ScoreFromCache(big.Id, 6, 30000, DateTime.UtcNow)!.Value;
        var smallScore = segments.ScoreFromCache(small.Id, 1, 1, DateTime.UtcNow)!.Value;
        Assert.Equal(5, bigScore.Frequency);
        Assert.Equal(5, bigScore.Monetary);
        Assert.True(smallScore.Frequency < bigScore.Frequency && smallScore.Monetary < bigScore.Monetary);
        //recency ties with every order the other tests placed today, so the name depends on them: best, loyal or at risk
        Assert.Contains(bigScore.Segment, new[] { RfmSegment.Best, RfmSegment.Loyal, RfmSegment.AtRisk });

        var snapshots = requests.Get<SnapshotFactory>();
        Assert.Equal(bigScore.SegmentKey, (await snapshots.CustomerAsync(big, 1)).RfmSegment);
        Assert.Equal(smallScore.SegmentKey, (await snapshots.CustomerAsync(small, 1)).RfmSegment);
        Assert.Equal(RfmSegments.Key(RfmSegment.None), (await snapshots.CustomerAsync(none, 1)).RfmSegment);

        //a pending order is not a purchase yet: the model's population does not count it
        await ConsumerLoopTests.NewOrderAsync(requests, none, null);
        var rows = await segments.ReadAllAsync();
        Assert.DoesNotContain(rows, r => r.CustomerId == none.Id);
        Assert.Equal(6, rows.Single(r => r.CustomerId == big.Id).Orders);
    }
}
