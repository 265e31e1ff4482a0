using Flock.Engine.Common;
using Flock.Engine.Referrals.Offers;

namespace Flock.Engine.Referrals.Rewards;

/// <summary>A configured reward ("10 % off the next order", "200 points", "one rose"); <see cref="Earn"/> makes it concrete.</summary>
public abstract record RewardDefinition
{
    /// <summary>True when the reward depends on the friend's order subtotal (only friend-purchase policies may use it).</summary>
    public virtual bool NeedsFriendOrder => false;

    /// <summary>
    /// The concrete reward for one cause; <paramref name="friendOrderSubtotal"/> is the friend's order subtotal
    /// when the cause is a friend's order. Null when nothing is earned (e.g. a percentage of a tiny order rounds to 0 points).
    /// </summary>
    public abstract RewardValue? Earn(decimal? friendOrderSubtotal);

    internal abstract void Validate(ProblemCollector problems, string path);
}

/// <summary>A single-use coupon for the beneficiary's next order: percent or fixed amount, valid <see cref="ValidDays"/> days.</summary>
public sealed record CouponRewardDefinition : RewardDefinition
{
    public DiscountKind Kind { get; init; } = DiscountKind.Percent;
    public decimal Value { get; init; } = 10m;
    public int ValidDays { get; init; } = 30;
    public decimal MinimumSubtotal { get; init; }
    public decimal? MaximumDiscount { get; init; }

    public override RewardValue Earn(decimal? friendOrderSubtotal) =>
        new CouponReward(Kind, Value, ValidDays, MinimumSubtotal, MaximumDiscount);

    internal override void Validate(ProblemCollector problems, string path)
    {
        new CouponReward(Kind, Value, 1, MinimumSubtotal, MaximumDiscount).AsOffer().Validate(problems, path);
        if (ValidDays is < 1 or > FriendOffer.MaxValidDays)
            problems.Add(ProblemCollector.Join(path, "validDays"), $"must be between 1 and {FriendOffer.MaxValidDays}");
    }
}

/// <summary>How a points reward is sized.</summary>
public enum PointsBasis
{
    /// <summary><see cref="PointsRewardDefinition.Value"/> points.</summary>
    Fixed,
    /// <summary><see cref="PointsRewardDefinition.Value"/> percent of the friend's order subtotal, one point per currency unit, rounded down.</summary>
    PercentOfFriendOrder,
}

/// <summary>Reward points (feature R6d), granted through nopCommerce's reward-point service with activation and end dates.</summary>
public sealed record PointsRewardDefinition : RewardDefinition
{
    public PointsBasis Basis { get; init; } = PointsBasis.Fixed;
    public decimal Value { get; init; } = 100m;
    /// <summary>Days between the grant and the points becoming usable (nopCommerce "activating date").</summary>
    public int ActivationDelayDays { get; init; }
    /// <summary>Days the points stay usable after activation; null: they do not expire.</summary>
    public int? ValidDays { get; init; }

    public override bool NeedsFriendOrder => Basis == PointsBasis.PercentOfFriendOrder;

    public override RewardValue? Earn(decimal? friendOrderSubtotal)
    {
        var points = Basis switch
        {
            PointsBasis.Fixed => (int)Value,
            _ => (int)Math.Floor((friendOrderSubtotal ?? 0m) * Value / 100m),
        };
        return points > 0 ? new PointsReward(points, ActivationDelayDays, ValidDays) : null;
    }

    internal override void Validate(ProblemCollector problems, string path)
    {
        var value = ProblemCollector.Join(path, "value");
        switch (Basis)
        {
            case PointsBasis.Fixed when Value < 1m || Value != Math.Floor(Value) || Value > int.MaxValue:
                problems.Add(value, "points must be a positive whole number");
                break;
            case PointsBasis.PercentOfFriendOrder when Value <= 0m || Value > 100m:
                problems.Add(value, "percent must be between 0 and 100");
                break;
            case not (PointsBasis.Fixed or PointsBasis.PercentOfFriendOrder):
                problems.Add(ProblemCollector.Join(path, "basis"), $"unknown points basis {(int)Basis}");
                break;
        }

        if (ActivationDelayDays is < 0 or > FriendOffer.MaxValidDays)
            problems.Add(ProblemCollector.Join(path, "activationDelayDays"), $"must be between 0 and {FriendOffer.MaxValidDays}");
        if (ValidDays is < 1 or > FriendOffer.MaxValidDays)
            problems.Add(ProblemCollector.Join(path, "validDays"), $"must be between 1 and {FriendOffer.MaxValidDays}");
    }
}

/// <summary>A gift the store hands out ("one rose"), optionally a catalogue product.</summary>
public sealed record GiftRewardDefinition : RewardDefinition
{
    public string Gift { get; init; } = "";
    public int Quantity { get; init; } = 1;
    public int? ProductId { get; init; }

    public override RewardValue Earn(decimal? friendOrderSubtotal) => new GiftReward(Gift, Quantity, ProductId);

    internal override void Validate(ProblemCollector problems, string path)
    {
        if (string.IsNullOrWhiteSpace(Gift))
            problems.Add(ProblemCollector.Join(path, "gift"), "is required");
        if (Quantity < 1)
            problems.Add(ProblemCollector.Join(path, "quantity"), "must be at least 1");
        if (ProductId is < 1)
            problems.Add(ProblemCollector.Join(path, "productId"), "must be positive");
    }
}
