using Flock.Engine.Common;
using Flock.Engine.Messaging;
using Flock.Engine.Targeting;

namespace Flock.Engine.Chains;

/// <summary>How often one customer may enter a chain.</summary>
public enum ReEntryKind
{
    /// <summary>Once in the customer's life.</summary>
    OnceEver = 0,
    /// <summary>Again only when the last entry is at least <see cref="ReEntryPolicy.Days"/> days old.</summary>
    OncePerDays = 1,
    /// <summary>On every occurrence of the trigger (each order starts its own post-purchase series); never twice for one occurrence.</summary>
    EveryTrigger = 2,
}

public sealed record ReEntryPolicy(ReEntryKind Kind, int Days = 0)
{
    public static readonly ReEntryPolicy OnceEver = new(ReEntryKind.OnceEver);
    public static readonly ReEntryPolicy EveryTrigger = new(ReEntryKind.EveryTrigger);
    public static ReEntryPolicy OncePer(int days) => new(ReEntryKind.OncePerDays, days);

    /// <summary>
    /// How long an ended enrollment must be kept for this rule to be enforced: "once per N days" needs N days, "every
    /// trigger" none, "once ever" forever (null). Retention never purges below it.
    /// </summary>
    public int? DaysOfHistoryNeeded => Kind switch
    {
        ReEntryKind.OnceEver => null,
        ReEntryKind.OncePerDays => Days,
        _ => 0
    };

    /// <summary>
    /// Since when a message of the chain to the same address through another customer record counts against this one
    /// (<see cref="ChainFacts.AddressServedElsewhere"/>): ever for "once ever", the last N days for "once per N days";
    /// null for "every trigger", which limits nothing.
    /// </summary>
    public DateTimeOffset? SameAddressSince(DateTimeOffset now) => Kind switch
    {
        ReEntryKind.OnceEver => DateTimeOffset.MinValue,
        ReEntryKind.OncePerDays => now.AddDays(-Days),
        _ => null
    };
}

/// <summary>What ends an enrollment early because the chain's purpose is met.</summary>
public enum ExitGoalKind
{
    /// <summary>The customer placed an order (as themselves or as a guest with the same email) after entering.</summary>
    Purchase = 0,
    /// <summary>The customer withdrew marketing consent (unsubscribed from the newsletter or from the chain's channel).</summary>
    Unsubscribe = 1,
    /// <summary><see cref="ExitGoal.Rule"/> matches the live facts.</summary>
    Rule = 2,
    /// <summary>The customer's cart is empty (they removed everything, or it was cleared): a cart reminder has nothing left to remind of.</summary>
    CartEmptied = 3,
}

public sealed record ExitGoal
{
    public required ExitGoalKind Kind { get; init; }
    public RuleNode? Rule { get; init; }
}

/// <summary>
/// One version of a chain (T2): an entry trigger, entry conditions, steps and exit goals. Versions are immutable: an
/// edit of a live chain is saved as a new version, and every enrollment keeps following the version it entered with
/// until it ends. That is what makes an edit safe: nobody already inside is restarted, stranded on a step that no longer
/// exists, or sent a step twice (the idempotency key is (chain, step id, customer, trigger occurrence), the same in every
/// version). New entrants follow the newest version.
/// </summary>
public sealed record ChainDefinition
{
    public const int MaxSteps = 50;
    public const int MaxKeyLength = 64;

    /// <summary>Stable key of the chain ("abandoned-cart"); letters, digits, '-' and '_'.</summary>
    public required string Key { get; init; }
    public required string Name { get; init; }
    public int Version { get; init; } = 1;
    public required ChainTrigger Trigger { get; init; }
    /// <summary>Entry conditions over the targeting fields (behaviour and segment fields included); null: everyone.</summary>
    public RuleNode? Conditions { get; init; }
    public ReEntryPolicy ReEntry { get; init; } = ReEntryPolicy.OnceEver;
    /// <summary>Priority of the chain's messages for contact pressure.</summary>
    public MessagePriority Priority { get; init; } = MessagePriority.Promo;
    /// <summary>Marketing chains need the customer's marketing consent (nopCommerce newsletter); others follow the store's setting.</summary>
    public bool Marketing { get; init; } = true;
    /// <summary>Share of entrants held out: they go through the chain but are never messaged (uplift, T6). On by default.</summary>
    public double HoldoutShare { get; init; } = 0.10;
    public required IReadOnlyList<ChainStep> Steps { get; init; }
    public IReadOnlyList<ExitGoal> ExitGoals { get; init; } = [new ExitGoal { Kind = ExitGoalKind.Purchase }];

    /// <summary>Every problem with a path (<c>steps[2].then</c>); the rules are validated against <paramref name="catalog"/>.</summary>
    public ValidationResult Validate(FieldCatalog? catalog = null)
    {
        catalog ??= TargetingFields.Default;
        var problems = new ProblemCollector();
        ValidateKey(problems, "key", Key);
        if (string.IsNullOrWhiteSpace(Name)) problems.Add("name", "required");
        else if (Name.Length > 200) problems.Add("name", "at most 200 characters");
        if (Version < 1) problems.Add("version", "must be at least 1");
        ValidateTrigger(problems);
        if (Conditions is not null) AddRuleProblems(problems, "conditions", Conditions, catalog);
        if (ReEntry is null) problems.Add("reEntry", "required");
        else if (ReEntry.Kind == ReEntryKind.OncePerDays && ReEntry.Days is < 1 or > 3650)
            problems.Add("reEntry.days", "between 1 and 3650");
        if (!Enum.IsDefined(Priority)) problems.Add("priority", "unknown priority");
        if (double.IsNaN(HoldoutShare) || HoldoutShare is < 0 or > 0.5) problems.Add("holdoutShare", "between 0 and 0.5");
        ValidateSteps(problems, catalog);
        ValidateExitGoals(problems, catalog);
        return problems.ToResult();
    }

    private void ValidateTrigger(ProblemCollector problems)
    {
        if (Trigger is null) { problems.Add("trigger", "required"); return; }
        if (!Enum.IsDefined(Trigger.Kind)) { problems.Add("trigger.kind", "unknown trigger"); return; }
        var needsDays = Trigger.Kind is ChainTriggerKind.PointsExpiring or ChainTriggerKind.LastOrderAged;
        if (needsDays && Trigger.Days is not (>= 1 and <= 3650)) problems.Add("trigger.days", "required: between 1 and 3650");
        if (!needsDays && Trigger.Days is not null) problems.Add("trigger.days", $"not used by {Trigger.Kind}");
        if (Trigger.Kind == ChainTriggerKind.SegmentEntered && string.IsNullOrWhiteSpace(Trigger.Segment)) problems.Add("trigger.segment", "required");
        else if (Trigger.Kind == ChainTriggerKind.SegmentEntered && (!Segments.RfmSegments.TryParse(Trigger.Segment, out var segment) || segment == Segments.RfmSegment.None))
            problems.Add("trigger.segment", $"'{Trigger.Segment}' is not a segment a customer can enter: one of {string.Join(", ", Segments.RfmSegments.All.Where(s => s != Segments.RfmSegment.None).Select(Segments.RfmSegments.Key))}");
        if (Trigger.Kind != ChainTriggerKind.SegmentEntered && Trigger.Segment is not null) problems.Add("trigger.segment", $"not used by {Trigger.Kind}");
        if (Trigger.Kind == ChainTriggerKind.OrderStatusChanged && string.IsNullOrWhiteSpace(Trigger.OrderStatus)) problems.Add("trigger.orderStatus", "required");
    }

    private void ValidateSteps(ProblemCollector problems, FieldCatalog catalog)
    {
        if (Steps is null || Steps.Count == 0) { problems.Add("steps", "a chain needs at least one step"); return; }
        if (Steps.Count > MaxSteps) problems.Add("steps", $"at most {MaxSteps} steps");
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Steps.Count; i++)
        {
            var path = ProblemCollector.Index("steps", i);
            if (Steps[i] is not { } step) { problems.Add(path, "required"); continue; }
            ValidateKey(problems, ProblemCollector.Join(path, "id"), step.Id);
            if (step.Id is not null && !positions.TryAdd(step.Id, i)) problems.Add(ProblemCollector.Join(path, "id"), $"'{step.Id}' is used by steps[{positions[step.Id]}] too");
        }
        var sends = 0;
        for (var i = 0; i < Steps.Count; i++)
        {
            var path = ProblemCollector.Index("steps", i);
            switch (Steps[i])
            {
                case WaitStep wait:
                    if (wait.Duration <= TimeSpan.Zero || wait.Duration > TimeSpan.FromDays(3650)) problems.Add(ProblemCollector.Join(path, "duration"), "longer than zero and at most 3650 days");
                    if (!Enum.IsDefined(wait.From)) problems.Add(ProblemCollector.Join(path, "from"), "unknown value");
                    break;
                case BranchStep branch:
                    if (branch.Condition is null) problems.Add(ProblemCollector.Join(path, "condition"), "required");
                    else AddRuleProblems(problems, ProblemCollector.Join(path, "condition"), branch.Condition, catalog);
                    CheckJump(problems, ProblemCollector.Join(path, "then"), branch.Then, i, positions, required: true);
                    CheckJump(problems, ProblemCollector.Join(path, "else"), branch.Else, i, positions, required: false);
                    break;
                case SendStep send:
                    sends++;
                    if (!Enum.IsDefined(send.Channel)) problems.Add(ProblemCollector.Join(path, "channel"), "unknown channel");
                    if (string.IsNullOrWhiteSpace(send.Template)) problems.Add(ProblemCollector.Join(path, "template"), "required");
                    else if (send.Template.Length > 200) problems.Add(ProblemCollector.Join(path, "template"), "at most 200 characters");
                    if (send.Priority is { } priority && !Enum.IsDefined(priority)) problems.Add(ProblemCollector.Join(path, "priority"), "unknown priority");
                    if (send.ExpiresAfter < TimeSpan.FromMinutes(5) || send.ExpiresAfter > TimeSpan.FromDays(90)) problems.Add(ProblemCollector.Join(path, "expiresAfter"), "between 5 minutes and 90 days");
                    break;
                case CouponStep coupon:
                    if (coupon.Percent is <= 0 or > 100) problems.Add(ProblemCollector.Join(path, "percent"), "more than 0 and at most 100");
                    if (coupon.ValidDays is < 1 or > 365) problems.Add(ProblemCollector.Join(path, "validDays"), "between 1 and 365");
                    break;
                case PointsStep points:
                    if (points.Points is < 1 or > 1_000_000) problems.Add(ProblemCollector.Join(path, "points"), "between 1 and 1 000 000");
                    if (points.ValidDays is < 1 or > 3650) problems.Add(ProblemCollector.Join(path, "validDays"), "between 1 and 3650");
                    break;
            }
        }
        if (sends == 0) problems.Add("steps", "a chain needs at least one send step");
    }

    private void ValidateExitGoals(ProblemCollector problems, FieldCatalog catalog)
    {
        if (ExitGoals is null) { problems.Add("exitGoals", "required (an empty list for none)"); return; }
        for (var i = 0; i < ExitGoals.Count; i++)
        {
            var path = ProblemCollector.Index("exitGoals", i);
            if (ExitGoals[i] is not { } goal) { problems.Add(path, "required"); continue; }
            if (!Enum.IsDefined(goal.Kind)) problems.Add(ProblemCollector.Join(path, "kind"), "unknown goal");
            else if (goal.Kind == ExitGoalKind.Rule)
            {
                if (goal.Rule is null) problems.Add(ProblemCollector.Join(path, "rule"), "required for a rule goal");
                else AddRuleProblems(problems, ProblemCollector.Join(path, "rule"), goal.Rule, catalog);
            }
            else if (goal.Rule is not null) problems.Add(ProblemCollector.Join(path, "rule"), $"only a rule goal has a rule");
            if (goal.Kind == ExitGoalKind.CartEmptied && Trigger is { } trigger && trigger.Kind != ChainTriggerKind.CartChanged)
                problems.Add(ProblemCollector.Join(path, "kind"), "an emptied cart ends only a chain started by a cart change");
        }
    }

    private static void CheckJump(ProblemCollector problems, string path, string? target, int from, Dictionary<string, int> positions, bool required)
    {
        if (target is null) { if (required) problems.Add(path, "required"); return; }
        if (!positions.TryGetValue(target, out var to)) problems.Add(path, $"no step '{target}'");
        else if (to <= from) problems.Add(path, $"'{target}' is not after this step; a branch only jumps forward");
    }

    private static void AddRuleProblems(ProblemCollector problems, string path, RuleNode rule, FieldCatalog catalog)
    {
        foreach (var problem in RuleValidator.Validate(rule, catalog).Problems)
            problems.Add(string.IsNullOrEmpty(problem.Path) ? path : ProblemCollector.Join(path, problem.Path), problem.Message);
    }

    internal static void ValidateKey(ProblemCollector problems, string path, string? key)
    {
        if (string.IsNullOrWhiteSpace(key)) { problems.Add(path, "required"); return; }
        if (key.Length > MaxKeyLength) problems.Add(path, $"at most {MaxKeyLength} characters");
        foreach (var c in key)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) { problems.Add(path, "only letters, digits, '-' and '_'"); return; }
    }
}
