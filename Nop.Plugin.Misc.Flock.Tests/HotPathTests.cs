using System.Diagnostics;
using Nop.Plugin.Misc.Flock.Infrastructure;
using Nop.Plugin.Misc.Flock.Services.Referrals;

namespace Nop.Plugin.Misc.Flock.Tests;

/// <summary>
/// What keeps shoppers' pages free of Flock's work: the thank-you block a node prepared is shown from its memory
/// (bounded, expiring, forgotten with the customer), and background work waits for a lull in the store's requests —
/// for a bounded time only.
/// </summary>
public class HotPathTests
{
    private static readonly DateTime Now = new(2026, 12, 3, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_remembered_block_is_recalled_until_it_expires_and_only_as_it_was_prepared()
    {
        var memory = new PreparedBlockMemory();
        memory.Remember(101, customerId: 5, "{\"CampaignId\":7}", Now);
        memory.Remember(102, customerId: 6, null, Now); // an order that shows nothing is remembered as such

        Assert.True(memory.TryRecall(101, Now.AddSeconds(100), out var held));
        Assert.Equal((5, "{\"CampaignId\":7}", false), (held.CustomerId, held.ModelJson, held.IsPending));
        Assert.True(memory.TryRecall(102, Now, out var none));
        Assert.Null(none.ModelJson);
        Assert.False(memory.TryRecall(103, Now, out _));

        Assert.False(memory.TryRecall(101, Now + PreparedBlockMemory.Lifetime, out _));
        Assert.False(memory.TryRecall(101, Now, out _)); // an expired entry is gone, not revived by an earlier clock
    }

    [Fact]
    public void A_placement_on_this_node_is_pending_until_its_block_is_prepared_and_the_mark_never_hides_a_block()
    {
        var memory = new PreparedBlockMemory();
        memory.ExpectPreparation(201, Now);
        Assert.True(memory.TryRecall(201, Now, out var pending));
        Assert.True(pending.IsPending);

        memory.Remember(201, customerId: 9, "{}", Now.AddSeconds(1));
        memory.ExpectPreparation(201, Now.AddSeconds(2)); // a replayed event after the block exists
        Assert.True(memory.TryRecall(201, Now.AddSeconds(2), out var prepared));
        Assert.False(prepared.IsPending);
        Assert.Equal("{}", prepared.ModelJson);

        // a preparation that never comes here (failed, retried later or elsewhere) stops counting as pending
        memory.ExpectPreparation(202, Now);
        Assert.False(memory.TryRecall(202, Now + PreparedBlockMemory.PendingLifetime, out _));
    }

    [Fact]
    public void Full_memory_makes_room_for_the_newest_orders_and_their_blocks_replace_their_marks()
    {
        var memory = new PreparedBlockMemory();
        for (var order = 1; order <= PreparedBlockMemory.MaxHeld; order++)
            memory.ExpectPreparation(order, Now.AddMilliseconds(order));
        Assert.Equal(PreparedBlockMemory.MaxHeld, memory.Count);

        // the newest placement is held (the oldest tenth made room), and a pending order's block always replaces its mark
        memory.ExpectPreparation(50_000, Now.AddSeconds(10));
        Assert.True(memory.TryRecall(50_000, Now.AddSeconds(10), out _));
        Assert.False(memory.TryRecall(1, Now.AddSeconds(10), out _));
        Assert.True(memory.Count <= PreparedBlockMemory.MaxHeld);
        memory.Remember(PreparedBlockMemory.MaxHeld, 7, "{}", Now.AddSeconds(10));
        Assert.True(memory.TryRecall(PreparedBlockMemory.MaxHeld, Now.AddSeconds(10), out var block));
        Assert.False(block.IsPending);
    }

    [Fact]
    public void An_erased_customer_is_forgotten_and_nobody_else()
    {
        var memory = new PreparedBlockMemory();
        memory.Remember(1, 42, "{}", Now);
        memory.Remember(2, 43, "{}", Now);
        memory.ForgetCustomer(42);
        Assert.False(memory.TryRecall(1, Now, out _));
        Assert.True(memory.TryRecall(2, Now, out _));
    }

    [Fact]
    public async Task Background_work_waits_for_the_request_being_served_and_then_for_a_lull()
    {
        var traffic = new ShopperTraffic();
        traffic.Enter();
        var waited = Stopwatch.StartNew();
        var waiting = traffic.WaitForLullAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted); // the page is still being served
        traffic.Leave();
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(waited.Elapsed >= TimeSpan.FromMilliseconds(300) + ShopperTraffic.Lull - TimeSpan.FromMilliseconds(5));
        Assert.True(traffic.IsQuiet);
    }

    [Fact]
    public async Task A_store_that_is_never_idle_still_gets_its_background_work_done_after_the_bound()
    {
        var traffic = new ShopperTraffic();
        traffic.Enter(); // a request that never ends
        var waited = Stopwatch.StartNew();
        await traffic.WaitForLullAsync(TimeSpan.FromMilliseconds(200), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(waited.Elapsed >= TimeSpan.FromMilliseconds(195));
        Assert.False(traffic.IsQuiet);
        Assert.Equal(1, traffic.InFlight);
    }
}
