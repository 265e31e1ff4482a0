using Flock.Engine.Chains;
using Flock.Engine.Messaging;
using static Flock.Engine.Tests.Chains.ChainTestKit;

namespace Flock.Engine.Tests.Chains;

/// <summary>A 30-day store history run through every ready scenario at once, with the expected sends.</summary>
public class ChainSimulationTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyList<CompiledChain> AllScenarios = ChainGallery.All.Select(s => new CompiledChain(s.Chain)).ToArray();

    private static HistoryEvent Did(ChainTriggerKind kind, int customer, double day, string instance = "x", string? segment = null, int? days = null) =>
        new TriggerHappened(Trigger(kind, customer, Start.AddDays(day), instance, segment, days));

    private static SimulationResult Run(IEnumerable<HistoryEvent> history, ContactPressurePolicy? policy = null) =>
        ChainSimulator.Run(AllScenarios, history, policy ?? ContactPressurePolicy.None, _ => Berlin, Start.AddDays(30));

    private static IEnumerable<string> SentSteps(SimulationResult result, int customer) =>
        result.Sends.Where(s => s.CustomerId == customer).Select(s => $"{s.ChainKey}.{s.StepId}@{(s.At - Start).TotalHours:0.##}h");

    [Fact]
    public void Thirty_days_of_a_store_through_every_ready_scenario()
    {
        // customers chosen outside the holdouts of the chains they meet
        var next = 100;
        int c(params string[] chains) { var id = next; while (chains.Any(k => ChainEntry.IsHeldOut(k, id, 0.10))) id++; next = id + 1; return id; }
        var cartLeaver = c("abandoned-cart");
        var cartBuyer = c("abandoned-cart");
        var subscriber = c("welcome");
        var buyer = c("post-purchase-service", "post-purchase-offers", "repeat-purchase");
        var sleeper = c("win-back");
        var best = c("best-invite-friends");
        var history = new List<HistoryEvent>
        {
            // A leaves a cart on day 0 at 10:00 local and comes back 40 minutes later to change it; buys on day 5
            Did(ChainTriggerKind.CartChanged, cartLeaver, 0), Did(ChainTriggerKind.CartChanged, cartLeaver, 40 / 1440.0),
            new OrderHappened(Start.AddDays(5), cartLeaver),
            // B leaves a cart and buys (as a guest, from another browser) 30 minutes later
            Did(ChainTriggerKind.CartChanged, cartBuyer, 1), new OrderHappened(Start.AddDays(1).AddMinutes(30), cartBuyer),
            // C subscribes on day 2
            Did(ChainTriggerKind.Subscribed, subscriber, 2, "newsletter"),
            // D pays an order on day 3
            Did(ChainTriggerKind.OrderPaid, buyer, 3, "order:501"),
            // E has not bought for 180 days on day 4
            Did(ChainTriggerKind.LastOrderAged, sleeper, 4, "2026-03-05", days: 180),
            // F enters the best segment on day 6
            Did(ChainTriggerKind.SegmentEntered, best, 6, "best:2026-03-07", segment: "best"),
        };

        var result = Run(history);

        Assert.Equal(0, result.DuplicateActionsRefused);
        Assert.Equal(["abandoned-cart.reminder@1.67h", "abandoned-cart.coupon@25.67h"], SentSteps(result, cartLeaver));
        Assert.Empty(SentSteps(result, cartBuyer));
        Assert.Contains(result.Decisions, d => d.CustomerId == cartBuyer && d.Reason == ChainReason.GoalPurchase);
        Assert.Equal(["welcome.hello@48h", "welcome.bestsellers@96h", "welcome.coupon@216h"], SentSteps(result, subscriber));
        // service messages at 3 and 14 days; accessories at 5 days; the repeat nudge at 30 days falls after the 30-day horizon
        Assert.Equal(["post-purchase-service.rating@144h", "post-purchase-offers.accessories@192h", "post-purchase-service.review@408h"], SentSteps(result, buyer));
        Assert.Equal(["win-back.miss-you@96h", "win-back.coupon@264h"], SentSteps(result, sleeper));
        Assert.Equal(["best-invite-friends.invite@144h"], SentSteps(result, best));
        Assert.Contains(result.Actions, a => a is GrantPointsAction { Points: 100 } && a.Key.Contains($"c{best}:"));
        Assert.Equal(2, result.Actions.OfType<IssueCouponAction>().Count(a => a.Key.Contains($"c{subscriber}:") || a.Key.Contains($"c{cartLeaver}:")));
    }

    [Fact]
    public void One_contact_pressure_policy_holds_across_every_chain()
    {
        // a very busy shopper: carts, views, searches and a paid order on the same day
        var customer = 7;
        var history = new List<HistoryEvent>();
        for (var day = 0; day < 10; day++)
        {
            history.Add(Did(ChainTriggerKind.CartChanged, customer, day + 0.1, $"cart{day}"));
            history.Add(Did(ChainTriggerKind.ProductViewed, customer, day + 0.2, $"p{day}"));
            history.Add(Did(ChainTriggerKind.SearchPerformed, customer, day + 0.3, $"s{day}"));
            history.Add(Did(ChainTriggerKind.CategoryViewed, customer, day + 0.4, $"k{day}"));
        }
        var result = Run(history, ContactPressurePolicy.Default);
        var sends = result.Sends.Where(s => s.CustomerId == customer).Select(s => s.At).OrderBy(t => t).ToList();
        Assert.NotEmpty(sends);
        foreach (var at in sends)
        {
            Assert.True(sends.Count(o => o > at.AddDays(-1) && o <= at) <= 1, $"two emails within a day at {at:o}");
            var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Berlin).DateTime);
            Assert.False(local >= new TimeOnly(21, 0) || local < new TimeOnly(9, 0), $"sent at {local} local");
        }
        // what was held back is deferred or expired with its reason, never silently lost
        Assert.Contains(result.Decisions, d => d.Reason == ChainReason.DeferredByCap);
        var started = result.Decisions.Count(d => d.Reason == ChainReason.Entered);
        var ended = result.Enrollments.Count(e => !e.IsActive);
        Assert.True(ended + result.Enrollments.Count(e => e.IsActive) == result.Enrollments.Count && started > 0);
    }

    [Fact]
    public void Why_a_customer_did_or_did_not_get_a_step_is_answered_from_the_log()
    {
        var leaver = Exposed("abandoned-cart");
        var buyer = Exposed("abandoned-cart", leaver + 1);
        var result = Run(
        [
            Did(ChainTriggerKind.CartChanged, leaver, 0),
            Did(ChainTriggerKind.CartChanged, buyer, 0), new OrderHappened(Start.AddMinutes(30), buyer),
            new ConsentChanged(Start, 999, false), Did(ChainTriggerKind.CartChanged, 999, 0.5),
        ]);
        Assert.StartsWith("Sent 2026-03-01 09:00 UTC", ChainExplainer.WhyStep(result.Decisions.Where(d => d.CustomerId == leaver), "abandoned-cart", "reminder"));
        var why = ChainExplainer.WhyStep(result.Decisions.Where(d => d.CustomerId == buyer), "abandoned-cart", "reminder");
        Assert.Equal("Not sent: the customer left the chain before this step — goal reached: the customer placed an order (2026-03-01 09:00 UTC, version 1).", why);
        Assert.Contains("заказ", ChainExplainer.WhyStep(result.Decisions.Where(d => d.CustomerId == buyer), "abandoned-cart", "reminder", "ru"));
        Assert.Equal("The customer did not enter chain 'abandoned-cart': no marketing consent (not subscribed to the newsletter) (2026-03-01 20:00 UTC).",
            ChainExplainer.WhyStep(result.Decisions.Where(d => d.CustomerId == 999), "abandoned-cart", "reminder"));
        Assert.Equal("Nothing ever triggered chain 'win-back' for this customer.", ChainExplainer.WhyStep(result.Decisions.Where(d => d.CustomerId == leaver), "win-back", "coupon"));
    }
}
