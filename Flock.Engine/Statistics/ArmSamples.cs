using Flock.Engine.Common;

namespace Flock.Engine.Statistics;

/// <summary>Builds per-shopper <see cref="ArmSample"/>s from per-shopper records.</summary>
public static class ArmSamples
{
    /// <summary>The reserved arm key of the holdout (control group) in assignment records and samples.</summary>
    public const string Holdout = Experiments.ArmAssignment.HoldoutArmKey;

    /// <summary>
    /// One assignment per shopper: the earliest (ties broken by arm key, ordinal). A shopper met again under another arm
    /// or experiment stays in the first arm; those later rows are counted in <see cref="DistinctAssignments.DuplicatesIgnored"/>.
    /// </summary>
    /// <exception cref="FlockValidationException">A row is null or has an empty shopper key or arm.</exception>
    public static DistinctAssignments FirstPerShopper(IEnumerable<ShopperAssignment> assignments)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        var rows = assignments.ToArray();
        var problems = new ProblemCollector();
        for (var i = 0; i < rows.Length; i++)
        {
            var path = ProblemCollector.Index("assignments", i);
            if (rows[i] is null) { problems.Add(path, "is null"); continue; }
            if (string.IsNullOrWhiteSpace(rows[i].ShopperKey)) problems.Add(ProblemCollector.Join(path, "shopperKey"), "must not be empty");
            if (string.IsNullOrWhiteSpace(rows[i].Arm)) problems.Add(ProblemCollector.Join(path, "arm"), "must not be empty");
        }

        problems.ToResult().ThrowIfInvalid("assignments");
        var first = rows
            .OrderBy(a => a.AssignedAt).ThenBy(a => a.Arm, StringComparer.Ordinal)
            .DistinctBy(a => a.ShopperKey, StringComparer.Ordinal)
            .ToArray();
        return new DistinctAssignments(first, rows.Length - first.Length);
    }

    /// <summary>
    /// One sample per arm from per-shopper outcomes: shoppers = distinct shopper keys in the arm, converted = those with
    /// <see cref="ShopperOutcome.Converted"/>, Σ value and Σ value² over all of them. Arms listed in <paramref name="arms"/>
    /// come first in that order (empty when nobody is in them); other arms follow in ordinal order.
    /// </summary>
    /// <exception cref="FlockValidationException">A record is invalid, or a shopper appears more than once (count each
    /// shopper once, in the arm of their first assignment: see <see cref="FirstPerShopper"/>).</exception>
    public static IReadOnlyList<ArmSample> FromShoppers(IEnumerable<ShopperOutcome> shoppers, IReadOnlyList<string>? arms = null)
    {
        ArgumentNullException.ThrowIfNull(shoppers);
        var rows = shoppers.ToArray();
        var problems = new ProblemCollector();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Length; i++)
        {
            var path = ProblemCollector.Index("shoppers", i);
            var row = rows[i];
            if (row is null) { problems.Add(path, "is null"); continue; }
            if (string.IsNullOrWhiteSpace(row.ShopperKey)) problems.Add(ProblemCollector.Join(path, "shopperKey"), "must not be empty");
            else if (seen.TryGetValue(row.ShopperKey, out var earlier))
                problems.Add(ProblemCollector.Join(path, "shopperKey"),
                    $"shopper '{row.ShopperKey}' already appears at shoppers[{earlier}]: count each shopper once, in the arm of their first assignment");
            else seen[row.ShopperKey] = i;
            if (string.IsNullOrWhiteSpace(row.Arm)) problems.Add(ProblemCollector.Join(path, "arm"), "must not be empty");
            if (!double.IsFinite(row.Value)) problems.Add(ProblemCollector.Join(path, "value"), "must be a finite number");
        }

        if (arms is not null)
            for (var i = 0; i < arms.Count; i++)
                if (string.IsNullOrWhiteSpace(arms[i])) problems.Add(ProblemCollector.Index("arms", i), "must not be empty");
        problems.ToResult().ThrowIfInvalid("shopper outcomes");

        var byArm = rows.GroupBy(r => r.Arm, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        var order = (arms ?? []).Distinct(StringComparer.Ordinal)
            .Concat(byArm.Keys.Where(k => arms is null || !arms.Contains(k, StringComparer.Ordinal)).Order(StringComparer.Ordinal));
        return order.Select(arm => byArm.TryGetValue(arm, out var members) ? Aggregate(arm, members) : ArmSample.Empty(arm)).ToArray();
    }

    /// <summary>Checks a list of samples (each valid, arm keys distinct); paths like <c>arms[1].converted</c>.</summary>
    public static ValidationResult Validate(IReadOnlyList<ArmSample> samples)
    {
        var problems = new ProblemCollector();
        Validate(samples, problems, "arms");
        return problems.ToResult();
    }

    internal static void Validate(IReadOnlyList<ArmSample>? samples, ProblemCollector problems, string path)
    {
        if (samples is null) { problems.Add(path, "must not be null"); return; }
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < samples.Count; i++)
        {
            var at = ProblemCollector.Index(path, i);
            if (samples[i] is null) { problems.Add(at, "must not be null"); continue; }
            samples[i].Validate(problems, at);
            if (!string.IsNullOrWhiteSpace(samples[i].Arm) && !keys.Add(samples[i].Arm)) problems.Add(ProblemCollector.Join(at, "arm"), $"duplicate arm '{samples[i].Arm}'");
        }
    }

    private static ArmSample Aggregate(string arm, IReadOnlyList<ShopperOutcome> members)
    {
        double sum = 0, squares = 0;
        long converted = 0;
        foreach (var m in members)
        {
            if (m.Converted) converted++;
            sum += m.Value;
            squares += m.Value * m.Value;
        }

        return new ArmSample(arm, members.Count, converted, sum, squares);
    }
}
