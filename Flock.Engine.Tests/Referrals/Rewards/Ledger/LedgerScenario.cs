using Flock.Engine.Referrals.Offers;
using Flock.Engine.Referrals.Rewards;
using Flock.Engine.Referrals.Rewards.Ledger;
using FsCheck;
using FsCheck.Fluent;

namespace Flock.Engine.Tests.Referrals.Rewards.Ledger;

/// <summary>One step of a generated history: an intent recorded, an order fact, a clock tick or an admin decision.</summary>
public abstract record LedgerOp(int Hour);

public sealed record RecordOp(int Intent, int Hour) : LedgerOp(Hour);

public sealed record PaidOp(int Order, int Hour) : LedgerOp(Hour);

public sealed record RefundOp(int Order, int Percent, int Hour) : LedgerOp(Hour);

public sealed record CancelOp(int Order, int Hour) : LedgerOp(Hour);

public sealed record TickOp(int Hour) : LedgerOp(Hour);

public sealed record ApproveOp(int Intent, int Hour) : LedgerOp(Hour);

public sealed record RevokeOp(int Intent, int Hour) : LedgerOp(Hour);

/// <summary>Repeats an earlier step (a duplicate delivery); resolved to that step before running.</summary>
public sealed record ReplayOp(int Index, int Hour) : LedgerOp(Hour);

/// <summary>
/// A random delivery of events to a ledger: three friends' orders with rewards of every kind, events in any order,
/// duplicated, with clock jumps past the 14-day return window and admin decisions.
/// </summary>
public sealed record LedgerScenario(IReadOnlyList<LedgerOp> Ops)
{
    public const int ReturnWindowDays = 14;
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.FromHours(3));

    public static readonly decimal[] OrderAmounts = [120.00m, 99.99m, 7.00m];

    /// <summary>Intents 0..5 belong to orders 1..3 (two each); intent 6 is a visitor gift with no order.</summary>
    public static readonly IReadOnlyList<RewardIntent> Intents =
    [
        OrderIntent(1, "points", 10, new PointsReward(37, ActivationDelayDays: 1, ValidDays: 90)),
        OrderIntent(1, "coupon", 20, new CouponReward(DiscountKind.FixedAmount, 7.50m, 30), manual: true),
        OrderIntent(2, "points", 11, new PointsReward(1)),
        OrderIntent(2, "percent", 21, new CouponReward(DiscountKind.Percent, 10m, 30)),
        OrderIntent(3, "points", 12, new PointsReward(500)),
        OrderIntent(3, "gift", 22, new GiftReward("rose", 3)),
        new RewardIntent
        {
            CauseKey = CauseKeys.Visit("v1", "visit", 10), PolicyId = "visit", BeneficiaryCustomerId = 10,
            Role = BeneficiaryRole.Referrer, Reward = new GiftReward("rose"), EarnedAt = Start,
        },
    ];

    public static Arbitrary<LedgerScenario> Arbitrary { get; } = Arb.From(
        Gen.ListOf(OpGen()).Select(ops => Resolve(ops.ToArray())),
        scenario => Enumerable.Range(0, scenario.Ops.Count).Select(i => Resolve(scenario.Ops.Where((_, j) => j != i).ToArray())));

    public static DateTimeOffset At(int hour) => Start.AddHours(hour);

    public static LedgerEvent? ToEvent(LedgerOp op) => op switch
    {
        PaidOp p => new OrderPaid { OrderId = p.Order, At = At(p.Hour) },
        RefundOp r => new OrderRefunded { OrderId = r.Order, RefundedTotal = Money.RoundToCents(OrderAmounts[r.Order - 1] * r.Percent / 100m), At = At(r.Hour) },
        CancelOp c => new OrderCancelled { OrderId = c.Order, Voided = c.Hour % 2 == 0, At = At(c.Hour) },
        TickOp t => new ClockTick { At = At(t.Hour) },
        ApproveOp a => new AdminApproved { CauseKey = Intents[a.Intent].CauseKey, Actor = "admin", Reason = "looks fine", At = At(a.Hour) },
        RevokeOp v => new AdminRevoked { CauseKey = Intents[v.Intent].CauseKey, Actor = "admin", Reason = "fraud", At = At(v.Hour) },
        _ => null,
    };

    /// <summary>Runs every step once; returns every effect produced.</summary>
    public List<RewardEffect> RunOn(RewardLedger ledger, Action<RewardLedger>? afterEachStep = null)
    {
        var effects = new List<RewardEffect>();
        foreach (var op in Ops)
        {
            if (op is RecordOp record)
                effects.AddRange(ledger.Record(Intents[record.Intent] with { EarnedAt = At(record.Hour) }).Effects);
            else
                effects.AddRange(ledger.Apply(ToEvent(op)!).Effects);
            afterEachStep?.Invoke(ledger);
        }

        return effects;
    }

    public override string ToString() => string.Join(Environment.NewLine, Ops);

    private static RewardIntent OrderIntent(int order, string policy, int beneficiary, RewardValue reward, bool manual = false) => new()
    {
        CauseKey = CauseKeys.FriendOrder(order, policy, beneficiary),
        PolicyId = policy,
        BeneficiaryCustomerId = beneficiary,
        Role = beneficiary >= 20 ? BeneficiaryRole.Friend : BeneficiaryRole.Referrer,
        Reward = reward,
        EarnedAt = Start,
        OrderId = order,
        OrderAmount = OrderAmounts[order - 1],
        ReturnWindowDays = ReturnWindowDays,
        RequiresManualApproval = manual,
    };

    private static Gen<LedgerOp> OpGen()
    {
        // Hours span 40 days so ticks land before and after the 14-day window; events arrive in any order.
        var hour = Gen.Choose(0, 40 * 24);
        var order = Gen.Choose(1, OrderAmounts.Length);
        var intent = Gen.Choose(0, Intents.Count - 1);
        return Gen.Frequency(
            (4, intent.SelectMany(i => hour, (i, h) => (LedgerOp)new RecordOp(i, h))),
            (3, order.SelectMany(o => hour, (o, h) => (LedgerOp)new PaidOp(o, h))),
            (2, order.SelectMany(o => Gen.Choose(1, 110), (o, p) => (o, p)).SelectMany(x => hour, (x, h) => (LedgerOp)new RefundOp(x.o, Math.Min(x.p, 100), h))),
            (1, order.SelectMany(o => hour, (o, h) => (LedgerOp)new CancelOp(o, h))),
            (4, hour.Select(h => (LedgerOp)new TickOp(h))),
            (1, intent.SelectMany(i => hour, (i, h) => (LedgerOp)new ApproveOp(i, h))),
            (1, intent.SelectMany(i => hour, (i, h) => (LedgerOp)new RevokeOp(i, h))),
            (2, Gen.Choose(0, 1000).SelectMany(i => hour, (i, h) => (LedgerOp)new ReplayOp(i, h))));
    }

    /// <summary>Turns duplicates into the step they repeat and drops admin decisions on rewards not yet recorded (an admin acts on rows they see).</summary>
    private static LedgerScenario Resolve(LedgerOp[] generated)
    {
        var ops = new List<LedgerOp>();
        var recorded = new HashSet<int>();
        foreach (var op in generated)
        {
            var concrete = op is ReplayOp replay ? ops.Count == 0 ? null : ops[replay.Index % ops.Count] : op;
            switch (concrete)
            {
                case null:
                case ApproveOp a when !recorded.Contains(a.Intent):
                case RevokeOp r when !recorded.Contains(r.Intent):
                    continue;
                case RecordOp record:
                    recorded.Add(record.Intent);
                    break;
            }

            ops.Add(concrete);
        }

        return new LedgerScenario(ops);
    }
}
