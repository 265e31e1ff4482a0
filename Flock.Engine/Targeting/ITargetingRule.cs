using Flock.Engine.Snapshots;

namespace Flock.Engine.Targeting;

/// <summary>A rule ready to evaluate: thread-safe, no allocation per call. RuleCompiler produces them.</summary>
public interface ITargetingRule
{
    bool Matches(DecisionContext context);
}

/// <summary>The rule that matches everyone (a campaign without an audience).</summary>
public sealed class MatchEveryone : ITargetingRule
{
    public static readonly MatchEveryone Instance = new();
    private MatchEveryone() { }
    public bool Matches(DecisionContext context) => true;
}
