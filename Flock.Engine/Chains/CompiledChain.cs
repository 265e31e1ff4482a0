using Flock.Engine.Targeting;

namespace Flock.Engine.Chains;

/// <summary>
/// A validated chain version ready to run: jumps resolved to step positions, rules compiled once. Immutable and
/// thread-safe; build one per stored version and share it.
/// </summary>
public sealed class CompiledChain
{
    private readonly int[] _jumpThen;
    private readonly int[] _jumpElse;
    private readonly CompiledRule?[] _branchRules;

    public CompiledChain(ChainDefinition definition, FieldCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        catalog ??= TargetingFields.Default;
        definition.Validate(catalog).ThrowIfInvalid("chain");
        Definition = definition;
        var steps = definition.Steps;
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < steps.Count; i++) positions[steps[i].Id] = i;
        _jumpThen = new int[steps.Count];
        _jumpElse = new int[steps.Count];
        _branchRules = new CompiledRule?[steps.Count];
        for (var i = 0; i < steps.Count; i++)
        {
            _jumpThen[i] = _jumpElse[i] = i + 1;
            if (steps[i] is BranchStep branch)
            {
                _jumpThen[i] = positions[branch.Then];
                _jumpElse[i] = branch.Else is null ? i + 1 : positions[branch.Else];
                _branchRules[i] = RuleCompiler.Compile(branch.Condition, catalog);
            }
        }
        Conditions = definition.Conditions is null ? null : RuleCompiler.Compile(definition.Conditions, catalog);
        var goals = definition.ExitGoals;
        ExitOnPurchase = goals.Any(g => g.Kind == ExitGoalKind.Purchase);
        ExitOnUnsubscribe = goals.Any(g => g.Kind == ExitGoalKind.Unsubscribe);
        ExitOnCartEmptied = goals.Any(g => g.Kind == ExitGoalKind.CartEmptied);
        RuleGoals = goals.Where(g => g.Kind == ExitGoalKind.Rule).Select(g => RuleCompiler.Compile(g.Rule!, catalog)).ToArray();
        NeedsContext = RuleGoals.Length > 0 || _branchRules.Any(r => r is not null);
    }

    public ChainDefinition Definition { get; }
    public string Key => Definition.Key;
    public int Version => Definition.Version;
    public int StepCount => _jumpThen.Length;
    public CompiledRule? Conditions { get; }
    internal bool ExitOnPurchase { get; }
    internal bool ExitOnUnsubscribe { get; }
    /// <summary>True when the live facts must carry <see cref="ChainFacts.CartItems"/> (the chain ends once the cart is empty).</summary>
    public bool ExitOnCartEmptied { get; }
    internal CompiledRule[] RuleGoals { get; }
    /// <summary>True when deciding a step may need <see cref="ChainFacts.Context"/>.</summary>
    public bool NeedsContext { get; }

    public ChainStep Step(int index) => Definition.Steps[index];
    internal int Then(int index) => _jumpThen[index];
    internal int Else(int index) => _jumpElse[index];
    internal CompiledRule BranchRule(int index) => _branchRules[index]!;
}
