using Flock.Engine.Common;

namespace Flock.Engine.Tests.Common;

public class ValidationResultTests
{
    [Fact]
    public void Invalid_result_throws_with_every_problem_and_its_path()
    {
        var problems = new ProblemCollector();
        problems.Add("conditions[2].value", "expected a number");
        problems.Add("name", "is required");

        var ex = Assert.Throws<FlockValidationException>(() => problems.ToResult().ThrowIfInvalid("rule"));

        Assert.Equal(2, ex.Problems.Count);
        Assert.Contains("conditions[2].value: expected a number", ex.Message);
        Assert.Contains("name: is required", ex.Message);
    }

    [Fact]
    public void Empty_collector_is_valid()
    {
        var result = new ProblemCollector().ToResult();
        Assert.True(result.IsValid);
        result.ThrowIfInvalid("rule");
    }

    [Theory]
    [InlineData("", "name", "name")]
    [InlineData("offer", "value", "offer.value")]
    public void Paths_compose(string parent, string child, string expected) =>
        Assert.Equal(expected, ProblemCollector.Join(parent, child));
}
