using Flock.Engine.Referrals.Rewards;

namespace Flock.Engine.Tests.Referrals.Rewards;

internal static class RewardFixtures
{
    public static readonly DateTimeOffset Now = new(2026, 4, 15, 10, 0, 0, TimeSpan.FromHours(3));

    public static FriendPurchaseEvent FriendOrder(int orderId = 501, decimal subtotal = 2000m, bool first = true,
        FriendOrderStage stage = FriendOrderStage.Placed, int friend = 77, int referrer = 7) => new()
    {
        OrderId = orderId,
        FriendCustomerId = friend,
        ReferrerCustomerId = referrer,
        Subtotal = subtotal,
        IsFriendsFirstOrder = first,
        Stage = stage,
        At = Now,
    };

    public static RewardPolicyEvaluator Evaluator(params RewardPolicy[] policies) =>
        new(new RewardProgram { Policies = policies, ReturnWindowDays = 14 });
}
