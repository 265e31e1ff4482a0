using Flock.Engine.Common;
using Flock.Engine.Targeting;

namespace Flock.Engine.Tests.Targeting;

public class CompiledRuleCacheTests
{
    private static readonly RuleNode Rich = new RulePredicate("order.total", "gt", RuleValue.Of(5000));
    private static readonly RuleNode Poor = new RulePredicate("order.total", "lt", RuleValue.Of(100));

    [Fact]
    public void Each_version_is_compiled_once()
    {
        var cache = new CompiledRuleCache();
        var calls = 0;
        var first = cache.GetOrCompile(7, 1, () => { calls++; return Rich; });
        var second = cache.GetOrCompile(7, 1, () => { calls++; return Rich; });

        Assert.Same(first, second);
        Assert.Equal(1, calls);
    }

    [Fact]
    public void A_new_version_replaces_the_old_one()
    {
        var cache = new CompiledRuleCache();
        var v1 = cache.GetOrCompile(7, 1, Rich);
        var v2 = cache.GetOrCompile(7, 2, Poor);

        Assert.NotSame(v1, v2);
        Assert.Equal(Poor, v2.Rule);
        Assert.Equal(1, cache.Count);
        Assert.Same(v2, cache.GetOrCompile(7, 2, Poor));
        // An older version still compiles, but does not evict the newer one.
        Assert.Equal(Rich, cache.GetOrCompile(7, 1, Rich).Rule);
        Assert.Same(v2, cache.GetOrCompile(7, 2, Poor));
    }

    [Fact]
    public void Rules_are_cached_per_id_and_can_be_removed()
    {
        var cache = new CompiledRuleCache();
        var a = cache.GetOrCompile(1, 1, Rich);
        var b = cache.GetOrCompile(2, 1, Rich);

        Assert.NotSame(a, b);
        Assert.Equal(2, cache.Count);
        Assert.True(cache.Remove(1));
        Assert.NotSame(a, cache.GetOrCompile(1, 1, Rich));
    }

    [Fact]
    public void Invalid_rules_throw_and_are_not_cached()
    {
        var cache = new CompiledRuleCache();
        var bad = new RulePredicate("order.totl", "gt", RuleValue.Of(1));

        Assert.Throws<FlockValidationException>(() => cache.GetOrCompile(3, 1, bad));
        Assert.Equal(0, cache.Count);
        Assert.Equal(Rich, cache.GetOrCompile(3, 1, Rich).Rule);
    }

    [Fact]
    public void Concurrent_requests_compile_a_version_once()
    {
        var cache = new CompiledRuleCache();
        var calls = 0;
        var results = new CompiledRule[64];
        Parallel.For(0, results.Length, i =>
            results[i] = cache.GetOrCompile(9, 4, () => { Interlocked.Increment(ref calls); return Rich; }));

        Assert.Equal(1, calls);
        Assert.All(results, r => Assert.Same(results[0], r));
    }
}
