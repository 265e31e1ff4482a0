using Flock.Engine.Common;

namespace Flock.Engine.Referrals.Attribution;

/// <summary>Kinds of evidence that a friend came from a referrer.</summary>
public enum EvidenceKind
{
    /// <summary>The friend entered the referrer's code or coupon at checkout.</summary>
    CouponAtCheckout,

    /// <summary>The friend clicked the referrer's link.</summary>
    LinkClick,

    /// <summary>The referrer invited the friend's e-mail address (matched by keyed hash).</summary>
    EmailInvitation,
}

/// <summary>Which referrer wins when several left evidence of the same kind.</summary>
public enum ReferrerChoice
{
    /// <summary>The earliest evidence wins (rewards the referrer who found the friend).</summary>
    First,

    /// <summary>The latest evidence wins (rewards the referrer who closed the sale).</summary>
    Last,
}

/// <summary>
/// How a friend's order is credited to a referrer: evidence kinds in priority order (kinds left out are ignored),
/// how far back evidence counts, which of several referrers wins, and whether the friend must be new.
/// </summary>
public sealed record AttributionPolicy
{
    /// <summary>Evidence kinds, strongest first. Default: coupon at checkout, link click, e-mail invitation.</summary>
    public IReadOnlyList<EvidenceKind> Priority { get; init; } =
        [EvidenceKind.CouponAtCheckout, EvidenceKind.LinkClick, EvidenceKind.EmailInvitation];

    /// <summary>Evidence older than this many days before the order is ignored (1–365). Default 30.</summary>
    public int WindowDays { get; init; } = 30;

    /// <summary>Default <see cref="ReferrerChoice.Last"/>.</summary>
    public ReferrerChoice Choice { get; init; } = ReferrerChoice.Last;

    /// <summary>Only customers without earlier paid orders can be referred. Default true.</summary>
    public bool FriendMustBeNewCustomer { get; init; } = true;

    /// <summary>Every problem with this policy.</summary>
    public ValidationResult Validate()
    {
        var problems = new ProblemCollector();
        if (Priority is null || Priority.Count == 0)
        {
            problems.Add("priority", "list at least one evidence kind");
        }
        else
        {
            var seen = new HashSet<EvidenceKind>();
            for (var i = 0; i < Priority.Count; i++)
            {
                var path = ProblemCollector.Index("priority", i);
                if (!Enum.IsDefined(Priority[i])) problems.Add(path, $"unknown evidence kind {(int)Priority[i]}");
                else if (!seen.Add(Priority[i])) problems.Add(path, $"{Describe(Priority[i])} is listed twice");
            }
        }
        if (WindowDays is < 1 or > 365) problems.Add("windowDays", $"must be between 1 and 365 (was {WindowDays})");
        if (!Enum.IsDefined(Choice)) problems.Add("choice", $"unknown referrer choice {(int)Choice}");
        return problems.ToResult();
    }

    /// <summary>The policy in plain words for the admin.</summary>
    public string Describe()
    {
        var order = Priority.Count == 0 ? "no evidence kind" : Capitalise(string.Join(", then ", Priority.Select(Describe)));
        var choice = Choice == ReferrerChoice.First
            ? "the first referrer wins (earliest evidence)"
            : "the last referrer wins (latest evidence)";
        var newOnly = FriendMustBeNewCustomer
            ? "The friend must be a new customer (no earlier paid orders)."
            : "Returning customers can be referred too.";
        return $"{order}. Evidence counts for {WindowDays} day{(WindowDays == 1 ? "" : "s")} before the order. " +
               $"When several referrers left evidence of the strongest kind found, {choice}. {newOnly}";
    }

    /// <summary>The evidence kind in plain words.</summary>
    public static string Describe(EvidenceKind kind) => kind switch
    {
        EvidenceKind.CouponAtCheckout => "coupon entered at checkout",
        EvidenceKind.LinkClick => "link click",
        EvidenceKind.EmailInvitation => "email invitation",
        _ => $"evidence kind {(int)kind}",
    };

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
