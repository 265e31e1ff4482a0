using BenchmarkDotNet.Attributes;
using Flock.Engine.Analytics;
using Flock.Engine.Templates;

namespace Flock.Benchmarks.Templates;

/// <summary>The thank-you widget text: render from the cache (the hot path) and compile from scratch (admin save).</summary>
[MemoryDiagnoser]
public class TemplateBenchmarks
{
    private readonly TemplateModel _model = new()
    {
        Customer = new CustomerModel { FirstName = "Анна", LastName = "Иванова" },
        Order = new OrderModel { Number = "10452", Total = 2490.5m, PlacedOn = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(3)) },
        Offer = new OfferModel { Percent = 5, MinOrder = 1000 },
        Reward = new RewardModel { Points = 250 },
        Links = new LinksModel { ReferralUrl = "https://shop.example/r/K7Q2M" },
        Store = new StoreModel { Name = "Cosy Shop" },
    };

    private TemplateSet _widget = null!;
    private CompiledTemplate _compiled = null!;

    [GlobalSetup]
    public void Setup()
    {
        var compiler = new TemplateCompiler();
        _widget = DefaultTemplates.ThankYouWidgetSet(compiler);
        _compiled = compiler.Compile(DefaultTemplates.ThankYouWidget["ru"]).Template!;
    }

    [Benchmark(Baseline = true)]
    public string RenderCompiled() => _compiled.Render(_model, TemplateCulture.Russian).Output;

    [Benchmark]
    public string RenderThroughTemplateSet() => _widget.Render("ru", _model).Output;

    [Benchmark]
    public bool CompileUncached() => TemplateCompiler.CompileUncached(DefaultTemplates.ThankYouWidget["ru"]).Succeeded;
}

/// <summary>KPIs of a month for a mid-size store: 5,000 shares, 20,000 visits, 1,000 friend orders.</summary>
[MemoryDiagnoser]
public class KpiBenchmarks
{
    private AnalyticsEvents _events = null!;
    private readonly KpiQuery _query = new(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.FromHours(3)), new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(3)));

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        string[] channels = ["vk", "ok", "telegram", "whatsapp", "email", "copy"];
        DateTimeOffset At() => _query.From.AddMinutes(random.Next(0, 30 * 24 * 60));
        _events = new AnalyticsEvents
        {
            Shares = Enumerable.Range(0, 5000).Select(_ => new ShareEvent(random.Next(1, 6), random.Next(2) == 0 ? "A" : "B", random.Next(1, 1500), channels[random.Next(channels.Length)], At())).ToArray(),
            Visits = Enumerable.Range(0, 20000).Select(_ => new VisitEvent("c", random.Next(1, 6), random.Next(2) == 0 ? "A" : "B", channels[random.Next(channels.Length)], $"v{random.Next(15000)}", At())).ToArray(),
            FriendOrders = Enumerable.Range(0, 1000).Select(i => new FriendOrderEvent(i, 100000 + i, random.Next(1, 1500), random.Next(1, 6), random.Next(2) == 0 ? "A" : "B", random.Next(500, 5000), 100, At())).ToArray(),
            RewardCosts = Enumerable.Range(0, 1000).Select(i => new RewardCostEvent($"reward:{i}", RewardCostKind.Granted, random.Next(1, 6), "A", random.Next(1, 1500), 150, At())).ToArray(),
            ReferrerOrders = Enumerable.Range(0, 4000).Select(i => new ReferrerOrderEvent(random.Next(1, 1500), i, random.Next(500, 5000), _query.From.AddDays(random.Next(-60, 60)))).ToArray(),
        };
    }

    [Benchmark]
    public int ComputeMonth() => KpiCalculator.Compute(_events, _query).Campaigns.Count;
}
