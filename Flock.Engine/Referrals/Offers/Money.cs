namespace Flock.Engine.Referrals.Offers;

/// <summary>Rounding rules for money shared by offers and rewards.</summary>
public static class Money
{
    /// <summary>Rounds to cents, half away from zero (what a shopper sees on a receipt).</summary>
    public static decimal RoundToCents(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    /// <summary>Rounds down to cents; used when reducing a reward so a reduction never pays more than its share.</summary>
    public static decimal FloorToCents(decimal amount) => Math.Floor(amount * 100m) / 100m;

    /// <summary>True when the amount has no more than two decimals.</summary>
    public static bool HasAtMostCents(decimal amount) => amount == Math.Round(amount, 2);
}
