using Flock.Engine.Common;

namespace Flock.Engine.Referrals.Rewards;

/// <summary>
/// Turns referral events into reward intents under one validated <see cref="RewardProgram"/>. Pure and thread-safe:
/// the same event and counts always give the same intents with the same cause keys.
/// </summary>
public sealed class RewardPolicyEvaluator
{
    private readonly RewardProgram _program;

    /// <summary>Throws <see cref="FlockValidationException"/> listing every problem when the program is invalid.</summary>
    public RewardPolicyEvaluator(RewardProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        program.Validate().ThrowIfInvalid("reward program");
        _program = program;
    }

    public RewardProgram Program => _program;

    /// <summary>
    /// The rewards <paramref name="referralEvent"/> earns, in policy order. <paramref name="counts"/> describe the
    /// referrer before this event (see <see cref="ReferrerCounts"/>); they matter for tiers and visitor caps.
    /// Throws <see cref="FlockValidationException"/> for a malformed event.
    /// </summary>
    public IReadOnlyList<RewardIntent> Evaluate(ReferralEvent referralEvent, ReferrerCounts? counts = null)
    {
        ArgumentNullException.ThrowIfNull(referralEvent);
        counts ??= ReferrerCounts.None;
        Validate(referralEvent, counts).ThrowIfInvalid("referral event");

        var intents = new List<RewardIntent>();
        foreach (var policy in _program.Policies)
        {
            switch (referralEvent, policy)
            {
                case (FriendPurchaseEvent order, FriendPurchasePolicy p):
                    if (Qualifies(order, p.MinimumFriendOrder, p.FirstOrderOnly))
                        AddForOrder(intents, order, p, p.Reward, BeneficiaryRole.Referrer);
                    break;
                case (FriendPurchaseEvent order, DoubleSidedPolicy p):
                    if (Qualifies(order, p.MinimumFriendOrder, p.FirstOrderOnly))
                    {
                        AddForOrder(intents, order, p, p.ReferrerReward, BeneficiaryRole.Referrer);
                        AddForOrder(intents, order, p, p.FriendReward, BeneficiaryRole.Friend);
                    }

                    break;
                case (FriendPurchaseEvent order, TieredFriendPurchasePolicy p):
                    if (Qualifies(order, p.MinimumFriendOrder, firstOrderOnly: true) && p.TierFor(counts.FriendsWhoBoughtBefore + 1) is { } tier)
                        AddForOrder(intents, order, p, tier.Reward, BeneficiaryRole.Referrer);
                    break;
                case (UniqueVisitEvent visit, VisitorGiftPolicy p):
                    if (counts.VisitorsBefore < p.Cap && p.Reward.Earn(null) is { } gift)
                        intents.Add(Intent(CauseKeys.Visit(visit.VisitorKey, p.Id, visit.ReferrerCustomerId), p, visit.ReferrerCustomerId,
                            BeneficiaryRole.Referrer, gift, visit.At));
                    break;
                case (PeriodClosedEvent closed, TopReferrerPolicy p):
                    AddTopReferrers(intents, closed, p);
                    break;
            }
        }

        return intents;
    }

    private static bool Qualifies(FriendPurchaseEvent order, decimal minimumFriendOrder, bool firstOrderOnly) =>
        order.Subtotal >= minimumFriendOrder && (order.IsFriendsFirstOrder || !firstOrderOnly);

    private void AddForOrder(List<RewardIntent> intents, FriendPurchaseEvent order, RewardPolicy policy, RewardDefinition reward, BeneficiaryRole role)
    {
        if (reward.Earn(order.Subtotal) is not { } value)
            return;
        var beneficiary = role == BeneficiaryRole.Referrer ? order.ReferrerCustomerId : order.FriendCustomerId;
        intents.Add(Intent(CauseKeys.FriendOrder(order.OrderId, policy.Id, beneficiary), policy, beneficiary, role, value, order.At) with
        {
            OrderId = order.OrderId,
            OrderAmount = order.PaidTotal > 0m ? order.PaidTotal : order.Subtotal,
            ReturnWindowDays = _program.ReturnWindowDays,
        });
    }

    private static void AddTopReferrers(List<RewardIntent> intents, PeriodClosedEvent closed, TopReferrerPolicy policy)
    {
        if (RewardPeriod.Containing(policy.Period, closed.Period.Start) != closed.Period)
            return;
        var winners = TopReferrerCalculator.Winners(closed.Records, closed.Period, policy.Metric, policy.TieBreak, policy.MinimumScore);
        foreach (var winner in winners)
        {
            if (policy.Prize.Earn(null) is { } prize)
                intents.Add(Intent(CauseKeys.TopReferrer(closed.Period, policy.Id, winner.ReferrerCustomerId), policy,
                    winner.ReferrerCustomerId, BeneficiaryRole.Referrer, prize, closed.At));
        }
    }

    private static RewardIntent Intent(string key, RewardPolicy policy, int beneficiary, BeneficiaryRole role, RewardValue value, DateTimeOffset at) => new()
    {
        CauseKey = key,
        PolicyId = policy.Id,
        BeneficiaryCustomerId = beneficiary,
        Role = role,
        Reward = value,
        EarnedAt = at,
        RequiresManualApproval = policy.RequiresManualApproval,
    };

    private static ValidationResult Validate(ReferralEvent referralEvent, ReferrerCounts counts)
    {
        var problems = new ProblemCollector();
        if (counts.FriendsWhoBoughtBefore < 0)
            problems.Add("counts.friendsWhoBoughtBefore", "must not be negative");
        if (counts.VisitorsBefore < 0)
            problems.Add("counts.visitorsBefore", "must not be negative");

        switch (referralEvent)
        {
            case FriendPurchaseEvent order:
                if (order.OrderId < 1)
                    problems.Add("event.orderId", "must be positive");
                if (order.FriendCustomerId < 1)
                    problems.Add("event.friendCustomerId", "must be positive");
                if (order.ReferrerCustomerId < 1)
                    problems.Add("event.referrerCustomerId", "must be positive");
                else if (order.ReferrerCustomerId == order.FriendCustomerId)
                    problems.Add("event.friendCustomerId", "a customer cannot be their own referrer");
                if (order.Subtotal < 0m)
                    problems.Add("event.subtotal", "must not be negative");
                break;
            case UniqueVisitEvent visit:
                if (visit.ReferrerCustomerId < 1)
                    problems.Add("event.referrerCustomerId", "must be positive");
                if (!CauseKeys.IsSafeSegment(visit.VisitorKey))
                    problems.Add("event.visitorKey", $"must be 1 to {CauseKeys.MaxSegmentLength} characters without ':' or spaces");
                break;
            case PeriodClosedEvent closed:
                if (closed.Period is null)
                    problems.Add("event.period", "is required");
                else if (closed.Period.End <= closed.Period.Start)
                    problems.Add("event.period", "must end after it starts");
                if (closed.Records is null)
                    problems.Add("event.records", "is required");
                else if (closed.Records.Any(r => r is null))
                    problems.Add("event.records", "must not contain null records");
                break;
            default:
                problems.Add("event", $"unknown event type {referralEvent.GetType().Name}");
                break;
        }

        return problems.ToResult();
    }
}
