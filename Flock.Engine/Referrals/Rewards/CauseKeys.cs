using System.Globalization;

namespace Flock.Engine.Referrals.Rewards;

/// <summary>
/// Builds the stable keys that make grants idempotent: one reward per cause, policy and beneficiary.
/// The plugin stores them in a unique column, so a replayed event can never grant twice.
/// </summary>
public static class CauseKeys
{
    /// <summary>Longest policy id or visitor key accepted inside a cause key.</summary>
    public const int MaxSegmentLength = 64;

    /// <summary><c>friend-order:{orderId}:policy:{policyId}:beneficiary:{customerId}</c></summary>
    public static string FriendOrder(int orderId, string policyId, int beneficiaryCustomerId) =>
        Build($"friend-order:{orderId.ToString(CultureInfo.InvariantCulture)}", policyId, beneficiaryCustomerId);

    /// <summary><c>visit:{visitorKey}:policy:{policyId}:beneficiary:{referrerId}</c></summary>
    public static string Visit(string visitorKey, string policyId, int beneficiaryCustomerId) =>
        Build($"visit:{visitorKey}", policyId, beneficiaryCustomerId);

    /// <summary><c>top-referrer:{period}:policy:{policyId}:beneficiary:{customerId}</c></summary>
    public static string TopReferrer(RewardPeriod period, string policyId, int beneficiaryCustomerId) =>
        Build($"top-referrer:{period.Key}", policyId, beneficiaryCustomerId);

    /// <summary>True when <paramref name="segment"/> can sit inside a key without making it ambiguous.</summary>
    public static bool IsSafeSegment(string? segment) =>
        !string.IsNullOrEmpty(segment) && segment.Length <= MaxSegmentLength && !segment.Any(c => c == ':' || char.IsWhiteSpace(c) || char.IsControl(c));

    private static string Build(string cause, string policyId, int beneficiaryCustomerId) =>
        $"{cause}:policy:{policyId}:beneficiary:{beneficiaryCustomerId.ToString(CultureInfo.InvariantCulture)}";
}
