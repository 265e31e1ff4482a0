using System.Globalization;
using BenchmarkDotNet.Attributes;
using Flock.Engine.Snapshots;
using Flock.Engine.Targeting;
using RulesEngine.Models;

namespace Flock.Benchmarks.Targeting;

/// <summary>
/// 100 campaign audiences (5-8 predicates each over totals, order categories and products, city, gender, days since
/// the previous order, roles, order count, spend, hour and weekday windows, newsletter; some with a nested "any")
/// evaluated on a fixed-seed pool of 64 shoppers whose orders have 1-20 lines. Flock runs its compiled rules;
/// Microsoft RulesEngine runs one workflow of the same 100 rules as lambda-expression strings over a flattened input
/// carrying the same data. One operation = all 100 rules on one input (each invocation covers the whole pool).
/// </summary>
[MemoryDiagnoser]
public class TargetingBenchmarks
{
    private const int CampaignCount = 100;
    private const int InputCount = 64;
    private const string WorkflowName = "campaigns";

    private static readonly string[] Cities = ["Novosibirsk", "Moscow", "Omsk", "Tomsk", "Kazan", "Barnaul"];
    private static readonly string[] Roles = ["Registered", "Vip", "Wholesale", "Employees"];
    private static readonly string[] Weekdays = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

    private CompiledRule[] _flockRules = [];
    private DecisionContext[] _contexts = [];
    private global::RulesEngine.RulesEngine _rulesEngine = null!;
    private RuleParameter[][] _rulesEngineInputs = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20261123);
        var campaigns = Enumerable.Range(0, CampaignCount).Select(i => Campaign(random, i)).ToArray();
        _flockRules = campaigns.Select(c => RuleCompiler.Compile(c.Rule)).ToArray();
        _rulesEngine = new global::RulesEngine.RulesEngine(
        [
            new Workflow
            {
                WorkflowName = WorkflowName,
                Rules = campaigns.Select(c => new Rule
                {
                    RuleName = c.Name,
                    RuleExpressionType = RuleExpressionType.LambdaExpression,
                    Expression = c.Expression,
                }).ToList(),
            },
        ], new ReSettings());

        _contexts = Enumerable.Range(0, InputCount).Select(_ => Shopper(random)).ToArray();
        _rulesEngineInputs = _contexts.Select(c => new[] { new RuleParameter("input1", FlatInput.From(c)) }).ToArray();
        CheckBothAgree();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = InputCount)]
    public async Task<int> RulesEngine()
    {
        var matched = 0;
        foreach (var input in _rulesEngineInputs)
            foreach (var result in await _rulesEngine.ExecuteAllRulesAsync(WorkflowName, input))
                if (result.IsSuccess) matched++;
        return matched;
    }

    [Benchmark(OperationsPerInvoke = InputCount)]
    public int Flock()
    {
        var matched = 0;
        foreach (var context in _contexts)
            foreach (var rule in _flockRules)
                if (rule.Matches(context)) matched++;
        return matched;
    }

    private void CheckBothAgree()
    {
        var matches = 0;
        for (var i = 0; i < _contexts.Length; i++)
        {
            var results = _rulesEngine.ExecuteAllRulesAsync(WorkflowName, _rulesEngineInputs[i]).AsTask().GetAwaiter().GetResult();
            for (var r = 0; r < _flockRules.Length; r++)
            {
                var theirs = results[r];
                if (!string.IsNullOrEmpty(theirs.ExceptionMessage))
                    throw new InvalidOperationException($"RulesEngine failed on {theirs.Rule.RuleName}: {theirs.ExceptionMessage}");
                var ours = _flockRules[r].Matches(_contexts[i]);
                if (ours != theirs.IsSuccess)
                    throw new InvalidOperationException(
                        $"input {i}, {theirs.Rule.RuleName}: Flock {ours}, RulesEngine {theirs.IsSuccess}\n" +
                        $"{theirs.Rule.Expression}\n{_flockRules[r].Explain(_contexts[i])}");
                if (ours) matches++;
            }
        }
        // Both outcomes must occur, or the comparison would prove little.
        if (matches == 0 || matches == _contexts.Length * _flockRules.Length)
            throw new InvalidOperationException($"degenerate benchmark: {matches} matches");
    }

    private sealed record CampaignRule(string Name, RuleNode Rule, string Expression);

    private sealed record Condition(RuleNode Rule, string Expression);

    private static CampaignRule Campaign(Random random, int index)
    {
        var kinds = Enumerable.Range(0, ConditionKinds).OrderBy(_ => random.Next()).Take(random.Next(5, 9)).ToArray();
        var conditions = kinds.Select(k => RandomCondition(random, k)).ToList();
        if (random.Next(3) == 0)
        {
            // Fold the last two conditions into a nested "any".
            var (a, b) = (conditions[^2], conditions[^1]);
            conditions.RemoveRange(conditions.Count - 2, 2);
            conditions.Add(new Condition(RuleGroup.AnyOf(a.Rule, b.Rule), $"(({a.Expression}) OR ({b.Expression}))"));
        }
        return new CampaignRule($"campaign{index}", new RuleGroup(GroupMatch.All, conditions.Select(c => c.Rule).ToArray()),
            string.Join(" AND ", conditions.Select(c => $"({c.Expression})")));
    }

    private const int ConditionKinds = 14;

    private static Condition RandomCondition(Random random, int kind)
    {
        static string Num(decimal n) => n.ToString(CultureInfo.InvariantCulture);
        static RuleValue Texts(IEnumerable<string> texts) => RuleValue.List(texts.Select(RuleValue.Of).ToArray());
        static RuleValue Ids(IEnumerable<int> ids) => RuleValue.List(ids.Select(i => RuleValue.Of(i)).ToArray());
        static string AnyOf(string member, IEnumerable<string> literals) =>
            string.Join(" OR ", literals.Select(l => $"input1.{member}.Contains({l})"));

        switch (kind)
        {
            case 0:
            {
                var min = random.Next(1, 16) * 500m;
                return new(new RulePredicate("order.total", "gt", RuleValue.Of(min)), $"input1.HasOrder AND input1.OrderTotal > {Num(min)}");
            }
            case 1:
            {
                var min = random.Next(0, 10) * 1000m;
                var max = min + random.Next(2, 20) * 1000m;
                return new(new RulePredicate("order.total", "between", RuleValue.List(RuleValue.Of(min), RuleValue.Of(max))),
                    $"input1.HasOrder AND input1.OrderTotal >= {Num(min)} AND input1.OrderTotal <= {Num(max)}");
            }
            case 2:
            {
                var categories = Enumerable.Range(0, random.Next(1, 5)).Select(_ => random.Next(1, 41)).Distinct().ToArray();
                return new(new RulePredicate("order.category_ids", "contains_any", Ids(categories)),
                    $"input1.HasOrder AND ({AnyOf("OrderCategoryIds", categories.Select(c => c.ToString()))})");
            }
            case 3:
            {
                var products = Enumerable.Range(0, random.Next(3, 12)).Select(_ => random.Next(1, 201)).Distinct().ToArray();
                return new(new RulePredicate("order.product_ids", "contains_any", Ids(products)),
                    $"input1.HasOrder AND ({AnyOf("OrderProductIds", products.Select(p => p.ToString()))})");
            }
            case 4:
            {
                var cities = Cities.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToArray();
                return new(new RulePredicate("customer.city", "in", Texts(cities)),
                    string.Join(" OR ", cities.Select(c => $"input1.City == \"{c.ToLowerInvariant()}\"")));
            }
            case 5:
            {
                var gender = random.Next(3) == 0 ? "male" : "female";
                return new(new RulePredicate("customer.gender", "eq", RuleValue.Of(gender)), $"input1.Gender == \"{gender}\"");
            }
            case 6:
            {
                var days = random.Next(7, 90);
                return new(new RulePredicate("customer.days_since_previous_order", "gte", RuleValue.Of(days)),
                    $"input1.HasPreviousOrder AND input1.DaysSincePreviousOrder >= {days}");
            }
            case 7:
            {
                var roles = Roles.OrderBy(_ => random.Next()).Take(random.Next(1, 3)).ToArray();
                return new(new RulePredicate("customer.roles", "contains_any", Texts(roles)),
                    AnyOf("Roles", roles.Select(r => $"\"{r.ToLowerInvariant()}\"")));
            }
            case 8:
            {
                var from = random.Next(0, 14);
                var to = from + random.Next(4, 10);
                return new(new RulePredicate("time.hour", "between", RuleValue.List(RuleValue.Of(from), RuleValue.Of(to))),
                    $"input1.Hour >= {from} AND input1.Hour <= {to}");
            }
            case 9:
            {
                var count = random.Next(0, 6);
                return new(new RulePredicate("customer.order_count", "gte", RuleValue.Of(count)), $"input1.OrderCount >= {count}");
            }
            case 10:
            {
                var spent = random.Next(0, 40) * 1000m;
                return new(new RulePredicate("customer.total_spent", "gt", RuleValue.Of(spent)), $"input1.TotalSpent > {Num(spent)}");
            }
            case 11:
            {
                var items = random.Next(1, 15);
                return new(new RulePredicate("order.item_count", "gte", RuleValue.Of(items)),
                    $"input1.HasOrder AND input1.OrderItemCount >= {items}");
            }
            case 12:
            {
                var days = Weekdays.OrderBy(_ => random.Next()).Take(random.Next(2, 6)).ToArray();
                return new(new RulePredicate("time.weekday", "in", Texts(days)),
                    string.Join(" OR ", days.Select(d => $"input1.Weekday == \"{d}\"")));
            }
            default:
                return new(new RulePredicate("customer.newsletter", "eq", RuleValue.Of(true)), "input1.Newsletter == true");
        }
    }

    private static DecisionContext Shopper(Random random)
    {
        var now = new DateTimeOffset(2026, 11, 16, 0, 0, 0, TimeSpan.FromHours(7)).AddMinutes(random.Next(0, 7 * 24 * 60));
        var lines = Enumerable.Range(0, random.Next(1, 21)).Select(_ => new LineSnapshot
        {
            ProductId = random.Next(1, 201),
            CategoryIds = Enumerable.Range(0, random.Next(1, 4)).Select(_ => random.Next(1, 41)).ToArray(),
            Quantity = random.Next(1, 4),
            UnitPrice = random.Next(1, 40) * 100m,
        }).ToArray();
        var subtotal = lines.Sum(l => l.LineTotal);
        var city = Cities[random.Next(Cities.Length)];
        return new DecisionContext
        {
            Customer = new CustomerSnapshot
            {
                CustomerId = random.Next(1, 100_000),
                Gender = (Gender)random.Next(3),
                City = random.Next(2) == 0 ? city : $" {city.ToUpperInvariant()} ",
                OrderCount = random.Next(0, 8),
                TotalSpent = random.Next(0, 50) * 1000m,
                PreviousOrderAt = random.Next(5) == 0 ? null : now.AddHours(-random.Next(1, 120 * 24)),
                RoleSystemNames = Roles.Where(_ => random.Next(3) == 0).Prepend("Registered").Distinct().ToArray(),
                NewsletterSubscribed = random.Next(2) == 0,
            },
            Order = new OrderSnapshot { OrderId = 1, CustomerId = 1, Subtotal = subtotal, Total = subtotal + 300m, Lines = lines },
            StoreId = 1,
            Now = now,
        };
    }
}

/// <summary>What RulesEngine receives: the same shopper flattened, texts pre-normalised (trimmed, lower case).</summary>
public sealed class FlatInput
{
    public bool HasOrder { get; init; }
    public decimal OrderTotal { get; init; }
    public int OrderItemCount { get; init; }
    public int[] OrderProductIds { get; init; } = [];
    public int[] OrderCategoryIds { get; init; } = [];
    public string City { get; init; } = "";
    public string Gender { get; init; } = "";
    public bool HasPreviousOrder { get; init; }
    public int DaysSincePreviousOrder { get; init; }
    public int OrderCount { get; init; }
    public decimal TotalSpent { get; init; }
    public string[] Roles { get; init; } = [];
    public bool Newsletter { get; init; }
    public int Hour { get; init; }
    public string Weekday { get; init; } = "";

    public static FlatInput From(DecisionContext c) => new()
    {
        HasOrder = c.Order is not null,
        OrderTotal = c.Order?.Total ?? 0,
        OrderItemCount = c.Order?.Lines.Sum(l => l.Quantity) ?? 0,
        OrderProductIds = c.Order?.Lines.Select(l => l.ProductId).Distinct().ToArray() ?? [],
        OrderCategoryIds = c.Order?.Lines.SelectMany(l => l.CategoryIds).Distinct().ToArray() ?? [],
        City = c.Customer.City?.Trim().ToLowerInvariant() ?? "",
        Gender = c.Customer.Gender.ToString().ToLowerInvariant(),
        HasPreviousOrder = c.Customer.PreviousOrderAt is not null,
        DaysSincePreviousOrder = c.Customer.PreviousOrderAt is { } at ? (int)Math.Floor((c.Now - at).TotalDays) : 0,
        OrderCount = c.Customer.OrderCount,
        TotalSpent = c.Customer.TotalSpent,
        Roles = c.Customer.RoleSystemNames.Select(r => r.Trim().ToLowerInvariant()).ToArray(),
        Newsletter = c.Customer.NewsletterSubscribed,
        Hour = c.Now.Hour,
        Weekday = c.Now.DayOfWeek.ToString().ToLowerInvariant(),
    };
}
