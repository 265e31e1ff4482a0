using Flock.Engine.Referrals.Offers;
using Flock.Engine.Referrals.Rewards;
using Flock.Engine.Referrals.Rewards.Ledger;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Flock.Engine.Tests.Referrals.Rewards.Ledger;

public class RewardEntryJsonTests
{
    private static readonly DateTimeOffset At = new(2026, 4, 15, 10, 0, 0, TimeSpan.FromHours(3));

    private static RewardEntry Entry(RewardValue value) => RewardEntry.FromIntent(new RewardIntent
    {
        CauseKey = "friend-order:501:policy:p1:beneficiary:7",
        PolicyId = "p1",
        BeneficiaryCustomerId = 7,
        Role = BeneficiaryRole.Referrer,
        Reward = value,
        EarnedAt = At,
        OrderId = 501,
        OrderAmount = 2000m,
        ReturnWindowDays = 14,
    }, At);

    [Theory]
    [MemberData(nameof(Values))]
    public void Round_trips_every_reward_kind(RewardValue value)
    {
        var entry = Entry(value);
        Assert.Equal(entry, RewardEntryJson.Read(RewardEntryJson.Write(entry)));
    }

    public static TheoryData<RewardValue> Values() => new()
    {
        new CouponReward(DiscountKind.Percent, 10m, 30),
        new CouponReward(DiscountKind.FixedAmount, 250.50m, 60, 1000m, 300m),
        new PointsReward(100, 2, 365),
        new PointsReward(5),
        new GiftReward("rose", 2, 42),
    };

    [Fact]
    public void Round_trips_history_after_transitions()
    {
        var entry = Entry(new CouponReward(DiscountKind.Percent, 10m, 30));
        entry = RewardTransitions.Apply(entry, new OrderPaid { OrderId = 501, At = At.AddHours(1) }, At.AddHours(1)).Entry;
        entry = RewardTransitions.Settle(entry, At.AddDays(20)).Entry;
        entry = RewardTransitions.Apply(entry, new OrderRefunded { OrderId = 501, RefundedTotal = 500m, At = At.AddDays(21) }, At.AddDays(21)).Entry;

        var read = RewardEntryJson.Read(RewardEntryJson.Write(entry));

        Assert.Equal(entry, read);
        Assert.True(read.History.Count >= 3);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("{\"v\":2,\"causeKey\":\"x\"}")]
    [InlineData("not json")]
    public void Rejects_what_is_not_an_entry(string json) =>
        Assert.Throws<FormatException>(() => RewardEntryJson.Read(json));

    [Property(MaxTest = 200)]
    public Property Every_ledger_entry_round_trips() => Prop.ForAll(LedgerScenario.Arbitrary, scenario =>
    {
        var ledger = new RewardLedger();
        scenario.RunOn(ledger);
        return ledger.Entries.All(e => RewardEntryJson.Read(RewardEntryJson.Write(e)).Equals(e));
    });
}
