using System.Collections.ObjectModel;
using Flock.Engine.Common;

namespace Flock.Engine.Segments;

/// <summary>
/// RFM quintiles of one store's own customers, built from all of them at once (<see cref="Build"/>, nightly) and then used
/// to score any one customer in a few nanoseconds without allocating (<see cref="Score(in CustomerRfmInput)"/>, when a
/// customer's orders change).
/// <para>
/// A customer's score on each of recency, frequency and monetary is <b>1 + ⌊5 × the share of the model's customers that
/// are strictly worse⌋</b>, capped at 5: the number of whole fifths of the store they beat outright, plus one. "Worse" is
/// more days since the last order, fewer orders, less money. Equal values therefore always score the same, and a crowd of
/// equal values gets the score of its lowest member: in a store where 80 % have exactly one order, all of them score F1
/// and every repeat buyer F5. Customers without a paid order are neither scored nor counted. One exception on recency:
/// a customer who ordered fewer than <see cref="RfmOptions.LapsedAfterDays"/> days ago scores at least R3, so a young
/// store's "worst fifth" (who bought days ago) is never called sleeping, lost or at risk.
/// </para>
/// <para>
/// The model keeps the four values per measure where the scores step up (<see cref="RecencyBoundaries"/>…): the values
/// at positions ⌈n·k/5⌉ (k = 1…4, 1-based) of its customers sorted worst first. A value better than k of them scores
/// 1 + k, which is the same rule, so scoring one customer against the boundaries gives exactly the score the build gives.
/// </para>
/// </summary>
public sealed class RfmModel
{
    private const int Fifths = 5;
    private const int MaxReportedProblems = 20;
    // the lowest recency score of a customer who ordered within RfmOptions.LapsedAfterDays (not sleeping, lost or at risk)
    private const int RecentFloor = 3;

    private readonly int[] _recency;
    private readonly int[] _frequency;
    private readonly decimal[] _monetary;
    private readonly int _lapsedAfterDays;

    private RfmModel(DateTimeOffset asOf, RfmOptions options, int customers, int prospects, int[] recency, int[] frequency, decimal[] monetary)
    {
        AsOf = asOf;
        Options = options;
        CustomerCount = customers;
        ProspectCount = prospects;
        _recency = recency;
        _frequency = frequency;
        _monetary = monetary;
        _lapsedAfterDays = options.LapsedAfterDays;
        RecencyBoundaries = Array.AsReadOnly(recency);
        FrequencyBoundaries = Array.AsReadOnly(frequency);
        MonetaryBoundaries = Array.AsReadOnly(monetary);
    }

    /// <summary>The day the inputs were counted at (their "now"): the model's age and recency shifts count from it.</summary>
    public DateTimeOffset AsOf { get; }

    /// <summary>The options the model was built with; <see cref="NeedsRebuild"/> and the recency floor apply them.</summary>
    public RfmOptions Options { get; }

    /// <summary>Customers with at least one paid order: the population the quintiles are of.</summary>
    public int CustomerCount { get; }

    /// <summary>Customers of the build without a paid order (not scored, not in the quintiles).</summary>
    public int ProspectCount { get; }

    /// <summary>No customer with a paid order: every score is <see cref="RfmScore.None"/> until a rebuild.</summary>
    public bool IsEmpty => CustomerCount == 0;

    /// <summary>Days since the last order at the 1st–4th fifth, worst (most days) first; fewer days than k of them scores
    /// R 1 + k (at least R3 under <see cref="RfmOptions.LapsedAfterDays"/>). Empty for an empty model.</summary>
    public ReadOnlyCollection<int> RecencyBoundaries { get; }

    /// <summary>Order counts at the 1st–4th fifth, ascending; more orders than k of them scores F 1 + k.</summary>
    public ReadOnlyCollection<int> FrequencyBoundaries { get; }

    /// <summary>Money spent at the 1st–4th fifth, ascending; more than k of them scores M 1 + k.</summary>
    public ReadOnlyCollection<decimal> MonetaryBoundaries { get; }

    /// <summary>
    /// The quintiles of <paramref name="customers"/> (those with a paid order), counted as of <paramref name="asOf"/>.
    /// Without any such customer the model is empty (<see cref="IsEmpty"/>), not an error.
    /// </summary>
    /// <exception cref="FlockValidationException">Invalid options, a negative count, days or amount, spend without an
    /// order, or a customer listed twice; paths such as <c>customers[12].orderCount</c> (the first 20 problems).</exception>
    public static RfmModel Build(ReadOnlySpan<CustomerRfmInput> customers, DateTimeOffset asOf, RfmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new ProblemCollector();
        options.Validate(problems, "options");
        var scored = ValidateCustomers(customers, problems);
        problems.ToResult().ThrowIfInvalid("RFM population");

        if (scored == 0) return new RfmModel(asOf, options, 0, customers.Length, [], [], []);

        var days = new int[scored];
        var orders = new int[scored];
        var money = new decimal[scored];
        var j = 0;
        foreach (ref readonly var customer in customers)
        {
            if (!customer.HasOrders) continue;
            days[j] = customer.DaysSinceLastOrder;
            orders[j] = customer.OrderCount;
            money[j] = customer.Monetary;
            j++;
        }

        Span<int> positions = stackalloc int[Fifths - 1];
        for (var k = 1; k < Fifths; k++) positions[k - 1] = (int)(((long)scored * k + Fifths - 1) / Fifths) - 1;

        var recency = new int[Fifths - 1];
        var frequency = new int[Fifths - 1];
        var monetary = new decimal[Fifths - 1];
        OrderStatistics.Select(days, positions, recency, worstFirstIsDescending: true);
        OrderStatistics.Select(orders, positions, frequency, worstFirstIsDescending: false);
        OrderStatistics.Select(money, positions, monetary, worstFirstIsDescending: false);
        return new RfmModel(asOf, options, scored, customers.Length - scored, recency, frequency, monetary);
    }

    /// <summary>
    /// The score of one customer against this model's quintiles, taking their recency as counted on the model's day
    /// (<see cref="AsOf"/>). No allocation. A customer of the build gets exactly the score the build gives them.
    /// </summary>
    /// <exception cref="FlockValidationException">A negative count, days or amount, or spend without an order.</exception>
    public RfmScore Score(in CustomerRfmInput customer)
    {
        if (!customer.IsValid) throw Invalid(customer, "customer");
        return ScoreValid(customer.DaysSinceLastOrder, customer.OrderCount, customer.Monetary);
    }

    /// <summary>
    /// The score of one customer whose recency was counted on <paramref name="now"/> (a later day than <see cref="AsOf"/>,
    /// between rebuilds): recency is moved back by the calendar days since the build, so a customer whose orders did not
    /// change keeps the score the build gave them, and one who ordered since is more recent than anyone in the build.
    /// </summary>
    public RfmScore Score(in CustomerRfmInput customer, DateTimeOffset now)
    {
        if (!customer.IsValid) throw Invalid(customer, "customer");
        var days = (long)customer.DaysSinceLastOrder - CalendarDays.Between(AsOf, now);
        return ScoreValid((int)Math.Clamp(days, int.MinValue, int.MaxValue), customer.OrderCount, customer.Monetary);
    }

    /// <summary>Scores every customer (recency as of <see cref="AsOf"/>) into <paramref name="scores"/>, index for index.</summary>
    /// <exception cref="FlockValidationException"><paramref name="scores"/> is shorter, or a customer is invalid (path <c>customers[i]</c>).</exception>
    public void ScoreAll(ReadOnlySpan<CustomerRfmInput> customers, Span<RfmScore> scores)
    {
        if (scores.Length < customers.Length)
            throw new FlockValidationException("RFM scoring", "scores", $"has room for {scores.Length} scores but there are {customers.Length} customers");
        for (var i = 0; i < customers.Length; i++)
        {
            ref readonly var customer = ref customers[i];
            if (!customer.IsValid) throw Invalid(customer, ProblemCollector.Index("customers", i));
            scores[i] = ScoreValid(customer.DaysSinceLastOrder, customer.OrderCount, customer.Monetary);
        }
    }

    /// <summary>
    /// Whether to rebuild now: the model is <see cref="RfmOptions.RebuildAfterDays"/> or more days old (or from after
    /// <paramref name="now"/>), or the number of customers with paid orders, <paramref name="customerCountNow"/>, differs
    /// from <see cref="CustomerCount"/> by more than <see cref="RfmOptions.RebuildOnPopulationChange"/> of it. An empty
    /// model needs a rebuild as soon as any customer has ordered.
    /// </summary>
    /// <exception cref="FlockValidationException"><paramref name="customerCountNow"/> is negative.</exception>
    public bool NeedsRebuild(DateTimeOffset now, int customerCountNow)
    {
        if (customerCountNow < 0) throw new FlockValidationException("RFM staleness check", "customerCountNow", "must be zero or more");
        var age = now - AsOf;
        if (age < TimeSpan.Zero || age >= TimeSpan.FromDays(Options.RebuildAfterDays)) return true;
        if (CustomerCount == 0) return customerCountNow > 0;
        return Math.Abs((long)customerCountNow - CustomerCount) > Options.RebuildOnPopulationChange * CustomerCount;
    }

    public override string ToString() => $"RFM model as of {AsOf:yyyy-MM-dd}: {CustomerCount} customers with orders, {ProspectCount} without";

    private RfmScore ScoreValid(int days, int orders, decimal money)
    {
        if (orders == 0 || _frequency.Length == 0) return RfmScore.None;
        var r = 1;
        foreach (var boundary in _recency)
            if (days < boundary) r++;
        if (r < RecentFloor && days < _lapsedAfterDays) r = RecentFloor;
        var f = 1;
        foreach (var boundary in _frequency)
            if (orders > boundary) f++;
        var m = 1;
        foreach (var boundary in _monetary)
            if (money > boundary) m++;
        return new RfmScore((byte)r, (byte)f, (byte)m, RfmSegments.Classify(r, f, m, orders));
    }

    private static int ValidateCustomers(ReadOnlySpan<CustomerRfmInput> customers, ProblemCollector problems)
    {
        var scored = 0;
        var invalid = 0;
        for (var i = 0; i < customers.Length; i++)
        {
            ref readonly var customer = ref customers[i];
            if (customer.HasOrders) scored++;
            if (customer.IsValid) continue;
            if (++invalid <= MaxReportedProblems) customer.Validate(problems, ProblemCollector.Index("customers", i));
        }

        if (invalid > MaxReportedProblems) problems.Add("customers", $"{invalid - MaxReportedProblems} more invalid customers not listed");

        if (customers.Length > 1)
        {
            var duplicates = 0;
            foreach (var id in DuplicateIds(customers))
                if (++duplicates <= MaxReportedProblems) problems.Add("customers", $"customer {id} is listed more than once");
            if (duplicates > MaxReportedProblems) problems.Add("customers", $"{duplicates - MaxReportedProblems} more customers listed more than once");
        }

        return scored;
    }

    // Each id listed more than once, once. Store ids are dense: a bitmap over their range is one pass; sparse ids are sorted.
    private static List<int> DuplicateIds(ReadOnlySpan<CustomerRfmInput> customers)
    {
        var duplicates = new List<int>();
        int min = int.MaxValue, max = int.MinValue;
        foreach (ref readonly var customer in customers)
        {
            min = Math.Min(min, customer.CustomerId);
            max = Math.Max(max, customer.CustomerId);
        }

        var range = (long)max - min + 1;
        if (range <= 64L * customers.Length)
        {
            var seen = new ulong[(range + 63) / 64];
            var reported = new ulong[seen.Length];
            foreach (ref readonly var customer in customers)
            {
                var offset = customer.CustomerId - (long)min;
                ref var word = ref seen[offset >> 6];
                var bit = 1UL << (int)(offset & 63);
                if ((word & bit) == 0)
                {
                    word |= bit;
                    continue;
                }

                if ((reported[offset >> 6] & bit) != 0) continue;
                reported[offset >> 6] |= bit;
                duplicates.Add(customer.CustomerId);
            }

            return duplicates;
        }

        var ids = new int[customers.Length];
        for (var i = 0; i < ids.Length; i++) ids[i] = customers[i].CustomerId;
        Array.Sort(ids);
        for (var i = 1; i < ids.Length; i++)
            if (ids[i] == ids[i - 1] && (i == 1 || ids[i - 1] != ids[i - 2])) duplicates.Add(ids[i]);
        return duplicates;
    }

    private static FlockValidationException Invalid(in CustomerRfmInput customer, string path)
    {
        var problems = new ProblemCollector();
        customer.Validate(problems, path);
        return new FlockValidationException("RFM input", problems.ToResult().Problems);
    }
}
