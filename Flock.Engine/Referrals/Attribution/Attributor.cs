using Flock.Engine.Common;
using Flock.Engine.Referrals;
using Flock.Engine.Snapshots;

namespace Flock.Engine.Referrals.Attribution;

/// <summary>Everything known about one friend's order when deciding who referred them.</summary>
public sealed record AttributionRequest
{
    /// <summary>The friend; <see cref="CustomerSnapshot.OrderCount"/> (earlier paid orders) decides "new customer".</summary>
    public required CustomerSnapshot Friend { get; init; }

    /// <summary>The order being attributed, if any; its billing e-mail is used when the friend has none.</summary>
    public OrderSnapshot? Order { get; init; }

    /// <summary>Every piece of evidence the plugin collected for this friend (any referrer, any age).</summary>
    public IReadOnlyList<AttributionEvidence> Evidence { get; init; } = [];

    /// <summary>The moment of attribution (usually the order's placement); the window ends here.</summary>
    public required DateTimeOffset Now { get; init; }
}

/// <summary>Why an order was not attributed.</summary>
public enum NotAttributedReason
{
    /// <summary>The policy wants new customers and the friend has earlier paid orders.</summary>
    NotNewCustomer,

    /// <summary>No usable evidence at all (none, kinds the policy ignores, or invitations to another address).</summary>
    NoEvidence,

    /// <summary>There was evidence, but all of it is older than the window (or dated after the order).</summary>
    OutsideWindow,
}

/// <summary>Who gets the credit for a friend's order, on which evidence, and why — or why nobody does.</summary>
public sealed record AttributionResult
{
    public bool IsAttributed => Referrer is not null;
    public ReferrerRef? Referrer { get; private init; }
    public AttributionEvidence? Evidence { get; private init; }
    public NotAttributedReason? NotAttributedReason { get; private init; }

    /// <summary>The decision in plain words for the admin.</summary>
    public required string Reason { get; init; }

    internal static AttributionResult Attributed(AttributionEvidence evidence, string reason) =>
        new() { Referrer = evidence.Referrer, Evidence = evidence, Reason = reason };

    internal static AttributionResult NotAttributed(NotAttributedReason why, string reason) =>
        new() { NotAttributedReason = why, Reason = reason };
}

/// <summary>
/// Applies an <see cref="AttributionPolicy"/>: the strongest evidence kind (policy order) with evidence inside the
/// window decides; among several pieces of that kind, the first or last wins. Self-referral and other abuse are
/// judged afterwards by the anti-abuse guard. Pure and thread-safe.
/// </summary>
public sealed class Attributor
{
    private readonly EmailHasher? _emailHasher;

    /// <summary>
    /// Throws <see cref="FlockValidationException"/> on an invalid policy, or when the policy uses e-mail
    /// invitations without an <paramref name="emailHasher"/> to match them.
    /// </summary>
    public Attributor(AttributionPolicy policy, EmailHasher? emailHasher = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var problems = policy.Validate();
        if (problems.IsValid && emailHasher is null && policy.Priority.Contains(EvidenceKind.EmailInvitation))
            problems = new ValidationResult([new Problem("priority", "email invitations need an EmailHasher with the store secret")]);
        problems.ThrowIfInvalid("attribution policy");
        Policy = policy;
        _emailHasher = emailHasher;
    }

    public AttributionPolicy Policy { get; }

    /// <summary>Decides the attribution. Throws <see cref="FlockValidationException"/> (nothing decided) on malformed evidence.</summary>
    public AttributionResult Attribute(AttributionRequest request)
    {
        Validate(request);
        var friend = request.Friend;

        if (Policy.FriendMustBeNewCustomer && friend.OrderCount > 0)
            return AttributionResult.NotAttributed(NotAttributedReason.NotNewCustomer,
                $"Not attributed: customer {friend.CustomerId} already has {friend.OrderCount} paid order{(friend.OrderCount == 1 ? "" : "s")} and the policy credits new customers only.");

        var windowStart = request.Now.AddDays(-Policy.WindowDays);
        var friendEmail = string.IsNullOrWhiteSpace(friend.Email) ? request.Order?.BillingEmail : friend.Email;
        int outside = 0, mismatched = 0;

        foreach (var kind in Policy.Priority)
        {
            AttributionEvidence? chosen = null;
            var candidates = 0;
            foreach (var evidence in request.Evidence)
            {
                if (evidence.Kind != kind) continue;
                if (evidence is EmailInvitationEvidence invitation && !_emailHasher!.Matches(invitation.InvitedEmailHash, friendEmail))
                {
                    mismatched++;
                    continue;
                }
                if (evidence.At < windowStart || evidence.At > request.Now)
                {
                    outside++;
                    continue;
                }
                candidates++;
                if (chosen is null || (Policy.Choice == ReferrerChoice.First ? evidence.At < chosen.At : evidence.At >= chosen.At))
                    chosen = evidence;
            }
            if (chosen is not null)
                return AttributionResult.Attributed(chosen, Explain(chosen, candidates));
        }

        if (outside > 0)
            return AttributionResult.NotAttributed(NotAttributedReason.OutsideWindow,
                $"Not attributed: {outside} piece{(outside == 1 ? "" : "s")} of evidence fell outside the {Policy.WindowDays}-day window before {request.Now:u}.");
        var ignoredKinds = request.Evidence.Count(e => !Policy.Priority.Contains(e.Kind));
        var detail = (mismatched, ignoredKinds) switch
        {
            (0, 0) => "no referral link click, coupon or invitation was recorded for this customer",
            _ => string.Join("; ", new[]
            {
                mismatched > 0 ? $"{mismatched} email invitation{(mismatched == 1 ? " was" : "s were")} sent to another address" : null,
                ignoredKinds > 0 ? $"{ignoredKinds} piece{(ignoredKinds == 1 ? " is" : "s are")} of a kind the policy ignores" : null,
            }.OfType<string>()),
        };
        return AttributionResult.NotAttributed(NotAttributedReason.NoEvidence, $"Not attributed: {detail}.");
    }

    private string Explain(AttributionEvidence chosen, int candidates)
    {
        var rank = Policy.Priority[0] == chosen.Kind
            ? "the strongest evidence kind"
            : $"the strongest evidence kind found (priority {IndexOf(chosen.Kind) + 1} of {Policy.Priority.Count})";
        var among = candidates > 1
            ? $"; {(Policy.Choice == ReferrerChoice.First ? "earliest" : "latest")} of {candidates} such pieces ({Policy.Choice.ToString().ToLowerInvariant()}-referrer policy)"
            : "";
        return $"Attributed to {chosen.Referrer}: {chosen.Describe()}, {rank}{among}, within the {Policy.WindowDays}-day window.";
    }

    private int IndexOf(EvidenceKind kind)
    {
        for (var i = 0; i < Policy.Priority.Count; i++) if (Policy.Priority[i] == kind) return i;
        return -1;
    }

    private static void Validate(AttributionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new ProblemCollector();
        if (request.Friend is null) problems.Add("friend", "is required");
        else if (request.Friend.OrderCount < 0) problems.Add("friend.orderCount", $"must not be negative (was {request.Friend.OrderCount})");
        if (request.Evidence is null)
        {
            problems.Add("evidence", "must not be null (pass an empty list)");
        }
        else
        {
            for (var i = 0; i < request.Evidence.Count; i++)
            {
                var path = ProblemCollector.Index("evidence", i);
                var evidence = request.Evidence[i];
                if (evidence is null) { problems.Add(path, "is null"); continue; }
                if (evidence.Referrer is null) { problems.Add(ProblemCollector.Join(path, "referrer"), "is required"); continue; }
                if (!ReferralCode.IsWellFormed(evidence.Referrer.Code ?? ""))
                    problems.Add(ProblemCollector.Join(path, "referrer.code"), $"\"{evidence.Referrer.Code}\" is not a referral code (4–32 letters and digits)");
                if (evidence.Referrer.CustomerId <= 0)
                    problems.Add(ProblemCollector.Join(path, "referrer.customerId"), $"must be positive (was {evidence.Referrer.CustomerId})");
                if (evidence is EmailInvitationEvidence { InvitedEmailHash: null or "" })
                    problems.Add(ProblemCollector.Join(path, "invitedEmailHash"), "is required");
            }
        }
        problems.ToResult().ThrowIfInvalid("attribution request");
    }
}
