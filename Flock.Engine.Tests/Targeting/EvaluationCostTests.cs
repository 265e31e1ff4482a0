using FsCheck.Fluent;
using Flock.Engine.Snapshots;
using Flock.Engine.Targeting;
using static Flock.Engine.Tests.Targeting.Contexts;

namespace Flock.Engine.Tests.Targeting;

public class EvaluationCostTests
{
    /// <summary>Every field and every operator shape, each as its own rule, plus groups of all three kinds.</summary>
    private static CompiledRule[] EveryKindOfRule()
    {
        string[] predicates =
        [
            Predicate("order.total", "between", "[1000, 9000]"),
            Predicate("order.subtotal", "gte", "100"),
            Predicate("order.item_count", "in", "[3, 4]"),
            Predicate("order.product_ids", "contains_any", "[99, 11]"),
            Predicate("order.category_ids", "contains_all", "[3, 2, 1]"),
            Predicate("order.category_ids", "contains_none", "[42]"),
            Predicate("cart.total", "lt", "100"),
            Predicate("cart.item_count", "not_in", "[1]"),
            Predicate("cart.product_ids", "contains_all", "[20]"),
            Predicate("cart.category_ids", "is_set", null),
            Predicate("customer.gender", "in", "[\"male\", \"female\"]"),
            Predicate("customer.city", "eq", "\"novosibirsk\""),
            Predicate("customer.city", "not_in", "[\"Moscow\", \"Omsk\"]"),
            Predicate("customer.country", "neq", "\"KZ\""),
            Predicate("customer.days_since_previous_order", "gte", "48"),
            Predicate("customer.order_count", "gt", "1"),
            Predicate("customer.total_spent", "lte", "50000"),
            Predicate("customer.roles", "contains_any", "[\"vip\"]"),
            Predicate("customer.roles", "contains_all", "[\"VIP\", \"registered\"]"),
            Predicate("customer.roles", "contains_none", "[\"Wholesale\"]"),
            Predicate("customer.newsletter", "eq", "true"),
            Predicate("customer.rfm_segment", "in", "[\"best\", \"at_risk\"]"),
            Predicate("customer.rfm_segment", "is_not_set", null),
            Predicate("customer.is_guest", "neq", "true"),
            Predicate("customer.days_since_registration", "between", "[30, 365]"),
            Predicate("store.id", "eq", "1"),
            Predicate("store.language", "eq", "\"RU\""),
            Predicate("time.hour", "between", "[9, 21]"),
            Predicate("time.weekday", "not_in", "[\"saturday\", \"sunday\"]"),
            Predicate("time.date", "between", "[\"2026-11-01\", \"2026-11-30\"]"),
            Predicate("time.date", "after", "\"2026-01-01\""),
        ];
        var all = string.Join(",", predicates);
        string[] groups =
        [
            $$"""{ "match": "all", "conditions": [ {{all}} ] }""",
            $$"""{ "match": "any", "conditions": [ {{all}} ] }""",
            $$"""{ "match": "not", "conditions": [ {{all}} ] }""",
        ];
        return predicates.Concat(groups).Select(Compile).ToArray();
    }

    [Fact]
    public void Matches_allocates_nothing_after_warm_up()
    {
        var rules = EveryKindOfRule();
        DecisionContext[] contexts = [Full, Bare, Full with { Customer = Customer with { City = " NOVOSIBIRSK " } }];
        var matched = 0;
        for (var i = 0; i < 100; i++) matched += CountMatches(rules, contexts);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 2_000; i++) matched += CountMatches(rules, contexts);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.InRange(matched, 1, 2_100 * rules.Length * contexts.Length - 1);
    }

    private static int CountMatches(CompiledRule[] rules, DecisionContext[] contexts)
    {
        var matched = 0;
        foreach (var rule in rules)
            foreach (var context in contexts)
                if (rule.Matches(context)) matched++;
        return matched;
    }

    [Fact]
    public void Parallel_evaluation_agrees_with_sequential()
    {
        var rules = RuleGenerators.Rules.Generator.Sample(30, 100).Select(r => RuleCompiler.Compile(r)).ToArray();
        var contexts = RuleGenerators.DecisionContexts.Generator.Sample(30, 100);
        var sequential = rules.Select(r => contexts.Select(r.Matches).ToArray()).ToArray();

        var parallel = new bool[rules.Length][];
        for (var i = 0; i < parallel.Length; i++) parallel[i] = new bool[contexts.Length];
        Parallel.For(0, rules.Length * contexts.Length * 10, new ParallelOptions { MaxDegreeOfParallelism = 8 }, n =>
        {
            var cell = n % (rules.Length * contexts.Length);
            var (r, c) = (cell / contexts.Length, cell % contexts.Length);
            var outcome = rules[r].Matches(contexts[c]);
            if (outcome != sequential[r][c]) throw new InvalidOperationException($"rule {r} context {c} disagreed");
            parallel[r][c] = outcome;
        });

        Assert.Equal(sequential, parallel);
        Assert.Contains(sequential.SelectMany(x => x), x => x);
        Assert.Contains(sequential.SelectMany(x => x), x => !x);
    }
}
